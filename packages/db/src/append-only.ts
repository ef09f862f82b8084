import { type Kysely, sql } from 'kysely';

/**
 * Makes a table append-only (DESIGN §3: ledger entries, audit events, answer history):
 * a trigger rejects every UPDATE and DELETE with SQLSTATE 'AZ001'. TRUNCATE is rejected too.
 * The trigger function itself is created by the foundation migration.
 */
export async function makeAppendOnly(db: Kysely<any>, table: string): Promise<void> {
  const name = sql.id(`${table}_append_only`);
  const truncateName = sql.id(`${table}_no_truncate`);
  await sql`create trigger ${name} before update or delete on ${sql.table(table)}
    for each row execute function anzheng_reject_mutation()`.execute(db);
  await sql`create trigger ${truncateName} before truncate on ${sql.table(table)}
    for each statement execute function anzheng_reject_mutation()`.execute(db);
}

/** SQLSTATE raised by the append-only trigger; repositories map it to a domain error. */
export const APPEND_ONLY_SQLSTATE = 'AZ001';
