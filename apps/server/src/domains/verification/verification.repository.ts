import type { Database, JsonValue } from '@anzheng/db';
import type { Kysely } from 'kysely';

/** Kysely only (CONVENTIONS: repositories build queries). Reads tables of the certificate and ledger domains. */

/** What the public query needs of one certificate: one indexed lookup by number (unique index). */
export interface PublicCertificateRow {
  id: number;
  number: string;
  status: string;
  level: string;
  valid_from: string;
  valid_until: string;
  issuer_name: string;
  claims: JsonValue;
  signature: string;
  suite: string;
  key_id: string;
  claims_version: number;
  holder_name: string;
  certificate_type_name: string;
}

export async function findPublicCertificate(
  db: Kysely<Database>,
  number: string,
): Promise<PublicCertificateRow | undefined> {
  return db
    .selectFrom('certificate as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .innerJoin('certificate_type as t', 't.code', 'c.certificate_type_code')
    .select([
      'c.id',
      'c.number',
      'c.status',
      'c.level',
      'c.valid_from',
      'c.valid_until',
      'c.issuer_name',
      'c.claims',
      'c.signature',
      'c.suite',
      'c.key_id',
      'c.claims_version',
      'p.name as holder_name',
      't.name as certificate_type_name',
    ])
    .where('c.number', '=', number)
    .executeTakeFirst();
}

/** The newest `certificate.*` log entry about a number, with its leaf index once sequenced. */
export interface LatestLogEntryRow {
  entry: Uint8Array;
  leaf_hash: Uint8Array;
  idx: number | null;
}

export async function findLatestLogEntry(
  db: Kysely<Database>,
  number: string,
  /** Only entries the checkpoint covers (index < tree size): a change logged a moment ago is still pending. */
  treeSize: number,
): Promise<LatestLogEntryRow | undefined> {
  return db
    .selectFrom('ledger_entry as e')
    .innerJoin('ledger_sequence as s', 's.entry_id', 'e.id')
    .select(['e.entry', 'e.leaf_hash', 's.idx'])
    .where('e.subject', '=', number)
    .where('e.kind', 'like', 'certificate.%')
    .where('s.idx', '<', treeSize)
    .orderBy('e.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** One certificate as batch verification reports it. */
export interface BatchCertificateRow {
  number: string;
  status: string;
  level: string;
  valid_until: string;
  holder_name: string;
  certificate_type_name: string;
}

/** Rows per `number in (…)` query: one round trip per chunk, not per row. */
export const BATCH_QUERY_CHUNK = 1000;

export async function listBatchCertificates(
  db: Kysely<Database>,
  numbers: readonly string[],
): Promise<BatchCertificateRow[]> {
  const out: BatchCertificateRow[] = [];
  for (let i = 0; i < numbers.length; i += BATCH_QUERY_CHUNK) {
    const chunk = numbers.slice(i, i + BATCH_QUERY_CHUNK);
    const rows = await db
      .selectFrom('certificate as c')
      .innerJoin('person as p', 'p.id', 'c.person_id')
      .innerJoin('certificate_type as t', 't.code', 'c.certificate_type_code')
      .select([
        'c.number',
        'c.status',
        'c.level',
        'c.valid_until',
        'p.name as holder_name',
        't.name as certificate_type_name',
      ])
      .where('c.number', 'in', chunk)
      .execute();
    out.push(...rows);
  }
  return out;
}
