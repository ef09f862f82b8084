import { describe, expect, it } from 'vitest';
import { assertKnownFlags, numberFlag, parseBenchArgs, UsageError } from './args.ts';
import { assertLoopback, type LoadResult, loadFailures } from './load.ts';
import { formatResultLine, formatTable, median } from './report.ts';

describe('parseBenchArgs', () => {
  it('takes the first positional as the benchmark name and reads --quick', () => {
    const args = parseBenchArgs(['http-baseline', '--quick']);
    expect(args.name).toBe('http-baseline');
    expect(args.quick).toBe(true);
    expect(args.help).toBe(false);
  });

  it('never lets a boolean flag swallow the name that follows it', () => {
    expect(parseBenchArgs(['--quick', 'http-baseline']).name).toBe('http-baseline');
    expect(parseBenchArgs(['--help', 'http-baseline']).name).toBe('http-baseline');
  });

  it('reads valued flags in both spellings', () => {
    const { flags } = parseBenchArgs(['x', '--connections', '128', '--duration=5', '--no-warmup']);
    expect(flags).toEqual({ connections: '128', duration: '5', warmup: false });
  });

  it('recognises -h and --help', () => {
    expect(parseBenchArgs(['-h']).help).toBe(true);
    expect(parseBenchArgs(['--help']).help).toBe(true);
    expect(parseBenchArgs([]).name).toBeUndefined();
  });
});

describe('numberFlag', () => {
  const flags = parseBenchArgs(['x', '--connections', '32', '--duration', 'abc', '--repeats', '1.5']).flags;

  it('returns the value, or the default when the flag is absent', () => {
    expect(numberFlag(flags, 'connections', 64, { min: 1, integer: true })).toBe(32);
    expect(numberFlag(flags, 'warmup', 3)).toBe(3);
  });

  it('refuses malformed or out-of-range values instead of running the defaults', () => {
    expect(() => numberFlag(flags, 'duration', 10)).toThrow(UsageError);
    expect(() => numberFlag(flags, 'repeats', 1, { integer: true })).toThrow(/integer/);
    expect(() => numberFlag(flags, 'connections', 64, { min: 64 })).toThrow(/\[64/);
  });

  it('refuses a flag given without a value', () => {
    const { flags: bare } = parseBenchArgs(['x', '--connections']);
    expect(() => numberFlag(bare, 'connections', 64)).toThrow(/needs a number/);
  });
});

describe('assertKnownFlags', () => {
  it('rejects a typo and accepts the common flags', () => {
    const { flags } = parseBenchArgs(['x', '--quick', '--conections', '8']);
    expect(() => assertKnownFlags(flags, ['connections'])).toThrow(/--conections/);
    expect(() => assertKnownFlags({ quick: true, connections: '8' }, ['connections'])).not.toThrow();
  });
});

describe('formatResultLine', () => {
  it('is one line of JSON that parses back to the same object', () => {
    const result = { bench: 'http-baseline', reqPerSec: 12345, ratio: 0.5, note: 'a\nb' };
    const line = formatResultLine(result);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(result);
  });

  it('keeps the key order a reader expects', () => {
    const line = formatResultLine({ bench: 'http-baseline', reqPerSec: 1, baselineReqPerSec: 2, ratio: 0.5 });
    expect(line).toBe('{"bench":"http-baseline","reqPerSec":1,"baselineReqPerSec":2,"ratio":0.5}');
  });

  it('refuses NaN and Infinity rather than printing null as a figure', () => {
    expect(() => formatResultLine({ bench: 'x', ratio: Number.NaN })).toThrow(/ratio/);
    expect(() => formatResultLine({ bench: 'x', ratio: 1 / 0 })).toThrow(/ratio/);
  });

  it('needs a benchmark name', () => {
    expect(() => formatResultLine({ bench: '', reqPerSec: 1 })).toThrow(/bench/);
  });
});

describe('formatTable', () => {
  it('aligns numbers right and text left under their headers', () => {
    const text = formatTable({
      columns: ['run', 'req/s'],
      rows: [
        ['bare', 91234],
        ['health', 512],
      ],
    });
    expect(text.split('\n')).toEqual([
      'run      req/s',
      '------  ------',
      'bare    91,234',
      'health     512',
    ]);
  });
});

describe('median', () => {
  it('takes the middle value or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });
});

describe('loadFailures', () => {
  const clean: LoadResult = {
    reqPerSec: 1000,
    p50Ms: 1,
    p99Ms: 2,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    totalRequests: 3000,
    durationSec: 3,
    statusCodes: { '200': 3000 },
    warmup: null,
  };

  it('passes a clean run', () => {
    expect(loadFailures('GET /x', clean)).toEqual([]);
  });

  it('names non-2xx status codes and errors, in the warm-up too', () => {
    const broken: LoadResult = {
      ...clean,
      non2xx: 7,
      statusCodes: { '200': 2993, '429': 7 },
      warmup: { ...clean, errors: 2, timeouts: 2 },
    };
    const problems = loadFailures('GET /x', broken);
    expect(problems).toHaveLength(2);
    expect(problems.join(' ')).toContain('429×7');
    expect(problems.join(' ')).toContain('warm-up: 2 errors');
  });

  it('fails a run in which nothing completed', () => {
    expect(loadFailures('GET /x', { ...clean, totalRequests: 0 })).toEqual([
      'GET /x measured run: no request completed',
    ]);
  });
});

describe('assertLoopback', () => {
  it('allows loopback only', () => {
    expect(() => assertLoopback('http://127.0.0.1:3000/api/health')).not.toThrow();
    expect(() => assertLoopback('http://example.com/')).toThrow(/127\.0\.0\.1/);
  });
});
