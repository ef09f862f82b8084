/** `runLoad`: one warm-up + one measured autocannon run, in a child process. */
import { spawn } from 'node:child_process';
import { stopChild, trackChild } from './processes.ts';
import { REPO_ROOT } from './server.ts';

export interface LoadOptions {
  url: string;
  connections: number;
  durationSec: number;
  /** Load applied before the measured run and not counted; default 3 s. */
  warmupSec?: number;
  pipelining?: number;
  /** Per-request timeout; a timed-out request counts as an error. */
  timeoutSec?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSummary {
  /** Mean of the per-second request counts. */
  reqPerSec: number;
  /** Latency percentiles; autocannon records whole milliseconds. */
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  /** Connection errors and timeouts (timeouts are included). */
  errors: number;
  timeouts: number;
  totalRequests: number;
  durationSec: number;
  statusCodes: Record<string, number>;
}

export interface LoadResult extends LoadSummary {
  warmup: LoadSummary | null;
}

export interface LoadWorkerInput {
  url: string;
  connections: number;
  durationSec: number;
  warmupSec: number;
  pipelining: number;
  timeoutSec: number;
  method: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadWorkerOutput {
  warmup: LoadSummary | null;
  measured: LoadSummary;
}

/** Load goes to loopback only; anything else is refused before a request is sent. */
export function assertLoopback(url: string): void {
  const { hostname } = new URL(url);
  if (hostname !== '127.0.0.1' && hostname !== 'localhost' && hostname !== '[::1]') {
    throw new Error(`refusing to load ${hostname}: benchmarks only target 127.0.0.1`);
  }
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  assertLoopback(options.url);
  const input: LoadWorkerInput = {
    url: options.url,
    connections: options.connections,
    durationSec: options.durationSec,
    warmupSec: options.warmupSec ?? 3,
    pipelining: options.pipelining ?? 1,
    timeoutSec: options.timeoutSec ?? 10,
    method: options.method ?? 'GET',
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
  };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/lib/load-worker.ts', JSON.stringify(input)],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'], detached: true },
  );
  trackChild(child);
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
  });
  // Bounded: both runs plus generous start-up and drain time.
  const limitMs = (input.warmupSec + input.durationSec + input.timeoutSec + 30) * 1000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stopChild(child, 1000);
  }, limitMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode));
  }).finally(() => clearTimeout(timer));
  if (timedOut) throw new Error(`load worker against ${options.url} did not finish within ${limitMs} ms`);
  if (code !== 0) throw new Error(`load worker against ${options.url} exited with ${code}`);
  const lastLine = stdout.trim().split('\n').at(-1) ?? '';
  let output: LoadWorkerOutput;
  try {
    output = JSON.parse(lastLine) as LoadWorkerOutput;
  } catch {
    throw new Error(`load worker printed no JSON result: ${JSON.stringify(stdout.slice(-500))}`);
  }
  return { ...output.measured, warmup: output.warmup };
}

/** Why a run must not count: any non-2xx response or error, in the warm-up or the measurement. */
export function loadFailures(label: string, result: LoadResult): string[] {
  const problems: string[] = [];
  for (const [phase, summary] of [
    ['warm-up', result.warmup],
    ['measured run', result],
  ] as const) {
    if (!summary) continue;
    if (summary.totalRequests === 0) problems.push(`${label} ${phase}: no request completed`);
    if (summary.non2xx > 0) {
      const codes = Object.entries(summary.statusCodes)
        .filter(([status]) => !status.startsWith('2'))
        .map(([status, count]) => `${status}×${count}`)
        .join(', ');
      problems.push(`${label} ${phase}: ${summary.non2xx} non-2xx responses (${codes})`);
    }
    if (summary.errors > 0) {
      problems.push(`${label} ${phase}: ${summary.errors} errors (${summary.timeouts} timeouts)`);
    }
  }
  return problems;
}
