import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Database, JsonValue } from '@anzheng/db';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import * as repo from './job.repository.ts';

/**
 * The background-work queue (DESIGN §7): a transactional `job` table claimed with
 * `FOR UPDATE SKIP LOCKED`, so any number of server processes share it. Each process runs
 * one job at a time; a poller looks for due work every `pollMs`; a job whose process died
 * (lock older than `staleSeconds`, no heartbeat) is claimed again, up to `max_attempts`.
 *
 * Why not pg-boss: it needs its own connection semantics that the embedded PGlite (one
 * shared connection) does not give, and the queue here is small enough to own.
 */

export interface JobInfo {
  id: number;
  kind: string;
  payload: JsonValue;
  attempts: number;
  maxAttempts: number;
}

export interface JobContext {
  job: JobInfo;
  /** Aborted when the process shuts down: stop at the next safe point and throw `signal.reason`. */
  signal: AbortSignal;
  /**
   * Keeps the lock fresh and records progress; throws JobLostError when another worker took
   * the job. Inside a transaction pass it as `db` (on PGlite another query would wait for it).
   */
  heartbeat(progress?: JsonValue, db?: Kysely<Database>): Promise<void>;
}

export interface JobHandler {
  /** Does the work; the returned value is stored as the job's result. */
  run(ctx: JobContext): Promise<JsonValue | null | undefined>;
  /** Called once when the job is given up (attempts exhausted), e.g. to mark a record failed. */
  onGiveUp?(job: JobInfo, error: string): Promise<void>;
}

export interface JobRunnerOptions {
  db: Kysely<Database>;
  log?: FastifyBaseLogger | undefined;
  /** Poll interval; 0 disables the poller (work runs only through `runPending`). */
  pollMs: number;
  /** A running job whose lock is older than this is taken over (its process died). */
  staleSeconds: number;
}

export interface JobRunner {
  readonly workerId: string;
  register(kind: string, handler: JobHandler): void;
  /** Adds a job inside the caller's transaction (so it exists only if the business change commits). */
  enqueue(trx: Kysely<Database>, job: repo.NewJob): Promise<number>;
  /**
   * Runs due jobs until none is left; resolves when they are done. Calls are chained with
   * the poller, so a test or the CLI awaiting it sees every job queued before it finished.
   */
  runPending(): Promise<number>;
  start(): void;
  /** Stops polling, aborts the running job (it goes back to the queue) and waits for it. */
  stop(): Promise<void>;
}

export class JobLostError extends Error {
  constructor(id: number) {
    super(`job ${id} was taken over by another worker`);
    this.name = 'JobLostError';
  }
}

export class JobAbortedError extends Error {
  constructor() {
    super('job aborted: the process is shutting down');
    this.name = 'JobAbortedError';
  }
}

/** Seconds before the n-th retry: 10 s, 40 s, 90 s, … (capped at 10 minutes). */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(600, 10 * attempts * attempts);
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, log } = options;
  const workerId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const handlers = new Map<string, JobHandler>();
  let chain: Promise<number> = Promise.resolve(0);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const abort = new AbortController();

  async function runOne(row: repo.JobRow): Promise<void> {
    const handler = handlers.get(row.kind)!;
    const info: JobInfo = {
      id: row.id,
      kind: row.kind,
      payload: row.payload,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
    };
    if (row.attempts > row.max_attempts) {
      // Claimed again after its process died once too often.
      const error = row.error ?? '任务多次中断（进程退出），已放弃';
      await repo.failJob(db, row.id, workerId, error);
      await handler.onGiveUp?.(info, error);
      return;
    }
    const ctx: JobContext = {
      job: info,
      signal: abort.signal,
      async heartbeat(progress, target) {
        if (!(await repo.heartbeat(target ?? db, row.id, workerId, progress))) throw new JobLostError(row.id);
      },
    };
    try {
      const result = await handler.run(ctx);
      if (!(await repo.completeJob(db, row.id, workerId, result ?? null))) {
        log?.warn({ jobId: row.id }, 'job finished after another worker took it over');
      }
    } catch (error) {
      if (error instanceof JobLostError) {
        log?.warn({ jobId: row.id }, error.message);
        return;
      }
      if (abort.signal.aborted) {
        await repo.requeueJob(db, row.id, workerId, { error: null, delaySeconds: 0, refund: true });
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      log?.error({ err: error, jobId: row.id, kind: row.kind }, 'job failed');
      if (row.attempts < row.max_attempts) {
        await repo.requeueJob(db, row.id, workerId, {
          error: message,
          delaySeconds: retryDelaySeconds(row.attempts),
          refund: false,
        });
      } else {
        await repo.failJob(db, row.id, workerId, message);
        await handler.onGiveUp?.(info, message);
      }
    }
  }

  async function drain(): Promise<number> {
    let ran = 0;
    while (!stopped) {
      const row = await repo.claimJob(db, workerId, [...handlers.keys()], options.staleSeconds);
      if (!row) break;
      await runOne(row);
      ran++;
    }
    return ran;
  }

  function runPending(): Promise<number> {
    const next = chain.catch(() => 0).then(drain);
    chain = next;
    return next;
  }

  function schedule() {
    if (stopped || options.pollMs <= 0) return;
    timer = setTimeout(() => {
      runPending()
        .catch((error) => log?.error({ err: error }, 'job poll failed'))
        .finally(schedule);
    }, options.pollMs);
    // The poller never keeps a process (or a test run) alive on its own.
    timer.unref();
  }

  return {
    workerId,
    register(kind, handler) {
      handlers.set(kind, handler);
    },
    enqueue: (trx, job) => repo.insertJob(trx, job),
    runPending,
    start() {
      if (timer || stopped) return;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      abort.abort(new JobAbortedError());
      await chain.catch(() => 0);
    },
  };
}
