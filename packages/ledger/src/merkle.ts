import { bytesEqual, sha256 } from './bytes.ts';
import { LedgerError } from './errors.ts';

/** SHA-256 output length; every Merkle tree hash in RFC 9162 §2.1 has this size. */
export const HASH_SIZE = 32;

/**
 * Largest tree size accepted. Sizes and indexes are plain `number`s, exact up to 2^53; the stored
 * hash index of leaf n is about 2n, so sizes are capped at 2^51 (≈2.25 × 10^15 entries).
 */
export const MAX_TREE_SIZE = 2 ** 51;

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

/** RFC 9162 §2.1.1: MTH({d(0)}) = HASH(0x00 || d(0)). */
export function leafHash(entry: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, entry);
}

/** RFC 9162 §2.1.1: HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE_PREFIX, left, right);
}

/** RFC 9162 §2.1.1: MTH({}) = HASH(). */
export const emptyTreeHash: Uint8Array = sha256();

/**
 * RFC 9162 §2.1.1, the spec's recursive definition of the Merkle Tree Hash over leaf hashes, kept
 * literal as the reference the stored-hash functions are tested against. O(n); not for production.
 */
export function merkleTreeHash(leafHashes: readonly Uint8Array[]): Uint8Array {
  const n = leafHashes.length;
  if (n === 0) return emptyTreeHash;
  if (n === 1) return leafHashes[0]!;
  const k = largestPowerOfTwoBelow(n);
  return nodeHash(merkleTreeHash(leafHashes.slice(0, k)), merkleTreeHash(leafHashes.slice(k)));
}

/** RFC 9162 §2.1.1: k is the largest power of two smaller than n (n > 1). */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function assertTreeSize(name: string, n: number, min = 0): void {
  if (!Number.isSafeInteger(n) || n < min || n > MAX_TREE_SIZE) {
    throw new LedgerError('INVALID_ARGUMENT', `${name} must be an integer in [${min}, 2^51], got ${n}`);
  }
}

function isHash(h: Uint8Array): boolean {
  return h instanceof Uint8Array && h.length === HASH_SIZE;
}

function isSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0 && n <= MAX_TREE_SIZE;
}

const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/**
 * RFC 9162 §2.1.3.2: verifies that `leafHash` is record `n` of the tree of size `t` with root
 * `treeHash`, given the audit path `proof` (leaf upward). The RFC's algorithm, step by step; it is
 * deliberately not derived from the prover so that each checks the other.
 */
export function checkRecord(
  proof: readonly Uint8Array[],
  t: number,
  treeHash: Uint8Array,
  n: number,
  leafHash: Uint8Array,
): boolean {
  if (!isSize(t) || !isSize(n) || !isHash(treeHash) || !isHash(leafHash) || !proof.every(isHash))
    return false;
  // Step 1.
  if (n >= t) return false;
  // Steps 2–3.
  let fn = n;
  let sn = t - 1;
  let r = leafHash;
  // Step 4.
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5.
  return sn === 0 && bytesEqual(r, treeHash);
}

/**
 * RFC 9162 §2.1.4.2: verifies that the tree of size `n` with root `nHash` is a prefix of the tree
 * of size `t` with root `tHash`, given the consistency proof. The RFC's algorithm, step by step.
 * For n = t the proof is empty (§2.1.4.1: SUBPROOF(m, D[m], true) = {}) and the roots must match;
 * the RFC's algorithm itself only covers 0 < n < t.
 */
export function checkTree(
  proof: readonly Uint8Array[],
  t: number,
  tHash: Uint8Array,
  n: number,
  nHash: Uint8Array,
): boolean {
  if (!isSize(t) || !isSize(n) || !isHash(tHash) || !isHash(nHash) || !proof.every(isHash)) return false;
  if (n < 1 || n > t) return false;
  if (n === t) return proof.length === 0 && bytesEqual(tHash, nHash);
  // Step 1.
  if (proof.length === 0) return false;
  // Step 2.
  const path = isPowerOfTwo(n) ? [nHash, ...proof] : [...proof];
  // Step 3.
  let fn = n - 1;
  let sn = t - 1;
  // Step 4.
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5.
  let fr = path[0]!;
  let sr = path[0]!;
  // Step 6.
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 7.
  return bytesEqual(fr, nHash) && bytesEqual(sr, tHash) && sn === 0;
}

function isPowerOfTwo(n: number): boolean {
  let x = n;
  while (x > 1 && !isOdd(x)) x = half(x);
  return x === 1;
}
