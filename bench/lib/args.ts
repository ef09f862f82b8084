/** Command-line parsing for `bench/run.ts`: pure, so the smoke test covers it. */

export type FlagValue = string | boolean;

export interface BenchArgs {
  /** The benchmark to run (first positional argument), if any. */
  name: string | undefined;
  help: boolean;
  /** Shorten every phase so the whole benchmark finishes in under a minute. */
  quick: boolean;
  /** Every `--flag` seen, including `quick` and `help`. */
  flags: Record<string, FlagValue>;
  /** Positional arguments after the name. */
  rest: string[];
}

/** Flags that never take a value, so `--quick http-baseline` keeps the name positional. */
const BOOLEAN_FLAGS = new Set(['quick', 'help', 'h']);

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const flags: Record<string, FlagValue> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (token === '-h') {
      flags.help = true;
      continue;
    }
    if (!token.startsWith('--') || token === '--') {
      positionals.push(token);
      continue;
    }
    const body = token.slice(2);
    const eq = body.indexOf('=');
    if (eq >= 0) {
      flags[body.slice(0, eq)] = body.slice(eq + 1);
      continue;
    }
    if (body.startsWith('no-')) {
      flags[body.slice(3)] = false;
      continue;
    }
    const next = argv[i + 1];
    if (!BOOLEAN_FLAGS.has(body) && next !== undefined && !next.startsWith('--')) {
      flags[body] = next;
      i++;
    } else {
      flags[body] = true;
    }
  }
  return {
    name: positionals[0],
    help: flags.help === true || flags.h === true,
    quick: flags.quick === true,
    flags,
    rest: positionals.slice(1),
  };
}

/** A numeric flag within bounds, or `fallback` when absent; a malformed value is a usage error. */
export function numberFlag(
  flags: Record<string, FlagValue>,
  name: string,
  fallback: number,
  bounds: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new UsageError(`--${name} needs a number`);
  }
  const value = Number(raw);
  const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY, integer = false } = bounds;
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    const kind = integer ? 'an integer' : 'a number';
    throw new UsageError(`--${name} must be ${kind} in [${min}, ${max}], got "${raw}"`);
  }
  return value;
}

/** A string flag, or undefined when absent. */
export function stringFlag(flags: Record<string, FlagValue>, name: string): string | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new UsageError(`--${name} needs a value`);
  return raw;
}

/** Rejects flags a benchmark does not know, so a typo never silently runs the defaults. */
export function assertKnownFlags(flags: Record<string, FlagValue>, known: readonly string[]): void {
  const allowed = new Set([...known, 'quick', 'help', 'h']);
  const unknown = Object.keys(flags).filter((f) => !allowed.has(f));
  if (unknown.length > 0) {
    throw new UsageError(`unknown flag ${unknown.map((f) => `--${f}`).join(', ')}`);
  }
}
