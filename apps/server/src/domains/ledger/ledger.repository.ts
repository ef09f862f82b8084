import type { Database, LedgerCheckpointTable } from '@anzheng/db';
import type { AsyncHashReader } from '@anzheng/ledger';
import { type Kysely, type Selectable, sql } from 'kysely';

export type LedgerCheckpointRow = Selectable<LedgerCheckpointTable>;

/**
 * Serializes the sequencer and checkpoint signing across every server process on one
 * database (transaction-scoped, released at commit/rollback): two sequencers never assign
 * the same index, so the log cannot fork.
 */
const LEDGER_LOCK = 0x6c6f67; // 'log'

export async function lockLedger(trx: Kysely<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${LEDGER_LOCK})`.execute(trx);
}

const asBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

export async function insertEntry(
  trx: Kysely<Database>,
  row: { kind: string; subject: string; entry: Uint8Array; leafHash: Uint8Array },
): Promise<number> {
  const { id } = await trx
    .insertInto('ledger_entry')
    .values({
      kind: row.kind,
      subject: row.subject,
      entry: asBuffer(row.entry),
      leaf_hash: asBuffer(row.leafHash),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The last sequenced position and its entry's (txid, id): the sequencer's scan cursor. */
export async function findSequenceHead(
  db: Kysely<Database>,
): Promise<{ idx: number; txid: number; entryId: number } | undefined> {
  const row = await db
    .selectFrom('ledger_sequence as s')
    .innerJoin('ledger_entry as e', 'e.id', 's.entry_id')
    .select(['s.idx', 'e.txid', 'e.id'])
    .orderBy('s.idx', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { idx: row.idx, txid: row.txid, entryId: row.id };
}

export async function countSequenced(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('ledger_sequence')
    .select(sql<number | null>`max(idx)`.as('max'))
    .executeTakeFirst();
  return row?.max == null ? 0 : Number(row.max) + 1;
}

/**
 * Pending entries after the cursor, in (txid, id) order, only from transactions that ended
 * before every transaction still running (`pg_snapshot_xmin`): an entry of a transaction that
 * is still open cannot appear later *behind* the cursor. Entries of one transaction keep id order.
 */
export async function listPendingEntries(
  db: Kysely<Database>,
  after: { txid: number; entryId: number },
  limit: number,
): Promise<{ id: number; txid: number; leaf_hash: Uint8Array }[]> {
  const { rows } = await sql<{ id: number; txid: number; leaf_hash: Uint8Array }>`
    select id, txid, leaf_hash
      from ledger_entry
     where (txid, id) > (${after.txid}, ${after.entryId})
       and txid < (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint
     order by txid, id
     limit ${limit}`.execute(db);
  return rows;
}

/** Count of entries not yet sequenced (committed and visible now, whatever their transaction age). */
export async function countPendingEntries(
  db: Kysely<Database>,
  after: { txid: number; entryId: number },
): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from ledger_entry where (txid, id) > (${after.txid}, ${after.entryId})`.execute(
    db,
  );
  return rows[0]?.n ?? 0;
}

/** Inserts positions `first…` for the entries, and stored hashes `firstHash…`, one statement each. */
export async function insertSequenceBatch(
  trx: Kysely<Database>,
  first: number,
  entryIds: readonly number[],
  firstHash: number,
  hashes: Uint8Array,
): Promise<void> {
  // One array literal and one bytea keep each insert a single statement with two parameters on
  // both drivers, whatever the batch size.
  await sql`
    insert into ledger_sequence (idx, entry_id)
    select ${first}::bigint + ord - 1, entry_id
      from unnest(${`{${entryIds.join(',')}}`}::bigint[]) with ordinality as t(entry_id, ord)`.execute(trx);
  const count = hashes.length / 32;
  await sql`
    insert into ledger_hash (idx, hash)
    select ${firstHash}::bigint + g, substring(${asBuffer(hashes)}::bytea from g * 32 + 1 for 32)
      from generate_series(0, ${count - 1}) as g`.execute(trx);
}

/** Stored hashes by index, straight from `ledger_hash`. */
export function databaseHashReader(db: Kysely<Database>): AsyncHashReader {
  return {
    async readHashes(indexes) {
      if (indexes.length === 0) return [];
      const rows = await db
        .selectFrom('ledger_hash')
        .select(['idx', 'hash'])
        .where('idx', 'in', [...new Set(indexes)])
        .execute();
      const byIndex = new Map(rows.map((r) => [r.idx, r.hash]));
      return indexes.map((i) => {
        const h = byIndex.get(i);
        if (!h) throw new Error(`ledger_hash ${i} is missing`);
        return h;
      });
    },
  };
}

/** Entries at tree positions [from, from + count), in order. */
export async function listEntriesByPosition(
  db: Kysely<Database>,
  from: number,
  count: number,
): Promise<{ idx: number; entry: Uint8Array }[]> {
  return db
    .selectFrom('ledger_sequence as s')
    .innerJoin('ledger_entry as e', 'e.id', 's.entry_id')
    .select(['s.idx', 'e.entry'])
    .where('s.idx', '>=', from)
    .where('s.idx', '<', from + count)
    .orderBy('s.idx')
    .execute();
}

export async function findPositionOfEntry(
  db: Kysely<Database>,
  entryId: number,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('ledger_sequence')
    .select('idx')
    .where('entry_id', '=', entryId)
    .executeTakeFirst();
  return row?.idx;
}

export async function findEntry(
  db: Kysely<Database>,
  entryId: number,
): Promise<{ id: number; entry: Uint8Array; leaf_hash: Uint8Array } | undefined> {
  return db
    .selectFrom('ledger_entry')
    .select(['id', 'entry', 'leaf_hash'])
    .where('id', '=', entryId)
    .executeTakeFirst();
}

export async function findLatestCheckpoint(db: Kysely<Database>): Promise<LedgerCheckpointRow | undefined> {
  return db.selectFrom('ledger_checkpoint').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function insertCheckpoint(
  trx: Kysely<Database>,
  row: { treeSize: number; rootHash: Uint8Array; note: string },
): Promise<LedgerCheckpointRow> {
  return trx
    .insertInto('ledger_checkpoint')
    .values({ tree_size: row.treeSize, root_hash: asBuffer(row.rootHash), note: row.note })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Every checkpoint in signing order (for `anzheng log verify`). */
export async function listCheckpoints(db: Kysely<Database>): Promise<LedgerCheckpointRow[]> {
  return db.selectFrom('ledger_checkpoint').selectAll().orderBy('id').execute();
}

/** Sequenced entries with their stored leaf hash, positions [from, from + count). */
export async function listSequencedEntries(
  db: Kysely<Database>,
  from: number,
  count: number,
): Promise<{ idx: number; entry_id: number; entry: Uint8Array; leaf_hash: Uint8Array }[]> {
  return db
    .selectFrom('ledger_sequence as s')
    .innerJoin('ledger_entry as e', 'e.id', 's.entry_id')
    .select(['s.idx', 's.entry_id', 'e.entry', 'e.leaf_hash'])
    .where('s.idx', '>=', from)
    .where('s.idx', '<', from + count)
    .orderBy('s.idx')
    .execute();
}

/** Stored hashes with index in [from, to), in order. */
export async function listHashRange(
  db: Kysely<Database>,
  from: number,
  to: number,
): Promise<{ idx: number; hash: Uint8Array }[]> {
  return db
    .selectFrom('ledger_hash')
    .select(['idx', 'hash'])
    .where('idx', '>=', from)
    .where('idx', '<', to)
    .orderBy('idx')
    .execute();
}

export async function countHashes(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('ledger_hash')
    .select(sql<number>`count(*)::bigint`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
