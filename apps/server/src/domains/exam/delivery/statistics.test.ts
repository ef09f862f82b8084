import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, createUser, expectError, loginAs, requestJson } from '@anzheng/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { computeExamStatistics } from '../analysis/statistics.ts';
import { createExamFixture, SAMPLE_ITEMS } from './delivery.fixtures.ts';

// Statistics API of a session (issue 6 §5, REQ-EXAM-5; docs/exam-delivery.md §Statistics API).
process.env.ANZHENG_EXAM_SWEEP_INTERVAL_MS = '0';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-exam-stats-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const { app, database, cipher, clock } = await createTestApp({ dataDir });
const db = database.db;

const author = await createUser(app, [{ role: 'assessor' }]);
const invigilator = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '440300' }]);
const otherRegulator = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '110000' }]);
const marker = await loginAs(app, [{ role: 'assessor' }]);

// biome-ignore lint/suspicious/noExplicitAny: response bodies checked by assertions
type Json = Record<string, any>;

/** Six candidates from strong to weak (q5 is the marker item, its mark is the last entry). */
const SCRIPTS: Array<{ answers: Record<string, unknown>; q5: number } | 'unmarked'> = [
  {
    answers: {
      q1: { choices: ['B'] },
      q2: { choices: ['A', 'C'] },
      q3: { choices: ['T'] },
      q4: { blanks: ['安全生产法', '三'] },
      q5: { text: '辨识、评估、监控、应急' },
    },
    q5: 5,
  },
  {
    answers: {
      q1: { choices: ['B'] },
      q2: { choices: ['A'] },
      q3: { choices: ['T'] },
      q4: { blanks: ['安全生产法', '五'] },
      q5: { text: '辨识、评估' },
    },
    q5: 4,
  },
  {
    answers: {
      q1: { choices: ['B'] },
      q2: { choices: ['A', 'D'] },
      q3: { choices: ['F'] },
      q5: { text: '辨识' },
    },
    q5: 2,
  },
  {
    answers: {
      q1: { choices: ['C'] },
      q2: { choices: ['C'] },
      q3: { choices: ['T'] },
      q5: { text: '不知道' },
    },
    q5: 1,
  },
  { answers: { q1: { choices: ['A'] }, q3: { choices: ['F'] } }, q5: 0 },
  'unmarked',
];

async function gradedSession() {
  const candidates = await Promise.all(SCRIPTS.map(() => loginAs(app, [{ role: 'holder' }])));
  const fixture = await createExamFixture(db, cipher, {
    authorId: author.id,
    startsAt: new Date(clock.now().getTime() - 10_000),
    candidates: candidates.map((c) => ({ userId: c.user.id })),
    seed: 6,
  });
  const matrix: Array<{ id: string; marks: Record<string, number>; choices: Record<string, string[]> }> = [];
  for (const [i, script] of SCRIPTS.entries()) {
    const c = candidates[i]!;
    const reg = fixture.registrations[i]!;
    const started = await requestJson<Json>(
      app,
      'POST',
      `/api/v1/exam-registrations/${reg.publicId}/attempts`,
      {
        cookies: c.cookies,
      },
    );
    const id = started.body.id as string;
    const answers = script === 'unmarked' ? { q5: { text: '辨识' } } : script.answers;
    for (const [ref, response] of Object.entries(answers)) {
      const saved = await requestJson(app, 'PUT', `/api/v1/attempts/${id}/answers/${ref}`, {
        cookies: c.cookies,
        body: { seq: 1, response },
      });
      expect(saved.statusCode).toBe(200);
    }
    await requestJson(app, 'POST', `/api/v1/attempts/${id}/submit`, { cookies: c.cookies });
    let view = (
      await requestJson<Json>(app, 'POST', `/api/v1/attempts/${id}/grade`, { cookies: marker.cookies })
    ).body;
    if (script === 'unmarked') continue;
    view = (
      await requestJson<Json>(app, 'PUT', `/api/v1/attempts/${id}/item-marks/q5`, {
        cookies: marker.cookies,
        body: { points: script.q5 },
      })
    ).body;
    expect(view.pendingItems).toEqual([]);
    const choices: Record<string, string[]> = {};
    for (const ref of ['q1', 'q2', 'q3']) {
      choices[ref] = ((answers as Record<string, { choices?: string[] }>)[ref]?.choices ?? []) as string[];
    }
    matrix.push({
      id,
      marks: Object.fromEntries(view.items.map((x: Json) => [x.itemRef, x.points])),
      choices,
    });
  }
  return { fixture, matrix };
}

describe('GET /api/v1/exam-sessions/:id/statistics (REQ-EXAM-5)', async () => {
  const { fixture, matrix } = await gradedSession();
  const url = `/api/v1/exam-sessions/${fixture.sessionPublicId}/statistics`;

  it('equals computeExamStatistics on the graded marks, with the score list and pending attempts', async () => {
    const res = await requestJson<Json>(app, 'GET', url, { cookies: invigilator.cookies });
    expect(res.statusCode).toBe(200);
    const body = res.body;
    // The same matrix, taken from the grading views (auto scores + final marker marks).
    const refOf = new Map(body.items.map((i: Json) => [i.itemId, i.ref]));
    expect([...refOf.values()]).toEqual(['q1', 'q2', 'q3', 'q4', 'q5']);
    const idOf = new Map([...refOf].map(([id, ref]) => [ref, id as string]));
    const expected = computeExamStatistics({
      items: SAMPLE_ITEMS.map((i) => ({
        id: idOf.get(i.ref)!,
        maxMark: i.points,
        body: i.body,
        answerKey: i.key,
      })),
      attempts: matrix.map((a) => ({
        id: a.id,
        marks: Object.fromEntries(Object.entries(a.marks).map(([ref, m]) => [idOf.get(ref)!, m])),
        choices: Object.fromEntries(Object.entries(a.choices).map(([ref, c]) => [idOf.get(ref)!, c])),
      })),
    });
    expect(body.test).toEqual(expected.test);
    expect(body.test.attempts).toBe(5);
    expect(body.test.maxTotal).toBe(14);
    expect(body.test.internalConsistencyKind).toBe('alpha');
    expect(body.items.map(({ ref, itemPublicId, version, type, ...rest }: Json) => rest)).toEqual(
      expected.items,
    );
    expect(body.items[0]).toMatchObject({ ref: 'q1', version: 1, type: 'single_choice' });
    expect(body.flagged.map((f: Json) => f.itemId)).toEqual(expected.flagged.map((f) => f.itemId));
    // Strongest candidate: 2 + 4 + 1 + 2 + 5.
    expect(body.scores).toEqual(matrix.map((a) => Object.values(a.marks).reduce((s, m) => s + m, 0)));
    expect(body.scores[0]).toBe(14);
    expect(body.pendingAttempts).toBe(1);
    // Distractors: q1 was answered B (key) by three, C by one, A by one.
    const q1 = body.items[0].distractors;
    expect(q1.options.find((o: Json) => o.optionId === 'B')).toMatchObject({ isKey: true, count: 3 });
  });

  it('never returns the answer keys or model answers', async () => {
    const res = await requestJson<Json>(app, 'GET', url, { cookies: marker.cookies });
    expect(res.statusCode).toBe(200);
    expect(JSON.stringify(res.body)).not.toMatch(/answer_?[kK]ey|modelAnswer|安全生产法|辨识、评估|"body"/);
  });

  it('is 404 outside the invigilator’s division and for candidates, 401 without login', async () => {
    expectError(await requestJson(app, 'GET', url), 401, 'UNAUTHENTICATED');
    expectError(
      await requestJson(app, 'GET', url, { cookies: otherRegulator.cookies }),
      404,
      'EXAM_SESSION_NOT_FOUND',
    );
    const holder = await loginAs(app, [{ role: 'holder' }]);
    expectError(
      await requestJson(app, 'GET', url, { cookies: holder.cookies }),
      404,
      'EXAM_SESSION_NOT_FOUND',
    );
    expectError(
      await requestJson(app, 'GET', '/api/v1/exam-sessions/00000000-0000-4000-8000-000000000000/statistics', {
        cookies: invigilator.cookies,
      }),
      404,
      'EXAM_SESSION_NOT_FOUND',
    );
  });

  it('an empty session is 200 with no attempts and null figures', async () => {
    const empty = await createExamFixture(db, cipher, {
      authorId: author.id,
      startsAt: new Date(clock.now().getTime() - 10_000),
      candidates: [],
    });
    const res = await requestJson<Json>(
      app,
      'GET',
      `/api/v1/exam-sessions/${empty.sessionPublicId}/statistics`,
      {
        cookies: invigilator.cookies,
      },
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ items: [], flagged: [], scores: [], pendingAttempts: 0 });
    expect(res.body.test).toMatchObject({
      attempts: 0,
      averagePercent: null,
      medianPercent: null,
      internalConsistency: null,
    });
  });
});
