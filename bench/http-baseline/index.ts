/**
 * http-baseline: the real server's `GET /api/health` against a bare Fastify 5 route, same
 * machine, same run, same load. The ratio health/bare is the figure that travels between
 * machines; the absolute req/s only describe this one.
 */
import { availableParallelism, loadavg } from 'node:os';
import { assertKnownFlags, type BenchArgs, numberFlag, stringFlag } from '../lib/args.ts';
import { type LoadResult, loadFailures, runLoad } from '../lib/load.ts';
import { type Cell, median, printFigures, progress, type ResultLine, round } from '../lib/report.ts';
import { type RunningServer, startBareFastify, startServer } from '../lib/server.ts';
import { BenchFailure, type Benchmark } from '../lib/types.ts';

type Target = 'bare' | 'health';

interface Measurement {
  target: Target;
  round: number;
  result: LoadResult;
}

/** Checks the health answer itself: a degraded or malformed server is not benchmarked. */
async function checkHealth(url: string): Promise<{ database: string; version: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  if (res.status !== 200)
    throw new BenchFailure(`GET /api/health answered ${res.status}: ${text.slice(0, 200)}`);
  let body: { status?: unknown; database?: unknown; version?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new BenchFailure(`GET /api/health did not answer JSON: ${text.slice(0, 200)}`);
  }
  if (body.status !== 'ok') {
    throw new BenchFailure(`GET /api/health says status=${JSON.stringify(body.status)}, expected "ok"`);
  }
  return { database: String(body.database), version: String(body.version) };
}

const benchmark: Benchmark = {
  description: 'GET /api/health vs a bare Fastify 5 route (the anchor of every throughput ratio)',
  flags: {
    connections: 'concurrent connections (default 64)',
    duration: 'measured seconds per run (default 10; quick 3)',
    warmup: 'unmeasured seconds before each run (default 3; quick 1)',
    repeats: 'rounds of bare+health, order alternating (default 2; quick 1)',
    'database-url': 'PostgreSQL URL for the server (default: embedded PGlite in a temp DATA_DIR)',
  },

  async run(args: BenchArgs): Promise<ResultLine> {
    assertKnownFlags(args.flags, Object.keys(this.flags));
    const connections = numberFlag(args.flags, 'connections', 64, { min: 1, max: 1024, integer: true });
    const durationSec = numberFlag(args.flags, 'duration', args.quick ? 3 : 10, {
      min: 1,
      max: 300,
      integer: true,
    });
    const warmupSec = numberFlag(args.flags, 'warmup', args.quick ? 1 : 3, {
      min: 0,
      max: 60,
      integer: true,
    });
    const repeats = numberFlag(args.flags, 'repeats', args.quick ? 1 : 2, { min: 1, max: 10, integer: true });
    const databaseUrl = stringFlag(args.flags, 'database-url');

    const cores = availableParallelism();
    const loadBefore = loadavg()[0]!;
    if (loadBefore > cores * 0.5) {
      progress(`machine busy before start: 1-min load ${loadBefore.toFixed(2)} on ${cores} cores`);
    }
    const servers: RunningServer[] = [];
    const measurements: Measurement[] = [];
    let health: { database: string; version: string };
    try {
      progress('starting bare Fastify and anzheng serve');
      const started = await Promise.allSettled([
        startBareFastify(),
        startServer({ env: databaseUrl ? { DATABASE_URL: databaseUrl } : {} }),
      ]);
      for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
      const failed = started.find((s) => s.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
      const [bare, server] = servers as [RunningServer, RunningServer];
      health = await checkHealth(`${server.url}/api/health`);
      progress(`anzheng ${health.version} (${health.database}) pid ${server.pid}, log ${server.logPath}`);

      const urls: Record<Target, string> = { bare: `${bare.url}/bare`, health: `${server.url}/api/health` };
      for (let round = 1; round <= repeats; round++) {
        // Alternate the order (bare, health, health, bare, …) so drift in a noisy machine
        // — thermal, neighbours — does not always favour the same side.
        const order: Target[] = round % 2 === 1 ? ['bare', 'health'] : ['health', 'bare'];
        for (const target of order) {
          progress(
            `round ${round}/${repeats}: ${target} ${connections} conn, ${warmupSec}s warm-up + ${durationSec}s`,
          );
          const result = await runLoad({ url: urls[target], connections, durationSec, warmupSec });
          const problems = loadFailures(target === 'bare' ? 'GET /bare' : 'GET /api/health', result);
          if (problems.length > 0) {
            throw new BenchFailure(`${problems.join('; ')} — no figure is reported for a failing server`);
          }
          measurements.push({ target, round, result });
        }
      }
      await checkHealth(`${server.url}/api/health`);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }

    const of = (target: Target) => measurements.filter((m) => m.target === target).map((m) => m.result);
    const summary = (results: LoadResult[]) => ({
      reqPerSec: median(results.map((r) => r.reqPerSec)),
      p50Ms: median(results.map((r) => r.p50Ms)),
      p99Ms: median(results.map((r) => r.p99Ms)),
      non2xx: results.reduce((n, r) => n + r.non2xx, 0),
      errors: results.reduce((n, r) => n + r.errors, 0),
      totalRequests: results.reduce((n, r) => n + r.totalRequests, 0),
    });
    const bareSummary = summary(of('bare'));
    const healthSummary = summary(of('health'));
    const ratio = healthSummary.reqPerSec / bareSummary.reqPerSec;
    const loadAfter = loadavg()[0]!;
    const spread = (results: LoadResult[]) => {
      const rates = results.map((r) => r.reqPerSec);
      return (Math.max(...rates) - Math.min(...rates)) / median(rates);
    };
    const noiseNotes: string[] = [
      `1-min load average: ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after, ${cores} cores`,
    ];
    if (loadBefore > cores) {
      noiseNotes.push(
        'WARNING: load average above the core count before the start — other work shares the CPU',
      );
    }
    if (repeats > 1) {
      const worst = Math.max(spread(of('bare')), spread(of('health')));
      noiseNotes.push(`spread between rounds: up to ${(worst * 100).toFixed(0)}% of the median`);
      // Beyond this the machine, not the server, sets the figure.
      if (worst > 0.15) noiseNotes.push('WARNING: rounds disagree by more than 15% — the machine is noisy');
    }

    const row = (label: string, s: ReturnType<typeof summary>): Cell[] => [
      label,
      round(s.reqPerSec),
      s.p50Ms,
      s.p99Ms,
      s.non2xx,
      s.errors,
      s.totalRequests,
    ];
    const rows: Cell[][] = measurements.map((m) => row(`#${m.round} ${m.target}`, summary([m.result])));
    if (repeats > 1) {
      rows.push(row('median bare', bareSummary), row('median health', healthSummary));
    }
    printFigures({
      title:
        `http-baseline — ${connections} connections, ${warmupSec}s warm-up + ${durationSec}s per run, ` +
        `${repeats} round(s); server ${health.version} on ${health.database}`,
      columns: ['run', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'requests'],
      rows,
      notes: [
        '',
        `bare    = GET /bare on Fastify 5 without plugins`,
        `health  = GET /api/health on anzheng serve`,
        `ratio health/bare = ${ratio.toFixed(3)}  (${(ratio * 100).toFixed(1)}% of bare throughput)`,
        ...noiseNotes,
      ],
    });

    return {
      bench: 'http-baseline',
      reqPerSec: round(healthSummary.reqPerSec),
      baselineReqPerSec: round(bareSummary.reqPerSec),
      ratio: round(ratio, 3),
      p50Ms: healthSummary.p50Ms,
      p99Ms: healthSummary.p99Ms,
      baselineP99Ms: bareSummary.p99Ms,
      connections,
      durationSec,
    };
  },
};

export default benchmark;
