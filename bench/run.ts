/**
 * Benchmark harness: `npm run bench -- <name> [--quick] [flags]`.
 * Runs bench/<name>/index.ts (or bench/<name>.ts); its last stdout line is one JSON result.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BenchArgs, parseBenchArgs, UsageError } from './lib/args.ts';
import { installCleanupHandlers, stopAll } from './lib/processes.ts';
import { formatResultLine, printResultLine } from './lib/report.ts';
import { REPO_ROOT, RESULTS_DIR } from './lib/server.ts';
import type { Benchmark } from './lib/types.ts';

const BENCH_DIR = join(REPO_ROOT, 'bench');
const NAME = /^[a-z0-9][a-z0-9-]*$/;
const NOT_BENCHMARKS = new Set(['lib', 'results', 'run']);

function benchmarkPaths(): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(BENCH_DIR).sort()) {
    const full = join(BENCH_DIR, entry);
    if (statSync(full).isDirectory()) {
      if (NAME.test(entry) && !NOT_BENCHMARKS.has(entry) && existsSync(join(full, 'index.ts'))) {
        found.set(entry, join(full, 'index.ts'));
      }
    } else if (entry.endsWith('.ts') && !entry.endsWith('.test.ts') && !entry.endsWith('.d.ts')) {
      const name = entry.slice(0, -3);
      if (NAME.test(name) && !NOT_BENCHMARKS.has(name) && !found.has(name)) found.set(name, full);
    }
  }
  return found;
}

async function loadBenchmark(path: string): Promise<Benchmark> {
  const mod = (await import(pathToFileURL(path).href)) as { default?: Benchmark };
  if (!mod.default || typeof mod.default.run !== 'function') {
    throw new Error(`${path} has no default export with a run() function`);
  }
  return mod.default;
}

async function printList(paths: Map<string, string>): Promise<void> {
  const lines = ['usage: npm run bench -- <name> [--quick] [flags]', '', 'benchmarks:'];
  const width = Math.max(0, ...[...paths.keys()].map((n) => n.length));
  for (const [name, path] of paths) {
    const bench = await loadBenchmark(path);
    lines.push(`  ${name.padEnd(width)}  ${bench.description}`);
  }
  lines.push('', 'every benchmark takes --quick (whole run under a minute); `<name> --help` lists its flags');
  process.stderr.write(`${lines.join('\n')}\n`);
}

function printBenchHelp(name: string, bench: Benchmark): void {
  const flags = [['quick', 'shorter phases, whole run under a minute'], ...Object.entries(bench.flags)];
  const width = Math.max(...flags.map(([flag]) => flag!.length));
  const lines = [`${name}: ${bench.description}`, '', 'flags:'];
  for (const [flag, help] of flags) lines.push(`  --${flag!.padEnd(width)}  ${help}`);
  process.stderr.write(`${lines.join('\n')}\n`);
}

function recordHistory(line: string): void {
  try {
    mkdirSync(RESULTS_DIR, { recursive: true });
    appendFileSync(
      join(RESULTS_DIR, 'history.jsonl'),
      `${line.slice(0, -1)},"at":"${new Date().toISOString()}"}\n`,
    );
  } catch {
    // history is a convenience; the printed line is the result
  }
}

async function main(): Promise<number> {
  installCleanupHandlers();
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n`);
    return 2;
  }
  const paths = benchmarkPaths();
  if (args.name === undefined) {
    await printList(paths);
    if (args.help) return 0;
    process.stderr.write('bench: no benchmark named\n');
    return 2;
  }
  const path = paths.get(args.name);
  if (path === undefined) {
    await printList(paths);
    process.stderr.write(
      `bench: unknown benchmark "${args.name}" (available: ${[...paths.keys()].join(', ') || 'none'})\n`,
    );
    return 2;
  }
  const bench = await loadBenchmark(path);
  if (args.help) {
    printBenchHelp(args.name, bench);
    return 0;
  }
  try {
    const result = await bench.run(args);
    printResultLine(result);
    recordHistory(formatResultLine(result));
    return 0;
  } catch (err) {
    await stopAll();
    if (err instanceof UsageError) {
      process.stderr.write(`bench ${args.name}: ${err.message}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`\nbench ${args.name} FAILED: ${message}\n`);
    if (err instanceof Error && !(err.name === 'BenchFailure') && err.stack) {
      process.stderr.write(`${err.stack}\n`);
    }
    // Still one JSON line last, without figures, so a pipeline reading it sees the failure.
    printResultLine({ bench: args.name, error: message.split('\n')[0] ?? message });
    return 1;
  }
}

process.exitCode = await main();
