import { createTestDatabase, testDatabaseKind } from '@anzheng/test-kit';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createJobRunner, type JobHandler, type JobRunner } from './index.ts';

const database = await createTestDatabase();
const db = database.db;
let kindCounter = 0;

function runner(opts: { pollMs?: number; staleSeconds?: number } = {}): JobRunner {
  return createJobRunner({ db, pollMs: opts.pollMs ?? 0, staleSeconds: opts.staleSeconds ?? 300 });
}

/** A kind no other test uses, so runners of different tests never take each other's jobs. */
const uniqueKind = () => `test.kind-${++kindCounter}`;

const jobRow = (id: number) =>
  db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('job runner', () => {
  it('runs a queued job once and stores its result', async () => {
    const kind = uniqueKind();
    const r = runner();
    const seen: unknown[] = [];
    r.register(kind, {
      async run(ctx) {
        seen.push(ctx.job.payload);
        await ctx.heartbeat({ done: 1 });
        return { ok: true };
      },
    });
    const id = await db.transaction().execute((trx) => r.enqueue(trx, { kind, payload: { n: 1 } }));
    expect(await r.runPending()).toBe(1);
    expect(await r.runPending()).toBe(0);
    expect(seen).toEqual([{ n: 1 }]);
    expect(await jobRow(id)).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      result: { ok: true },
      progress: { done: 1 },
      locked_by: null,
    });
  });

  it('does not run a job whose transaction rolled back, nor one due later', async () => {
    const kind = uniqueKind();
    const r = runner();
    let runs = 0;
    r.register(kind, { run: async () => void runs++ });
    await db
      .transaction()
      .execute(async (trx) => {
        await r.enqueue(trx, { kind, payload: {} });
        throw new Error('rollback');
      })
      .catch(() => {});
    await db
      .transaction()
      .execute((trx) => r.enqueue(trx, { kind, payload: {}, runAfter: new Date(Date.now() + 60_000) }));
    expect(await r.runPending()).toBe(0);
    expect(runs).toBe(0);
  });

  it('retries a failing job with a delay, then gives up and calls onGiveUp', async () => {
    const kind = uniqueKind();
    const r = runner();
    const gaveUp: string[] = [];
    const handler: JobHandler = {
      run: async () => {
        throw new Error('数据库暂时不可用');
      },
      onGiveUp: async (_job, error) => void gaveUp.push(error),
    };
    r.register(kind, handler);
    const id = await db.transaction().execute((trx) => r.enqueue(trx, { kind, payload: {}, maxAttempts: 2 }));
    await r.runPending();
    const first = await jobRow(id);
    expect(first).toMatchObject({ status: 'queued', attempts: 1, error: '数据库暂时不可用' });
    expect(first.run_after.getTime()).toBeGreaterThan(Date.now() + 5_000);
    await db.updateTable('job').set({ run_after: sql<Date>`now()` }).where('id', '=', id).execute();
    await r.runPending();
    expect(await jobRow(id)).toMatchObject({ status: 'failed', attempts: 2, locked_by: null });
    expect(gaveUp).toEqual(['数据库暂时不可用']);
  });

  it('takes over a job whose process died (stale lock), and gives up after max attempts', async () => {
    const kind = uniqueKind();
    const r = runner({ staleSeconds: 60 });
    let runs = 0;
    r.register(kind, { run: async () => void runs++ });
    const id = await db.transaction().execute((trx) => r.enqueue(trx, { kind, payload: {} }));
    // Another process claimed it 2 minutes ago and vanished.
    await db
      .updateTable('job')
      .set({
        status: 'running',
        attempts: 1,
        locked_by: 'dead:1:x',
        locked_at: sql<Date>`now() - interval '2 minutes'`,
      })
      .where('id', '=', id)
      .execute();
    expect(await r.runPending()).toBe(1);
    expect(runs).toBe(1);
    expect(await jobRow(id)).toMatchObject({ status: 'succeeded', attempts: 2 });

    // A fresh lock is left alone.
    const busy = await db.transaction().execute((trx) => r.enqueue(trx, { kind, payload: {} }));
    await db
      .updateTable('job')
      .set({ status: 'running', attempts: 1, locked_by: 'alive:1:x', locked_at: sql<Date>`now()` })
      .where('id', '=', busy)
      .execute();
    expect(await r.runPending()).toBe(0);

    const doomed = await db
      .transaction()
      .execute((trx) => r.enqueue(trx, { kind, payload: {}, maxAttempts: 2 }));
    await db
      .updateTable('job')
      .set({
        status: 'running',
        attempts: 2,
        locked_by: 'dead:2:x',
        locked_at: sql<Date>`now() - interval '1 hour'`,
      })
      .where('id', '=', doomed)
      .execute();
    await r.runPending();
    expect(await jobRow(doomed)).toMatchObject({ status: 'failed', attempts: 3 });
    expect(runs).toBe(1);
  });

  it('several runners share the queue: every job runs exactly once', async () => {
    const kind = uniqueKind();
    const runs = new Map<number, string[]>();
    const runners = [runner(), runner(), runner()];
    for (const r of runners) {
      r.register(kind, {
        async run(ctx) {
          runs.set(ctx.job.id, [...(runs.get(ctx.job.id) ?? []), r.workerId]);
          await new Promise((resolve) => setTimeout(resolve, 5));
          return null;
        },
      });
    }
    const ids: number[] = [];
    for (let i = 0; i < 30; i++)
      ids.push(await db.transaction().execute((trx) => runners[0]!.enqueue(trx, { kind, payload: { i } })));
    const counts = await Promise.all(runners.map((r) => r.runPending()));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
    expect([...runs.keys()].sort((a, b) => a - b)).toEqual(ids);
    expect([...runs.values()].every((w) => w.length === 1)).toBe(true);
    // On PostgreSQL the claims really interleave (SKIP LOCKED); PGlite has one connection.
    if (testDatabaseKind() === 'postgresql') expect(counts.filter((c) => c > 0).length).toBeGreaterThan(1);
  });

  it('polls by itself, and stop() puts an interrupted job back in the queue', async () => {
    const kind = uniqueKind();
    const r = runner({ pollMs: 20 });
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    r.register(kind, {
      async run(ctx) {
        started();
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
        throw ctx.signal.reason;
      },
    });
    const id = await db.transaction().execute((trx) => r.enqueue(trx, { kind, payload: {} }));
    r.start();
    await running;
    await r.stop();
    expect(await jobRow(id)).toMatchObject({ status: 'queued', attempts: 0, locked_by: null });
  });
});
