import type { Database } from '@anzheng/db';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../config.ts';
import type { HttpServer } from '../../http.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { loadLogKey, readLedgerSettings } from './ledger.config.ts';
import { registerLedgerRoutes } from './ledger.routes.ts';
import { createLedgerService, type LedgerService } from './ledger.service.ts';

export { parseVerifierKey } from '@anzheng/ledger';
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_CHECKPOINT_INTERVAL_MS,
  DEFAULT_ORIGIN,
  ENV as LEDGER_ENV,
  type LedgerSettings,
  type LoadedLogKey,
  loadLogKey,
  readLedgerSettings,
} from './ledger.config.ts';
export * from './ledger.errors.ts';
export { databaseHashReader } from './ledger.repository.ts';
export {
  appendEntry,
  type ConsistencyProof,
  createLedgerService,
  encodeLedgerEntry,
  type InclusionProof,
  type LedgerCheckpoint,
  type LedgerEntryInput,
  type LedgerService,
  readLatestCheckpoint,
  type SequenceResult,
} from './ledger.service.ts';
export { type LedgerVerifyResult, verifyLedger } from './ledger.verify.ts';

export interface LedgerDomainDeps {
  db: Kysely<Database>;
  audit: AuditService;
  config: AppConfig;
  clock: () => Date;
}

/**
 * Runs `sequenceAndCheckpoint` every `intervalMs`: a chain of unref'd timeouts, so a run never
 * overlaps the previous one and the timer never keeps the process (or a test) alive.
 */
export function startCheckpointTimer(
  ledger: LedgerService,
  intervalMs: number,
  log: FastifyBaseLogger,
): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = ledger
        .sequenceAndCheckpoint()
        .then(
          (r) => {
            if (r.integrated > 0) log.debug({ integrated: r.integrated, size: r.size }, 'log checkpoint');
          },
          (error: unknown) => log.error({ err: error }, 'transparency log sequencer failed'),
        )
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * Transparency log (DESIGN §4, docs/transparency-log.md): loads the checkpoint key, integrates
 * what is pending and makes sure a checkpoint signed by this key exists, registers the public
 * tile API, and starts the sequencer/checkpoint timer (stopped when the app closes).
 */
export async function registerLedgerDomain(app: HttpServer, deps: LedgerDomainDeps): Promise<LedgerService> {
  const settings = readLedgerSettings();
  const key = loadLogKey({ dataDir: deps.config.dataDir, origin: settings.origin });
  if (key.createdFile) app.log.info({ file: key.createdFile }, 'created the transparency log signing key');
  const ledger = createLedgerService({
    db: deps.db,
    origin: settings.origin,
    signer: key.signer,
    verifierKey: key.verifierKey,
    batchSize: settings.batchSize,
  });

  try {
    await ledger.sequence();
    const latest = await ledger.latestCheckpoint();
    // A new key or origin re-signs the current tree at once, so the served checkpoint verifies
    // with the key this process publishes.
    await ledger.signCheckpoint({ force: latest !== undefined && !ledger.isOwnCheckpoint(latest) });
  } catch (error) {
    // A database that is down at start must not keep the server (and its health check) down;
    // the timer retries.
    app.log.error({ err: error }, 'transparency log: first checkpoint failed');
  }

  registerLedgerRoutes(app, ledger);
  if (settings.checkpointIntervalMs > 0) {
    const timer = startCheckpointTimer(ledger, settings.checkpointIntervalMs, app.log);
    app.addHook('onClose', () => timer.stop());
  }
  return ledger;
}
