/**
 * Runs autocannon in its own process, so the load generator never shares an event loop
 * with the bench driver or the server. Input: one JSON argument (LoadWorkerInput).
 * Output: one JSON line (LoadWorkerOutput) on stdout.
 */
import autocannon, { type AutocannonResult } from 'autocannon';
import type { LoadSummary, LoadWorkerInput, LoadWorkerOutput } from './load.ts';

function summarize(result: AutocannonResult): LoadSummary {
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = count;
  return {
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    totalRequests: result.requests.total,
    durationSec: result.duration,
    statusCodes,
  };
}

const input = JSON.parse(process.argv[2] ?? '{}') as LoadWorkerInput;
const common = {
  url: input.url,
  connections: input.connections,
  pipelining: input.pipelining,
  timeout: input.timeoutSec,
  method: input.method,
  ...(input.headers ? { headers: input.headers } : {}),
  ...(input.body !== undefined ? { body: input.body } : {}),
};

const warmup =
  input.warmupSec > 0 ? summarize(await autocannon({ ...common, duration: input.warmupSec })) : null;
const measured = summarize(await autocannon({ ...common, duration: input.durationSec }));
const output: LoadWorkerOutput = { warmup, measured };
process.stdout.write(`${JSON.stringify(output)}\n`);
