import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntryBundle, encodeEntryBundle } from './entry-bundle.ts';
import { LedgerError } from './errors.ts';

const bytes = (...xs: number[]) => new Uint8Array(xs);

function failure(f: () => unknown): LedgerError {
  try {
    f();
  } catch (e) {
    if (e instanceof LedgerError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('C2SP tlog-tiles entry bundles', () => {
  it('prefixes each entry with its big-endian uint16 length', () => {
    expect(
      encodeEntryBundle([bytes(0x61), new Uint8Array(0), new Uint8Array(258).fill(7)]).subarray(0, 8),
    ).toEqual(bytes(0x00, 0x01, 0x61, 0x00, 0x00, 0x01, 0x02, 7));
    expect(encodeEntryBundle([])).toEqual(new Uint8Array(0));
  });

  it('round-trips any entries up to 65535 bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 600 }), { maxLength: 20 }), (entries) => {
        expect(decodeEntryBundle(encodeEntryBundle(entries), entries.length)).toEqual(entries);
      }),
    );
    const largest = new Uint8Array(65535).fill(1);
    expect(decodeEntryBundle(encodeEntryBundle([largest]))).toEqual([largest]);
  });

  it('refuses an entry over 65535 bytes', () => {
    expect(failure(() => encodeEntryBundle([new Uint8Array(65536)])).code).toBe('ENTRY_TOO_LARGE');
  });

  it('reports truncation precisely', () => {
    const half = failure(() => decodeEntryBundle(bytes(0, 1, 0x61, 0)));
    expect(half.code).toBe('MALFORMED_ENTRY_BUNDLE');
    expect(half.message).toContain('entry 1 at byte 3');
    const short = failure(() => decodeEntryBundle(bytes(0, 5, 1, 2)));
    expect(short.code).toBe('MALFORMED_ENTRY_BUNDLE');
    expect(short.message).toContain('declares 5 bytes, 2 remain');
    expect(failure(() => decodeEntryBundle(bytes(0, 1, 0x61), 2)).message).toContain('expected 2');
  });
});
