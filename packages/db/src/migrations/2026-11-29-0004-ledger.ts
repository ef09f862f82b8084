import { type Kysely, sql } from 'kysely';
import { makeAppendOnly } from '../append-only.ts';

/** Transparency log storage (DESIGN §4; docs/transparency-log.md). Every table is append-only. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ledger_entry')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind ~ '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$'`))
    .addColumn('subject', 'text', (c) => c.notNull().check(sql`length(subject) between 1 and 200`))
    // C2SP tlog-tiles entry bundles prefix each entry with a uint16 length.
    .addColumn('entry', 'bytea', (c) => c.notNull().check(sql`length(entry) between 1 and 65535`))
    .addColumn('leaf_hash', 'bytea', (c) => c.notNull().check(sql`length(leaf_hash) = 32`))
    .addColumn('txid', 'bigint', (c) => c.notNull().defaultTo(sql`(pg_current_xact_id()::text)::bigint`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await makeAppendOnly(db, 'ledger_entry');
  // The sequencer's scan: (txid, id) after the last sequenced entry.
  await db.schema.createIndex('ledger_entry_txid_idx').on('ledger_entry').columns(['txid', 'id']).execute();
  await db.schema
    .createIndex('ledger_entry_subject_idx')
    .on('ledger_entry')
    .columns(['subject', 'id'])
    .execute();

  await db.schema
    .createTable('ledger_sequence')
    .addColumn('idx', 'bigint', (c) => c.primaryKey().check(sql`idx >= 0`))
    .addColumn('entry_id', 'bigint', (c) => c.notNull().unique().references('ledger_entry.id'))
    .addColumn('sequenced_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await makeAppendOnly(db, 'ledger_sequence');

  await db.schema
    .createTable('ledger_hash')
    .addColumn('idx', 'bigint', (c) => c.primaryKey().check(sql`idx >= 0`))
    .addColumn('hash', 'bytea', (c) => c.notNull().check(sql`length(hash) = 32`))
    .execute();
  await makeAppendOnly(db, 'ledger_hash');

  await db.schema
    .createTable('ledger_checkpoint')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('tree_size', 'bigint', (c) => c.notNull().check(sql`tree_size >= 0`))
    .addColumn('root_hash', 'bytea', (c) => c.notNull().check(sql`length(root_hash) = 32`))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await makeAppendOnly(db, 'ledger_checkpoint');
  await db.schema
    .createIndex('ledger_checkpoint_size_idx')
    .on('ledger_checkpoint')
    .columns(['tree_size', 'id'])
    .execute();
}
