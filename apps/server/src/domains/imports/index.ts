import type { FieldCipher } from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import type { Kysely } from 'kysely';
import { type AppConfig, ConfigError } from '../../config.ts';
import type { HttpServer } from '../../http.ts';
import { createJobRunner, type JobRunner, loadJobSettings } from '../../jobs/index.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { RegistryDomain } from '../registry/index.ts';
import { registerImportRoutes } from './imports.routes.ts';
import { createImportsService, type ImportsService } from './imports.service.ts';

export { IMPORT_COLUMNS, type ImportColumn, mapHeader, STAFF_COLUMNS } from './imports.columns.ts';
export { ImportFileError } from './imports.errors.ts';
export { createRowValidator, type ImportScope, shanghaiToday } from './imports.rows.ts';
export {
  IMPORT_BATCH_ROWS,
  IMPORT_JOB,
  type ImportCounts,
  type ImportsService,
  type RunOptions,
} from './imports.service.ts';
export { readRows, type SourceFormat, type SourceRow } from './imports.source.ts';
export { csvTemplate, xlsxTemplate } from './imports.templates.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Bulk imports (CLI `anzheng import` runs them in-process through this). */
    imports: ImportsService;
    /** The background-job queue (tests and the CLI call `jobs.runPending()`). */
    jobs: JobRunner;
  }
}

export interface ImportsDomainDeps {
  db: Kysely<Database>;
  audit: AuditService;
  cipher: FieldCipher;
  config: AppConfig;
  clock: () => Date;
  registry: RegistryDomain;
}

export interface ImportSettings {
  /** ANZHENG_IMPORT_MAX_BYTES (default 50 MB). */
  maxBytes: number;
}

export const DEFAULT_IMPORT_MAX_BYTES = 50 * 1024 * 1024;

/** Import settings from the environment; throws ConfigError naming a bad value. */
export function loadImportSettings(env: Record<string, string | undefined> = process.env): ImportSettings {
  const raw = env.ANZHENG_IMPORT_MAX_BYTES?.trim();
  if (!raw) return { maxBytes: DEFAULT_IMPORT_MAX_BYTES };
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 4 * 1024 * 1024 * 1024) {
    throw new ConfigError([`ANZHENG_IMPORT_MAX_BYTES=${raw}：必须是 1–4294967296 之间的整数（字节）`]);
  }
  return { maxBytes: n };
}

/**
 * Bulk import of persons, enterprises, work and training records (docs/imports.md): the
 * upload is stored under DATA_DIR/imports and processed by a background job. Until app.ts
 * owns a process-wide job runner, this domain creates it (and starts its poller; stopped
 * when the app closes).
 */
export async function registerImportsDomain(app: HttpServer, deps: ImportsDomainDeps): Promise<void> {
  const settings = loadImportSettings();
  const jobSettings = loadJobSettings();
  const jobs = createJobRunner({
    db: deps.db,
    log: app.log,
    pollMs: jobSettings.pollMs,
    staleSeconds: jobSettings.staleSeconds,
  });
  const imports = createImportsService({
    db: deps.db,
    audit: deps.audit,
    cipher: deps.cipher,
    clock: deps.clock,
    dataDir: deps.config.dataDir,
    jobs,
  });
  registerImportRoutes(app, imports, settings);
  app.decorate('imports', imports);
  app.decorate('jobs', jobs);
  app.addHook('onReady', async () => jobs.start());
  // preClose: before the database (closed in an onClose hook) goes away.
  app.addHook('preClose', async () => jobs.stop());
}
