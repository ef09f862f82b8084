import { LedgerError } from './errors.ts';
import { assertTreeSize, emptyTreeHash, HASH_SIZE, leafHash, MAX_TREE_SIZE, nodeHash } from './merkle.ts';

// The stored-hash model of Go's golang.org/x/mod/sumdb/tlog (the model C2SP tlog-tiles derives
// from): every complete subtree hash is stored once, in the order it becomes complete, so a log of
// n records keeps about 2n hashes and any root or proof needs O(log n) of them.
// Arithmetic is on `number`s with `Math.floor` / powers of two, never 32-bit bitwise operators.

/** Reads stored hashes by index; must return exactly one 32-byte hash per index, in order. */
export interface HashReader {
  readHashes(indexes: readonly number[]): Uint8Array[];
}

/** The database-facing form of `HashReader`. */
export interface AsyncHashReader {
  readHashes(indexes: readonly number[]): Promise<Uint8Array[]>;
}

/**
 * A computation over stored hashes, split into the reads it needs (`indexes`) and the pure step
 * that combines them (`finish`), so the same code serves sync and async readers and a caller can
 * batch the reads however its storage prefers.
 */
export interface HashPlan<T> {
  readonly indexes: readonly number[];
  finish(hashes: readonly Uint8Array[]): T;
}

export function runPlan<T>(plan: HashPlan<T>, reader: HashReader): T {
  if (plan.indexes.length === 0) return plan.finish([]);
  return plan.finish(checkedHashes(plan.indexes, reader.readHashes(plan.indexes)));
}

export async function runPlanAsync<T>(plan: HashPlan<T>, reader: AsyncHashReader): Promise<T> {
  if (plan.indexes.length === 0) return plan.finish([]);
  return plan.finish(checkedHashes(plan.indexes, await reader.readHashes(plan.indexes)));
}

function checkedHashes(indexes: readonly number[], hashes: readonly Uint8Array[]): readonly Uint8Array[] {
  if (hashes.length !== indexes.length) {
    throw new LedgerError(
      'HASH_READER_MISMATCH',
      `readHashes returned ${hashes.length} hashes for ${indexes.length} indexes`,
    );
  }
  hashes.forEach((h, i) => {
    if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) {
      throw new LedgerError(
        'HASH_READER_MISMATCH',
        `readHashes returned a malformed hash for index ${indexes[i]}`,
      );
    }
  });
  return hashes;
}

const pow2 = (k: number): number => 2 ** k;
const shiftRight = (x: number, k: number): number => Math.floor(x / pow2(k));

function trailingZeros(x: number): number {
  let z = 0;
  let v = x;
  while (v > 0 && v % 2 === 0) {
    v /= 2;
    z++;
  }
  return z;
}

/** Largest power of two strictly below n, with its exponent (n ≥ 2). */
function maxPow2(n: number): { k: number; level: number } {
  let level = 0;
  while (pow2(level + 1) < n) level++;
  return { k: pow2(level), level };
}

function assertLevel(level: number): void {
  if (!Number.isSafeInteger(level) || level < 0 || level > 52) {
    throw new LedgerError('INVALID_ARGUMENT', `level must be an integer in [0, 52], got ${level}`);
  }
}

/** Index in the stored-hash sequence of the hash of the n-th subtree at `level` (leaves are level 0). */
export function storedHashIndex(level: number, n: number): number {
  assertLevel(level);
  assertTreeSize('n', n);
  let x = n;
  for (let l = level; l > 0; l--) x = 2 * x + 1;
  let i = 0;
  for (; x > 0; x = Math.floor(x / 2)) i += x;
  return i + level;
}

/** Inverse of `storedHashIndex`. */
export function splitStoredHashIndex(index: number): { level: number; n: number } {
  if (!Number.isSafeInteger(index) || index < 0 || index > 2 * MAX_TREE_SIZE) {
    throw new LedgerError('INVALID_ARGUMENT', `stored hash index out of range: ${index}`);
  }
  // Leaf n sits at storedHashIndex(0, n) ≤ 2n; start from the lowest n that could own `index`
  // and walk forward over the (1 + trailing zeros of n+1) hashes each record appends.
  let n = Math.floor(index / 2);
  let indexN = storedHashIndex(0, n);
  for (;;) {
    const next = indexN + 1 + trailingZeros(n + 1);
    if (next > index) break;
    n++;
    indexN = next;
  }
  const level = index - indexN;
  return { level, n: shiftRight(n, level) };
}

/** Number of stored hashes for a tree of size n. */
export function storedHashCount(n: number): number {
  assertTreeSize('n', n);
  if (n === 0) return 0;
  let count = storedHashIndex(0, n - 1) + 1;
  for (let i = n - 1; i % 2 === 1; i = Math.floor(i / 2)) count++;
  return count;
}

/**
 * The hashes to append, at indexes storedHashIndex(0, n) up to storedHashCount(n + 1) - 1, when
 * record n (with the given leaf hash) is added to a tree of size n.
 */
export function planStoredHashes(n: number, recordLeafHash: Uint8Array): HashPlan<Uint8Array[]> {
  assertTreeSize('n', n);
  if (n >= MAX_TREE_SIZE) throw new LedgerError('INVALID_ARGUMENT', 'tree is full');
  const m = trailingZeros(n + 1);
  const indexes: number[] = [];
  for (let i = m - 1; i >= 0; i--) indexes.push(storedHashIndex(i, shiftRight(n, i) - 1));
  return {
    indexes,
    finish(hashes) {
      const out = [recordLeafHash];
      let h = recordLeafHash;
      for (let i = 0; i < m; i++) {
        h = nodeHash(hashes[m - 1 - i]!, h);
        out.push(h);
      }
      return out;
    },
  };
}

// RFC 9162 §2.1.1 splits D[lo:hi] at the largest power of two; a range [lo, hi) whose left edge
// is aligned decomposes into complete subtrees of decreasing size, each one stored hash.

function subTreeIndexes(lo: number, hi: number, need: number[]): void {
  let at = lo;
  while (at < hi) {
    const { k, level } = maxPow2(hi - at + 1);
    need.push(storedHashIndex(level, shiftRight(at, level)));
    at += k;
  }
}

/** A cursor over the hashes a plan read, consumed in the order the indexes were pushed. */
class HashCursor {
  private at = 0;
  constructor(private readonly hashes: readonly Uint8Array[]) {}
  take(count: number): readonly Uint8Array[] {
    const out = this.hashes.slice(this.at, this.at + count);
    this.at += count;
    return out;
  }
}

function subTreeHash(lo: number, hi: number, cursor: HashCursor): Uint8Array {
  let trees = 0;
  for (let at = lo; at < hi; at += maxPow2(hi - at + 1).k) trees++;
  const hs = cursor.take(trees);
  let h = hs[trees - 1]!;
  for (let i = trees - 2; i >= 0; i--) h = nodeHash(hs[i]!, h);
  return h;
}

/** RFC 9162 §2.1.1: MTH(D[0:n]). For n = 0 this is SHA-256 of the empty string (Go's tlog returns zeros). */
export function planTreeHash(n: number): HashPlan<Uint8Array> {
  assertTreeSize('n', n);
  const indexes: number[] = [];
  subTreeIndexes(0, n, indexes);
  return {
    indexes,
    finish: (hashes) => (n === 0 ? emptyTreeHash : subTreeHash(0, n, new HashCursor(hashes))),
  };
}

function leafProofIndexes(lo: number, hi: number, n: number, need: number[]): void {
  if (lo + 1 === hi) return;
  const { k } = maxPow2(hi - lo);
  if (n < lo + k) {
    leafProofIndexes(lo, lo + k, n, need);
    subTreeIndexes(lo + k, hi, need);
  } else {
    subTreeIndexes(lo, lo + k, need);
    leafProofIndexes(lo + k, hi, n, need);
  }
}

function leafProof(lo: number, hi: number, n: number, cursor: HashCursor): Uint8Array[] {
  if (lo + 1 === hi) return [];
  const { k } = maxPow2(hi - lo);
  let proof: Uint8Array[];
  let sibling: Uint8Array;
  if (n < lo + k) {
    proof = leafProof(lo, lo + k, n, cursor);
    sibling = subTreeHash(lo + k, hi, cursor);
  } else {
    sibling = subTreeHash(lo, lo + k, cursor);
    proof = leafProof(lo + k, hi, n, cursor);
  }
  proof.push(sibling);
  return proof;
}

/** RFC 9162 §2.1.3.1: PATH(n, D[0:t]), the audit path of record n in the tree of size t, leaf upward. */
export function planProveRecord(t: number, n: number): HashPlan<Uint8Array[]> {
  assertTreeSize('t', t, 1);
  assertTreeSize('n', n);
  if (n >= t) throw new LedgerError('INVALID_ARGUMENT', `record ${n} is not in a tree of size ${t}`);
  const indexes: number[] = [];
  leafProofIndexes(0, t, n, indexes);
  return { indexes, finish: (hashes) => leafProof(0, t, n, new HashCursor(hashes)) };
}

function treeProofIndexes(lo: number, hi: number, n: number, need: number[]): void {
  if (n === hi) {
    if (lo !== 0) subTreeIndexes(lo, hi, need);
    return;
  }
  const { k } = maxPow2(hi - lo);
  if (n <= lo + k) {
    treeProofIndexes(lo, lo + k, n, need);
    subTreeIndexes(lo + k, hi, need);
  } else {
    subTreeIndexes(lo, lo + k, need);
    treeProofIndexes(lo + k, hi, n, need);
  }
}

function treeProof(lo: number, hi: number, n: number, cursor: HashCursor): Uint8Array[] {
  if (n === hi) return lo === 0 ? [] : [subTreeHash(lo, hi, cursor)];
  const { k } = maxPow2(hi - lo);
  let proof: Uint8Array[];
  let sibling: Uint8Array;
  if (n <= lo + k) {
    proof = treeProof(lo, lo + k, n, cursor);
    sibling = subTreeHash(lo + k, hi, cursor);
  } else {
    sibling = subTreeHash(lo, lo + k, cursor);
    proof = treeProof(lo + k, hi, n, cursor);
  }
  proof.push(sibling);
  return proof;
}

/** RFC 9162 §2.1.4.1: PROOF(n, D[0:t]), the consistency proof from size n to size t (1 ≤ n ≤ t). */
export function planProveTree(t: number, n: number): HashPlan<Uint8Array[]> {
  assertTreeSize('t', t, 1);
  assertTreeSize('n', n, 1);
  if (n > t)
    throw new LedgerError('INVALID_ARGUMENT', `cannot prove size ${n} consistent with smaller size ${t}`);
  const indexes: number[] = [];
  treeProofIndexes(0, t, n, indexes);
  return { indexes, finish: (hashes) => treeProof(0, t, n, new HashCursor(hashes)) };
}

export const storedHashes = (n: number, entry: Uint8Array, reader: HashReader): Uint8Array[] =>
  runPlan(planStoredHashes(n, leafHash(entry)), reader);
export const storedHashesAsync = (
  n: number,
  entry: Uint8Array,
  reader: AsyncHashReader,
): Promise<Uint8Array[]> => runPlanAsync(planStoredHashes(n, leafHash(entry)), reader);
export const storedHashesForLeafHash = (n: number, h: Uint8Array, reader: HashReader): Uint8Array[] =>
  runPlan(planStoredHashes(n, h), reader);
export const storedHashesForLeafHashAsync = (
  n: number,
  h: Uint8Array,
  reader: AsyncHashReader,
): Promise<Uint8Array[]> => runPlanAsync(planStoredHashes(n, h), reader);

export const treeHash = (n: number, reader: HashReader): Uint8Array => runPlan(planTreeHash(n), reader);
export const treeHashAsync = (n: number, reader: AsyncHashReader): Promise<Uint8Array> =>
  runPlanAsync(planTreeHash(n), reader);

export const proveRecord = (t: number, n: number, reader: HashReader): Uint8Array[] =>
  runPlan(planProveRecord(t, n), reader);
export const proveRecordAsync = (t: number, n: number, reader: AsyncHashReader): Promise<Uint8Array[]> =>
  runPlanAsync(planProveRecord(t, n), reader);

export const proveTree = (t: number, n: number, reader: HashReader): Uint8Array[] =>
  runPlan(planProveTree(t, n), reader);
export const proveTreeAsync = (t: number, n: number, reader: AsyncHashReader): Promise<Uint8Array[]> =>
  runPlanAsync(planProveTree(t, n), reader);

/** An in-memory stored-hash log: the reference `HashReader` for tests and small tools. */
export class MemoryHashLog implements HashReader {
  readonly hashes: Uint8Array[] = [];
  size = 0;

  append(entry: Uint8Array): void {
    this.hashes.push(...storedHashes(this.size, entry, this));
    this.size++;
  }

  readHashes(indexes: readonly number[]): Uint8Array[] {
    return indexes.map((i) => {
      const h = this.hashes[i];
      if (!h) throw new LedgerError('INDEX_NOT_IN_TREE', `stored hash ${i} does not exist`);
      return h;
    });
  }
}
