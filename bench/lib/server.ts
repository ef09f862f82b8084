/** Starting the servers under test: the real `anzheng serve` and a bare Fastify anchor. */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { removeTempDir, stopChild, trackChild, trackTempDir } from './processes.ts';
import { BenchFailure } from './types.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');
const CLI_ENTRY = 'apps/cli/bin/anzheng.js';

export interface RunningServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  url: string;
  pid: number;
  /** stdout + stderr of the server, kept after the run for diagnosis. */
  logPath: string;
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /** Extra environment; wins over the defaults (PORT, HOST, DATA_DIR, LOG_LEVEL). */
  env?: Record<string, string>;
  /** Path polled until it answers 200. */
  readyPath?: string;
  readyTimeoutMs?: number;
  /** Name used for the log file. */
  label?: string;
}

/** A free TCP port on 127.0.0.1, as assigned by the kernel for port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error('could not read the probe port'));
        return;
      }
      probe.close(() => resolve(address.port));
    });
  });
}

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
}

function logTail(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * The environment the server inherits. DATABASE_URL is dropped unless passed explicitly
 * in `env`, so a developer's shell never points a benchmark at a real database by accident
 * and a PGlite figure is never a PostgreSQL one.
 */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  return { ...env, ...extra };
}

async function spawnHttpServer(
  command: string[],
  options: Required<Pick<StartServerOptions, 'readyPath' | 'readyTimeoutMs' | 'label'>> & {
    env: Record<string, string>;
    dataDir?: string;
  },
): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  mkdirSync(RESULTS_DIR, { recursive: true });
  const logPath = join(RESULTS_DIR, `${options.label}-${timestamp()}-${process.pid}.log`);
  const logFd = openSync(logPath, 'a');
  const env = childEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
    ...options.env,
  });
  const [file, ...args] = command;
  // The server writes straight into the log file: no pipe for the driver to drain.
  const child = spawn(file!, args, { cwd: REPO_ROOT, env, stdio: ['ignore', logFd, logFd], detached: true });
  closeSync(logFd);
  trackChild(child);

  const cleanUp = async () => {
    await stopChild(child);
    if (options.dataDir) removeTempDir(options.dataDir);
  };

  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });
  const deadline = Date.now() + options.readyTimeoutMs;
  for (let attempt = 0; ; attempt++) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) {
      await cleanUp();
      const why = spawnError?.message ?? `exited with ${child.exitCode ?? child.signalCode}`;
      throw new BenchFailure(
        `${options.label} ${why} before it was ready; log ${logPath}:\n${logTail(logPath)}`,
      );
    }
    if (Date.now() > deadline) {
      await cleanUp();
      throw new BenchFailure(
        `${options.label} not ready at ${url}${options.readyPath} after ${options.readyTimeoutMs} ms; ` +
          `log ${logPath}:\n${logTail(logPath)}`,
      );
    }
    try {
      const res = await fetch(`${url}${options.readyPath}`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(Math.min(50 * 2 ** attempt, 250));
  }
  return { url, pid: child.pid!, logPath, stop: cleanUp };
}

/**
 * `node apps/cli/bin/anzheng.js serve` on a free port with a fresh DATA_DIR (removed on
 * stop). `ANZHENG_BENCH_SERVER_ENTRY` swaps the entry file, e.g. to benchmark another build.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const entry = process.env.ANZHENG_BENCH_SERVER_ENTRY ?? CLI_ENTRY;
  const dataDir = mkdtempSync(join(tmpdir(), 'anzheng-bench-'));
  trackTempDir(dataDir);
  return spawnHttpServer([process.execPath, entry, 'serve'], {
    env: options.env ?? {},
    readyPath: options.readyPath ?? '/api/health',
    // A new PGlite data directory plus migrations takes seconds on a 2-core machine.
    readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
    label: options.label ?? 'anzheng',
    dataDir,
  });
}

/** `bench/lib/bare-server.ts`: Fastify 5, no plugins, `GET /bare` — the throughput anchor. */
export function startBareFastify(options: { readyTimeoutMs?: number } = {}): Promise<RunningServer> {
  return spawnHttpServer([process.execPath, '--import', 'tsx', 'bench/lib/bare-server.ts'], {
    env: {},
    readyPath: '/bare',
    readyTimeoutMs: options.readyTimeoutMs ?? 20_000,
    label: 'bare-fastify',
  });
}
