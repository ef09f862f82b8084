import type { Database, JobTable, JsonValue } from '@anzheng/db';
import { type Kysely, type Selectable, sql } from 'kysely';

export type JobRow = Selectable<JobTable>;

export interface NewJob {
  kind: string;
  payload: JsonValue;
  createdBy?: number | null;
  maxAttempts?: number;
  /** Not before this time (default: now). */
  runAfter?: Date;
}

export async function insertJob(db: Kysely<Database>, job: NewJob): Promise<number> {
  const row = await db
    .insertInto('job')
    .values({
      kind: job.kind,
      payload: job.payload,
      created_by: job.createdBy ?? null,
      ...(job.maxAttempts ? { max_attempts: job.maxAttempts } : {}),
      ...(job.runAfter ? { run_after: job.runAfter } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Claims one due job of the given kinds in one statement: the oldest queued job whose
 * `run_after` has come, or a running job whose lock is older than `staleSeconds` (its
 * process died). `FOR UPDATE SKIP LOCKED` lets several processes claim at once without
 * waiting for each other or taking the same row (DESIGN §7).
 */
export async function claimJob(
  db: Kysely<Database>,
  workerId: string,
  kinds: readonly string[],
  staleSeconds: number,
): Promise<JobRow | undefined> {
  if (kinds.length === 0) return undefined;
  const result = await sql<JobRow>`update job set status = 'running', attempts = attempts + 1,
      locked_by = ${workerId}, locked_at = now(), updated_at = now()
    where id = (
      select id from job
      where kind = any(${kinds}::text[])
        and ((status = 'queued' and run_after <= now())
          or (status = 'running' and locked_at < now() - make_interval(secs => ${staleSeconds})))
      order by id
      limit 1
      for update skip locked)
    returning *`.execute(db);
  return result.rows[0];
}

/** Refreshes the lock (and progress); false when the job is no longer ours. */
export async function heartbeat(
  db: Kysely<Database>,
  id: number,
  workerId: string,
  progress: JsonValue | undefined,
): Promise<boolean> {
  const r = await db
    .updateTable('job')
    .set({
      locked_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
      ...(progress !== undefined ? { progress } : {}),
    })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function completeJob(
  db: Kysely<Database>,
  id: number,
  workerId: string,
  result: JsonValue | null,
): Promise<boolean> {
  const r = await db
    .updateTable('job')
    .set({
      status: 'succeeded',
      result,
      error: null,
      locked_by: null,
      locked_at: null,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Back to the queue (retry after `delaySeconds`, or a clean shutdown: `refund` the attempt). */
export async function requeueJob(
  db: Kysely<Database>,
  id: number,
  workerId: string,
  opts: { error: string | null; delaySeconds: number; refund: boolean },
): Promise<void> {
  await db
    .updateTable('job')
    .set((eb) => ({
      status: 'queued',
      locked_by: null,
      locked_at: null,
      error: opts.error,
      attempts: opts.refund ? eb('attempts', '-', 1) : eb.ref('attempts'),
      run_after: sql<Date>`now() + make_interval(secs => ${opts.delaySeconds})`,
      updated_at: sql<Date>`now()`,
    }))
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute();
}

export async function failJob(
  db: Kysely<Database>,
  id: number,
  workerId: string,
  error: string,
): Promise<void> {
  await db
    .updateTable('job')
    .set({
      status: 'failed',
      error,
      locked_by: null,
      locked_at: null,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute();
}

export async function findJob(db: Kysely<Database>, id: number) {
  return db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
}
