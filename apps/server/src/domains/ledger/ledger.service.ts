import { canonicalBytes } from '@anzheng/crypto';
import type { Database, JsonValue } from '@anzheng/db';
import {
  type AsyncHashReader,
  ENTRY_BUNDLE_LEVEL,
  encodeEntryBundle,
  formatCheckpoint,
  LedgerError,
  leafHash,
  MAX_ENTRY_SIZE,
  type NoteSigner,
  openNote,
  parseCheckpoint,
  parseTilePath,
  parseVerifierKey,
  planTreeHash,
  proveRecordAsync,
  proveTreeAsync,
  readTileDataAsync,
  signNote,
  storedHashCount,
  storedHashesForLeafHashAsync,
  storedHashIndex,
  type Tile,
  treeHashAsync,
} from '@anzheng/ledger';
import type { Kysely } from 'kysely';
import {
  CheckpointNotFoundError,
  LedgerEntryInvalidError,
  LedgerEntryNotFoundError,
  LedgerEntryPendingError,
  LedgerEntryTooLargeError,
  MalformedTilePathError,
  ProofRangeError,
  TileNotFoundError,
} from './ledger.errors.ts';
import {
  countPendingEntries,
  countSequenced,
  databaseHashReader,
  findEntry,
  findLatestCheckpoint,
  findPositionOfEntry,
  findSequenceHead,
  insertCheckpoint,
  insertEntry,
  insertSequenceBatch,
  type LedgerCheckpointRow,
  listEntriesByPosition,
  listPendingEntries,
  lockLedger,
} from './ledger.repository.ts';

/** What another domain logs (DESIGN §4 "Entries"). No personal data: persons appear as salted commitments. */
export interface LedgerEntryInput {
  /** Dotted kind: `certificate.issued`, `certificate.revoked`, `exam.result`, … */
  kind: string;
  /** What the entry is about, e.g. the certificate number. */
  subject: string;
  data: JsonValue | null;
  /** When the recorded change happened; a Date is logged as its ISO 8601 UTC string. */
  at: Date | string;
}

export interface LedgerCheckpoint {
  id: number;
  treeSize: number;
  rootHash: Uint8Array;
  /** The signed note (C2SP signed-note, tlog-checkpoint body) exactly as served. */
  note: string;
  createdAt: Date;
}

export interface InclusionProof {
  index: number;
  treeSize: number;
  leafHash: Uint8Array;
  rootHash: Uint8Array;
  /** RFC 9162 §2.1.3.1 audit path, leaf upward. */
  hashes: Uint8Array[];
  /** The signed checkpoint of `treeSize` when it is the latest one (what a certificate bundle carries). */
  checkpoint: string | undefined;
}

export interface ConsistencyProof {
  from: number;
  to: number;
  /** RFC 9162 §2.1.4.1 consistency proof. */
  hashes: Uint8Array[];
}

export interface SequenceResult {
  /** Entries given a position by this call. */
  integrated: number;
  /** Tree size afterwards. */
  size: number;
}

const KIND = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const TILE_WIDTH = 256;

/** The entry bytes: RFC 8785 canonical JSON of `{kind, subject, data, at}`, checked for size. */
export function encodeLedgerEntry(input: LedgerEntryInput): Uint8Array {
  if (!KIND.test(input.kind))
    throw new LedgerEntryInvalidError(`kind “${input.kind}” 应为 a.b 形式的小写名称`);
  if (input.subject.length < 1 || input.subject.length > 200) {
    throw new LedgerEntryInvalidError('subject 长度应为 1–200 个字符');
  }
  let at: string;
  if (input.at instanceof Date) {
    if (Number.isNaN(input.at.getTime())) throw new LedgerEntryInvalidError('at 不是有效时间');
    at = input.at.toISOString();
  } else {
    if (!ISO_DATE_TIME.test(input.at) || Number.isNaN(Date.parse(input.at))) {
      throw new LedgerEntryInvalidError('at 应为 RFC 3339 时间');
    }
    at = input.at;
  }
  let bytes: Uint8Array;
  try {
    bytes = canonicalBytes({ kind: input.kind, subject: input.subject, data: input.data, at });
  } catch (error) {
    throw new LedgerEntryInvalidError((error as Error).message);
  }
  if (bytes.length > MAX_ENTRY_SIZE) throw new LedgerEntryTooLargeError(bytes.length);
  return bytes;
}

/**
 * Writes one entry inside the caller's business transaction (DESIGN §4 "Writes": logged
 * exactly when the change commits). Returns the entry id; the position in the tree comes
 * when the sequencer runs (`getInclusionProof({ entryId })`).
 */
export async function appendEntry(trx: Kysely<Database>, input: LedgerEntryInput): Promise<number> {
  const entry = encodeLedgerEntry(input);
  return insertEntry(trx, { kind: input.kind, subject: input.subject, entry, leafHash: leafHash(entry) });
}

export interface LedgerServiceOptions {
  db: Kysely<Database>;
  origin: string;
  signer: NoteSigner;
  verifierKey: string;
  /** Entries per sequencer transaction. */
  batchSize: number;
  /** A sequencer call stops starting new batches after this long (the checkpoint still follows). */
  sequenceBudgetMs?: number;
}

export interface LedgerService {
  readonly origin: string;
  readonly verifierKey: string;
  appendEntry(trx: Kysely<Database>, input: LedgerEntryInput): Promise<number>;
  /** Integrates pending entries, batch by batch, until none is left (or the time budget is spent). */
  sequence(): Promise<SequenceResult>;
  /**
   * Signs a checkpoint of the current tree when it grew since the latest one (or with `force`);
   * returns the latest checkpoint either way.
   */
  signCheckpoint(options?: { force?: boolean }): Promise<LedgerCheckpoint>;
  /** `sequence()` then `signCheckpoint()`: what the timer runs, and what a caller needing a proof now runs. */
  sequenceAndCheckpoint(): Promise<SequenceResult & { checkpoint: LedgerCheckpoint }>;
  latestCheckpoint(): Promise<LedgerCheckpoint | undefined>;
  /** Whether the checkpoint's note verifies with this log's key and origin. */
  isOwnCheckpoint(checkpoint: LedgerCheckpoint): boolean;
  /** Position of an entry in the tree, or undefined while it is pending. */
  findEntryIndex(entryId: number): Promise<number | undefined>;
  /** Default tree size: the latest checkpoint's. Sizes beyond it are refused (clients cannot check them). */
  getInclusionProof(ref: { entryId: number } | { index: number }, treeSize?: number): Promise<InclusionProof>;
  getConsistencyProof(from: number, to?: number): Promise<ConsistencyProof>;
  /** Body of `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]` within the latest checkpoint. */
  readTile(path: string): Promise<{ tile: Tile; data: Uint8Array }>;
  /** Entries written but not yet sequenced (monitoring). */
  pendingCount(): Promise<number>;
  hashReader(): AsyncHashReader;
}

export function toCheckpoint(row: LedgerCheckpointRow): LedgerCheckpoint {
  return {
    id: row.id,
    treeSize: row.tree_size,
    rootHash: new Uint8Array(row.root_hash),
    note: row.note,
    createdAt: row.created_at,
  };
}

/** The latest signed checkpoint, without a key (the CLI's `log checkpoint`). */
export async function readLatestCheckpoint(db: Kysely<Database>): Promise<LedgerCheckpoint | undefined> {
  const row = await findLatestCheckpoint(db);
  return row && toCheckpoint(row);
}

const NO_CURSOR = { txid: -1, entryId: -1 };

export function createLedgerService(options: LedgerServiceOptions): LedgerService {
  const { db, origin, signer, verifierKey } = options;
  const verifier = parseVerifierKey(verifierKey);
  const budgetMs = options.sequenceBudgetMs ?? 5_000;

  /** One sequencer transaction: lock, read the cursor, integrate up to `batchSize` entries. */
  async function sequenceBatch(): Promise<{ integrated: number; size: number }> {
    return db.transaction().execute(async (trx) => {
      await lockLedger(trx);
      const head = await findSequenceHead(trx);
      const size = head ? head.idx + 1 : 0;
      const pending = await listPendingEntries(
        trx,
        head ? { txid: head.txid, entryId: head.entryId } : NO_CURSOR,
        options.batchSize,
      );
      if (pending.length === 0) return { integrated: 0, size };

      // Appending needs only hashes of complete subtrees: the old tree's frontier (read once)
      // and those written earlier in this batch (kept here, not yet committed).
      const overlay = new Map<number, Uint8Array>();
      const frontier = planTreeHash(size).indexes;
      const stored = await databaseHashReader(trx).readHashes(frontier);
      for (const [i, index] of frontier.entries()) overlay.set(index, stored[i]!);
      const fallback = databaseHashReader(trx);
      const reader: AsyncHashReader = {
        async readHashes(indexes) {
          const missing = indexes.filter((i) => !overlay.has(i));
          if (missing.length > 0) {
            const read = await fallback.readHashes(missing);
            for (const [i, index] of missing.entries()) overlay.set(index, read[i]!);
          }
          return indexes.map((i) => overlay.get(i)!);
        },
      };

      const firstHash = storedHashCount(size);
      const out = new Uint8Array((storedHashCount(size + pending.length) - firstHash) * 32);
      let next = firstHash;
      for (let k = 0; k < pending.length; k++) {
        const n = size + k;
        const hashes = await storedHashesForLeafHashAsync(n, pending[k]!.leaf_hash, reader);
        if (storedHashIndex(0, n) !== next) throw new Error(`stored hash index drift at record ${n}`);
        for (const h of hashes) {
          overlay.set(next, h);
          out.set(h, (next - firstHash) * 32);
          next++;
        }
      }
      await insertSequenceBatch(
        trx,
        size,
        pending.map((p) => p.id),
        firstHash,
        out,
      );
      return { integrated: pending.length, size: size + pending.length };
    });
  }

  async function sequence(): Promise<SequenceResult> {
    const started = performance.now();
    let integrated = 0;
    for (;;) {
      const batch = await sequenceBatch();
      integrated += batch.integrated;
      if (batch.integrated < options.batchSize || performance.now() - started > budgetMs) {
        return { integrated, size: batch.size };
      }
    }
  }

  function isOwnCheckpoint(checkpoint: LedgerCheckpoint): boolean {
    try {
      const parsed = parseCheckpoint(openNote(checkpoint.note, [verifier]).text);
      return parsed.origin === origin && parsed.size === checkpoint.treeSize;
    } catch {
      return false;
    }
  }

  async function signCheckpoint({ force = false }: { force?: boolean } = {}): Promise<LedgerCheckpoint> {
    return db.transaction().execute(async (trx) => {
      await lockLedger(trx);
      const size = await countSequenced(trx);
      const latest = await findLatestCheckpoint(trx);
      if (latest && latest.tree_size > size) {
        throw new Error(`latest checkpoint has size ${latest.tree_size} but the tree has ${size} entries`);
      }
      if (latest && latest.tree_size === size && !force) return toCheckpoint(latest);
      const rootHash = await treeHashAsync(size, databaseHashReader(trx));
      const note = signNote(formatCheckpoint({ origin, size, rootHash }), [signer]);
      return toCheckpoint(await insertCheckpoint(trx, { treeSize: size, rootHash, note }));
    });
  }

  const latestCheckpoint = () => readLatestCheckpoint(db);

  async function requireCheckpoint(): Promise<LedgerCheckpoint> {
    const latest = await latestCheckpoint();
    if (!latest) throw new CheckpointNotFoundError();
    return latest;
  }

  const reader = databaseHashReader(db);

  return {
    origin,
    verifierKey,
    appendEntry,
    sequence,
    signCheckpoint,
    async sequenceAndCheckpoint() {
      const result = await sequence();
      return { ...result, checkpoint: await signCheckpoint() };
    },
    latestCheckpoint,
    isOwnCheckpoint,
    findEntryIndex: (entryId) => findPositionOfEntry(db, entryId),

    async getInclusionProof(ref, treeSize) {
      let index: number;
      let leaf: Uint8Array;
      if ('entryId' in ref) {
        const entry = await findEntry(db, ref.entryId);
        if (!entry) throw new LedgerEntryNotFoundError(ref.entryId);
        const position = await findPositionOfEntry(db, ref.entryId);
        if (position === undefined) throw new LedgerEntryPendingError(ref.entryId);
        index = position;
        leaf = new Uint8Array(entry.leaf_hash);
      } else {
        index = ref.index;
        const [row] = await listEntriesByPosition(db, index, 1);
        if (!row) throw new ProofRangeError(`位置 ${index} 尚无日志条目`);
        leaf = leafHash(row.entry);
      }
      const latest = await requireCheckpoint();
      const size = treeSize ?? latest.treeSize;
      if (size > latest.treeSize) {
        throw new ProofRangeError(`树大小 ${size} 超出最新检查点（${latest.treeSize}）`);
      }
      if (index >= size) {
        throw new ProofRangeError(`条目位置 ${index} 不在大小为 ${size} 的树中，请等待下一个检查点`);
      }
      const [hashes, rootHash] = await Promise.all([
        proveRecordAsync(size, index, reader),
        size === latest.treeSize ? Promise.resolve(latest.rootHash) : treeHashAsync(size, reader),
      ]);
      return {
        index,
        treeSize: size,
        leafHash: leaf,
        rootHash,
        hashes,
        checkpoint: size === latest.treeSize ? latest.note : undefined,
      };
    },

    async getConsistencyProof(from, to) {
      const latest = await requireCheckpoint();
      const size = to ?? latest.treeSize;
      if (from < 1 || from > size || size > latest.treeSize) {
        throw new ProofRangeError(
          `一致性证明需要 1 ≤ from ≤ to ≤ ${latest.treeSize}（最新检查点），实际 from=${from}, to=${size}`,
        );
      }
      return { from, to: size, hashes: await proveTreeAsync(size, from, reader) };
    },

    async readTile(path) {
      let tile: Tile;
      try {
        tile = parseTilePath(path);
      } catch (error) {
        if (error instanceof LedgerError) throw new MalformedTilePathError(path);
        throw error;
      }
      const latest = await requireCheckpoint();
      const size = latest.treeSize;
      // Hashes at level L count subtrees of 256^L records; the tile needs n·256 + width of them.
      const level = tile.level === ENTRY_BUNDLE_LEVEL ? 0 : tile.level;
      if ((tile.n * TILE_WIDTH + tile.width) * TILE_WIDTH ** level > size) {
        throw new TileNotFoundError(path, size);
      }
      if (tile.level === ENTRY_BUNDLE_LEVEL) {
        const rows = await listEntriesByPosition(db, tile.n * TILE_WIDTH, tile.width);
        if (rows.length !== tile.width) throw new Error(`entry bundle ${path}: ${rows.length} entries`);
        return { tile, data: encodeEntryBundle(rows.map((r) => r.entry)) };
      }
      return { tile, data: await readTileDataAsync(tile, reader) };
    },

    async pendingCount() {
      const head = await findSequenceHead(db);
      return countPendingEntries(db, head ? { txid: head.txid, entryId: head.entryId } : NO_CURSOR);
    },
    hashReader: () => reader,
  };
}
