import type { FastifyBaseLogger } from 'fastify';
import type { HttpServer } from '../../../http.ts';
import type { ExamDomainDeps } from '../index.ts';
import { type AttemptService, createAttemptService } from './attempt.service.ts';
import { readDeliverySettings } from './delivery.config.ts';
import { registerDeliveryRoutes } from './delivery.routes.ts';
import { createGradingService } from './grading.service.ts';
import { createResultService } from './result.service.ts';
import { registerStatisticsRoutes } from './statistics.routes.ts';
import { createStatisticsService } from './statistics.service.ts';

export { type AttemptService, createAttemptService, effectiveDeadline } from './attempt.service.ts';
export { computeComposite, resolveDoubleMarking } from './composite.ts';
export { DELIVERY_ENV, type DeliverySettings, readDeliverySettings } from './delivery.config.ts';
export * from './delivery.errors.ts';
export { createGradingService, type GradingService } from './grading.service.ts';
export { createResultService, holderCommitment, type ResultService } from './result.service.ts';
export { normalizeBlank, scoreItem } from './scoring.ts';
export { createStatisticsService, type StatisticsService } from './statistics.service.ts';

/**
 * Submits expired attempts every `intervalMs` (a chain of unref'd timeouts like the ledger's
 * checkpoint timer: never overlapping, never keeping the process alive). Safe with several
 * processes: each batch takes its rows with FOR UPDATE SKIP LOCKED.
 */
export function startDeadlineSweeper(
  attempts: AttemptService,
  intervalMs: number,
  log: FastifyBaseLogger,
): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = attempts
        .sweep()
        .then(
          (n) => {
            if (n > 0) log.info({ submitted: n }, 'exam deadline sweeper submitted expired attempts');
          },
          (error: unknown) => log.error({ err: error }, 'exam deadline sweeper failed'),
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

/** Attempts, autosave, deadlines, invigilation, grading and results (docs/exam-delivery.md). */
export async function registerExamDelivery(app: HttpServer, deps: ExamDomainDeps): Promise<void> {
  const settings = readDeliverySettings();
  const attempts = createAttemptService({ db: deps.db, audit: deps.audit, clock: deps.clock, settings });
  const grading = createGradingService({ db: deps.db, audit: deps.audit, clock: deps.clock, settings });
  const results = createResultService({
    db: deps.db,
    audit: deps.audit,
    cipher: deps.cipher,
    clock: deps.clock,
    settings,
    grading,
  });
  registerDeliveryRoutes(app, attempts, grading, results);
  registerStatisticsRoutes(app, createStatisticsService({ db: deps.db }));
  if (settings.sweepIntervalMs > 0) {
    const sweeper = startDeadlineSweeper(attempts, settings.sweepIntervalMs, app.log);
    app.addHook('onClose', () => sweeper.stop());
  }
}
