import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LedgerError } from './errors.ts';
import {
  checkRecord,
  checkTree,
  emptyTreeHash,
  leafHash,
  MAX_TREE_SIZE,
  merkleTreeHash,
  nodeHash,
} from './merkle.ts';
import {
  type AsyncHashReader,
  type HashReader,
  MemoryHashLog,
  planProveRecord,
  planProveTree,
  proveRecord,
  proveRecordAsync,
  proveTree,
  proveTreeAsync,
  splitStoredHashIndex,
  storedHashCount,
  storedHashesAsync,
  storedHashIndex,
  treeHash,
  treeHashAsync,
} from './stored-hashes.ts';

const entry = (i: number) => new TextEncoder().encode(`entry ${i}`);
const leaves = Array.from({ length: 300 }, (_, i) => leafHash(entry(i)));
const log = new MemoryHashLog();
for (let i = 0; i < 300; i++) log.append(entry(i));

const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof LedgerError ? e.code : `not a LedgerError: ${e}`;
  }
  return undefined;
};

describe('stored hash indexes (Go tlog model)', () => {
  it('orders hashes as they become complete', () => {
    // Leaf 0, leaf 1, node(0,1), leaf 2, leaf 3, node(2,3), node(0..3), leaf 4.
    const order = [
      [0, 0],
      [0, 1],
      [1, 0],
      [0, 2],
      [0, 3],
      [1, 1],
      [2, 0],
      [0, 4],
    ];
    order.forEach(([level, n], i) => {
      expect(storedHashIndex(level!, n!)).toBe(i);
      expect(splitStoredHashIndex(i)).toEqual({ level, n });
    });
  });

  it('splitStoredHashIndex inverts storedHashIndex, up to 2^51 records', () => {
    for (let i = 0; i < 5000; i++) {
      const { level, n } = splitStoredHashIndex(i);
      if (storedHashIndex(level, n) !== i) throw new Error(`index ${i}`);
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 50 }), (level, n0) => {
        const n = Math.floor(n0 / 2 ** level);
        expect(splitStoredHashIndex(storedHashIndex(level, n))).toEqual({ level, n });
      }),
    );
  });

  it('stores each complete subtree hash exactly once, storedHashCount(n) of them for n records', () => {
    const grown = new MemoryHashLog();
    for (let n = 0; n < 300; n++) {
      expect(grown.hashes.length).toBe(storedHashCount(n));
      expect(storedHashCount(n)).toBe(storedHashIndex(0, n));
      grown.append(entry(n));
    }
    log.hashes.forEach((h, i) => {
      const { level, n } = splitStoredHashIndex(i);
      const span = 2 ** level;
      expect(h).toEqual(merkleTreeHash(leaves.slice(n * span, (n + 1) * span)));
    });
  });

  it('treeHash equals the RFC 9162 MTH on random sizes; the empty tree needs no reads', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), (n) => {
        expect(treeHash(n, log)).toEqual(merkleTreeHash(leaves.slice(0, n)));
      }),
    );
    const noReads: HashReader = {
      readHashes: () => {
        throw new Error('read');
      },
    };
    expect(treeHash(0, noReads)).toEqual(emptyTreeHash);
  });
});

describe('async readers', () => {
  const asyncLog: AsyncHashReader & { calls: number } = {
    calls: 0,
    async readHashes(indexes) {
      this.calls++;
      return log.readHashes(indexes);
    },
  };

  it('give the same results as sync readers, with one read per operation', async () => {
    for (const [t, n] of [
      [1, 0],
      [7, 3],
      [256, 255],
      [300, 129],
    ] as const) {
      asyncLog.calls = 0;
      expect(await proveRecordAsync(t, n, asyncLog)).toEqual(proveRecord(t, n, log));
      expect(await proveTreeAsync(t, n + 1, asyncLog)).toEqual(proveTree(t, n + 1, log));
      expect(await treeHashAsync(t, asyncLog)).toEqual(treeHash(t, log));
      expect(asyncLog.calls).toBeLessThanOrEqual(3);
    }
    const grown: Uint8Array[] = [];
    const reader: AsyncHashReader = { readHashes: async (xs) => xs.map((x) => grown[x]!) };
    for (let n = 0; n < 70; n++) grown.push(...(await storedHashesAsync(n, entry(n), reader)));
    expect(grown).toEqual(log.hashes.slice(0, grown.length));
  });
});

describe('proofs read O(log n) hashes', () => {
  it('plans at most 2·log2(t) reads, all of stored indexes, for trees up to 2^51', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: MAX_TREE_SIZE })
          .chain((t) => fc.tuple(fc.constant(t), fc.integer({ min: 1, max: t - 1 }))),
        ([t, n]) => {
          const limit = storedHashCount(t);
          const bound = 2 * Math.ceil(Math.log2(t)) + 2;
          for (const plan of [planProveRecord(t, n), planProveTree(t, n)]) {
            expect(plan.indexes.length).toBeLessThanOrEqual(bound);
            for (const x of plan.indexes) expect(x).toBeLessThan(limit);
          }
        },
      ),
    );
  });

  it('computes a proof in a huge tree from a synthetic reader, and it verifies', () => {
    // Every stored hash of a tree of identical leaves is determined by its level alone.
    const byLevel = [leafHash(new Uint8Array())];
    for (let l = 1; l <= 52; l++) byLevel.push(nodeHash(byLevel[l - 1]!, byLevel[l - 1]!));
    const reader: HashReader = { readHashes: (xs) => xs.map((x) => byLevel[splitStoredHashIndex(x).level]!) };
    const t = 2 ** 50 + 12345;
    const n = 2 ** 49 + 777;
    const proof = proveRecord(t, n, reader);
    expect(proof.length).toBeGreaterThan(45);
    expect(proof.length).toBeLessThanOrEqual(52);
    expect(checkRecord(proof, t, treeHash(t, reader), n, byLevel[0]!)).toBe(true);
    expect(checkTree(proveTree(t, n, reader), t, treeHash(t, reader), n, treeHash(n, reader))).toBe(true);
  });
});

describe('argument and reader checks', () => {
  it('rejects out-of-range sizes and indexes with INVALID_ARGUMENT', () => {
    expect(code(() => proveRecord(5, 5, log))).toBe('INVALID_ARGUMENT');
    expect(code(() => proveRecord(0, 0, log))).toBe('INVALID_ARGUMENT');
    expect(code(() => proveTree(5, 6, log))).toBe('INVALID_ARGUMENT');
    expect(code(() => proveTree(5, 0, log))).toBe('INVALID_ARGUMENT');
    expect(code(() => treeHash(-1, log))).toBe('INVALID_ARGUMENT');
    expect(code(() => treeHash(1.5, log))).toBe('INVALID_ARGUMENT');
    expect(code(() => treeHash(2 ** 52, log))).toBe('INVALID_ARGUMENT');
    expect(code(() => storedHashIndex(-1, 0))).toBe('INVALID_ARGUMENT');
  });

  it('rejects a reader that returns the wrong number or size of hashes', () => {
    const short: HashReader = { readHashes: (xs) => log.readHashes(xs).slice(1) };
    const truncated: HashReader = { readHashes: (xs) => log.readHashes(xs).map((h) => h.subarray(1)) };
    expect(code(() => treeHash(300, short))).toBe('HASH_READER_MISMATCH');
    expect(code(() => proveRecord(300, 3, truncated))).toBe('HASH_READER_MISMATCH');
  });
});
