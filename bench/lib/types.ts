import type { BenchArgs } from './args.ts';
import type { ResultLine } from './report.ts';

/**
 * What `bench/<name>/index.ts` (or `bench/<name>.ts`) exports as default. `run` prints its
 * figures, stops everything it started, and returns the result; the harness prints that
 * result as the last line of stdout. A failed measurement throws.
 */
export interface Benchmark {
  /** One line for the benchmark list. */
  description: string;
  /** Flag name → help text (without the leading `--`). */
  flags: Record<string, string>;
  run(args: BenchArgs): Promise<ResultLine>;
}

/** A run that must not produce a figure (non-2xx, errors, degraded server). */
export class BenchFailure extends Error {
  override name = 'BenchFailure';
}
