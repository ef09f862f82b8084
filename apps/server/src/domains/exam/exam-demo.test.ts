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
  });
});
