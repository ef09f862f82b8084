/**
 * exam-load: an exam sitting over real HTTP against `anzheng serve` on PostgreSQL
 * (docs/exam-delivery.md §benchmark). N candidates start together (synchronized start), each
 * autosaves an answer every ~10 s (random think time 5–15 s) until the deadline, then all
 * submit at once. Afterwards every attempt is read back and every acknowledged save is
 * checked (NFR-REL-1): lostAnswers must be 0. Goal: save p99 ≤ 200 ms.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { mulberry32 } from '@anzheng/identifiers';
import { assertKnownFlags, type BenchArgs, numberFlag, stringFlag } from '../lib/args.ts';
import { printFigures, progress, type ResultLine, round } from '../lib/report.ts';
import { RESULTS_DIR, startServer } from '../lib/server.ts';
import { BenchFailure, type Benchmark } from '../lib/types.ts';
import {
  type BenchCandidate,
  type BenchClient,
  benchCipher,
  createBenchDatabase,
  createClient,
  DEFAULT_ADMIN_URL,
  dropBenchDatabase,
  ITEM_REFS,
  percentile,
  randomResponse,
  seedExam,
  withDatabase,
} from './setup.ts';

export interface CandidateLog {
  attemptId: string | null;
  /** itemRef → highest acknowledged seq. */
  acked: Map<string, number>;
  saves: number;
}

export interface LoadStats {
  saveMs: number[];
  startMs: number[];
  submitMs: number[];
  failures: Map<string, number>;
}

function fail(stats: LoadStats, what: string, status: number) {
  const key = `${what} ${status}`;
  stats.failures.set(key, (stats.failures.get(key) ?? 0) + 1);
}

/** One candidate: start, autosave with think time until `stopAt` (ms, local clock), optionally submit. */
export async function runCandidate(
  client: BenchClient,
  c: BenchCandidate,
  log: CandidateLog,
  stats: LoadStats,
  options: { thinkMinMs: number; thinkMaxMs: number; stopAt: () => number; submit: boolean; seed: number },
): Promise<void> {
  const rand = mulberry32(options.seed);
  const started = await client.request(
    'POST',
    `/api/v1/exam-registrations/${c.registrationId}/attempts`,
    c.cookie,
  );
  if (started.status !== 200) return fail(stats, 'start', started.status);
  stats.startMs.push(started.ms);
  const attempt = started.body as { id: string; deadlineAt: string; serverNow: string };
  log.attemptId = attempt.id;
  // Clock offset from the server's answer: the client only displays the countdown.
  const offset = Date.parse(attempt.serverNow) - Date.now();
  const deadlineLocal = Date.parse(attempt.deadlineAt) - offset;
  let seq = 0;
  for (;;) {
    const think = options.thinkMinMs + rand() * (options.thinkMaxMs - options.thinkMinMs);
    if (Date.now() + think >= Math.min(deadlineLocal - 2_500, options.stopAt())) break;
    await sleep(think);
    const ref = ITEM_REFS[Math.floor(rand() * ITEM_REFS.length)]!;
    seq++;
    const res = await client.request('PUT', `/api/v1/attempts/${attempt.id}/answers/${ref}`, c.cookie, {
      seq,
      response: randomResponse(ref, rand),
      clientTime: new Date().toISOString(),
    });
    if (res.status !== 200) {
      fail(stats, 'save', res.status);
      continue;
    }
    stats.saveMs.push(res.ms);
    log.saves++;
    const ack = res.body as { seq: number };
    log.acked.set(ref, Math.max(log.acked.get(ref) ?? 0, ack.seq));
  }
  if (!options.submit) return;
  // Mass submit at the deadline.
  // Mass submit just before the deadline (2 s margin for the clock-offset estimate).
  await sleep(Math.max(0, deadlineLocal - 2_000 - Date.now()));
  const submitted = await client.request('POST', `/api/v1/attempts/${attempt.id}/submit`, c.cookie);
  if (submitted.status === 200) stats.submitMs.push(submitted.ms);
  // 409 ATTEMPT_SUBMITTED: the server had already submitted it at the deadline — still on time.
  else if (submitted.status === 409 && submitted.body?.code === 'ATTEMPT_SUBMITTED')
    fail(stats, 'submit→server deadline', 409);
  else fail(stats, 'submit', submitted.status);
}

/** Reads every attempt back; an acknowledged save missing (or with a lower seq) is lost. */
export async function countLost(
  client: BenchClient,
  candidates: BenchCandidate[],
  logs: CandidateLog[],
): Promise<{ lost: number; checked: number; unreadable: number }> {
  let lost = 0;
  let checked = 0;
  let unreadable = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < candidates.length) {
        const i = next++;
        const log = logs[i]!;
        if (!log.attemptId) continue;
        const res = await client.request('GET', `/api/v1/attempts/${log.attemptId}`, candidates[i]!.cookie);
        if (res.status !== 200) {
          unreadable++;
          lost += log.acked.size;
          continue;
        }
        const stored = new Map<string, number>(
          (res.body.answers as Array<{ itemRef: string; seq: number }>).map((a) => [a.itemRef, a.seq]),
        );
        for (const [ref, seq] of log.acked) {
          checked++;
          if ((stored.get(ref) ?? -1) < seq) lost++;
        }
      }
    }),
  );
  return { lost, checked, unreadable };
}

/** health req/s of the latest http-baseline run on this machine, if any. */
function baselineReqPerSec(): number | null {
  const file = join(RESULTS_DIR, 'history.jsonl');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').trim().split('\n').reverse();
  for (const line of lines) {
    try {
      const r = JSON.parse(line) as { bench?: string; reqPerSec?: number };
      if (r.bench === 'http-baseline' && typeof r.reqPerSec === 'number' && r.reqPerSec > 0)
        return r.reqPerSec;
    } catch {
      // skip a torn line
    }
  }
  return null;
}

const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

const benchmark: Benchmark = {
  description:
    'exam sitting over HTTP on PostgreSQL: synchronized start, autosave every ~10 s, mass submit; lost answers must be 0',
  flags: {
    candidates: 'simulated candidates (default 5000; quick 300)',
    minutes: 'exam duration in minutes (default 2; quick 1)',
    sockets: 'HTTP keep-alive connections of the driver (default 256)',
    'database-url': `PostgreSQL admin URL; a database anzheng_bench_exam_<pid> is created and dropped (default ${DEFAULT_ADMIN_URL})`,
  },
  async run(args: BenchArgs): Promise<ResultLine> {
    assertKnownFlags(args.flags, ['candidates', 'minutes', 'sockets', 'database-url']);
    const n = numberFlag(args.flags, 'candidates', args.quick ? 300 : 5000, {
      min: 1,
      max: 20_000,
      integer: true,
    });
    const minutes = numberFlag(args.flags, 'minutes', args.quick ? 1 : 2, { min: 1, max: 60, integer: true });
    const sockets = numberFlag(args.flags, 'sockets', 256, { min: 1, max: 4096, integer: true });
    const adminUrl = stringFlag(args.flags, 'database-url') ?? DEFAULT_ADMIN_URL;
    const dbName = `anzheng_bench_exam_${process.pid}`;

    progress(`creating database ${dbName} and ${n} candidates`);
    const t0 = performance.now();
    let seeded: Awaited<ReturnType<typeof seedExam>>;
    const handle = await createBenchDatabase(adminUrl, dbName);
    try {
      seeded = await seedExam(handle, benchCipher(MASTER_KEY), {
        candidates: n,
        startsAt: new Date(Date.now() - 5_000),
        durationMinutes: minutes,
      });
    } catch (error) {
      await handle.close();
      await dropBenchDatabase(adminUrl, dbName);
      throw error;
    }
    await handle.close();
    const { candidates } = seeded;
    const setupSec = (performance.now() - t0) / 1000;
    progress(`seeded in ${setupSec.toFixed(1)} s; starting the server`);

    const server = await startServer({
      label: 'anzheng-exam-load',
      env: {
        DATABASE_URL: withDatabase(adminUrl, dbName),
        ANZHENG_MASTER_KEY: MASTER_KEY,
      },
    });
    const client = createClient(server.url, sockets);
    const stats: LoadStats = { saveMs: [], startMs: [], submitMs: [], failures: new Map() };
    const logs: CandidateLog[] = candidates.map(() => ({ attemptId: null, acked: new Map(), saves: 0 }));
    try {
      progress(`${n} candidates start together; exam ${minutes} min, a save every 5–15 s each`);
      const loadStart = performance.now();
      await Promise.all(
        candidates.map((c, i) =>
          runCandidate(client, c, logs[i]!, stats, {
            thinkMinMs: 5_000,
            thinkMaxMs: 15_000,
            stopAt: () => Number.POSITIVE_INFINITY,
            submit: true,
            seed: i + 1,
          }),
        ),
      );
      const loadSec = (performance.now() - loadStart) / 1000;
      progress('reading every attempt back');
      const { lost, checked, unreadable } = await countLost(client, candidates, logs);

      const saves = stats.saveMs.length;
      const sorted = [...stats.saveMs].sort((a, b) => a - b);
      const starts = [...stats.startMs].sort((a, b) => a - b);
      const submits = [...stats.submitMs].sort((a, b) => a - b);
      const savesPerSec = saves / loadSec;
      const baseline = baselineReqPerSec();
      const ratio = baseline ? savesPerSec / baseline : null;
      const failures = [...stats.failures].map(([k, v]) => `${k}×${v}`).join(', ') || 'none';
      printFigures({
        title: `exam-load — ${n} candidates, ${minutes} min exam, PostgreSQL, ${sockets} connections`,
        columns: ['request', 'count', 'p50 ms', 'p99 ms', 'max ms'],
        rows: [
          [
            'start (synchronized)',
            starts.length,
            round(percentile(starts, 50), 1),
            round(percentile(starts, 99), 1),
            round(starts.at(-1) ?? 0, 1),
          ],
          [
            'autosave PUT',
            saves,
            round(percentile(sorted, 50), 1),
            round(percentile(sorted, 99), 1),
            round(sorted.at(-1) ?? 0, 1),
          ],
          [
            'submit (at deadline)',
            submits.length,
            round(percentile(submits, 50), 1),
            round(percentile(submits, 99), 1),
            round(submits.at(-1) ?? 0, 1),
          ],
        ],
        notes: [
          `setup ${setupSec.toFixed(1)} s (bulk insert); load ${loadSec.toFixed(1)} s; ${savesPerSec.toFixed(1)} saves/s offered by think time`,
          `acknowledged answers checked ${checked}; lost ${lost}; attempts unreadable ${unreadable}; failures: ${failures}`,
          `goal: save p99 ≤ 200 ms → ${percentile(sorted, 99) <= 200 ? 'met' : 'NOT met'}`,
          baseline
            ? `ratio saves/s ÷ http-baseline health req/s (${round(baseline)}) = ${ratio!.toFixed(4)}`
            : 'ratio: no http-baseline result in bench/results/history.jsonl (run `npm run bench -- http-baseline` first)',
        ],
      });
      if (lost > 0) throw new BenchFailure(`${lost} acknowledged answers lost (NFR-REL-1)`);
      return {
        bench: 'exam-load',
        candidates: n,
        saves,
        lostAnswers: lost,
        savesPerSec: round(savesPerSec, 1),
        p50Ms: round(percentile(sorted, 50), 1),
        p99Ms: round(percentile(sorted, 99), 1),
        ratio: ratio === null ? null : round(ratio, 4),
      };
    } finally {
      client.close();
      await server.stop();
      await dropBenchDatabase(adminUrl, dbName);
    }
  },
};

export default benchmark;
