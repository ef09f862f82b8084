import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { type DataDirLock, lockDataDir } from './lock.ts';
import { SerializedPGliteDialect } from './pglite-dialect.ts';
import type { Database } from './types.ts';

export type DatabaseKind = 'pglite' | 'postgresql';

export interface DatabaseHandle {
  readonly kind: DatabaseKind;
  readonly db: Kysely<Database>;
  /** Present on the embedded default (test-kit dumps it to clone databases). */
  readonly pglite: PGlite | undefined;
  /** Resolves when the database answers a trivial query within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Embedded data lives in `<dataDir>/pglite`; absent → in-memory (tests). */
  dataDir?: string | undefined;
  /** Start the embedded database from a dump (test-kit's migrated template). */
  loadDataDir?: Blob | undefined;
  /** PostgreSQL pool size. */
  poolSize?: number;
  applicationName?: string;
}

/** Identical value conventions on both drivers (see types.ts). */
const DATE_OID = 1082;
const INT8_OID = 20;

function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${value} exceeds Number.MAX_SAFE_INTEGER`);
  return n;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPGlite(options);
}

async function openPGlite(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  let lock: DataDirLock | undefined;
  if (options.dataDir) lock = lockDataDir(options.dataDir);
  try {
    const pglite = await PGlite.create({
      ...(options.dataDir ? { dataDir: path.join(options.dataDir, 'pglite') } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers: {
        [pgliteTypes.DATE]: (value: string) => value,
        [pgliteTypes.INT8]: parseInt8,
      },
    });
    const db = new Kysely<Database>({ dialect: new SerializedPGliteDialect({ pglite }) });
    return {
      kind: 'pglite',
      db,
      pglite,
      ping: (timeoutMs) => ping(db, timeoutMs),
      async close() {
        await db.destroy();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

async function openPostgres(databaseUrl: string, options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 20,
    application_name: options.applicationName ?? 'anzheng',
    connectionTimeoutMillis: 5_000,
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        if (oid === DATE_OID) return (value: string) => value;
        if (oid === INT8_OID) return parseInt8;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgresql',
    db,
    pglite: undefined,
    ping: (timeoutMs) => ping(db, timeoutMs),
    close: () => db.destroy(),
  };
}

async function ping(db: Kysely<Database>, timeoutMs = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`数据库在 ${timeoutMs} ms 内没有响应`)), timeoutMs);
  });
  try {
    await Promise.race([sql`select 1`.execute(db), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db` for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(无法解析的连接串)';
  }
}
