import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRecord, checkTree, emptyTreeHash, leafHash, merkleTreeHash, nodeHash } from './merkle.ts';
import { MemoryHashLog, proveRecord, proveTree, treeHash } from './stored-hashes.ts';
import { referenceConsistencyProof, referenceInclusionPath } from './testing/rfc9162-reference.ts';
import { b64, loadVectors, type MerkleVectors, toB64 } from './testing/vectors.ts';

const vectors = loadVectors<MerkleVectors>('rfc9162-merkle.json');
const entry = (i: number) => new TextEncoder().encode(`entry ${i}`);
const leaves = Array.from({ length: 300 }, (_, i) => leafHash(entry(i)));
const log = new MemoryHashLog();
for (let i = 0; i < 300; i++) log.append(entry(i));
const b64s = (hs: Uint8Array[]) => hs.map(toB64);

describe('RFC 9162 §2.1.1 hashing', () => {
  it('uses SHA-256 with the 0x00 leaf and 0x01 node prefixes', () => {
    expect(Buffer.from(emptyTreeHash).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    // SHA-256 of the single byte 0x00: the leaf hash of an empty entry.
    expect(Buffer.from(leafHash(new Uint8Array())).toString('hex')).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    expect(merkleTreeHash([])).toEqual(emptyTreeHash);
    expect(merkleTreeHash(leaves.slice(0, 3))).toEqual(
      nodeHash(nodeHash(leaves[0]!, leaves[1]!), leaves[2]!),
    );
  });
});

describe('rfc9162-merkle.json vectors (Go tlog)', () => {
  it.each(vectors.roots)('root of size $size matches MTH and the stored-hash tree hash', ({ size, root }) => {
    expect(toB64(merkleTreeHash(leaves.slice(0, size)))).toBe(root);
    expect(toB64(treeHash(size, log))).toBe(root);
  });

  it.each(vectors.inclusion)('inclusion of $index in $size', ({ index, size, leaf, proof }) => {
    expect(leaf).toBe(`entry ${index}`);
    const root = merkleTreeHash(leaves.slice(0, size));
    expect(b64s(proveRecord(size, index, log))).toEqual(proof);
    expect(b64s(referenceInclusionPath(index, leaves.slice(0, size)))).toEqual(proof);
    expect(checkRecord(proof.map(b64), size, root, index, leafHash(entry(index)))).toBe(true);
  });

  it.each(vectors.consistency)('consistency $oldSize → $newSize', ({ oldSize, newSize, proof }) => {
    const oldRoot = merkleTreeHash(leaves.slice(0, oldSize));
    const newRoot = merkleTreeHash(leaves.slice(0, newSize));
    expect(b64s(proveTree(newSize, oldSize, log))).toEqual(proof);
    expect(b64s(referenceConsistencyProof(oldSize, leaves.slice(0, newSize)))).toEqual(proof);
    expect(checkTree(proof.map(b64), newSize, newRoot, oldSize, oldRoot)).toBe(true);
  });
});

describe('RFC 9162 §2.1.3 inclusion proofs', () => {
  it('every record of every tree up to 300 proves and verifies, matching PATH(m, D[n])', () => {
    for (let t = 1; t <= 300; t++) {
      const root = treeHash(t, log);
      for (let n = 0; n < t; n++) {
        const proof = proveRecord(t, n, log);
        if (!checkRecord(proof, t, root, n, leaves[n]!)) throw new Error(`record ${n} in ${t} failed`);
      }
    }
    for (const t of [1, 2, 3, 7, 8, 9, 100, 255, 256, 257, 300]) {
      const ref = Array.from({ length: t }, (_, n) => b64s(referenceInclusionPath(n, leaves.slice(0, t))));
      const ours = Array.from({ length: t }, (_, n) => b64s(proveRecord(t, n, log)));
      expect(ours).toEqual(ref);
    }
  });

  it('rejects a proof with any single bit flipped in a proof hash, the leaf or the root', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }).chain((t) => fc.tuple(fc.constant(t), fc.nat(t - 1))),
        fc.nat(),
        fc.nat(255),
        ([t, n], which, bit) => {
          const proof = proveRecord(t, n, log);
          const root = treeHash(t, log);
          const leaf = leaves[n]!;
          const targets = proof.length + 2;
          const pick = which % targets;
          const flip = (h: Uint8Array) => {
            const c = h.slice();
            c[bit >> 3]! ^= 1 << (bit & 7);
            return c;
          };
          const p2 = proof.map((h, i) => (i === pick ? flip(h) : h));
          const leaf2 = pick === proof.length ? flip(leaf) : leaf;
          const root2 = pick === proof.length + 1 ? flip(root) : root;
          expect(checkRecord(p2, t, root2, n, leaf2)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rejects wrong index, a size with another path shape, truncated and extended proofs', () => {
    const t = 300;
    const root = treeHash(t, log);
    for (const n of [0, 1, 128, 255, 256, 299]) {
      const proof = proveRecord(t, n, log);
      expect(checkRecord(proof, t, root, n, leaves[n]!)).toBe(true);
      expect(checkRecord(proof, t, root, (n + 1) % t, leaves[n]!)).toBe(false);
      expect(checkRecord(proof, 256, root, n, leaves[n]!)).toBe(false);
      expect(checkRecord(proof.slice(0, -1), t, root, n, leaves[n]!)).toBe(false);
      expect(checkRecord([...proof, root], t, root, n, leaves[n]!)).toBe(false);
      expect(checkRecord(proof, t, root, t, leaves[n]!)).toBe(false);
    }
    expect(checkRecord([], 1, leaves[0]!, 0, leaves[0]!)).toBe(true);
    expect(checkRecord([], 1, leaves[0]!.subarray(1), 0, leaves[0]!.subarray(1))).toBe(false);
  });
});

describe('RFC 9162 §2.1.4 consistency proofs', () => {
  it('every 0 < n ≤ t ≤ 200 proves and verifies', () => {
    const roots = Array.from({ length: 201 }, (_, t) => treeHash(t, log));
    for (let t = 1; t <= 200; t++) {
      for (let n = 1; n <= t; n++) {
        const proof = proveTree(t, n, log);
        if (!checkTree(proof, t, roots[t]!, n, roots[n]!)) throw new Error(`${n} → ${t} failed`);
      }
    }
  });

  it('matches PROOF(m, D[n]) for all sizes up to 64', () => {
    for (let t = 1; t <= 64; t++) {
      for (let n = 1; n <= t; n++) {
        expect(b64s(proveTree(t, n, log))).toEqual(b64s(referenceConsistencyProof(n, leaves.slice(0, t))));
      }
    }
  });

  it('rejects a proof with any single bit flipped in a proof hash or either root', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 300 })
          .chain((t) => fc.tuple(fc.constant(t), fc.integer({ min: 1, max: t - 1 }))),
        fc.nat(),
        fc.nat(255),
        ([t, n], which, bit) => {
          const proof = proveTree(t, n, log);
          const tRoot = treeHash(t, log);
          const nRoot = treeHash(n, log);
          const pick = which % (proof.length + 2);
          const flip = (h: Uint8Array) => {
            const c = h.slice();
            c[bit >> 3]! ^= 1 << (bit & 7);
            return c;
          };
          const p2 = proof.map((h, i) => (i === pick ? flip(h) : h));
          const t2 = pick === proof.length ? flip(tRoot) : tRoot;
          const n2 = pick === proof.length + 1 ? flip(nRoot) : nRoot;
          expect(checkTree(p2, t, t2, n, n2)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('treats equal sizes as an empty proof over equal roots, and rejects n = 0 or n > t', () => {
    const r = treeHash(10, log);
    expect(checkTree([], 10, r, 10, r)).toBe(true);
    expect(checkTree([r], 10, r, 10, r)).toBe(false);
    expect(checkTree([], 10, r, 10, treeHash(9, log))).toBe(false);
    expect(checkTree([], 10, r, 0, emptyTreeHash)).toBe(false);
    expect(checkTree(proveTree(10, 9, log), 9, treeHash(9, log), 10, r)).toBe(false);
    expect(checkTree([], 10, r, 9, treeHash(9, log))).toBe(false);
  });
});
