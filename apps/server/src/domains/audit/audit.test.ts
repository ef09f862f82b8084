import { createTestApp } from '@anzheng/test-kit';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { auditEventHash, GENESIS_HASH } from './audit.chain.ts';
import { rowToChainFields } from './audit.service.ts';

const { app, database } = await createTestApp();
const audit = app.services.audit;
const ctx = { ip: '127.0.0.1', requestId: 'req-test-0001', username: 'tester' };

async function tamper(statement: ReturnType<typeof sql>) {
  // Only a database superuser can step around the append-only trigger; this is the attack
  // the hash chain exists to reveal.
  await sql`alter table audit_event disable trigger audit_event_append_only`.execute(database.db);
  try {
    await statement.execute(database.db);
  } finally {
    await sql`alter table audit_event enable trigger audit_event_append_only`.execute(database.db);
  }
}

describe('audit hash chain', () => {
  it('links each event to the previous one and verifies', async () => {
    for (let i = 0; i < 5; i++) await audit.recordAlone(ctx, { action: 'test.event', details: { i } });
    const rows = await database.db.selectFrom('audit_event').selectAll().orderBy('id').execute();
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    for (const row of rows) expect(auditEventHash(rowToChainFields(row))).toBe(row.hash);
    const result = await audit.verify();
    expect(result).toEqual({ ok: true, count: rows.length, headHash: rows[rows.length - 1]!.hash });
  });

  it('keeps the chain whole under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        audit.recordAlone(ctx, { action: 'test.concurrent', details: { i } }),
      ),
    );
    expect((await audit.verify()).ok).toBe(true);
  });

  it('an event written in a transaction that rolls back leaves no trace', async () => {
    const before = await audit.verify();
    await expect(
      database.db.transaction().execute(async (trx) => {
        await audit.record(trx, ctx, { action: 'test.rolled-back' });
        throw new Error('business change failed');
      }),
    ).rejects.toThrow('business change failed');
    const after = await audit.verify();
    expect(after).toEqual(before);
  });

  it('rejects UPDATE and DELETE through the trigger', async () => {
    await expect(
      sql`update audit_event set action = 'x' where id = 1`.execute(database.db),
    ).rejects.toMatchObject({ code: 'AZ001' });
    await expect(sql`delete from audit_event where id = 1`.execute(database.db)).rejects.toMatchObject({
      code: 'AZ001',
    });
  });

  it("names the first tampered event when a row is changed behind the trigger's back", async () => {
    await tamper(sql`update audit_event set details = '{"i": 99}'::jsonb where id = 3`);
    const changed = await audit.verify();
    expect(changed).toMatchObject({ ok: false, brokenId: 3 });
    expect(changed.ok === false && changed.reason).toContain('篡改');
  });
});
