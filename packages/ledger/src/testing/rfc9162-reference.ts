import { largestPowerOfTwoBelow, merkleTreeHash } from '../merkle.ts';

// Test-only: RFC 9162's own recursive definitions, O(n) per call, as the oracle for the stored-hash
// provers (which follow Go's tlog and read O(log n) hashes).

/** RFC 9162 §2.1.3.1: PATH(m, D[n]) over leaf hashes. */
export function referenceInclusionPath(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  const n = leaves.length;
  if (n <= 1) return [];
  const k = largestPowerOfTwoBelow(n);
  return m < k
    ? [...referenceInclusionPath(m, leaves.slice(0, k)), merkleTreeHash(leaves.slice(k))]
    : [...referenceInclusionPath(m - k, leaves.slice(k)), merkleTreeHash(leaves.slice(0, k))];
}

/** RFC 9162 §2.1.4.1: PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
export function referenceConsistencyProof(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  return subproof(m, leaves, true);
}

function subproof(m: number, leaves: readonly Uint8Array[], b: boolean): Uint8Array[] {
  const n = leaves.length;
  if (m === n) return b ? [] : [merkleTreeHash(leaves)];
  const k = largestPowerOfTwoBelow(n);
  return m <= k
    ? [...subproof(m, leaves.slice(0, k), b), merkleTreeHash(leaves.slice(k))]
    : [...subproof(m - k, leaves.slice(k), false), merkleTreeHash(leaves.slice(0, k))];
}
