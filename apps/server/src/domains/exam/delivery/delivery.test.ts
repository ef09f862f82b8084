import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, createUser, expectError, login, loginAs, requestJson } from '@anzheng/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { createAttemptService } from './attempt.service.ts';
import { readDeliverySettings } from './delivery.config.ts';
import { createExamFixture } from './delivery.fixtures.ts';

// The background sweeper is exercised directly below (two concurrent sweepers).
process.env.ANZHENG_EXAM_SWEEP_INTERVAL_MS = '0';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-delivery-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const { app, database, cipher, clock } = await createTestApp({ dataDir });
const db = database.db;

const author = await createUser(app, [{ role: 'assessor' }]);
const invigilator = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '440300' }]);
const otherRegulator = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '110000' }]);

// biome-ignore lint/suspicious/noExplicitAny: response bodies of many shapes, checked by assertions
type Json = Record<string, any>;

/** A checked-in candidate with a session that started 10 s ago; returns their cookie and ids. */
async function candidateSetup(
  options: { durationMinutes?: number; checkedIn?: boolean; offsetSeconds?: number } = {},
) {
  const candidate = await loginAs(app, [{ role: 'holder' }]);
  const fixture = await createExamFixture(db, cipher, {
    authorId: author.id,
    startsAt: new Date(clock.now().getTime() - 10_000),
    durationMinutes: options.durationMinutes ?? 90,
    candidates: [
      {
        userId: candidate.user.id,
        ...(options.checkedIn !== undefined ? { checkedIn: options.checkedIn } : {}),
        ...(options.offsetSeconds !== undefined ? { offsetSeconds: options.offsetSeconds } : {}),
      },
    ],
  });
  return { ...candidate, fixture, registration: fixture.registrations[0]! };
}

async function start(c: Awaited<ReturnType<typeof candidateSetup>>) {
  const res = await requestJson<Json>(
    app,
    'POST',
    `/api/v1/exam-registrations/${c.registration.publicId}/attempts`,
    {
      cookies: c.cookies,
    },
  );
  expect(res.statusCode).toBe(200);
  return res.body;
}

const save = (cookies: Record<string, string>, attemptId: string, ref: string, body: unknown) =>
  requestJson<Json>(app, 'PUT', `/api/v1/attempts/${attemptId}/answers/${ref}`, { cookies, body });

describe('starting an attempt (REQ-EXAM-4)', () => {
  it('needs a session, check-in and the candidate’s own start slot', async () => {
    const c = await candidateSetup({ checkedIn: false });
    const url = `/api/v1/exam-registrations/${c.registration.publicId}/attempts`;
    expectError(await requestJson(app, 'POST', url), 401, 'UNAUTHENTICATED');
    expectError(
      await requestJson(app, 'POST', url, { cookies: invigilator.cookies }),
      404,
      'EXAM_REGISTRATION_NOT_FOUND',
    );
    expectError(await requestJson(app, 'POST', url, { cookies: c.cookies }), 409, 'NOT_CHECKED_IN');
    const late = await candidateSetup({ offsetSeconds: 3600 });
    expectError(
      await requestJson(app, 'POST', `/api/v1/exam-registrations/${late.registration.publicId}/attempts`, {
        cookies: late.cookies,
      }),
      409,
      'START_SLOT_NOT_OPEN',
    );
  });

  it('returns the paper in the stored order without keys, serverNow and a server deadline', async () => {
    const c = await candidateSetup();
    const attempt = await start(c);
    expect(attempt.state).toBe('in_progress');
    expect(attempt.items.map((i: Json) => i.ref)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5']);
    expect(attempt.items[0].body.options.map((o: Json) => o.id)).toEqual(['D', 'C', 'B', 'A']);
    expect(JSON.stringify(attempt)).not.toMatch(/answer_?[kK]ey|modelAnswer|"blanks":\[\[/);
    expect(Date.parse(attempt.deadlineAt) - Date.parse(attempt.startedAt)).toBe(90 * 60_000);
    expect(Math.abs(Date.parse(attempt.serverNow) - clock.now().getTime())).toBeLessThan(5_000);
    // Starting again resumes the same attempt.
    expect((await start(c)).id).toBe(attempt.id);
    expectError(
      await requestJson(app, 'GET', `/api/v1/attempts/${attempt.id}`, { cookies: otherRegulator.cookies }),
      404,
      'ATTEMPT_NOT_FOUND',
    );
  });
});

describe('autosave (NFR-REL-1)', () => {
  it('acknowledges with the highest seq: repeats are idempotent and a lower seq never rolls back', async () => {
    const c = await candidateSetup();
    const { id } = await start(c);
    const a1 = await save(c.cookies, id, 'q1', { seq: 1, response: { choices: ['A'] } });
    expect(a1.statusCode).toBe(200);
    expect(a1.body).toMatchObject({ itemRef: 'q1', seq: 1, current: true });
    // Tab 2 is ahead (seq 3), then tab 1's older save (seq 2) arrives late.
    expect((await save(c.cookies, id, 'q1', { seq: 3, response: { choices: ['B'] } })).body.seq).toBe(3);
    const stale = await save(c.cookies, id, 'q1', { seq: 2, response: { choices: ['C'] } });
    expect(stale.body).toMatchObject({ seq: 3, current: false });
    const again = await save(c.cookies, id, 'q1', { seq: 3, response: { choices: ['B'] } });
    expect(again.body).toMatchObject({ seq: 3, current: true });
    const view = await requestJson<Json>(app, 'GET', `/api/v1/attempts/${id}`, { cookies: c.cookies });
    expect(view.body.answers).toEqual([
      expect.objectContaining({ itemRef: 'q1', seq: 3, response: { choices: ['B'] } }),
    ]);
    // Every received save is in the append-only history; it refuses updates.
    const history = await db
      .selectFrom('exam_answer_event')
      .select('seq')
      .where('item_ref', '=', 'q1')
      .execute();
    expect(history.map((h) => Number(h.seq)).sort()).toEqual([1, 2, 3]);
    await expect(db.deleteFrom('exam_answer_event').execute()).rejects.toThrow();
  });

  it('keeps the highest of many parallel saves from two tabs', async () => {
    const c = await candidateSetup();
    const { id } = await start(c);
    const seqs = Array.from({ length: 40 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
    const acks = await Promise.all(
      seqs.map((seq) => save(c.cookies, id, 'q4', { seq, response: { blanks: [`答案${seq}`, '三'] } })),
    );
    expect(acks.every((a) => a.statusCode === 200)).toBe(true);
    const row = await db
      .selectFrom('exam_answer')
      .selectAll()
      .where('item_ref', '=', 'q4')
      .where('seq', '=', 40)
      .executeTakeFirst();
    expect(row?.response).toEqual({ blanks: ['答案40', '三'] });
  });

  it('rejects bad bodies with field details and unknown items', async () => {
    const c = await candidateSetup();
    const { id } = await start(c);
    const bad = expectError(
      await save(c.cookies, id, 'q1', { seq: -1, response: {} }),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.details?.[0]?.field).toContain('seq');
    expectError(
      await save(c.cookies, id, 'q1', { seq: 1, response: { choices: ['Z'] } }),
      400,
      'INVALID_RESPONSE',
    );
    expectError(
      await save(c.cookies, id, 'q1', { seq: 1, response: { choices: ['A', 'B'] } }),
      400,
      'INVALID_RESPONSE',
    );
    expectError(await save(c.cookies, id, 'nope', { seq: 1, response: {} }), 404, 'ITEM_NOT_ON_PAPER');
    expectError(await save({}, id, 'q1', { seq: 1, response: {} }), 401, 'UNAUTHENTICATED');
  });
});

describe('deadlines, submit and resume', () => {
  it('is never in progress past the deadline; saves end after the grace period', async () => {
    const c = await candidateSetup({ durationMinutes: 1 });
    const { id, deadlineAt } = await start(c);
    await save(c.cookies, id, 'q3', { seq: 1, response: { choices: ['T'] } });
    clock.advance(65_000);
    const read = await requestJson<Json>(app, 'GET', `/api/v1/attempts/${id}`, { cookies: c.cookies });
    expect(read.body).toMatchObject({
      state: 'submitted',
      submittedBy: 'server_deadline',
      submittedAt: deadlineAt,
    });
    // In-flight save inside the grace period is still taken…
    expect((await save(c.cookies, id, 'q3', { seq: 2, response: { choices: ['F'] } })).statusCode).toBe(200);
    clock.advance(30_000);
    expectError(
      await save(c.cookies, id, 'q3', { seq: 3, response: { choices: ['T'] } }),
      409,
      'ATTEMPT_DEADLINE_PASSED',
    );
    const final = await requestJson<Json>(app, 'GET', `/api/v1/attempts/${id}`, { cookies: c.cookies });
    expect(final.body.answers).toEqual([expect.objectContaining({ itemRef: 'q3', seq: 2 })]);
  });

  it('refuses saves after the candidate submits', async () => {
    const c = await candidateSetup();
    const { id } = await start(c);
    const submitted = await requestJson<Json>(app, 'POST', `/api/v1/attempts/${id}/submit`, {
      cookies: c.cookies,
    });
    expect(submitted.body).toMatchObject({ state: 'submitted', submittedBy: 'candidate' });
    expectError(
      await save(c.cookies, id, 'q1', { seq: 9, response: { choices: ['B'] } }),
      409,
      'ATTEMPT_SUBMITTED',
    );
  });

  it('a new machine needs the invigilator’s approval; every acknowledged answer comes back', async () => {
    const c = await candidateSetup();
    const { id } = await start(c);
    await save(c.cookies, id, 'q1', { seq: 5, response: { choices: ['B'] } });
    await save(c.cookies, id, 'q2', { seq: 2, response: { choices: ['A', 'C'] } });
    const otherMachine = await login(app, c.user);
    expectError(
      await requestJson(app, 'GET', `/api/v1/attempts/${id}`, { cookies: otherMachine }),
      409,
      'RESUME_APPROVAL_REQUIRED',
    );
    expectError(
      await save(otherMachine, id, 'q1', { seq: 6, response: { choices: ['C'] } }),
      409,
      'RESUME_APPROVAL_REQUIRED',
    );
    const approval = await requestJson(app, 'POST', `/api/v1/attempts/${id}/resume-approvals`, {
      cookies: invigilator.cookies,
      body: { reason: '考生电脑故障，更换机位' },
    });
    expect(approval.statusCode).toBe(200);
    const resumed = await requestJson<Json>(app, 'GET', `/api/v1/attempts/${id}`, { cookies: otherMachine });
    expect(resumed.body.id).toBe(id);
    expect(resumed.body.answers.map((a: Json) => [a.itemRef, a.seq])).toEqual([
      ['q1', 5],
      ['q2', 2],
    ]);
    const signals = await requestJson<Json>(app, 'GET', `/api/v1/attempts/${id}/signals`, {
      cookies: invigilator.cookies,
    });
    expect(signals.body.items.map((s: Json) => s.kind)).toContain('multiple_sessions');
  });

  it('extra time and pauses move the deadline; paused attempts take no answers', async () => {
    const c = await candidateSetup();
    const attempt = await start(c);
    const granted = await requestJson<Json>(app, 'POST', `/api/v1/attempts/${attempt.id}/time-grants`, {
      cookies: invigilator.cookies,
      body: { seconds: 600, reason: '设备故障补时' },
    });
    expect(Date.parse(granted.body.deadlineAt) - Date.parse(attempt.deadlineAt)).toBe(600_000);
    expect(granted.body.extraSeconds).toBe(600);
    const grant = await db.selectFrom('exam_time_grant').selectAll().execute();
    expect(grant.some((g) => g.reason === '设备故障补时')).toBe(true);
    await requestJson(app, 'POST', `/api/v1/attempts/${attempt.id}/pause`, { cookies: invigilator.cookies });
    expectError(
      await save(c.cookies, attempt.id, 'q1', { seq: 1, response: { choices: ['B'] } }),
      409,
      'ATTEMPT_PAUSED',
    );
    clock.advance(120_000);
    const resumed = await requestJson<Json>(app, 'POST', `/api/v1/attempts/${attempt.id}/resume`, {
      cookies: invigilator.cookies,
    });
    expect(Date.parse(resumed.body.deadlineAt) - Date.parse(granted.body.deadlineAt)).toBe(120_000);
    expectError(
      await requestJson(app, 'POST', `/api/v1/attempts/${attempt.id}/time-grants`, {
        cookies: invigilator.cookies,
        body: { seconds: 0, reason: '' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await requestJson(app, 'POST', `/api/v1/attempts/${attempt.id}/time-grants`, {
        cookies: otherRegulator.cookies,
        body: { seconds: 60, reason: '越权' },
      }),
      404,
      'ATTEMPT_NOT_FOUND',
    );
  });
});

describe('invigilation', () => {
  it('lists candidates live, records signals without penalty and ends the session', async () => {
    const c = await candidateSetup();
    const { id } = await start(c);
    await save(c.cookies, id, 'q1', { seq: 1, response: { choices: ['B'] } });
    const signal = await requestJson(app, 'POST', `/api/v1/attempts/${id}/signals`, {
      cookies: c.cookies,
      body: { kind: 'focus_lost', detail: '切换到其他窗口' },
    });
    expect(signal.statusCode).toBe(200);
    expectError(
      await requestJson(app, 'POST', `/api/v1/attempts/${id}/signals`, {
        cookies: c.cookies,
        body: { kind: 'ip_change' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    const list = await requestJson<Json>(
      app,
      'GET',
      `/api/v1/exam-sessions/${c.fixture.sessionPublicId}/candidates`,
      {
        cookies: invigilator.cookies,
      },
    );
    expect(list.body.items[0]).toMatchObject({
      attemptId: id,
      state: 'in_progress',
      connected: true,
      answered: 1,
      total: 5,
      signals: 1,
    });
    expect(list.body.items[0].candidateName).toMatch(/^考\*+$/);
    expectError(
      await requestJson(app, 'GET', `/api/v1/exam-sessions/${c.fixture.sessionPublicId}/candidates`, {
        cookies: otherRegulator.cookies,
      }),
      404,
      'EXAM_SESSION_NOT_FOUND',
    );
    const ended = await requestJson<Json>(
      app,
      'POST',
      `/api/v1/exam-sessions/${c.fixture.sessionPublicId}/end`,
      {
        cookies: invigilator.cookies,
      },
    );
    expect(ended.body).toEqual({ submitted: 1 });
    const after = await requestJson<Json>(app, 'GET', `/api/v1/attempts/${id}`, { cookies: c.cookies });
    expect(after.body).toMatchObject({ state: 'submitted', submittedBy: 'invigilator' });
  });

  it('two concurrent sweepers submit each expired attempt once, at its deadline', async () => {
    const candidates = await Promise.all([1, 2, 3].map(() => loginAs(app, [{ role: 'holder' }])));
    const fixture = await createExamFixture(db, cipher, {
      authorId: author.id,
      startsAt: new Date(clock.now().getTime() - 10_000),
      durationMinutes: 1,
      candidates: candidates.map((c) => ({ userId: c.user.id })),
    });
    for (const [i, c] of candidates.entries()) {
      const res = await requestJson<Json>(
        app,
        'POST',
        `/api/v1/exam-registrations/${fixture.registrations[i]!.publicId}/attempts`,
        { cookies: c.cookies },
      );
      expect(res.statusCode).toBe(200);
    }
    clock.advance(61_000);
    const settings = readDeliverySettings({});
    const sweeperA = createAttemptService({ db, audit: app.services.audit, clock: clock.now, settings });
    const sweeperB = createAttemptService({ db, audit: app.services.audit, clock: clock.now, settings });
    const [a, b] = await Promise.all([sweeperA.sweep(2), sweeperB.sweep(2)]);
    const rows = await db
      .selectFrom('exam_attempt')
      .selectAll()
      .where('session_id', '=', fixture.sessionId)
      .execute();
    expect(rows.every((r) => r.state === 'submitted' && r.submitted_by === 'server_deadline')).toBe(true);
    expect(rows.every((r) => r.submitted_at!.getTime() === r.deadline_at.getTime())).toBe(true);
    expect(a + b).toBeGreaterThanOrEqual(3);
    expect(await sweeperA.sweep()).toBe(0);
  });
});

describe('grading, double marking, composite and appeals (REQ-EXAM-1/2/6)', () => {
  it('scores, double marks with arbitration, publishes to the log and revises on appeal', async () => {
    const c = await candidateSetup();
    const { id } = await start(c);
    const answers: Array<[string, unknown]> = [
      ['q1', { choices: ['B'] }], // 2
      ['q2', { choices: ['A'] }], // partial: 2 of 4
      ['q3', { choices: ['T'] }], // 1
      ['q4', { blanks: ['中华人民共和国安全生产法', '３'] }], // 2
      ['q5', { text: '辨识、评估、监控' }], // marker
    ];
    for (const [ref, response] of answers) await save(c.cookies, id, ref, { seq: 1, response });
    const marker = await loginAs(app, [{ role: 'assessor' }]);
    expectError(
      await requestJson(app, 'POST', `/api/v1/attempts/${id}/grade`, { cookies: marker.cookies }),
      409,
      'ATTEMPT_NOT_FINISHED',
    );
    await requestJson(app, 'POST', `/api/v1/attempts/${id}/submit`, { cookies: c.cookies });
    const graded = await requestJson<Json>(app, 'POST', `/api/v1/attempts/${id}/grade`, {
      cookies: marker.cookies,
    });
    expect(graded.body).toMatchObject({ autoPoints: 7, pendingItems: ['q5'], theoryScore: null });
    // The marker reads the short answer (stem, rubric, answer); objective items carry no key.
    const items = (graded.body as { items: Array<{ itemRef: string; marking?: Record<string, unknown> }> })
      .items;
    expect(items.find((i) => i.itemRef === 'q5')?.marking).toMatchObject({
      type: 'short_answer',
      response: { text: '辨识、评估、监控' },
    });
    expect(items.filter((i) => i.marking !== undefined).map((i) => i.itemRef)).toEqual(['q5']);
    expectError(
      await requestJson(app, 'PUT', `/api/v1/attempts/${id}/item-marks/q5`, {
        cookies: marker.cookies,
        body: { points: 6 },
      }),
      400,
      'POINTS_OUT_OF_RANGE',
    );
    const marked = await requestJson<Json>(app, 'PUT', `/api/v1/attempts/${id}/item-marks/q5`, {
      cookies: marker.cookies,
      body: { points: 5, comment: '要点齐全' },
    });
    expect(marked.body).toMatchObject({ pendingItems: [], theoryPoints: 12, theoryScore: 85.71 });

    // Practical: two assessors blind to each other, 30 vs 18 of 40 (> 4 = 10 %) → arbitration.
    const first = await loginAs(app, [{ role: 'assessor' }]);
    const second = await loginAs(app, [{ role: 'assessor' }]);
    const arbitrator = await loginAs(app, [{ role: 'assessor' }]);
    const created = await requestJson<Json>(
      app,
      'POST',
      `/api/v1/exam-registrations/${c.registration.publicId}/assessments`,
      {
        cookies: invigilator.cookies,
        body: {
          component: 'practical',
          title: '有限空间作业应急演练',
          rubric: [
            { id: 'plan', description: '方案', points: 20 },
            { id: 'drill', description: '演练', points: 20 },
          ],
          firstAssessorId: first.user.publicId,
          secondAssessorId: second.user.publicId,
        },
      },
    );
    expect(created.statusCode).toBe(200);
    expect(created.body).toMatchObject({ maxPoints: 40, thresholdPoints: 4, state: 'marking' });
    const aid = created.body.id;
    const m1 = await requestJson<Json>(app, 'POST', `/api/v1/exam-assessments/${aid}/marks`, {
      cookies: first.cookies,
      body: { criteria: { plan: 15, drill: 15 } },
    });
    expect(m1.body.marks).toHaveLength(1);
    const blind = await requestJson<Json>(app, 'GET', `/api/v1/exam-assessments/${aid}`, {
      cookies: second.cookies,
    });
    expect(blind.body.marks).toEqual([]);
    expectError(
      await requestJson(app, 'POST', `/api/v1/exam-assessments/${aid}/marks`, {
        cookies: first.cookies,
        body: { criteria: { plan: 1, drill: 1 } },
      }),
      409,
      'ALREADY_MARKED',
    );
    expectError(
      await requestJson(app, 'GET', `/api/v1/exam-assessments/${aid}`, { cookies: arbitrator.cookies }),
      404,
      'ASSESSMENT_NOT_FOUND',
    );
    const m2 = await requestJson<Json>(app, 'POST', `/api/v1/exam-assessments/${aid}/marks`, {
      cookies: second.cookies,
      body: { criteria: { plan: 9, drill: 9 } },
    });
    expect(m2.body).toMatchObject({ state: 'arbitration', finalPoints: null });
    expect(m2.body.marks).toHaveLength(2);
    expectError(
      await requestJson(app, 'POST', `/api/v1/exam-registrations/${c.registration.publicId}/results`, {
        cookies: invigilator.cookies,
      }),
      409,
      'RESULT_NOT_READY',
    );
    await requestJson(app, 'POST', `/api/v1/exam-assessments/${aid}/arbitrator`, {
      cookies: invigilator.cookies,
      body: { arbitratorId: arbitrator.user.publicId },
    });
    const m3 = await requestJson<Json>(app, 'POST', `/api/v1/exam-assessments/${aid}/marks`, {
      cookies: arbitrator.cookies,
      body: { criteria: { plan: 14, drill: 14 } },
    });
    expect(m3.body).toMatchObject({ state: 'completed', finalPoints: 28, finalMethod: 'arbitration' });

    // Junior 60/40 from rule data: 0.6 × 85.71 + 0.4 × 70 = 79.43; pass lines 60 (exam.pass_rules).
    const published = await requestJson<Json>(
      app,
      'POST',
      `/api/v1/exam-registrations/${c.registration.publicId}/results`,
      {
        cookies: invigilator.cookies,
      },
    );
    expect(published.statusCode).toBe(200);
    expect(published.body).toMatchObject({
      version: 1,
      theory: 85.71,
      practical: 70,
      composite: 79.43,
      passed: true,
    });
    const entry = await db
      .selectFrom('ledger_entry')
      .selectAll()
      .where('id', '=', published.body.ledgerEntryId)
      .executeTakeFirstOrThrow();
    const logged = Buffer.from(entry.entry as Uint8Array).toString('utf8');
    expect(entry.kind).toBe('exam.result');
    expect(logged).toContain(c.registration.ticketNo);
    expect(logged).not.toMatch(/考生\d/);

    const mine = await requestJson<Json>(app, 'GET', '/api/v1/me/exam-results', { cookies: c.cookies });
    expect(mine.body.items[0]).toMatchObject({ id: published.body.id, composite: 79.43 });
    expect(mine.body.items[0].holderSalt).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const appeal = await requestJson<Json>(app, 'POST', `/api/v1/exam-results/${published.body.id}/appeals`, {
      cookies: c.cookies,
      body: { reason: '实操评分与现场表现不符，申请复核' },
    });
    expect(appeal.body.state).toBe('pending');
    expectError(
      await requestJson(app, 'POST', `/api/v1/exam-results/${published.body.id}/appeals`, {
        cookies: c.cookies,
        body: { reason: '再次申请' },
      }),
      409,
      'APPEAL_EXISTS',
    );
    // TOTP codes at the (moved) test clock.
    const approver = await loginAs(
      app,
      [{ role: 'regulator_approver', divisionCode: '440000' }],
      clock.now(),
    );
    const decided = await requestJson<Json>(app, 'POST', `/api/v1/exam-appeals/${appeal.body.id}/decide`, {
      cookies: approver.cookies,
      body: { decision: 'upheld', note: '复核视频后更正实操成绩', scores: { practical: 80 } },
    });
    expect(decided.body.state).toBe('upheld');
    const after = await requestJson<Json>(app, 'GET', '/api/v1/me/exam-results', { cookies: c.cookies });
    expect(after.body.items[0]).toMatchObject({
      version: 2,
      practical: 80,
      composite: 83.43,
      changeReason: '复核视频后更正实操成绩',
    });
    expect(after.body.items).toHaveLength(2);
  });
});
