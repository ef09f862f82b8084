/**
 * exam-crash: NFR-REL-1 under a crash. `anzheng serve` on PostgreSQL takes autosaves from
 * simulated candidates; mid-load the server's whole process group gets SIGKILL (no shutdown
 * hook runs). A new server starts on the same database and every save that was acknowledged
 * (HTTP 200) before the kill is read back through the API. Prints the counts; lost must be 0.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type CandidateLog, countLost, type LoadStats, runCandidate } from '../exam-load/index.ts';
import {
  benchCipher,
  createBenchDatabase,
  createClient,
  DEFAULT_ADMIN_URL,
  dropBenchDatabase,
  seedExam,
  withDatabase,
} from '../exam-load/setup.ts';
import { assertKnownFlags, type BenchArgs, numberFlag, stringFlag } from '../lib/args.ts';
import { printFigures, progress, type ResultLine } from '../lib/report.ts';
import { startServer } from '../lib/server.ts';
import { BenchFailure, type Benchmark } from '../lib/types.ts';

const MASTER_KEY = Buffer.alloc(32, 9).toString('base64');

const benchmark: Benchmark = {
  description: 'SIGKILL the server mid-autosave, restart it, check every acknowledged answer is there',
  flags: {
    candidates: 'simulated candidates (default 400; quick 150)',
    'kill-after-saves': 'acknowledged saves before the SIGKILL (default 2000; quick 400)',
    'max-wait': 'seconds to wait for them at most (default 180)',
    'database-url': `PostgreSQL admin URL (default ${DEFAULT_ADMIN_URL}); a throw-away database is created and dropped`,
  },
  async run(args: BenchArgs): Promise<ResultLine> {
    assertKnownFlags(args.flags, ['candidates', 'kill-after-saves', 'max-wait', 'database-url']);
    const n = numberFlag(args.flags, 'candidates', args.quick ? 150 : 400, {
      min: 1,
      max: 5000,
      integer: true,
    });
    const killAfterSaves = numberFlag(args.flags, 'kill-after-saves', args.quick ? 400 : 2000, {
      min: 1,
      max: 1_000_000,
      integer: true,
    });
    const maxWait = numberFlag(args.flags, 'max-wait', 180, { min: 1, max: 3600 });
    const adminUrl = stringFlag(args.flags, 'database-url') ?? DEFAULT_ADMIN_URL;
    const dbName = `anzheng_bench_crash_${process.pid}`;
    const env = { DATABASE_URL: withDatabase(adminUrl, dbName), ANZHENG_MASTER_KEY: MASTER_KEY };

    progress(`creating ${dbName} with ${n} candidates`);
    const handle = await createBenchDatabase(adminUrl, dbName);
    let seeded: Awaited<ReturnType<typeof seedExam>>;
    try {
      seeded = await seedExam(handle, benchCipher(MASTER_KEY), {
        candidates: n,
        startsAt: new Date(Date.now() - 5_000),
        durationMinutes: 30,
      });
    } catch (error) {
      await handle.close();
      await dropBenchDatabase(adminUrl, dbName);
      throw error;
    }
    await handle.close();
    const { candidates } = seeded;
    try {
      const first = await startServer({ label: 'anzheng-exam-crash-1', env });
      const client = createClient(first.url, 128);
      const stats: LoadStats = { saveMs: [], startMs: [], submitMs: [], failures: new Map() };
      const logs: CandidateLog[] = candidates.map(() => ({ attemptId: null, acked: new Map(), saves: 0 }));
      let killed = false;
      progress(
        `load: ${n} candidates saving every 0.2–1 s; SIGKILL after ${killAfterSaves} acknowledged saves`,
      );
      const load = Promise.all(
        candidates.map((c, i) =>
          runCandidate(client, c, logs[i]!, stats, {
            thinkMinMs: 200,
            thinkMaxMs: 1_000,
            stopAt: () => (killed ? 0 : Number.POSITIVE_INFINITY),
            submit: false,
            seed: 1000 + i,
          }),
        ),
      );
      const waitUntil = Date.now() + maxWait * 1000;
      while (stats.saveMs.length < killAfterSaves && Date.now() < waitUntil) await sleep(50);
      const ackedBefore = stats.saveMs.length;
      // The whole group (node → tsx), without SIGTERM first: nothing gets to flush or close.
      process.kill(-first.pid, 'SIGKILL');
      killed = true;
      await load;
      client.close();
      await first.stop();
      const acknowledged = logs.reduce((s, l) => s + l.acked.size, 0);
      const inFlightFailed = [...stats.failures].reduce((s, [, v]) => s + v, 0);
      progress(
        `killed with ${ackedBefore} acknowledged saves (${inFlightFailed} requests cut off); restarting`,
      );

      const second = await startServer({ label: 'anzheng-exam-crash-2', env });
      const reader = createClient(second.url, 64);
      try {
        const { lost, checked, unreadable } = await countLost(reader, candidates, logs);
        printFigures({
          title: `exam-crash — ${n} candidates, SIGKILL mid-load after ${ackedBefore} acknowledged saves, PostgreSQL`,
          columns: ['figure', 'value'],
          rows: [
            ['saves acknowledged (HTTP 200) before the kill', stats.saveMs.length],
            ['requests cut off by the kill (not acknowledged)', inFlightFailed],
            ['answers (attempt × item) acknowledged', acknowledged],
            ['answers checked after restart', checked],
            ['attempts unreadable after restart', unreadable],
            ['acknowledged answers lost', lost],
          ],
        });
        if (lost > 0 || checked !== acknowledged) {
          throw new BenchFailure(`${lost} acknowledged answers lost after SIGKILL (NFR-REL-1)`);
        }
        return {
          bench: 'exam-crash',
          candidates: n,
          savesAcknowledged: stats.saveMs.length,
          cutOff: inFlightFailed,
          answersChecked: checked,
          lostAnswers: lost,
        };
      } finally {
        reader.close();
        await second.stop();
      }
    } finally {
      await dropBenchDatabase(adminUrl, dbName);
    }
  },
};

export default benchmark;
