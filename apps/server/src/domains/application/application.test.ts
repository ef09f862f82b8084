import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCitizenId, generateCreditCode, mulberry32 } from '@anzheng/identifiers';
import { createTestApp, expectError, loginAs, requestJson } from '@anzheng/test-kit';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createEnterpriseRecord, createPersonRecord, linkPersonAccount } from '../registry/index.ts';
import { insertHeldCertificates } from './index.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-application-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const { app, database, cipher } = await createTestApp({ dataDir });
const db = database.db;
const rand = mulberry32(5_2026);

// Dates relative to today so the rules "in the last 12 months" stay true whenever the test runs.
const today = new Date().toISOString().slice(0, 10);
const yearsAgo = (n: number) => `${Number(today.slice(0, 4)) - n}${today.slice(4, 7)}-01`;
const monthsAgo = (n: number) => new Date(Date.now() - n * 30 * 86_400_000).toISOString().slice(0, 10);

interface PersonSpec {
  divisionCode?: string;
  education?: 'high_school' | 'junior_college' | 'bachelor' | null;
  safetyYears?: number;
  trainingHours?: number;
  juniorHeldYears?: number;
}

/** A person with the records eligibility reads; by default eligible for the junior certificate. */
async function person(spec: PersonSpec = {}) {
  const divisionCode = spec.divisionCode ?? '440305';
  return db.transaction().execute(async (trx) => {
    const p = await createPersonRecord(trx, cipher, {
      name: `测试${Math.floor(rand() * 1e6)}`,
      idNumber: generateCitizenId(rand, { divisionCode, birthDate: '1988-05-06' }),
    });
    const education = spec.education === undefined ? 'high_school' : spec.education;
    if (education) {
      await trx
        .insertInto('person_education')
        .values({
          person_id: p.id,
          level: education,
          major: '安全工程',
          safety_related: true,
          school: '某学校',
          graduated_on: '2008-07-01',
        })
        .execute();
    }
    const years = spec.safetyYears ?? 3;
    if (years > 0) {
      await trx
        .insertInto('person_work')
        .values({
          person_id: p.id,
          employer_name: '某公司',
          post: '安全员',
          safety_management: true,
          started_on: yearsAgo(years),
          ended_on: null,
        })
        .execute();
    }
    const hours = spec.trainingHours ?? 48;
    if (hours > 0) {
      await trx
        .insertInto('person_training')
        .values({
          person_id: p.id,
          provider: '培训中心',
          course: '安全管理',
          hours: hours.toFixed(1),
          completed_on: monthsAgo(2),
        })
        .execute();
    }
    if (spec.juniorHeldYears !== undefined) {
      await insertHeldCertificates(trx, [
        {
          person_id: p.id,
          certificate_type_code: '00',
          level: 'junior',
          issued_on: yearsAgo(spec.juniorHeldYears + 1),
          status: 'valid',
        },
      ]);
    }
    return p;
  });
}

// 深圳 hazardous-chemicals enterprise with an admin, and a holder linked to a person.
const SZ = '440300';
const enterpriseCode = generateCreditCode(rand, { divisionCode: '440305', authority: '9' });
const enterprise = await db.transaction().execute((trx) =>
  createEnterpriseRecord(trx, cipher, {
    creditCode: enterpriseCode,
    name: '深圳市测试化工有限公司',
    industryCode: 'hazardous_chemicals',
    employeeCount: 100,
  }),
);
async function hire(personId: number) {
  await db
    .insertInto('enterprise_staff')
    .values({
      enterprise_id: enterprise.id,
      person_id: personId,
      post: '安全员',
      safety_management: true,
      full_time: true,
      started_on: yearsAgo(3),
    })
    .execute();
}

const holder = await loginAs(app, [{ role: 'holder' }]);
const holderPerson = await person();
await linkPersonAccount(db, holderPerson.id, holder.user.id);

const entAdmin = await loginAs(app, [{ role: 'enterprise_admin', enterpriseCreditCode: enterpriseCode }]);
const otherEnt = await loginAs(app, [
  {
    role: 'enterprise_admin',
    enterpriseCreditCode: generateCreditCode(rand, { divisionCode: '110105', authority: '9' }),
  },
]);
const gdOfficer = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '440000' }]);
const szApprover = await loginAs(app, [{ role: 'regulator_approver', divisionCode: SZ }]);
const bjApprover = await loginAs(app, [{ role: 'regulator_approver', divisionCode: '110000' }]);
const inspector = await loginAs(app, [{ role: 'inspector', divisionCode: SZ }]);

type Result = {
  ruleKey: string;
  kind: string;
  passed: boolean;
  expected: unknown;
  actual: unknown;
  reason: string;
  source: string;
  ruleVersion: string;
};
type Evaluation = { eligible: boolean; results: Result[] };
type Detail = {
  id: string;
  state: string;
  divisionCode: string;
  industryCode: string | null;
  person: { id: string; idNumber: string };
  enterpriseId: string | null;
  eligible: boolean | null;
  eligibility: Evaluation | null;
  events: { fromState: string | null; toState: string; actorName: string; reason: string | null }[];
  documents: { id: string }[];
  abilities: Record<string, boolean>;
  allowedActions: string[];
};
type Page = { items: Detail[]; nextCursor: string | null };

const junior = { certificateTypeCode: '00', level: 'junior' };

/** The distinct fields named by a 400 (a union type reports once per member). */
const fields = (error: { details?: { field: string }[] | undefined }) =>
  [...new Set(error.details?.map((d) => d.field))].sort();

async function createDraft(cookies: Record<string, string>, body: Record<string, unknown> = {}) {
  const res = await requestJson<Detail>(app, 'POST', '/api/v1/applications', {
    cookies,
    body: { ...junior, ...body },
  });
  expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

function act(cookies: Record<string, string>, id: string, action: string, body: unknown = {}) {
  return requestJson<Detail>(app, 'POST', `/api/v1/applications/${id}/${action}`, { cookies, body });
}

describe('authentication', () => {
  it('every route answers 401 without a session, before validating the body', async () => {
    const id = '0190a0a0-0000-7000-8000-000000000000';
    for (const [method, url] of [
      ['POST', '/api/v1/eligibility/evaluate'],
      ['GET', '/api/v1/eligibility/rules'],
      ['POST', `/api/v1/persons/${id}/sanctions`],
      ['GET', `/api/v1/persons/${id}/sanctions`],
      ['POST', '/api/v1/applications'],
      ['POST', '/api/v1/applications/batch'],
      ['GET', '/api/v1/applications'],
      ['GET', `/api/v1/applications/${id}`],
      ...['submit', 'start-review', 'return', 'approve', 'reject'].map(
        (a) => ['POST', `/api/v1/applications/${id}/${a}`] as const,
      ),
    ] as const) {
      expectError(
        await requestJson(app, method, url, { body: method === 'POST' ? { bogus: 1 } : undefined }),
        401,
        'UNAUTHENTICATED',
      );
    }
  });
});

describe('POST /api/v1/eligibility/evaluate', () => {
  const url = '/api/v1/eligibility/evaluate';

  it('explains every rule with concrete numbers and sources (REQ-APP-4)', async () => {
    const p = await person({ education: 'high_school', safetyYears: 3, trainingHours: 48 });
    await hire(p.id);
    const res = await requestJson<Evaluation>(app, 'POST', url, {
      cookies: entAdmin.cookies,
      body: {
        personId: p.public_id,
        certificateTypeCode: '00',
        level: 'intermediate',
        divisionCode: '440305',
      },
    });
    expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
    expect(res.body.eligible).toBe(false);
    const byKey = Object.fromEntries(res.body.results.map((r) => [r.ruleKey, r]));
    expect(Object.keys(byKey).sort()).toEqual([
      'min_education',
      'min_experience_years',
      'not_exam_banned',
      'not_on_dishonesty_list',
      'prior_certificate',
    ]);
    expect(byKey.min_education).toMatchObject({
      passed: false,
      expected: 'junior_college',
      actual: 'high_school',
      reason: '最高学历 高中（中专），要求大专及以上',
    });
    expect(byKey.min_experience_years!.passed).toBe(false);
    expect(byKey.min_experience_years!.reason).toMatch(/^安全管理工作年限 3(\.\d)? 年，要求不少于 5 年$/);
    expect(byKey.min_experience_years!.source).toContain('seed §2.4');
    expect(byKey.prior_certificate!.reason).toContain('未持有有效的初级证书');
    expect(byKey.not_exam_banned).toMatchObject({ passed: true, reason: '不在禁考期内' });
    expect(byKey.min_education!.ruleVersion).toBe('2021-09-01');
  });

  it('the holder evaluates themself; eligible for junior', async () => {
    const res = await requestJson<Evaluation>(app, 'POST', url, {
      cookies: holder.cookies,
      body: { personId: holderPerson.public_id, ...junior, divisionCode: '440305' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body.eligible).toBe(true);
    expect(res.body.results.map((r) => r.ruleKey)).toContain('training_hours');
  });

  it('404 for a person outside the caller scope; 400 with field details for a bad body', async () => {
    const p = await person();
    for (const who of [holder, entAdmin, bjApprover]) {
      expectError(
        await requestJson(app, 'POST', url, {
          cookies: who.cookies,
          body: { personId: p.public_id, ...junior, divisionCode: '440305' },
        }),
        404,
        'PERSON_NOT_FOUND',
      );
    }
    const bad = expectError(
      await requestJson(app, 'POST', url, {
        cookies: gdOfficer.cookies,
        body: { personId: 'x', certificateTypeCode: '00', level: 'expert', extra: 1 },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(fields(bad)).toEqual(['body.divisionCode', 'body.extra', 'body.level', 'body.personId']);
    const level = expectError(
      await requestJson(app, 'POST', url, {
        cookies: gdOfficer.cookies,
        body: { personId: p.public_id, certificateTypeCode: '02', level: 'junior', divisionCode: '440305' },
      }),
      400,
      'LEVEL_NOT_OFFERED',
    );
    expect(level.details?.[0]?.field).toBe('body.level');
  });
});

describe('GET /api/v1/eligibility/rules', () => {
  it('Jiangsu adds the senior-certificate rule for the hazardous chemicals special certificate (REQ-ORG-2)', async () => {
    type Rules = { items: { ruleKey: string; layer: string; source: string }[] };
    const query = 'certificateTypeCode=02&level=special&at=2026-06-01';
    const js = await requestJson<Rules>(
      app,
      'GET',
      `/api/v1/eligibility/rules?${query}&divisionCode=320505`,
      {
        cookies: holder.cookies,
      },
    );
    expect(js.statusCode, JSON.stringify(js.body)).toBe(200);
    const jiangsu = js.body.items.find((r) => r.ruleKey === 'jiangsu.hazchem_senior_certificate');
    expect(jiangsu).toMatchObject({ layer: 'province' });
    expect(jiangsu?.source).toContain('seed §5.1.1');
    const gd = await requestJson<Rules>(
      app,
      'GET',
      `/api/v1/eligibility/rules?${query}&divisionCode=440305`,
      {
        cookies: holder.cookies,
      },
    );
    expect(gd.body.items.map((r) => r.ruleKey)).not.toContain('jiangsu.hazchem_senior_certificate');
    // Before the provincial rule took effect it does not apply in Jiangsu either.
    const before = await requestJson<Rules>(
      app,
      'GET',
      '/api/v1/eligibility/rules?certificateTypeCode=02&level=special&at=2025-06-01&divisionCode=320505',
      { cookies: holder.cookies },
    );
    expect(before.body.items.map((r) => r.ruleKey)).not.toContain('jiangsu.hazchem_senior_certificate');
  });
});

describe('sanctions', () => {
  it('a regulator in scope records an exam ban (audited); the person can no longer apply', async () => {
    const p = await person();
    await hire(p.id);
    const url = `/api/v1/persons/${p.public_id}/sanctions`;
    const body = {
      kind: 'exam_ban',
      reason: '证书被撤销（伪造学历）',
      basis: '粤应急罚〔2026〕12号',
      startsOn: monthsAgo(1),
      endsOn: `${Number(today.slice(0, 4)) + 3}-01-01`,
    };
    expectError(
      await requestJson(app, 'POST', url, { cookies: bjApprover.cookies, body }),
      404,
      'PERSON_NOT_FOUND',
    );
    expectError(await requestJson(app, 'POST', url, { cookies: entAdmin.cookies, body }), 403, 'FORBIDDEN');
    const bad = expectError(
      await requestJson(app, 'POST', url, {
        cookies: gdOfficer.cookies,
        body: { ...body, kind: 'fine', reason: '' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(fields(bad)).toEqual(['body.kind', 'body.reason']);
    expectError(
      await requestJson(app, 'POST', url, {
        cookies: gdOfficer.cookies,
        body: { ...body, endsOn: '2000-01-01' },
      }),
      400,
      'INVALID_PERIOD',
    );
    const res = await requestJson<{ id: number; kind: string }>(app, 'POST', url, {
      cookies: gdOfficer.cookies,
      body,
    });
    expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'target_id'])
      .where('action', '=', 'person.sanction.add')
      .execute();
    expect(audit.map((a) => a.target_id)).toContain(String(p.id));

    const list = await requestJson<{ items: unknown[] }>(app, 'GET', url, { cookies: entAdmin.cookies });
    expect(list.body.items).toHaveLength(1);

    const draft = await createDraft(entAdmin.cookies, { personId: p.public_id });
    const refused = expectError(await act(entAdmin.cookies, draft.id, 'submit'), 422, 'ELIGIBILITY_FAILED');
    expect(refused.details).toEqual([
      {
        field: 'rules.not_exam_banned',
        code: 'NOT_EXAM_BANNED',
        message: expect.stringContaining('处于禁考期') as unknown as string,
      },
    ]);
    expect(refused.message).toContain('证书被撤销（伪造学历）');
  });
});

describe('applications', () => {
  it('the holder creates a draft for themself; the enterprise for its staff (division and industry of the enterprise)', async () => {
    const own = await createDraft(holder.cookies, { certificateTypeCode: '00', level: 'junior' });
    expect(own).toMatchObject({
      state: 'draft',
      divisionCode: holderPerson.division_code,
      enterpriseId: null,
      eligibility: null,
      allowedActions: ['submit'],
    });
    expect(own.person.idNumber).toMatch(/^\d{3}\*+\d{4}$|\*/);
    expect(own.abilities).toMatchObject({ submit: true, approve: false, uploadDocuments: true });
    expect(own.events).toEqual([
      expect.objectContaining({ fromState: null, toState: 'draft', actorName: holder.user.username }),
    ]);
    expectError(
      await requestJson(app, 'POST', '/api/v1/applications', { cookies: holder.cookies, body: junior }),
      409,
      'APPLICATION_EXISTS',
    );

    const staff = await person();
    await hire(staff.id);
    const forStaff = await createDraft(entAdmin.cookies, { personId: staff.public_id });
    expect(forStaff).toMatchObject({
      divisionCode: enterprise.division_code,
      industryCode: 'hazardous_chemicals',
      enterpriseId: enterprise.public_id,
    });
  });

  it('refuses outsiders (404), regulators (403) and bad bodies (400 with fields)', async () => {
    const stranger = await person();
    expectError(
      await requestJson(app, 'POST', '/api/v1/applications', {
        cookies: entAdmin.cookies,
        body: { ...junior, personId: stranger.public_id },
      }),
      404,
      'PERSON_NOT_FOUND',
    );
    expectError(
      await requestJson(app, 'POST', '/api/v1/applications', {
        cookies: gdOfficer.cookies,
        body: { ...junior, personId: stranger.public_id },
      }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await requestJson(app, 'POST', '/api/v1/applications', { cookies: entAdmin.cookies, body: junior }),
      400,
      'PERSON_ID_REQUIRED',
    );
    const bad = expectError(
      await requestJson(app, 'POST', '/api/v1/applications', {
        cookies: holder.cookies,
        body: { certificateTypeCode: 'A1', color: 'red' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(fields(bad)).toEqual(['body.certificateTypeCode', 'body.color', 'body.level']);
    const unknownType = expectError(
      await requestJson(app, 'POST', '/api/v1/applications', {
        cookies: holder.cookies,
        body: { certificateTypeCode: '99', level: 'junior' },
      }),
      400,
      'UNKNOWN_CERTIFICATE_TYPE',
    );
    expect(unknownType.details?.[0]?.field).toBe('body.certificateTypeCode');
    const noPerson = await loginAs(app, [{ role: 'holder' }]);
    expectError(
      await requestJson(app, 'POST', '/api/v1/applications', { cookies: noPerson.cookies, body: junior }),
      409,
      'NO_LINKED_PERSON',
    );
  });

  it('walks draft → submitted → under review → returned → submitted → under review → approved', async () => {
    const staff = await person();
    await hire(staff.id);
    const draft = await createDraft(entAdmin.cookies, { personId: staff.public_id });

    // Illegal from draft: 409 listing what is allowed.
    const illegal = expectError(
      await act(gdOfficer.cookies, draft.id, 'start-review'),
      409,
      'INVALID_TRANSITION',
    );
    expect(illegal.details?.map((d) => d.code)).toEqual(['submit']);

    const submitted = await act(entAdmin.cookies, draft.id, 'submit');
    expect(submitted.statusCode, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.state).toBe('submitted');
    expect(submitted.body.eligible).toBe(true);
    expect(submitted.body.eligibility?.results.every((r) => r.passed)).toBe(true);

    expectError(await act(entAdmin.cookies, draft.id, 'submit'), 409, 'INVALID_TRANSITION');
    // Applicant side cannot review; a regulator elsewhere does not see it; an inspector neither.
    expectError(await act(entAdmin.cookies, draft.id, 'start-review'), 403, 'FORBIDDEN');
    expectError(await act(bjApprover.cookies, draft.id, 'start-review'), 404, 'APPLICATION_NOT_FOUND');
    expectError(await act(inspector.cookies, draft.id, 'start-review'), 404, 'APPLICATION_NOT_FOUND');

    const review = await act(gdOfficer.cookies, draft.id, 'start-review');
    expect(review.body.state).toBe('under_review');
    expect(review.body.abilities).toMatchObject({ return: true, approve: false, reject: false });

    expectError(await act(gdOfficer.cookies, draft.id, 'approve'), 403, 'FORBIDDEN');
    expectError(await act(gdOfficer.cookies, draft.id, 'return', {}), 400, 'REASON_REQUIRED');
    const returned = await act(gdOfficer.cookies, draft.id, 'return', { reason: '请补充培训证明' });
    expect(returned.body.state).toBe('returned');

    const again = await act(entAdmin.cookies, draft.id, 'submit');
    expect(again.body.state).toBe('submitted');
    await act(szApprover.cookies, draft.id, 'start-review');
    const approved = await act(szApprover.cookies, draft.id, 'approve');
    expect(approved.body.state).toBe('approved');
    expect(approved.body.allowedActions).toEqual([]);
    expect(approved.body.events.map((e) => `${e.fromState}→${e.toState}`)).toEqual([
      'null→draft',
      'draft→submitted',
      'submitted→under_review',
      'under_review→returned',
      'returned→submitted',
      'submitted→under_review',
      'under_review→approved',
    ]);
    expect(approved.body.events[3]).toMatchObject({
      reason: '请补充培训证明',
      actorName: gdOfficer.user.username,
    });
    const closed = expectError(await act(szApprover.cookies, draft.id, 'approve'), 409, 'INVALID_TRANSITION');
    expect(closed.message).toContain('已办结');

    const audit = await db
      .selectFrom('audit_event')
      .select('action')
      .where('target_type', '=', 'application')
      .where(
        'target_id',
        '=',
        String(
          (
            await db
              .selectFrom('application')
              .select('id')
              .where('public_id', '=', draft.id)
              .executeTakeFirstOrThrow()
          ).id,
        ),
      )
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'application.create',
      'application.submit',
      'application.start-review',
      'application.return',
      'application.submit',
      'application.start-review',
      'application.approve',
    ]);
  });

  it('reject needs a reason; a rejected application is closed and a new one may follow', async () => {
    const staff = await person();
    await hire(staff.id);
    const draft = await createDraft(entAdmin.cookies, { personId: staff.public_id });
    await act(entAdmin.cookies, draft.id, 'submit');
    // The body may be left out entirely.
    const bare = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${draft.id}/start-review`,
      cookies: szApprover.cookies,
    });
    expect(bare.statusCode, bare.body).toBe(200);
    expectError(await act(szApprover.cookies, draft.id, 'reject', { reason: '  ' }), 400, 'REASON_REQUIRED');
    const rejected = await act(szApprover.cookies, draft.id, 'reject', { reason: '工作经历材料不实' });
    expect(rejected.body.state).toBe('rejected');
    await createDraft(entAdmin.cookies, { personId: staff.public_id });
  });

  it('submission of an ineligible applicant is refused with 422 naming the failed rules; the draft stays', async () => {
    const weak = await person({ education: null, safetyYears: 1, trainingHours: 10 });
    await hire(weak.id);
    const draft = await createDraft(entAdmin.cookies, { personId: weak.public_id });
    const res = expectError(await act(entAdmin.cookies, draft.id, 'submit'), 422, 'ELIGIBILITY_FAILED');
    expect(res.details?.map((d) => d.field).sort()).toEqual([
      'rules.min_education',
      'rules.min_experience_years',
      'rules.training_hours',
    ]);
    expect(res.details?.find((d) => d.field === 'rules.training_hours')?.message).toBe(
      '近 12 个月内完成培训 10 学时，要求不少于 48 学时',
    );
    const after = await requestJson<Detail>(app, 'GET', `/api/v1/applications/${draft.id}`, {
      cookies: entAdmin.cookies,
    });
    expect(after.body).toMatchObject({ state: 'draft', eligibility: null });
    const failure = await db
      .selectFrom('audit_event')
      .select(['action', 'result'])
      .where('action', '=', 'application.submit')
      .where('result', '=', 'failure')
      .execute();
    expect(failure.length).toBeGreaterThan(0);
  });

  it('the intermediate certificate needs the junior certificate held for 3 years', async () => {
    const p = await person({ education: 'junior_college', safetyYears: 6, juniorHeldYears: 3 });
    await hire(p.id);
    const draft = await createDraft(entAdmin.cookies, { personId: p.public_id, level: 'intermediate' });
    const res = await act(entAdmin.cookies, draft.id, 'submit');
    expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
    const prior = res.body.eligibility?.results.find((r) => r.ruleKey === 'prior_certificate');
    expect(prior).toMatchObject({ passed: true, kind: 'prior_certificate_held' });
  });
});

describe('GET /api/v1/applications', () => {
  it('scopes lists: holder own, enterprise staff, regulators their subtree; filters and pages', async () => {
    const mine = await requestJson<Page>(app, 'GET', '/api/v1/applications', { cookies: holder.cookies });
    expect(mine.statusCode).toBe(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((i) => i.person.id === holderPerson.public_id)).toBe(true);

    const staffList = await requestJson<Page>(app, 'GET', '/api/v1/applications', {
      cookies: entAdmin.cookies,
    });
    expect(staffList.body.items.length).toBeGreaterThanOrEqual(5);
    expect(staffList.body.items.some((i) => i.person.id === holderPerson.public_id)).toBe(false);

    const other = await requestJson<Page>(app, 'GET', '/api/v1/applications', { cookies: otherEnt.cookies });
    expect(other.body.items).toEqual([]);
    const bj = await requestJson<Page>(app, 'GET', '/api/v1/applications', { cookies: bjApprover.cookies });
    expect(bj.body.items).toEqual([]);
    expectError(
      await requestJson(app, 'GET', '/api/v1/applications', { cookies: inspector.cookies }),
      403,
      'FORBIDDEN',
    );

    const approved = await requestJson<Page>(app, 'GET', '/api/v1/applications?state=approved', {
      cookies: gdOfficer.cookies,
    });
    expect(approved.body.items.length).toBeGreaterThan(0);
    expect(approved.body.items.every((i) => i.state === 'approved')).toBe(true);

    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: Page } = await requestJson<Page>(
        app,
        'GET',
        `/api/v1/applications?limit=2&divisionCode=440000&certificateTypeCode=00${cursor ? `&cursor=${cursor}` : ''}`,
        { cookies: gdOfficer.cookies },
      );
      all.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const unpaged = await requestJson<Page>(app, 'GET', '/api/v1/applications?limit=200', {
      cookies: gdOfficer.cookies,
    });
    expect(all).toEqual(unpaged.body.items.map((i) => i.id));

    const future = await requestJson<Page>(app, 'GET', '/api/v1/applications?from=2099-01-01', {
      cookies: gdOfficer.cookies,
    });
    expect(future.body.items).toEqual([]);
    const todays = await requestJson<Page>(app, 'GET', `/api/v1/applications?from=2020-01-01&to=2099-12-31`, {
      cookies: gdOfficer.cookies,
    });
    expect(todays.body.items.length).toBe(unpaged.body.items.length);

    const bad = expectError(
      await requestJson(app, 'GET', '/api/v1/applications?state=done&limit=0', {
        cookies: gdOfficer.cookies,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(fields(bad)).toEqual(['query.limit', 'query.state']);
    expectError(
      await requestJson(app, 'GET', '/api/v1/applications?cursor=zzz', { cookies: gdOfficer.cookies }),
      400,
      'INVALID_CURSOR',
    );
  });

  it('the exam candidates query (state=approved, newest first) can use application_state_idx', async () => {
    const plan = await db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain select id from application
        where state = 'approved' order by id desc limit 50`.execute(trx);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('application_state_idx');
  });
});

describe('GET /api/v1/applications/:id and documents', () => {
  it('shows the application to its parties only; documents attach through the registry', async () => {
    const list = await requestJson<Page>(app, 'GET', '/api/v1/applications', { cookies: holder.cookies });
    const id = list.body.items[0]!.id;
    const res = await requestJson<Detail>(app, 'GET', `/api/v1/applications/${id}`, {
      cookies: holder.cookies,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body.person.idNumber).toContain('*');
    for (const who of [entAdmin, bjApprover, otherEnt]) {
      expectError(
        await requestJson(app, 'GET', `/api/v1/applications/${id}`, { cookies: who.cookies }),
        404,
        'APPLICATION_NOT_FOUND',
      );
    }
    expectError(
      await requestJson(app, 'GET', '/api/v1/applications/not-a-uuid', { cookies: holder.cookies }),
      404,
      'APPLICATION_NOT_FOUND',
    );

    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('培训证明')]);
    const boundary = '----anzhengapp';
    const part = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const payload = Buffer.concat([
      Buffer.from(part('ownerType', 'application') + part('ownerId', id)),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="training.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = await app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      cookies: holder.cookies,
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(upload.statusCode, upload.body).toBe(200);
    const doc = JSON.parse(upload.body) as { id: string; ownerId: string };
    expect(doc.ownerId).toBe(id);
    const withDoc = await requestJson<Detail>(app, 'GET', `/api/v1/applications/${id}`, {
      cookies: holder.cookies,
    });
    expect(withDoc.body.documents.map((d) => d.id)).toEqual([doc.id]);
    const meta = await requestJson(app, 'GET', `/api/v1/documents/${doc.id}`, { cookies: otherEnt.cookies });
    expectError(meta, 404, 'DOCUMENT_NOT_FOUND');
    const officerMeta = await requestJson(app, 'GET', `/api/v1/documents/${doc.id}`, {
      cookies: gdOfficer.cookies,
    });
    expect(officerMeta.statusCode).toBe(200);
  });
});

describe('POST /api/v1/applications/batch', () => {
  it('creates one application per person with a per-person result', async () => {
    const good = await person();
    await hire(good.id);
    const weak = await person({ trainingHours: 0 });
    await hire(weak.id);
    const stranger = await person();
    const res = await requestJson<{
      results: { personId: string; ok: boolean; state: string | null; error: { code: string } | null }[];
    }>(app, 'POST', '/api/v1/applications/batch', {
      cookies: entAdmin.cookies,
      body: { personIds: [good.public_id, weak.public_id, stranger.public_id], ...junior, submit: true },
    });
    expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({ personId: good.public_id, ok: true, state: 'submitted', error: null }),
      expect.objectContaining({
        personId: weak.public_id,
        ok: false,
        state: 'draft',
        error: expect.objectContaining({ code: 'ELIGIBILITY_FAILED' }),
      }),
      expect.objectContaining({
        personId: stranger.public_id,
        ok: false,
        state: null,
        error: expect.objectContaining({ code: 'PERSON_NOT_FOUND' }),
      }),
    ]);
    expectError(
      await requestJson(app, 'POST', '/api/v1/applications/batch', {
        cookies: holder.cookies,
        body: { personIds: [good.public_id], ...junior },
      }),
      403,
      'FORBIDDEN',
    );
    const bad = expectError(
      await requestJson(app, 'POST', '/api/v1/applications/batch', {
        cookies: entAdmin.cookies,
        body: { personIds: [], ...junior },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.details?.[0]?.field).toBe('body.personIds');
  });
});
