import type { AuditEventTable, Database } from '@anzheng/db';
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';

export type AuditEventRow = Selectable<AuditEventTable>;

/**
 * Serializes appends to the chain: a transaction-scoped advisory lock, so the next event
 * reads the head only after the previous one committed.
 */
const AUDIT_CHAIN_LOCK = 0x617564; // 'aud'

export async function lockChainHead(
  trx: Kysely<Database>,
): Promise<{ id: number; hash: string } | undefined> {
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  return trx
    .selectFrom('audit_event')
    .select(['id', 'hash'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertAuditEvent(
  trx: Kysely<Database>,
  row: Insertable<AuditEventTable>,
): Promise<void> {
  await trx.insertInto('audit_event').values(row).execute();
}

export interface AuditEventFilter {
  actorName?: string | undefined;
  action?: string | undefined;
  result?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Events with id below this (newest first paging). */
  beforeId?: number | undefined;
  limit: number;
}

export async function listAuditEvents(db: Kysely<Database>, f: AuditEventFilter): Promise<AuditEventRow[]> {
  let q = db.selectFrom('audit_event').selectAll().orderBy('id', 'desc').limit(f.limit);
  if (f.actorName) q = q.where('actor_name', '=', f.actorName);
  if (f.action) q = q.where('action', 'like', `${f.action.replace(/[\\%_]/g, '\\$&')}%`);
  if (f.result) q = q.where('result', '=', f.result);
  if (f.targetType) q = q.where('target_type', '=', f.targetType);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.from) q = q.where('occurred_at', '>=', f.from);
  if (f.to) q = q.where('occurred_at', '<', f.to);
  if (f.beforeId !== undefined) q = q.where('id', '<', f.beforeId);
  return q.execute();
}

/** Streams the whole chain in id order, in batches (for `anzheng audit verify`). */
export async function* iterateAuditEvents(
  db: Kysely<Database>,
  batch = 2_000,
): AsyncGenerator<AuditEventRow> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(batch)
      .execute();
    if (rows.length === 0) return;
    yield* rows;
    after = rows[rows.length - 1]!.id;
  }
}
