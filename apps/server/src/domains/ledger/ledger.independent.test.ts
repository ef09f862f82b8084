// "Done means" (issue 7 §3, DESIGN §4): the log's checkpoint, tiles and proofs verify with an
// independent implementation of the public specifications, not only with @anzheng/ledger. Everything
// below is written from the spec texts and deliberately does NOT import @anzheng/ledger:
//   - RFC 9162 §2.1.1 (MTH), §2.1.3.1 (PATH), §2.1.3.2 (inclusion verification),
//     §2.1.4.1 (PROOF / SUBPROOF), §2.1.4.2 (consistency verification);
//   - C2SP signed-note (Ed25519, type 0x01; key id = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4]);
//   - C2SP tlog-checkpoint (origin, size, base64 root hash, optional extension lines);
//   - C2SP tlog-tiles (tile height 8, path encoding x001/x234/067, partial `.p/<W>`, entry bundles of
//     big-endian uint16 length + entry bytes).
// The app's own timer stays off so every sequencing step is the test's.
process.env.ANZHENG_CHECKPOINT_INTERVAL_MS = '0';

import { createHash, createPublicKey, verify as edVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createTestApp, requestJson } from '@anzheng/test-kit';
import { describe, expect, it } from 'vitest';
import { createLedgerService, DEFAULT_ORIGIN, loadLogKey } from './index.ts';

// ---------------------------------------------------------------------------------------------
// RFC 9162 §2.1 — Merkle Tree Hash, audit paths and consistency proofs, from the definitions.
// ---------------------------------------------------------------------------------------------

type Hash = Buffer;
const HASH = (...parts: Uint8Array[]): Hash => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
/** §2.1.1: MTH({d(0)}) = SHA-256(0x00 ‖ d(0)). */
const leafHashOf = (entry: Uint8Array): Hash => HASH(Buffer.of(0x00), entry);
/** §2.1.1: SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])). */
const nodeHashOf = (l: Hash, r: Hash): Hash => HASH(Buffer.of(0x01), l, r);
/** §2.1.1: k is the largest power of two smaller than n. */
const splitPoint = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/** §2.1.1 MTH over leaf hashes (the definition, recursive). */
function mth(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return HASH();
  if (leaves.length === 1) return leaves[0]!;
  const k = splitPoint(leaves.length);
  return nodeHashOf(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

/** §2.1.3.1 PATH(m, D[n]): the audit path of leaf m, leaf upward. */
function path(m: number, leaves: readonly Hash[]): Hash[] {
  const n = leaves.length;
  if (n <= 1) return [];
  const k = splitPoint(n);
  if (m < k) return [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))];
  return [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

/** §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
function consistency(m: number, leaves: readonly Hash[]): Hash[] {
  const sub = (mm: number, d: readonly Hash[], b: boolean): Hash[] => {
    const n = d.length;
    if (mm === n) return b ? [] : [mth(d)];
    const k = splitPoint(n);
    if (mm <= k) return [...sub(mm, d.slice(0, k), b), mth(d.slice(k))];
    return [...sub(mm - k, d.slice(k), false), mth(d.slice(0, k))];
  };
  return sub(m, leaves, true);
}

/** §2.1.3.2: verify that `leaf` is leaf `index` of the tree of `treeSize` leaves with root `root`. */
function verifyInclusion(
  index: number,
  treeSize: number,
  leaf: Hash,
  proof: readonly Hash[],
  root: Hash,
): boolean {
  if (index >= treeSize) return false; // step 1
  let fn = index; // step 2
  let sn = treeSize - 1;
  let r = leaf; // step 3
  for (const p of proof) {
    // step 4
    if (sn === 0) return false; // 4a
    if (fn % 2 === 1 || fn === sn) {
      // 4b
      r = nodeHashOf(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHashOf(r, p); // 4c
    }
    fn = Math.floor(fn / 2); // 4d
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root); // step 5
}

/** §2.1.4.2: verify that the tree of `first` leaves (root `firstRoot`) is a prefix of the second. */
function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Hash,
  secondRoot: Hash,
  proof: readonly Hash[],
): boolean {
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (first === 0 || first > second || proof.length === 0) return false; // step 1
  const isPow2 = (x: number) => (x & (x - 1)) === 0;
  const c = isPow2(first) ? [firstRoot, ...proof] : [...proof]; // step 2
  let fn = first - 1; // step 3
  let sn = second - 1;
  while (fn % 2 === 1) {
    // step 4
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = c[0]!; // step 5
  let sr = c[0]!;
  for (const x of c.slice(1)) {
    // step 6
    if (sn === 0) return false; // 6a
    if (fn % 2 === 1 || fn === sn) {
      // 6b
      fr = nodeHashOf(x, fr);
      sr = nodeHashOf(x, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHashOf(sr, x); // 6c
    }
    fn = Math.floor(fn / 2); // 6d
    sn = Math.floor(sn / 2);
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0; // step 7
}

// ---------------------------------------------------------------------------------------------
// C2SP signed-note (Ed25519) and tlog-checkpoint.
// ---------------------------------------------------------------------------------------------

interface NoteKey {
  name: string;
  id: Buffer;
  publicKey: Buffer;
}

const noteKeyIdOf = (name: string, publicKey: Buffer): Buffer =>
  HASH(Buffer.from(name, 'utf8'), Buffer.of(0x0a, 0x01), publicKey).subarray(0, 4);

/** Verifier key `<name>+<hex id>+<base64(0x01 ‖ 32-byte key)>`; the id must match. */
function parseNoteKey(s: string): NoteKey {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(s.trim());
  if (!m) throw new Error(`bad verifier key ${s}`);
  const raw = Buffer.from(m[3]!, 'base64');
  if (raw.length !== 33 || raw[0] !== 0x01) throw new Error('not an Ed25519 (type 0x01) key');
  const publicKey = raw.subarray(1);
  const id = Buffer.from(m[2]!, 'hex');
  if (!id.equals(noteKeyIdOf(m[1]!, publicKey))) throw new Error('key id does not match name and key');
  return { name: m[1]!, id, publicKey };
}

/** Opens a signed note: the text verifies under `key` (a line `— <name> base64(id ‖ sig)`), or throws. */
function openSignedNote(note: string, key: NoteKey): string {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new Error('no signature block');
  const text = note.slice(0, split + 1);
  const lines = note
    .slice(split + 2)
    .split('\n')
    .filter((l) => l !== '');
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key.publicKey]);
  const pub = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  for (const line of lines) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m) throw new Error(`malformed signature line ${line}`);
    const sig = Buffer.from(m[2]!, 'base64');
    if (m[1] !== key.name || !sig.subarray(0, 4).equals(key.id)) continue;
    if (edVerify(null, Buffer.from(text, 'utf8'), pub, sig.subarray(4))) return text;
    throw new Error('signature by the key does not verify');
  }
  throw new Error('no signature by the key');
}

/** tlog-checkpoint body: origin line, decimal tree size, base64 root hash, then extension lines. */
function parseCheckpointText(text: string): { origin: string; size: number; root: Hash } {
  const lines = text.split('\n');
  expect(lines.at(-1)).toBe('');
  const [origin, size, root] = lines;
  expect(size).toMatch(/^(0|[1-9][0-9]*)$/);
  const rootHash = Buffer.from(root!, 'base64');
  expect(rootHash.toString('base64')).toBe(root);
  expect(rootHash).toHaveLength(32);
  return { origin: origin!, size: Number(size), root: rootHash };
}

// ---------------------------------------------------------------------------------------------
// C2SP tlog-tiles.
// ---------------------------------------------------------------------------------------------

const TILE_WIDTH = 256; // tile height 8

/** `N` as 3-digit path elements, all but the last prefixed with `x` (1234067 → x001/x234/067). */
function encodeIndex(n: number): string {
  const parts: string[] = [];
  let rest = n;
  do {
    parts.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return parts.map((p, i) => (i < parts.length - 1 ? `x${p}` : p)).join('/');
}

const tileUrl = (level: number | 'entries', n: number, width: number): string =>
  `/log/tile/${level}/${encodeIndex(n)}${width < TILE_WIDTH ? `.p/${width}` : ''}`;

/** Tiles at a level for a tree: full ones, then a partial one of the remaining width (if any). */
function tilesAt(count: number): { n: number; width: number }[] {
  const out = [];
  for (let n = 0; n < Math.floor(count / TILE_WIDTH); n++) out.push({ n, width: TILE_WIDTH });
  if (count % TILE_WIDTH > 0) out.push({ n: Math.floor(count / TILE_WIDTH), width: count % TILE_WIDTH });
  return out;
}

/** Entry bundle: each entry as big-endian uint16 length + bytes. */
function decodeBundle(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    expect(at + 2).toBeLessThanOrEqual(bytes.length);
    const len = bytes.readUInt16BE(at);
    out.push(bytes.subarray(at + 2, at + 2 + len));
    at += 2 + len;
  }
  return out;
}

const split32 = (bytes: Buffer): Hash[] => {
  expect(bytes.length % 32).toBe(0);
  return Array.from({ length: bytes.length / 32 }, (_, i) => bytes.subarray(i * 32, i * 32 + 32));
};
const b64 = (s: string): Hash => Buffer.from(s, 'base64');

// ---------------------------------------------------------------------------------------------
// Known answers: the workspace's shared/vectors (computed with Go's sumdb/tlog and sumdb/note), as
// copied into the repository at packages/ledger/test-vectors/ (data only, same parsed content), so the
// test also runs in CI where the workspace's shared/ is absent.
// ---------------------------------------------------------------------------------------------

const VECTORS = new URL('../../../../../packages/ledger/test-vectors/', import.meta.url);

describe('independent implementation: known answers (shared/vectors)', () => {
  const v = JSON.parse(readFileSync(new URL('rfc9162-merkle.json', VECTORS), 'utf8')) as {
    roots: { size: number; root: string }[];
    inclusion: { index: number; size: number; leaf: string; proof: string[] }[];
    consistency: { oldSize: number; newSize: number; proof: string[] }[];
  };
  const leaves = Array.from({ length: 300 }, (_, i) => leafHashOf(Buffer.from(`entry ${i}`, 'utf8')));

  it('RFC 9162 MTH of "entry 0".."entry n-1" equals the Go roots for every size', () => {
    expect(v.roots.length).toBeGreaterThan(0);
    for (const { size, root } of v.roots) expect(mth(leaves.slice(0, size)).toString('base64')).toBe(root);
  });

  it('PATH equals the Go inclusion proofs and they verify (§2.1.3); a wrong index does not', () => {
    for (const c of v.inclusion) {
      const tree = leaves.slice(0, c.size);
      expect(path(c.index, tree).map((h) => h.toString('base64'))).toEqual(c.proof);
      const leaf = leafHashOf(Buffer.from(c.leaf, 'utf8'));
      expect(verifyInclusion(c.index, c.size, leaf, c.proof.map(b64), mth(tree))).toBe(true);
      if (c.size > 1)
        expect(verifyInclusion((c.index + 1) % c.size, c.size, leaf, c.proof.map(b64), mth(tree))).toBe(
          false,
        );
    }
  });

  it('PROOF equals the Go consistency proofs and they verify (§2.1.4)', () => {
    for (const c of v.consistency) {
      const oldRoot = mth(leaves.slice(0, c.oldSize));
      const newRoot = mth(leaves.slice(0, c.newSize));
      expect(consistency(c.oldSize, leaves.slice(0, c.newSize)).map((h) => h.toString('base64'))).toEqual(
        c.proof,
      );
      expect(verifyConsistency(c.oldSize, c.newSize, oldRoot, newRoot, c.proof.map(b64))).toBe(true);
      expect(verifyConsistency(c.oldSize, c.newSize, newRoot, oldRoot, c.proof.map(b64))).toBe(false);
    }
  });

  it('the C2SP signed-note example verifies with the independent note code; alterations do not', () => {
    const n = JSON.parse(readFileSync(new URL('c2sp-signed-note.json', VECTORS), 'utf8')) as {
      verifierKey: string;
      secondVerifierKey: string;
      text: string;
      signedNote: string;
      secondSignatureLine: string;
    };
    const key = parseNoteKey(n.verifierKey);
    expect(openSignedNote(n.signedNote, key)).toBe(n.text);
    const both = n.signedNote + n.secondSignatureLine;
    expect(openSignedNote(both, parseNoteKey(n.secondVerifierKey))).toBe(n.text);
    expect(() => openSignedNote(n.signedNote.replace('cryptography', 'Cryptography'), key)).toThrow();
    expect(() => parseNoteKey(n.verifierKey.replace('+c74f20a3+', '+c74f20a4+'))).toThrow(/key id/);
  });

  it('tile path encoding (C2SP tlog-tiles examples)', () => {
    expect(encodeIndex(1234067)).toBe('x001/x234/067');
    expect(encodeIndex(0)).toBe('000');
    expect(tileUrl(0, 1, 88)).toBe('/log/tile/0/001.p/88');
    expect(tileUrl('entries', 2, 256)).toBe('/log/tile/entries/002');
  });
});

// ---------------------------------------------------------------------------------------------
// The real server's log, checked only through its public HTTP API.
// ---------------------------------------------------------------------------------------------

const { app, database, config } = await createTestApp();
const key = loadLogKey({ dataDir: config.dataDir, origin: DEFAULT_ORIGIN, create: false });
const ledger = createLedgerService({
  db: database.db,
  origin: DEFAULT_ORIGIN,
  signer: key.signer,
  verifierKey: key.verifierKey,
  batchSize: 128,
});

let counter = 0;
async function append(count: number): Promise<void> {
  for (let done = 0; done < count; done += 100) {
    await database.db.transaction().execute(async (trx) => {
      for (let k = 0; k < Math.min(100, count - done); k++) {
        const i = counter++;
        await ledger.appendEntry(trx, {
          kind: i % 2 ? 'exam.result' : 'certificate.issued',
          subject: `IND-${String(i).padStart(5, '0')}`,
          data: { i, passed: i % 3 !== 0, note: 'x'.repeat(i % 40) },
          at: new Date(Date.UTC(2026, 10, 29, 8, 0, i % 60)),
        });
      }
    });
  }
}

/** Sequences and checkpoints until nothing is pending (other databases' transactions may hold it back). */
async function settle(): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await ledger.sequenceAndCheckpoint();
    if ((await ledger.pendingCount()) === 0) return;
    if (Date.now() > deadline) throw new Error('pending entries were not integrated within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function get(url: string): Promise<Buffer> {
  const res = await app.inject({ method: 'GET', url });
  if (res.statusCode !== 200) throw new Error(`GET ${url} → ${res.statusCode} ${res.body}`);
  return res.rawPayload;
}

/** Fetches and opens the checkpoint with the key published at /api/v1/log/info. */
async function fetchCheckpoint(): Promise<{ origin: string; size: number; root: Hash }> {
  const info = await requestJson<{ origin: string; verifierKey: string }>(app, 'GET', '/api/v1/log/info');
  expect(info.statusCode).toBe(200);
  const note = (await get('/log/checkpoint')).toString('utf8');
  const cp = parseCheckpointText(openSignedNote(note, parseNoteKey(info.body.verifierKey)));
  expect(cp.origin).toBe(info.body.origin);
  return cp;
}

/** All entries, from the served entry bundles only. */
async function fetchEntries(size: number): Promise<Buffer[]> {
  const entries: Buffer[] = [];
  for (const t of tilesAt(size)) {
    const bundle = decodeBundle(await get(tileUrl('entries', t.n, t.width)));
    expect(bundle).toHaveLength(t.width);
    entries.push(...bundle);
  }
  return entries;
}

describe('independent implementation: the served log (checkpoint, tiles, entry bundles, proofs)', () => {
  let first: { size: number; root: Hash };

  it('after ~300 entries: the checkpoint verifies and its root is the MTH of the served entries', async () => {
    await append(300);
    await settle();
    first = await fetchCheckpoint();
    expect(first.size).toBeGreaterThanOrEqual(300);
    const entries = await fetchEntries(first.size);
    expect(mth(entries.map(leafHashOf)).equals(first.root)).toBe(true);
  });

  it('after ~600 entries: root, level-0 and level-1 tiles, inclusion and consistency proofs all check out', async () => {
    await append(300);
    await settle();
    const cp = await fetchCheckpoint();
    expect(cp.size).toBeGreaterThanOrEqual(600);

    // Rebuild the tree from the entry bundles alone; the signed root must match.
    const entries = await fetchEntries(cp.size);
    const leaves = entries.map(leafHashOf);
    expect(mth(leaves).equals(cp.root)).toBe(true);
    for (const e of entries) expect(JSON.parse(e.toString('utf8'))).toHaveProperty('kind');

    // Level-0 tiles are the leaf hashes.
    const level0: Hash[] = [];
    for (const t of tilesAt(cp.size)) level0.push(...split32(await get(tileUrl(0, t.n, t.width))));
    expect(level0.map((h) => h.toString('hex'))).toEqual(leaves.map((h) => h.toString('hex')));

    // Level-1 tiles hold the roots of complete 256-leaf subtrees, computed here from level 0.
    const fullSubtrees = Math.floor(cp.size / TILE_WIDTH);
    expect(fullSubtrees).toBeGreaterThanOrEqual(2);
    const level1: Hash[] = [];
    for (const t of tilesAt(fullSubtrees)) level1.push(...split32(await get(tileUrl(1, t.n, t.width))));
    expect(level1).toHaveLength(fullSubtrees);
    for (const [i, h] of level1.entries()) {
      expect(h.equals(mth(level0.slice(i * TILE_WIDTH, (i + 1) * TILE_WIDTH)))).toBe(true);
    }

    // The older checkpoint's partial tile stays fetchable and is a prefix of today's tile.
    const oldPartial = first.size % TILE_WIDTH;
    if (oldPartial > 0) {
      const n = Math.floor(first.size / TILE_WIDTH);
      const old = split32(await get(tileUrl(0, n, oldPartial)));
      for (const [i, h] of old.entries()) expect(h.equals(level0[n * TILE_WIDTH + i]!)).toBe(true);
    }

    // Inclusion proofs from the API: equal to PATH and verified by §2.1.3.2.
    const indexes = [0, 1, 255, 256, 257, 511, first.size - 1, cp.size - 2, cp.size - 1];
    for (const index of indexes) {
      const res = await requestJson<{
        hashes: string[];
        leafHash: string;
        rootHash: string;
        treeSize: number;
      }>(app, 'GET', `/api/v1/log/proofs/inclusion?index=${index}&treeSize=${cp.size}`);
      expect(res.statusCode).toBe(200);
      expect(b64(res.body.leafHash).equals(leaves[index]!)).toBe(true);
      const proof = res.body.hashes.map(b64);
      expect(proof.map((h) => h.toString('hex'))).toEqual(path(index, leaves).map((h) => h.toString('hex')));
      expect(verifyInclusion(index, cp.size, leaves[index]!, proof, cp.root)).toBe(true);
      expect(verifyInclusion(index, cp.size, leafHashOf(Buffer.from('forged')), proof, cp.root)).toBe(false);
    }

    // An inclusion proof against the older tree size verifies against the older signed root.
    const older = await requestJson<{ hashes: string[] }>(
      app,
      'GET',
      `/api/v1/log/proofs/inclusion?index=5&treeSize=${first.size}`,
    );
    expect(verifyInclusion(5, first.size, leaves[5]!, older.body.hashes.map(b64), first.root)).toBe(true);

    // Consistency proofs from the API: equal to PROOF and verified by §2.1.4.2 — including from the
    // first signed checkpoint, so the log provably only grew.
    for (const from of [1, 7, 256, first.size, cp.size - 1, cp.size]) {
      const res = await requestJson<{ hashes: string[] }>(
        app,
        'GET',
        `/api/v1/log/proofs/consistency?from=${from}&to=${cp.size}`,
      );
      expect(res.statusCode).toBe(200);
      const proof = res.body.hashes.map(b64);
      expect(proof.map((h) => h.toString('hex'))).toEqual(
        consistency(from, leaves).map((h) => h.toString('hex')),
      );
      const fromRoot = from === first.size ? first.root : mth(leaves.slice(0, from));
      expect(verifyConsistency(from, cp.size, fromRoot, cp.root, proof)).toBe(true);
    }
  });
});
