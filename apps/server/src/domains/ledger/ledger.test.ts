// The app's own timer stays off in this file so every sequencing step below is the test's.
process.env.ANZHENG_CHECKPOINT_INTERVAL_MS = '0';

import {
  AsyncTileHashReader,
  type Checkpoint,
  checkRecord,
  checkTree,
  decodeEntryBundle,
  ENTRY_BUNDLE_LEVEL,
  leafHash,
  MemoryHashLog,
  merkleTreeHash,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  proveRecordAsync,
  proveTreeAsync,
  type Tile,
  tilePath,
  treeHashAsync,
} from '@anzheng/ledger';
import { createTestApp, expectError, requestJson } from '@anzheng/test-kit';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  createLedgerService,
  DEFAULT_ORIGIN,
  encodeLedgerEntry,
  LedgerEntryPendingError,
  LedgerEntryTooLargeError,
  loadLogKey,
  startCheckpointTimer,
  verifyLedger,
} from './index.ts';

const { app, database, config } = await createTestApp();
const db = database.db;
const key = loadLogKey({ dataDir: config.dataDir, origin: DEFAULT_ORIGIN, create: false });
const ledger = createLedgerService({
  db,
  origin: DEFAULT_ORIGIN,
  signer: key.signer,
  verifierKey: key.verifierKey,
  batchSize: 128,
});
const verifier = parseVerifierKey(key.verifierKey);

const at = new Date('2026-11-29T08:00:00.000Z');
let counter = 0;
const entryFor = (i: number) => ({
  kind: 'exam.result',
  subject: `T-${String(i).padStart(6, '0')}`,
  data: { score: i % 100, passed: i % 3 !== 0 },
  at,
});

/** Appends `count` entries in transactions of `perTransaction`; returns their ids in order. */
async function appendMany(count: number, perTransaction = 50): Promise<number[]> {
  const ids: number[] = [];
  for (let done = 0; done < count; done += perTransaction) {
    await db.transaction().execute(async (trx) => {
      for (let k = 0; k < Math.min(perTransaction, count - done); k++) {
        ids.push(await ledger.appendEntry(trx, entryFor(counter++)));
      }
    });
  }
  return ids;
}

/**
 * Sequences and checkpoints until nothing is pending. The sequencer only takes entries of
 * transactions older than every running one (so it never skips a late commit); on a shared
 * PostgreSQL, transactions of other test databases can hold that horizon back for a moment.
 */
async function settle(): Promise<{ size: number }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const result = await ledger.sequenceAndCheckpoint();
    if ((await ledger.pendingCount()) === 0) return result;
    if (Date.now() > deadline) throw new Error('the log did not integrate its pending entries within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function sequencedLeaves(): Promise<{ entryId: number; entry: Uint8Array }[]> {
  const rows = await db
    .selectFrom('ledger_sequence as s')
    .innerJoin('ledger_entry as e', 'e.id', 's.entry_id')
    .select(['s.idx', 's.entry_id', 'e.entry'])
    .orderBy('s.idx')
    .execute();
  expect(rows.map((r) => r.idx)).toEqual(rows.map((_, i) => i));
  return rows.map((r) => ({ entryId: r.entry_id, entry: new Uint8Array(r.entry) }));
}

async function fetchFile(path: string): Promise<Uint8Array> {
  const res = await app.inject({ method: 'GET', url: `/log/${path}` });
  if (res.statusCode !== 200) throw new Error(`GET /log/${path} → ${res.statusCode} ${res.body}`);
  return new Uint8Array(res.rawPayload);
}

/** Trusts only the published key: the served checkpoint, opened and parsed. */
async function fetchCheckpoint(): Promise<Checkpoint> {
  const res = await app.inject({ method: 'GET', url: '/log/checkpoint' });
  expect(res.statusCode).toBe(200);
  return parseCheckpoint(openNote(res.body, [verifier]).text);
}

const checkpoints: Checkpoint[] = [];

describe('transparency log: writes', () => {
  it('signs the empty tree at start-up, so the checkpoint is served from the first request', async () => {
    const cp = await fetchCheckpoint();
    expect(cp).toMatchObject({ origin: DEFAULT_ORIGIN, size: 0 });
  });

  it('logs nothing for a business transaction that rolls back', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await ledger.appendEntry(trx, entryFor(counter++));
        await ledger.appendEntry(trx, entryFor(counter++));
        throw new Error('business change failed');
      }),
    ).rejects.toThrow('business change failed');
    expect(await ledger.pendingCount()).toBe(0);
    const result = await ledger.sequenceAndCheckpoint();
    expect(result).toMatchObject({ integrated: 0, size: 0 });
    expect(await db.selectFrom('ledger_entry').select('id').execute()).toEqual([]);
  });

  it('stores the RFC 8785 canonical JSON of {kind, subject, data, at}', () => {
    const bytes = encodeLedgerEntry({
      kind: 'certificate.issued',
      subject: 'A1',
      data: { b: 1, a: [2] },
      at,
    });
    expect(new TextDecoder().decode(bytes)).toBe(
      '{"at":"2026-11-29T08:00:00.000Z","data":{"a":[2],"b":1},"kind":"certificate.issued","subject":"A1"}',
    );
  });

  it('refuses an entry above 65,535 bytes (entry bundles use uint16 lengths), accepts one at the limit', async () => {
    const overhead = encodeLedgerEntry({ kind: 'exam.result', subject: 'S', data: '', at }).length;
    const exact = { kind: 'exam.result', subject: 'S', data: 'x'.repeat(65_535 - overhead), at };
    expect(encodeLedgerEntry(exact).length).toBe(65_535);
    const tooBig = { ...exact, data: 'x'.repeat(65_536 - overhead) };
    await expect(db.transaction().execute((trx) => ledger.appendEntry(trx, tooBig))).rejects.toBeInstanceOf(
      LedgerEntryTooLargeError,
    );
    expect(() => encodeLedgerEntry({ ...exact, kind: 'Not A Kind' })).toThrow(/kind/);
  });
});

describe('transparency log: sequencer and checkpoints', () => {
  it('integrates 600 entries in batches; stored hashes and roots equal the RFC 9162 definitions', async () => {
    const first = await appendMany(300, 40);
    expect(await ledger.pendingCount()).toBe(300);
    expect(await settle()).toMatchObject({ size: 300 });
    checkpoints.push(await fetchCheckpoint());
    const second = await appendMany(300, 70);
    expect(await settle()).toMatchObject({ size: 600 });
    checkpoints.push(await fetchCheckpoint());

    const leaves = await sequencedLeaves();
    // Transactions committed one after another: the log keeps their id order.
    expect(leaves.map((l) => l.entryId)).toEqual([...first, ...second]);

    const reference = new MemoryHashLog();
    for (const l of leaves) reference.append(l.entry);
    const stored = await db.selectFrom('ledger_hash').select(['idx', 'hash']).orderBy('idx').execute();
    expect(stored.map((r) => r.idx)).toEqual(reference.hashes.map((_, i) => i));
    expect(stored.map((r) => Buffer.from(r.hash).toString('hex'))).toEqual(
      reference.hashes.map((h) => Buffer.from(h).toString('hex')),
    );

    const hashes = leaves.map((l) => leafHash(l.entry));
    for (const n of [1, 2, 3, 127, 128, 129, 255, 256, 257, 300, 511, 512, 513, 600]) {
      const root = await treeHashAsync(n, ledger.hashReader());
      expect(Buffer.from(root).equals(Buffer.from(merkleTreeHash(hashes.slice(0, n))))).toBe(true);
    }
    expect(Buffer.from(checkpoints[1]!.rootHash).equals(Buffer.from(merkleTreeHash(hashes)))).toBe(true);
  });

  it('signs a checkpoint only when the tree grew, as a verifiable C2SP note', async () => {
    const before = await db.selectFrom('ledger_checkpoint').select('id').execute();
    const again = await ledger.signCheckpoint();
    expect(await db.selectFrom('ledger_checkpoint').select('id').execute()).toHaveLength(before.length);
    const opened = openNote(again.note, [verifier]);
    expect(opened.verifiedSignatures).toHaveLength(1);
    expect(parseCheckpoint(opened.text)).toEqual({
      origin: DEFAULT_ORIGIN,
      size: 600,
      rootHash: again.rootHash,
    });
    expect(opened.text).toBe(`${DEFAULT_ORIGIN}\n600\n${Buffer.from(again.rootHash).toString('base64')}\n`);
  });

  it('gives a pending entry no proof, then one that verifies against the checkpoint it returns', async () => {
    const [id] = await appendMany(1);
    await expect(ledger.getInclusionProof({ entryId: id! })).rejects.toBeInstanceOf(LedgerEntryPendingError);
    await settle();
    const proof = await ledger.getInclusionProof({ entryId: id! });
    expect(proof).toMatchObject({ index: 600, treeSize: 601 });
    const cp = parseCheckpoint(openNote(proof.checkpoint!, [verifier]).text);
    expect(checkRecord(proof.hashes, cp.size, cp.rootHash, proof.index, proof.leafHash)).toBe(true);
    checkpoints.push(cp);
  });

  it('runs on a timer that never overlaps itself and stops cleanly', async () => {
    let calls = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const slow = {
      ...ledger,
      async sequenceAndCheckpoint() {
        calls++;
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        try {
          await new Promise((r) => setTimeout(r, 30));
          return await ledger.sequenceAndCheckpoint();
        } finally {
          concurrent--;
        }
      },
    };
    await appendMany(5);
    const timer = startCheckpointTimer(slow, 5, app.log);
    const deadline = Date.now() + 60_000;
    while ((await ledger.latestCheckpoint())!.treeSize < 606 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await timer.stop();
    const after = calls;
    await new Promise((r) => setTimeout(r, 50));
    expect((await ledger.latestCheckpoint())!.treeSize).toBe(606);
    expect(maxConcurrent).toBe(1);
    expect(calls).toBe(after);
    checkpoints.push(await fetchCheckpoint());
  });
});

describe('transparency log: public read API', () => {
  const tileReader = tileHashReaders();

  it('serves the checkpoint as text with no-cache, and the key and info without login', async () => {
    const res = await app.inject({ method: 'GET', url: '/log/checkpoint' });
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['cache-control']).toBe('no-cache');
    const keyRes = await app.inject({ method: 'GET', url: '/.well-known/anzheng/log-key' });
    expect(keyRes.body.trim()).toBe(key.verifierKey);
    const info = await requestJson<{ origin: string; verifierKey: string; size: number; checkpoint: string }>(
      app,
      'GET',
      '/api/v1/log/info',
    );
    expect(info.statusCode).toBe(200);
    expect(info.body).toEqual({
      origin: DEFAULT_ORIGIN,
      verifierKey: key.verifierKey,
      size: 606,
      checkpoint: res.body,
    });
  });

  it('proves inclusion from the served tiles and checkpoint alone (independent of the server’s proofs)', async () => {
    const cp = await fetchCheckpoint();
    const hashes = tileReader.for(cp);
    for (const index of [0, 1, 255, 256, 299, 511, 555, 600, 605]) {
      const bundleTile: Tile = {
        h: 8,
        level: ENTRY_BUNDLE_LEVEL,
        n: Math.floor(index / 256),
        width: Math.min(256, cp.size - Math.floor(index / 256) * 256),
      };
      const bundle = decodeEntryBundle(await fetchFile(tilePath(bundleTile)), bundleTile.width);
      const leaf = leafHash(bundle[index % 256]!);
      const proof = await proveRecordAsync(cp.size, index, hashes);
      expect(checkRecord(proof, cp.size, cp.rootHash, index, leaf)).toBe(true);

      const served = await requestJson<{ hashes: string[]; leafHash: string; rootHash: string }>(
        app,
        'GET',
        `/api/v1/log/proofs/inclusion?index=${index}&treeSize=${cp.size}`,
      );
      expect(served.statusCode).toBe(200);
      expect(served.body.hashes).toEqual(proof.map((h) => Buffer.from(h).toString('base64')));
      expect(served.body.leafHash).toBe(Buffer.from(leaf).toString('base64'));
    }
    expect(tileReader.fetched.size).toBeGreaterThan(0);
  });

  it('proves consistency between every pair of checkpoints, over the API and from tiles', async () => {
    const latest = checkpoints[checkpoints.length - 1]!;
    const fromTiles = tileReader.for(latest);
    for (const older of checkpoints) {
      const res = await requestJson<{ hashes: string[] }>(
        app,
        'GET',
        `/api/v1/log/proofs/consistency?from=${older.size}&to=${latest.size}`,
      );
      expect(res.statusCode).toBe(200);
      const proof = res.body.hashes.map((h) => new Uint8Array(Buffer.from(h, 'base64')));
      expect(checkTree(proof, latest.size, latest.rootHash, older.size, older.rootHash)).toBe(true);
      const own = await proveTreeAsync(latest.size, older.size, fromTiles);
      expect(checkTree(own, latest.size, latest.rootHash, older.size, older.rootHash)).toBe(true);
    }
    expectError(
      await requestJson(app, 'GET', `/api/v1/log/proofs/consistency?from=5&to=${latest.size + 1}`),
      400,
      'PROOF_RANGE_INVALID',
    );
  });

  it('caches full tiles forever and partial ones briefly; binary bodies of width × 32 bytes', async () => {
    const full = await app.inject({ method: 'GET', url: '/log/tile/0/001' });
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('application/octet-stream');
    expect(full.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(full.rawPayload.length).toBe(256 * 32);
    const partial = await app.inject({ method: 'GET', url: '/log/tile/0/002.p/94' });
    expect(partial.statusCode).toBe(200);
    expect(partial.headers['cache-control']).toBe('public, max-age=60');
    expect(partial.rawPayload.length).toBe(94 * 32);
    // A narrower partial tile of a size already covered stays available (an older checkpoint's).
    expect((await app.inject({ method: 'GET', url: '/log/tile/0/002.p/88' })).rawPayload.length).toBe(
      88 * 32,
    );
    expect((await app.inject({ method: 'GET', url: '/log/tile/1/000.p/2' })).rawPayload.length).toBe(64);
    const entries = await app.inject({ method: 'GET', url: '/log/tile/entries/000' });
    expect(decodeEntryBundle(new Uint8Array(entries.rawPayload), 256)).toHaveLength(256);
  });

  it('answers 404 beyond the latest checkpoint and 400 for malformed paths, in the JSON error shape', async () => {
    for (const path of [
      'tile/0/002',
      'tile/0/002.p/95',
      'tile/0/003.p/1',
      'tile/1/000',
      'tile/entries/003',
      'tile/2/000.p/1',
    ]) {
      expectError(await requestJson(app, 'GET', `/log/${path}`), 404, 'TILE_NOT_FOUND');
    }
    for (const path of [
      'tile/0/1',
      'tile/0/x000/001',
      'tile/0/000.p/256',
      'tile/0/000.p/0',
      'tile/00/000',
      'tile/x/000',
    ]) {
      expectError(await requestJson(app, 'GET', `/log/${path}`), 400, 'MALFORMED_TILE_PATH');
    }
    expectError(
      await requestJson(app, 'GET', '/api/v1/log/proofs/inclusion?index=abc'),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await requestJson(app, 'GET', '/api/v1/log/proofs/inclusion?index=606'),
      400,
      'PROOF_RANGE_INVALID',
    );
  });

  it('documents every log route with a 200 response in the OpenAPI document', async () => {
    const doc = await requestJson<{ paths: Record<string, Record<string, { responses: object }>> }>(
      app,
      'GET',
      '/api/openapi.json',
    );
    for (const path of [
      '/log/checkpoint',
      '/log/tile/{*}',
      '/.well-known/anzheng/log-key',
      '/api/v1/log/info',
      '/api/v1/log/proofs/inclusion',
      '/api/v1/log/proofs/consistency',
    ]) {
      expect(Object.keys(doc.body.paths[path]?.get?.responses ?? {}), path).toContain('200');
    }
  });
});

describe('transparency log: tamper evidence', () => {
  it('rejects UPDATE and DELETE on every log table', async () => {
    for (const statement of [
      sql`update ledger_entry set subject = 'x' where id = (select min(id) from ledger_entry)`,
      sql`delete from ledger_entry`,
      sql`update ledger_sequence set entry_id = entry_id where idx = 0`,
      sql`delete from ledger_sequence`,
      sql`update ledger_hash set hash = hash where idx = 0`,
      sql`delete from ledger_hash where idx = 0`,
      sql`update ledger_checkpoint set note = ''`,
      sql`delete from ledger_checkpoint`,
    ]) {
      await expect(statement.execute(db)).rejects.toMatchObject({ code: 'AZ001' });
    }
  });

  it('`verify` recomputes the tree and every checkpoint, then names the first stored hash changed behind the triggers', async () => {
    const ok = await verifyLedger(db, { verifiers: [verifier], origin: DEFAULT_ORIGIN, batchSize: 100 });
    expect(ok).toMatchObject({ ok: true, size: 606 });
    expect(ok.ok && ok.checkpoints).toBeGreaterThanOrEqual(5);

    const other = parseVerifierKey(
      (await import('@anzheng/ledger')).generateNoteKeys(DEFAULT_ORIGIN).verifierKey,
    );
    expect(await verifyLedger(db, { verifiers: [other] })).toMatchObject({ ok: false });

    await sql`alter table ledger_hash disable trigger ledger_hash_append_only`.execute(db);
    try {
      await sql`update ledger_hash set hash = decode(repeat('00', 32), 'hex') where idx = 700`.execute(db);
    } finally {
      await sql`alter table ledger_hash enable trigger ledger_hash_append_only`.execute(db);
    }
    const broken = await verifyLedger(db, { verifiers: [verifier], batchSize: 100 });
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.problem).toContain('存储哈希 700');
  });
});

/** Reads tiles over HTTP for one checkpoint, counting fetches; proofs then come from tiles only. */
function tileHashReaders() {
  const fetched = new Set<string>();
  return {
    fetched,
    for: (cp: Checkpoint) =>
      new AsyncTileHashReader(cp, {
        readTiles: (tiles) =>
          Promise.all(
            tiles.map((t) => {
              fetched.add(tilePath(t));
              return fetchFile(tilePath(t));
            }),
          ),
      }),
  };
}
