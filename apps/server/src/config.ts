import path from 'node:path';

/** Every setting of the server, read once from the environment (DESIGN §2 config.ts). */
export interface AppConfig {
  port: number;
  host: string;
  /** Absolute path; embedded database, keys and blobs live here. */
  dataDir: string;
  /** PostgreSQL connection string; undefined → embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  logLevel: LogLevel;
  nodeEnv: NodeEnv;
  /** Directory of the built web app (served on `/`). */
  webDistDir: string;
  /** DESIGN §6 security baseline (等保 level 3); each overridable by env. */
  security: {
    sessionIdleMinutes: number;
    sessionAbsoluteHours: number;
    maxFailedLogins: number;
    lockoutMinutes: number;
    /** Session cookie only over HTTPS (default: on in production). */
    cookieSecure: boolean;
  };
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`配置错误（configuration error）：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const DEFAULT_WEB_DIST = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../web/dist');

type Env = Record<string, string | undefined>;

/** Reads and validates the configuration; throws one `ConfigError` naming every bad variable. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): AppConfig {
  const problems: string[] = [];
  const value = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };

  const portRaw = value('PORT') ?? '3000';
  const port = Number(portRaw);
  if (!/^\d+$/.test(portRaw) || !Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT=${portRaw}：端口必须是 0–65535 之间的整数 (PORT must be an integer 0–65535)`);
  }

  const host = value('HOST') ?? '127.0.0.1';

  const dataDir = path.resolve(cwd, value('DATA_DIR') ?? './data');

  const databaseUrl = value('DATABASE_URL');
  if (databaseUrl !== undefined) {
    let ok = false;
    try {
      const u = new URL(databaseUrl);
      ok = u.protocol === 'postgres:' || u.protocol === 'postgresql:';
    } catch {
      ok = false;
    }
    if (!ok) {
      problems.push(
        'DATABASE_URL：必须是 postgres:// 或 postgresql:// 开头的连接串，不设置则使用内嵌数据库 ' +
          '(DATABASE_URL must be a postgres:// URL, or unset for the embedded database)',
      );
    }
  }

  const nodeEnvRaw = value('NODE_ENV') ?? 'development';
  if (!(NODE_ENVS as readonly string[]).includes(nodeEnvRaw)) {
    problems.push(`NODE_ENV=${nodeEnvRaw}：可选值为 ${NODE_ENVS.join(' / ')}`);
  }
  const nodeEnv = nodeEnvRaw as NodeEnv;

  const logLevelRaw = value('LOG_LEVEL') ?? (nodeEnv === 'test' ? 'silent' : 'info');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevelRaw)) {
    problems.push(`LOG_LEVEL=${logLevelRaw}：可选值为 ${LOG_LEVELS.join(' / ')}`);
  }

  const webDistDir = path.resolve(cwd, value('WEB_DIST_DIR') ?? DEFAULT_WEB_DIST);

  const positiveInt = (name: string, fallback: number, max: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < 1 || n > max) {
      problems.push(`${name}=${raw}：必须是 1–${max} 之间的整数`);
      return fallback;
    }
    return n;
  };
  const security = {
    sessionIdleMinutes: positiveInt('SESSION_IDLE_MINUTES', 30, 24 * 60),
    sessionAbsoluteHours: positiveInt('SESSION_ABSOLUTE_HOURS', 12, 24 * 30),
    maxFailedLogins: positiveInt('LOGIN_MAX_FAILURES', 5, 100),
    lockoutMinutes: positiveInt('LOGIN_LOCKOUT_MINUTES', 15, 24 * 60),
    cookieSecure: (value('COOKIE_SECURE') ?? (nodeEnvRaw === 'production' ? 'true' : 'false')) === 'true',
  };

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    logLevel: logLevelRaw as LogLevel,
    nodeEnv,
    webDistDir,
    security,
  };
}
