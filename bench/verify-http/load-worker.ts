/**
 * autocannon in its own process (like bench/lib/load-worker.ts), but every request asks for
 * another certificate: paths are drawn at random from a file of `/api/v1/public/...` paths,
 * so the database and the caches see a realistic spread, not one hot row.
 * Input: one JSON argument (LoadWorkerInput + pathsFile). Output: one JSON line (LoadWorkerOutput).
 */
import { readFileSync } from 'node:fs';
import autocannon, { type AutocannonOptions, type AutocannonResult } from 'autocannon';
import type { LoadSummary, LoadWorkerInput, LoadWorkerOutput } from '../lib/load.ts';

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

const input = JSON.parse(process.argv[2] ?? '{}') as LoadWorkerInput & { pathsFile: string };
const paths = readFileSync(input.pathsFile, 'utf8').split('\n').filter(Boolean);
if (paths.length === 0) throw new Error(`no paths in ${input.pathsFile}`);

type Request = { method?: string; path?: string };
const options: AutocannonOptions & {
  requests: { setupRequest: (req: Request) => Request }[];
} = {
  url: input.url,
  connections: input.connections,
  pipelining: input.pipelining,
  timeout: input.timeoutSec,
  requests: [
    {
      setupRequest: (req) => ({
        ...req,
        method: 'GET',
        path: paths[Math.floor(Math.random() * paths.length)],
      }),
    },
  ],
};

const warmup =
  input.warmupSec > 0 ? summarize(await autocannon({ ...options, duration: input.warmupSec })) : null;
const measured = summarize(await autocannon({ ...options, duration: input.durationSec }));
const output: LoadWorkerOutput = { warmup, measured };
process.stdout.write(`${JSON.stringify(output)}\n`);
