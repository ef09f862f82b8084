import { createTestDatabase } from '@anzheng/test-kit';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { APPEND_ONLY_SQLSTATE, makeAppendOnly } from './append-only.ts';
import { migrateToLatest, migrationNames, pendingMigrations } from './migrate.ts';
import { schemaSpec } from './schema.ts';

const database = await createTestDatabase();

describe('migrations', () => {
  it('leave nothing pending on the test template and re-running applies nothing', async () => {
    expect(await pendingMigrations(database.db)).toEqual([]);
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it('are named by date so their order is their names order', () => {
    for (const name of migrationNames()) expect(name).toMatch(/^\d{4}-\d{2}-\d{2}-\d{4}-[a-z0-9-]+$/);
  });

  it('build exactly the tables and columns the hand-written types describe', async () => {
    const rows = await sql<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
    }>`
      select table_name, column_name, data_type, is_nullable
        from information_schema.columns
       where table_schema = current_schema() and table_name not like 'kysely_%'
       order by table_name, ordinal_position`.execute(database.db);
    const actual: Record<string, Record<string, { type: string; nullable: boolean }>> = {};
    for (const r of rows.rows) {
      actual[r.table_name] ??= {};
      actual[r.table_name]![r.column_name] = { type: r.data_type, nullable: r.is_nullable === 'YES' };
    }
    expect(actual).toEqual(schemaSpec);
  });
});

describe('append-only helper', () => {
  it('rejects UPDATE, DELETE and TRUNCATE but keeps INSERT', async () => {
    await sql`create table append_only_probe (id int primary key, note text)`.execute(database.db);
    await makeAppendOnly(database.db, 'append_only_probe');
    await sql`insert into append_only_probe values (1, 'kept')`.execute(database.db);
    for (const statement of [
      sql`update append_only_probe set note = 'changed'`,
      sql`delete from append_only_probe`,
      sql`truncate append_only_probe`,
    ]) {
      await expect(statement.execute(database.db)).rejects.toMatchObject({ code: APPEND_ONLY_SQLSTATE });
    }
    const rows = await sql<{ note: string }>`select note from append_only_probe`.execute(database.db);
    expect(rows.rows).toEqual([{ note: 'kept' }]);
    await sql`drop table append_only_probe`.execute(database.db);
  });
});

describe('value conventions', () => {
  it('are the same on PGlite and PostgreSQL: bigint → number, date → string, timestamptz → Date', async () => {
    const r = await sql<{ big: number; d: string; ts: Date; n: string }>`
      select 9007199254740991::int8 as big, date '2026-11-29' as d, now() as ts, 1.50::numeric as n`.execute(
      database.db,
    );
    const row = r.rows[0]!;
    expect(row.big).toBe(Number.MAX_SAFE_INTEGER);
    expect(row.d).toBe('2026-11-29');
    expect(row.ts).toBeInstanceOf(Date);
    expect(row.n).toBe('1.50');
  });
});
