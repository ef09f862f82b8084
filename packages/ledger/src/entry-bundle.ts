import { LedgerError } from './errors.ts';

/** C2SP tlog-tiles "Log entries": each entry is prefixed by its length as a big-endian uint16. */
export const MAX_ENTRY_SIZE = 0xffff;

/** C2SP tlog-tiles entry bundle: the concatenation of uint16-length-prefixed entries. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  entries.forEach((e, i) => {
    if (e.length > MAX_ENTRY_SIZE) {
      throw new LedgerError(
        'ENTRY_TOO_LARGE',
        `entry ${i} is ${e.length} bytes; entry bundles allow at most 65535`,
      );
    }
    size += 2 + e.length;
  });
  const out = new Uint8Array(size);
  let at = 0;
  for (const e of entries) {
    out[at] = e.length >>> 8;
    out[at + 1] = e.length & 0xff;
    out.set(e, at + 2);
    at += 2 + e.length;
  }
  return out;
}

/**
 * Splits an entry bundle into its entries. With `expectedCount` (the tile width the bundle was
 * fetched for) a bundle holding more or fewer entries is rejected too.
 */
export function decodeEntryBundle(bytes: Uint8Array, expectedCount?: number): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) {
      throw new LedgerError(
        'MALFORMED_ENTRY_BUNDLE',
        `entry bundle truncated: entry ${entries.length} at byte ${at} has only 1 byte of its 2-byte length`,
      );
    }
    const length = (bytes[at]! << 8) | bytes[at + 1]!;
    const end = at + 2 + length;
    if (end > bytes.length) {
      throw new LedgerError(
        'MALFORMED_ENTRY_BUNDLE',
        `entry bundle truncated: entry ${entries.length} at byte ${at} declares ${length} bytes, ${bytes.length - at - 2} remain`,
      );
    }
    entries.push(bytes.slice(at + 2, end));
    at = end;
  }
  if (expectedCount !== undefined && entries.length !== expectedCount) {
    throw new LedgerError(
      'MALFORMED_ENTRY_BUNDLE',
      `entry bundle holds ${entries.length} entries, expected ${expectedCount}`,
    );
  }
  return entries;
}
