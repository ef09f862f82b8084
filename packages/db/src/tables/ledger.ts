import type { Generated } from 'kysely';
import type { TablesSpec } from './spec.ts';

/**
 * 透明日志条目 — one transparency-log entry (DESIGN §4), written in the business transaction
 * that makes the change it records. Append-only. It is *pending* until the sequencer gives it
 * a position (`ledger_sequence`); an append-only table cannot be updated with that position.
 */
export interface LedgerEntryTable {
  id: Generated<number>;
  kind: string;
  /** What the entry is about, e.g. a certificate number; never personal data. */
  subject: string;
  /** RFC 8785 canonical JSON of `{kind, subject, data, at}`; ≤ 65,535 bytes (entry bundles). */
  entry: Uint8Array;
  /** RFC 9162 leaf hash SHA-256(0x00 ‖ entry). */
  leaf_hash: Uint8Array;
  /**
   * The inserting transaction's id (`pg_current_xact_id()`): the sequencer only takes entries
   * of transactions older than every running one, so a late commit is never skipped.
   */
  txid: Generated<number>;
  created_at: Generated<Date>;
}

/** The entry at position `idx` of the Merkle tree (leaf index). Append-only. */
export interface LedgerSequenceTable {
  idx: number;
  entry_id: number;
  sequenced_at: Generated<Date>;
}

/**
 * Stored hashes in the index space of Go's sumdb/tlog (`storedHashIndex(level, n)`): every
 * complete subtree hash once, about 2 per entry. Tiles are read from here. Append-only.
 */
export interface LedgerHashTable {
  idx: number;
  hash: Uint8Array;
}

/** A signed checkpoint (C2SP signed-note with a tlog-checkpoint body). Append-only. */
export interface LedgerCheckpointTable {
  id: Generated<number>;
  tree_size: number;
  root_hash: Uint8Array;
  /** The whole signed note as served on `GET /log/checkpoint`. */
  note: string;
  created_at: Generated<Date>;
}

export interface LedgerTables {
  ledger_entry: LedgerEntryTable;
  ledger_sequence: LedgerSequenceTable;
  ledger_hash: LedgerHashTable;
  ledger_checkpoint: LedgerCheckpointTable;
}

export const ledgerSpec: TablesSpec<LedgerTables> = {
  ledger_entry: {
    id: { type: 'bigint', nullable: false },
    kind: { type: 'text', nullable: false },
    subject: { type: 'text', nullable: false },
    entry: { type: 'bytea', nullable: false },
    leaf_hash: { type: 'bytea', nullable: false },
    txid: { type: 'bigint', nullable: false },
    created_at: { type: 'timestamp with time zone', nullable: false },
  },
  ledger_sequence: {
    idx: { type: 'bigint', nullable: false },
    entry_id: { type: 'bigint', nullable: false },
    sequenced_at: { type: 'timestamp with time zone', nullable: false },
  },
  ledger_hash: {
    idx: { type: 'bigint', nullable: false },
    hash: { type: 'bytea', nullable: false },
  },
  ledger_checkpoint: {
    id: { type: 'bigint', nullable: false },
    tree_size: { type: 'bigint', nullable: false },
    root_hash: { type: 'bytea', nullable: false },
    note: { type: 'text', nullable: false },
    created_at: { type: 'timestamp with time zone', nullable: false },
  },
};
