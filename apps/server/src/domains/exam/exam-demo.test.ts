import { createTestApp, login } from '@anzheng/test-kit';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { seedExamDemo } from '../../demo/exam-demo.ts';
import { seedDemo } from '../../demo/seed-demo.ts';
import { DEMO_ITEMS } from './analysis/demo-items.ts';
import { assemblePaper, blueprintCoverage } from './assembly.ts';
import { defaultSections } from './blueprint.defaults.ts';

/** Issue 6 §7: the demo bank fills the default blueprints; demo-holder 张安全 has an upcoming exam. */

describe('demo bank (pure)', () => {
  for (const level of ['junior', 'intermediate'] as const) {
    it(`fills every quota of the default blueprint for ${level}`, () => {
      const bank = DEMO_ITEMS.filter((i) => i.level === level).map((i, n) => ({
        itemId: i.identifier,
        itemVersionId: n + 1,
        module: i.module,
        type: i.body.type,
        difficulty: i.difficulty,
        competencies: i.competencies,
        body: i.body,
      }));
      expect(blueprintCoverage({ sections: defaultSections() }, bank).ok).toBe(true);
      expect(assemblePaper({ sections: defaultSections() }, bank, 'demo')).toHaveLength(72);
    });
  }
});

describe('seedExamDemo', async () => {
  const { app } = await createTestApp();

  it('approves the bank, creates both blueprints and schedules 张安全 in 深圳 — once', {
    timeout: 600_000,
  }, async () => {
    // seedDemo runs the exam demo after the registry and certificates; a second run is a no-op.
    await seedDemo(app, { nodeEnv: 'test' });
    expect(await seedExamDemo(app)).toBeUndefined();

    const db = app.database.db;
    const items = await db
      .selectFrom('exam_item')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(items.n).toBe(DEMO_ITEMS.length);
    const blueprints = await db.selectFrom('exam_blueprint').select('code').distinct().execute();
    expect(blueprints).toHaveLength(2);
    const states = await db.selectFrom('exam_item_version').select('state').distinct().execute();
    expect(states.map((s) => s.state)).toEqual(['approved']);
    // The holder sees his registration and can download his ticket.
    const cookies = await login(app, {
      username: 'demo-holder',
      password: 'Anzheng-Demo-2026',
      publicId: '',
      id: 0,
    });
    const mine = await app.inject({ method: 'GET', url: '/api/v1/exam-registrations', cookies });
    expect(mine.json().items[0].ticketNo).toMatch(/^\d{2}44\d{10}$/);
    expect(mine.json().items[0]).toMatchObject({
      candidateName: '张**',
      seatNo: 1,
    });

    // The finished 广州 session: attempts taken through the delivery services, graded, published,
    // and statistics with a spread (issue 6 §5/§7, REQ-EXAM-5).
    const finished = await db
      .selectFrom('exam_session')
      .select(['id', 'public_id', 'state', 'starts_at'])
      .where('division_code', '=', '440000')
      .executeTakeFirstOrThrow();
    expect(finished.state).toBe('closed');
    expect(finished.starts_at.getTime()).toBeLessThan(Date.now() - 7 * 86_400_000);
    const graded = await db
      .selectFrom('exam_attempt')
      .select(['state', sql<number>`count(*)::int`.as('n')])
      .where('session_id', '=', finished.id)
      .groupBy('state')
      .execute();
    expect(graded).toHaveLength(1);
    expect(graded[0]).toMatchObject({ state: 'graded' });
    expect(graded[0]!.n).toBeGreaterThanOrEqual(40);
    const published = await db
      .selectFrom('exam_result as x')
      .innerJoin('exam_registration as r', 'r.id', 'x.registration_id')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('r.session_id', '=', finished.id)
      .executeTakeFirstOrThrow();
    expect(published.n).toBe(graded[0]!.n);
    const gd = await login(app, {
      username: 'demo-regulator-gd',
      password: 'Anzheng-Demo-2026',
      totpSecret: 'JBSWY3DPEHPK3PXP',
      publicId: '',
      id: 0,
    });
    const stats = await app.inject({
      method: 'GET',
      url: `/api/v1/exam-sessions/${finished.public_id}/statistics`,
      cookies: gd,
    });
    expect(stats.statusCode).toBe(200);
    const body = stats.json();
    expect(body.test.attempts).toBe(graded[0]!.n);
    expect(body.test.itemCount).toBeGreaterThan(50);
    // Papers differ per candidate (one blueprint): percentages are of the paper total.
    const paper = await db
      .selectFrom('exam_paper as pp')
      .innerJoin('exam_registration as r', 'r.id', 'pp.registration_id')
      .select('pp.total_points')
      .where('r.session_id', '=', finished.id)
      .executeTakeFirstOrThrow();
    expect(body.test.maxTotal).toBe(Number(paper.total_points));
    expect(Math.max(...body.scores)).toBeLessThanOrEqual(body.test.maxTotal);
    expect(body.test.averagePercent).toBeGreaterThan(30);
    expect(body.test.averagePercent).toBeLessThan(90);
    expect(body.test.standardDeviationPercent).toBeGreaterThan(5);
    expect(body.test.internalConsistency).toBeGreaterThan(50);
    expect(body.scores).toHaveLength(graded[0]!.n);
    expect(body.pendingAttempts).toBe(0);
  });
});
