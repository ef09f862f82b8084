/**
 * Every process a benchmark starts is registered here, so it is stopped on normal exit,
 * on error and on SIGINT/SIGTERM. Children run in their own process group (detached), and
 * the group is signalled, so a server that re-execs itself (node → tsx) goes down whole.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const running = new Set<ChildProcess>();
const tempDirs = new Set<string>();

export function trackChild(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
}

export function trackTempDir(dir: string): void {
  tempDirs.add(dir);
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    // The leader is gone; make sure nothing it left in its group lingers.
    signalGroup(child, 'SIGKILL');
    running.delete(child);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const forced = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      signalGroup(child, 'SIGKILL');
      resolve();
    }, graceMs);
  });
  await Promise.race([exited, forced]);
  clearTimeout(timer);
  await exited;
  running.delete(child);
}

/** Synchronous last resort, for process 'exit' where nothing async runs any more. */
function killAllNow(): void {
  for (const child of running) signalGroup(child, 'SIGKILL');
  running.clear();
  for (const dir of tempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort on the way out
    }
  }
  tempDirs.clear();
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child, 2000)));
  killAllNow();
}

let installed = false;

/** Installs exit and signal handlers once; a second Ctrl-C kills immediately. */
export function installCleanupHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllNow);
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      const code = signal === 'SIGINT' ? 130 : 143;
      if (interrupted) process.exit(code);
      interrupted = true;
      process.stderr.write(`\n[bench] ${signal}: stopping child processes\n`);
      void stopAll().finally(() => process.exit(code));
    });
  }
}
