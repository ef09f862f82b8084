import {
  type DatabaseHandle,
  migrateToLatest,
  openDatabase,
  pendingMigrations,
  redactDatabaseUrl,
} from '@anzheng/db';
import { type App, buildApp } from './app.ts';
import type { AppConfig } from './config.ts';
import { type DemoSeedResult, isDatabaseEmpty, seedDemo } from './demo/seed-demo.ts';
import { syncEligibilityRules } from './domains/application/index.ts';
import { syncReferenceData } from './domains/reference/index.ts';
import { VERSION } from './version.ts';

export class StartupError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'StartupError';
  }
}

export interface StartOptions {
  /** Seed demo data when the database has never been seeded (`npm start`). */
  seedDemoIfEmpty?: boolean;
  /** Install SIGINT/SIGTERM handlers (off in tests that start a server in-process). */
  handleSignals?: boolean;
}

/**
 * Opens the database, migrates (embedded) or checks migrations (PostgreSQL), optionally
 * seeds demo data, builds the app and listens. Every foreseeable failure becomes a
 * `StartupError` with a one-paragraph Chinese explanation — never a stack trace.
 */
export async function startServer(config: AppConfig, options: StartOptions = {}): Promise<App> {
  const database = await openConfiguredDatabase(config);
  let app: App | undefined;
  try {
    await prepareDatabase(database, config);
    app = await buildApp(config, { database, closeDatabase: true });
    let seeded: DemoSeedResult | undefined;
    if (options.seedDemoIfEmpty && (await isDatabaseEmpty(database))) {
      seeded = await seedDemo(app, config);
    }
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new StartupError(
        code === 'EADDRINUSE'
          ? `端口 ${config.port} 已被占用：请停止占用它的进程，或用 PORT 指定其他端口`
          : `无法在 ${config.host}:${config.port} 上监听：${(error as Error).message}`,
        error,
      );
    }
    printBanner(app, config, database, seeded);
    if (options.handleSignals !== false) installShutdown(app);
    return app;
  } catch (error) {
    if (app) await app.close().catch(() => {});
    else await database.close().catch(() => {});
    throw error;
  }
}

export async function openConfiguredDatabase(config: AppConfig): Promise<DatabaseHandle> {
  try {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await database.ping(5_000);
    } catch (error) {
      await database.close().catch(() => {});
      throw error;
    }
    return database;
  } catch (error) {
    if (error instanceof Error && error.name === 'DataDirLockedError')
      throw new StartupError(error.message, error);
    const where = config.databaseUrl
      ? `PostgreSQL（${redactDatabaseUrl(config.databaseUrl)}）`
      : `内嵌数据库（${config.dataDir}）`;
    throw new StartupError(`无法连接${where}：${describe(error)}`, error);
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${error.message || code}（${code}）` : error.message;
  }
  return String(error);
}

/**
 * Brings the database to what this version expects: migrations (applied on the embedded
 * default, required to be applied already on PostgreSQL), then the reference data from
 * the packaged sources (divisions, industries, certificate types, rule parameters) and the
 * default eligibility rules — a no-op when already stored.
 */
export async function prepareDatabase(database: DatabaseHandle, config: AppConfig): Promise<void> {
  await assertSchemaCurrent(database, config);
  await syncReferenceData(database.db);
  await syncEligibilityRules(database.db);
}

async function assertSchemaCurrent(database: DatabaseHandle, config: AppConfig): Promise<void> {
  if (database.kind === 'pglite') {
    await migrateToLatest(database.db);
    return;
  }
  const pending = await pendingMigrations(database.db);
  if (pending.length > 0) {
    throw new StartupError(
      `PostgreSQL 数据库有 ${pending.length} 个迁移尚未执行：${pending.join(', ')}。` +
        `请先运行 \`npx anzheng migrate\`（DATABASE_URL=${redactDatabaseUrl(config.databaseUrl ?? '')}）`,
    );
  }
}

function printBanner(
  app: App,
  config: AppConfig,
  database: DatabaseHandle,
  seeded: DemoSeedResult | undefined,
) {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  const lines = [
    '',
    `  安证 anzheng ${VERSION} 已启动`,
    `  地址        ${url}`,
    `  接口文档    ${url}/api/docs`,
    `  数据库      ${database.kind === 'pglite' ? `PGlite（内嵌，${config.dataDir}）` : 'PostgreSQL'}`,
  ];
  if (seeded && seeded.accounts.length > 0) lines.push('', ...demoAccountLines(seeded));
  lines.push('');
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The demo logins, for the start-up banner and `anzheng seed --demo`. */
export function demoAccountLines(seeded: DemoSeedResult): string[] {
  return [
    `  演示账号（密码 ${seeded.password}；标 * 的账号需动态口令，TOTP 密钥 ${seeded.totpSecret}）：`,
    ...seeded.accounts.map(
      (a) => `    ${a.username.padEnd(20)}${a.totp ? '*' : ' '} ${a.role.padEnd(10, '　')} ${a.scope}`,
    ),
  ];
}

/**
 * SIGINT/SIGTERM: stop accepting, let in-flight requests finish, close the database.
 * A second signal exits at once.
 */
function installShutdown(app: App): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      process.stderr.write(`再次收到 ${signal}，立即退出\n`);
      process.exit(130);
    }
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** `node --import tsx apps/server/src/main.ts` runs the server directly (the CLI's `serve` is the usual way). */
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { loadConfig, ConfigError } = await import('./config.ts');
  try {
    await startServer(loadConfig(), { seedDemoIfEmpty: false });
  } catch (error) {
    const known = error instanceof ConfigError || error instanceof StartupError;
    process.stderr.write(`${known ? (error as Error).message : String((error as Error).stack ?? error)}\n`);
    process.exit(1);
  }
}
