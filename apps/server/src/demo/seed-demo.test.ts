import { createTestApp, login, requestJson } from '@anzheng/test-kit';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DEMO_ENTERPRISE_CODE } from './registry-demo.ts';
import { DEFAULT_DEMO_PASSWORD, DEFAULT_DEMO_TOTP_SECRET, seedDemo } from './seed-demo.ts';

const { app, database } = await createTestApp();
const db = database.db;
const count = async (
  table:
    | 'enterprise'
    | 'person'
    | 'application'
    | 'held_certificate'
    | 'person_sanction'
    | 'certificate'
    | 'exam_item',
) => (await db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;

describe('seedDemo', () => {
  it('fills enterprises, persons and applications in every state; a second run changes nothing', async () => {
    const started = performance.now();
    const first = await seedDemo(app, { nodeEnv: 'test' });
    const ms = performance.now() - started;
    expect(first.created).toBe(true);
    console.info(`demo seed: ${Math.round(ms)} ms on ${database.kind}`);

    expect(await count('enterprise')).toBe(30);
    const persons = await count('person');
    expect(persons).toBeGreaterThanOrEqual(270);
    expect(persons).toBeLessThanOrEqual(340);
    expect(await count('held_certificate')).toBeGreaterThan(10);
    // 5 from the registry demo + an exam ban and a dishonesty-list entry per revoked certificate (REQ-CERT-3).
    const revoked = (
      await db
        .selectFrom('certificate')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('status', '=', 'revoked')
        .executeTakeFirstOrThrow()
    ).n;
    expect(revoked).toBeGreaterThan(0);
    expect(await count('person_sanction')).toBe(5 + 2 * revoked);
    // Certificates in every state, issued through the real path (each one logged).
    const statuses = await db.selectFrom('certificate').select('status').distinct().execute();
    expect(statuses.map((s) => s.status).sort()).toEqual(
      expect.arrayContaining(['expired', 'revoked', 'suspended', 'valid']),
    );
    expect(await count('certificate')).toBeGreaterThanOrEqual(250);
    // An exam bank of at least 300 approved items (issue 6 §7).
    expect(await count('exam_item')).toBeGreaterThanOrEqual(300);

    const states = await db
      .selectFrom('application')
      .select(['state', sql<number>`count(*)::int`.as('n')])
      .groupBy('state')
      .execute();
    expect(states.map((s) => s.state).sort()).toEqual([
      'approved',
      'draft',
      'rejected',
      'returned',
      'submitted',
      'under_review',
    ]);

    // Every enterprise's credit code carries its division; the demo enterprise has ~10 staff.
    const enterprises = await db
      .selectFrom('enterprise')
      .select(['credit_code', 'division_code', 'id'])
      .execute();
    for (const e of enterprises) expect(e.credit_code.slice(2, 8)).toBe(e.division_code);
    const demoEnterprise = enterprises.find((e) => e.credit_code === DEMO_ENTERPRISE_CODE)!;
    const staff = await db
      .selectFrom('enterprise_staff')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('enterprise_id', '=', demoEnterprise.id)
      .executeTakeFirstOrThrow();
    expect(staff.n).toBeGreaterThanOrEqual(9);
    expect(staff.n).toBeLessThanOrEqual(12);

    const again = await seedDemo(app, { nodeEnv: 'test' });
    expect(again.created).toBe(false);
    expect(await count('person')).toBe(persons);
  }, 600_000);

  it('demo-holder is eligible for the junior certificate and can apply; demo-enterprise sees its staff applications', async () => {
    const holder = { username: 'demo-holder', password: DEFAULT_DEMO_PASSWORD, publicId: '', id: 0 };
    const cookies = await login(app, holder);
    const mine = await requestJson<{ items: unknown[] }>(app, 'GET', '/api/v1/applications', { cookies });
    // His demo certificate's application.
    expect(mine.body.items.map((i) => (i as { state: string }).state)).toEqual(['approved']);
    const created = await requestJson<{ id: string }>(app, 'POST', '/api/v1/applications', {
      cookies,
      body: { certificateTypeCode: '00', level: 'junior' },
    });
    expect(created.statusCode, JSON.stringify(created.body)).toBe(200);
    const submitted = await requestJson<{ state: string; eligibility: { eligible: boolean } }>(
      app,
      'POST',
      `/api/v1/applications/${created.body.id}/submit`,
      { cookies, body: {} },
    );
    expect(submitted.statusCode, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body).toMatchObject({ state: 'submitted', eligibility: { eligible: true } });

    const ent = await login(app, {
      username: 'demo-enterprise',
      password: DEFAULT_DEMO_PASSWORD,
      publicId: '',
      id: 0,
    });
    const list = await requestJson<{ items: { state: string }[] }>(
      app,
      'GET',
      '/api/v1/applications?limit=200',
      {
        cookies: ent,
      },
    );
    expect(new Set(list.body.items.map((i) => i.state)).size).toBeGreaterThanOrEqual(5);

    const officer = await login(app, {
      username: 'demo-officer-sz',
      password: DEFAULT_DEMO_PASSWORD,
      publicId: '',
      id: 0,
      totpSecret: DEFAULT_DEMO_TOTP_SECRET,
    });
    const queue = await requestJson<{ items: unknown[] }>(
      app,
      'GET',
      '/api/v1/applications?state=submitted',
      {
        cookies: officer,
      },
    );
    expect(queue.body.items.length).toBeGreaterThan(0);
  });
});
