import { randomUUID } from 'node:crypto';
import type { BlueprintSection, PaperItem } from '@anzheng/contracts';
import { generateCitizenId, mulberry32 } from '@anzheng/identifiers';
import { createTestApp, expectError, loginAs, multipart, requestJson } from '@anzheng/test-kit';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createPersonRecord, linkPersonAccount } from '../registry/index.ts';
import { assemblePaper } from './assembly.ts';
import { loadBank } from './blueprint.service.ts';

/**
 * Item bank (REQ-EXAM-3/5), blueprints (REQ-EXAM-1, REQ-TYPE-2/4), sessions, scheduling,
 * papers, admission tickets and check-in (REQ-EXAM-2) over HTTP on the real database.
 */

const { app, database, cipher, clock } = await createTestApp();
const db = database.db;
const rand = mulberry32(6_2026);

const authorA = await loginAs(app, [{ role: 'assessor' }]);
const authorB = await loginAs(app, [{ role: 'assessor' }]);
const national = await loginAs(app, [{ role: 'regulator_approver', divisionCode: '000000' }]);
const gd = await loginAs(app, [{ role: 'regulator_approver', divisionCode: '440000' }]);
const bj = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '110000' }]);
const holder = await loginAs(app, [{ role: 'holder' }]);
const otherHolder = await loginAs(app, [{ role: 'holder' }]);

// biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON bodies in assertions
type Json = Record<string, any>;

const options = [
  { id: 'A', text: '生产经营单位的主要负责人' },
  { id: 'B', text: '分管安全的副职' },
  { id: 'C', text: '安全生产管理人员' },
  { id: 'D', text: '班组长' },
];

function singleItem(n: number, extra: Json = {}) {
  return {
    certificateTypeCode: '00',
    level: 'junior',
    module: 'base',
    type: 'single_choice',
    body: { type: 'single_choice', stem: `第${n}题：谁是本单位安全生产第一责任人？`, options },
    answerKey: { choices: ['A'] },
    difficulty: 0.3,
    competencies: ['BASE-LAW'],
    source: '《安全生产法》第五条',
    ...extra,
  };
}

function trueFalseItem(n: number, extra: Json = {}) {
  return {
    certificateTypeCode: '00',
    level: 'junior',
    module: 'base',
    type: 'true_false',
    body: { stem: `判断${n}：从业人员发现直接危及人身安全的紧急情况时，有权停止作业。` },
    answerKey: { choices: ['T'] },
    competencies: ['BASE-RISK', 'K1'],
    ...extra,
  };
}

async function create(body: Json, who = authorA) {
  return requestJson<Json>(app, 'POST', '/api/v1/items', { body, cookies: who.cookies });
}
async function act(id: string, action: string, who = authorB, body?: Json) {
  return requestJson<Json>(app, 'POST', `/api/v1/items/${id}/${action}`, {
    cookies: who.cookies,
    body: body ?? {},
  });
}
/** Creates, submits (A) and approves (B) an item. */
async function approved(body: Json) {
  const c = await create(body);
  expect(c.statusCode, JSON.stringify(c.body)).toBe(200);
  expect((await act(c.body.id, 'submit', authorA)).statusCode).toBe(200);
  const a = await act(c.body.id, 'approve', authorB);
  expect(a.statusCode).toBe(200);
  return a.body;
}

describe('item bank', () => {
  it('creates a draft, reviews it with four eyes, and never edits an approved version', async () => {
    const created = await create(singleItem(1, { standardCode: 'GB 30871', standardVersion: '2014' }));
    expect(created.statusCode).toBe(200);
    expect(created.body).toMatchObject({
      certificateTypeCode: '00',
      level: 'junior',
      current: {
        version: 1,
        state: 'draft',
        points: 1,
        difficulty: 0.3,
        difficultyBand: 'easy',
        author: authorA.user.username,
      },
      approvedVersion: null,
    });
    const id = created.body.id as string;

    // Only drafts can be submitted; the author cannot approve; a reviewer must give a note to reject.
    expectError(await act(id, 'approve', authorB), 409, 'ITEM_INVALID_TRANSITION');
    expect((await act(id, 'submit', authorA)).body.current.state).toBe('in_review');
    expectError(await act(id, 'approve', authorA), 403, 'ITEM_SELF_REVIEW');
    expectError(await act(id, 'reject', authorB), 400, 'REVIEW_NOTE_REQUIRED');
    const ok = await act(id, 'approve', authorB);
    expect(ok.body).toMatchObject({
      current: { state: 'approved', reviewer: authorB.user.username },
      approvedVersion: 1,
    });
    const v1Id = ok.body.current.id as number;

    // Editing the approved version creates version 2 (draft); version 1 stays approved and drawable.
    const edited = await requestJson<Json>(app, 'PUT', `/api/v1/items/${id}`, {
      cookies: authorA.cookies,
      body: {
        ...singleItem(1),
        certificateTypeCode: undefined,
        level: undefined,
        module: undefined,
        difficulty: 0.5,
      },
    });
    expect(edited.statusCode, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({
      current: { version: 2, state: 'draft', difficulty: 0.5 },
      approvedVersion: 1,
    });
    // A draft is edited in place.
    const again = await requestJson<Json>(app, 'PUT', `/api/v1/items/${id}`, {
      cookies: authorA.cookies,
      body: { type: 'single_choice', body: { stem: '修订后的题干', options }, answerKey: { choices: ['B'] } },
    });
    expect(again.body.current).toMatchObject({ version: 2, answerKey: { choices: ['B'] } });
    const versions = await requestJson<Json>(app, 'GET', `/api/v1/items/${id}/versions`, {
      cookies: gd.cookies,
    });
    expect(versions.body.items.map((v: Json) => [v.version, v.state])).toEqual([
      [2, 'draft'],
      [1, 'approved'],
    ]);
    expect(versions.body.items[1].id).toBe(v1Id);

    // Approving version 2 (by the other assessor) retires version 1.
    await act(id, 'submit', authorA);
    await act(id, 'approve', authorB);
    const after = await requestJson<Json>(app, 'GET', `/api/v1/items/${id}/versions`, {
      cookies: authorA.cookies,
    });
    expect(after.body.items.map((v: Json) => [v.version, v.state])).toEqual([
      [2, 'approved'],
      [1, 'retired'],
    ]);
    // Retire the item: nothing approved remains.
    const retired = await act(id, 'retire', authorB);
    expect(retired.body).toMatchObject({ current: { state: 'retired' }, approvedVersion: null });
    expectError(await act(id, 'retire', authorB), 409, 'ITEM_INVALID_TRANSITION');
  });

  it('rejects bad content with every problem named by field, in Chinese', async () => {
    const bad = await create(singleItem(2, { answerKey: { choices: ['E'] }, body: { stem: '', options } }));
    const error = expectError(bad, 400, 'INVALID_ITEM');
    expect(error.details?.map((d) => d.field)).toEqual(['body.body.stem', 'body.answerKey.choices']);
    expect(error.message).toContain('正确答案“E”不在选项中');
    expectError(await create(singleItem(3, { module: 'IND-NOPE' })), 400, 'INVALID_MODULE');
    expectError(await create(singleItem(3, { competencies: ['K99'] })), 400, 'INVALID_COMPETENCY');
    expectError(await create(singleItem(3, { level: 'special' })), 400, 'INVALID_LEVEL');
    expectError(await create(singleItem(3, { certificateTypeCode: '99' })), 400, 'UNKNOWN_CERTIFICATE_TYPE');
    // Only assessors write; outsiders cannot read the bank.
    expectError(await create(singleItem(3), national), 403, 'FORBIDDEN');
    expectError(
      await requestJson(app, 'GET', '/api/v1/items', { cookies: holder.cookies }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await requestJson(app, 'GET', `/api/v1/items/${randomUUID()}`, { cookies: gd.cookies }),
      404,
      'ITEM_NOT_FOUND',
    );
  });

  it('filters by type, state, competency, band and stem text', async () => {
    const tf = await approved(
      trueFalseItem(100, { body: { stem: '独特关键词甲：有限空间作业应当先通风、再检测、后作业。' } }),
    );
    const list = async (query: string) =>
      (await requestJson<Json>(app, 'GET', `/api/v1/items?${query}`, { cookies: gd.cookies })).body.items.map(
        (i: Json) => i.id,
      );
    expect(await list(`q=${encodeURIComponent('独特关键词甲')}`)).toEqual([tf.id]);
    expect(await list('type=true_false&state=approved&competency=K1')).toContain(tf.id);
    expect(await list('type=true_false&band=hard')).not.toContain(tf.id);
    expect(await list('type=single_choice')).not.toContain(tf.id);
    const page = await requestJson<Json>(app, 'GET', '/api/v1/items?limit=1', { cookies: gd.cookies });
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextCursor).toEqual(expect.any(String));
  });

  it('REQ-EXAM-5: a replaced standard flags every approved item tied to the old version', async () => {
    const tied = await approved(
      singleItem(200, { standardCode: 'GB 6441', standardVersion: '1986', competencies: ['BASE-RISK'] }),
    );
    const newer = await approved(singleItem(201, { standardCode: 'GB 6441', standardVersion: '2025' }));
    const rec = await requestJson<Json>(app, 'POST', '/api/v1/item-standards/revisions', {
      cookies: national.cookies,
      body: {
        standardCode: 'GB 6441',
        oldVersion: '1986',
        newVersion: '2025',
        note: '企业职工伤亡事故分类标准换版',
      },
    });
    expect(rec.statusCode).toBe(200);
    expect(rec.body).toMatchObject({ standardCode: 'GB 6441', flaggedCount: 1 });
    const flagged = await requestJson<Json>(app, 'GET', '/api/v1/items?flagged=true', {
      cookies: authorA.cookies,
    });
    const ids = flagged.body.items.map((i: Json) => i.id);
    expect(ids).toContain(tied.id);
    expect(ids).not.toContain(newer.id);
    expect(flagged.body.items.find((i: Json) => i.id === tied.id).current.standardFlaggedAt).toEqual(
      expect.any(String),
    );
    // Revising the item (new version, approved) clears it from the flagged list.
    await requestJson(app, 'PUT', `/api/v1/items/${tied.id}`, {
      cookies: authorA.cookies,
      body: {
        ...singleItem(200),
        certificateTypeCode: undefined,
        level: undefined,
        module: undefined,
        standardCode: 'GB 6441',
        standardVersion: '2025',
      },
    });
    await act(tied.id, 'submit', authorA);
    await act(tied.id, 'approve', authorB);
    const after = await requestJson<Json>(app, 'GET', '/api/v1/items?flagged=true', {
      cookies: authorA.cookies,
    });
    expect(after.body.items.map((i: Json) => i.id)).not.toContain(tied.id);
    expectError(
      await requestJson(app, 'POST', '/api/v1/item-standards/revisions', {
        cookies: gd.cookies,
        body: { standardCode: 'GB 1', oldVersion: '1', newVersion: '2' },
      }),
      403,
      'FORBIDDEN',
    );
    const log = await requestJson<Json>(app, 'GET', '/api/v1/item-standards/revisions', {
      cookies: authorB.cookies,
    });
    expect(log.body.items[0]).toMatchObject({
      standardCode: 'GB 6441',
      oldVersion: '1986',
      newVersion: '2025',
    });
  });
});

describe('Excel import and export', () => {
  async function xlsx(rows: string[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('题库');
    for (const r of rows) sheet.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('imports valid rows as drafts and reports bad rows by row number and header', async () => {
    const template = await app.inject({
      method: 'GET',
      url: '/api/v1/items/template.xlsx',
      cookies: authorA.cookies,
    });
    expect(template.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const headers = (wb.getWorksheet('题库')!.getRow(1).values as string[]).slice(1);
    expect(headers.slice(3, 8)).toEqual(['证书类型代码', '等级', '模块', '题型', '题干']);

    const col = (name: string) => headers.indexOf(name);
    const row = (values: Record<string, string>) => headers.map((h) => values[h] ?? '');
    const file = await xlsx([
      headers,
      row({
        证书类型代码: '00',
        等级: '初级',
        模块: 'base',
        题型: '单选题',
        题干: '导入题一',
        选项A: '甲',
        选项B: '乙',
        答案: 'B',
        能力项: 'BASE-LAW',
      }),
      row({ 证书类型代码: '00', 等级: '初级', 模块: 'base', 题型: '判断题', 题干: '导入题二', 答案: '正确' }),
      row({
        证书类型代码: '00',
        等级: '初级',
        模块: 'base',
        题型: '单选题',
        题干: '导入题三',
        选项A: '甲',
        选项B: '乙',
        答案: 'C',
      }),
      row({ 证书类型代码: '00', 等级: '', 模块: 'base', 题型: '论述题', 题干: '导入题四', 答案: 'x' }),
    ]);
    expect(col('答案')).toBeGreaterThan(0);
    const form = multipart([{ name: 'file', value: file, filename: '题库.xlsx' }]);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/items/import',
      cookies: authorA.cookies,
      ...form,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Json;
    expect(body.created).toBe(2);
    expect(body.errors.map((e: Json) => [e.row, e.code])).toEqual([
      [4, 'NOT_AN_OPTION'],
      [5, 'REQUIRED'],
      [5, 'INVALID'],
    ]);
    expect(body.errors[0].message).toContain('第 4 行');

    // Export: the same headers, one row per item, content JSON for an exact round trip.
    const exp = await app.inject({
      method: 'GET',
      url: `/api/v1/items/export.xlsx?q=${encodeURIComponent('导入题')}`,
      cookies: gd.cookies,
    });
    expect(exp.statusCode).toBe(200);
    expect(exp.headers['content-type']).toContain('spreadsheetml');
    const out = new ExcelJS.Workbook();
    await out.xlsx.load(exp.rawPayload as unknown as ArrayBuffer);
    const sheet = out.getWorksheet('题库')!;
    expect(sheet.rowCount).toBe(3);
    const stems = [2, 3].map((r) => String(sheet.getRow(r).getCell(col('题干') + 1).value));
    expect(stems.sort()).toEqual(['导入题一', '导入题二']);

    const empty = multipart([{ name: 'file', value: Buffer.alloc(0), filename: 'x.xlsx' }]);
    const r2 = await app.inject({
      method: 'POST',
      url: '/api/v1/items/import',
      cookies: authorA.cookies,
      ...empty,
    });
    expect(r2.statusCode).toBe(400);
    expect(r2.json()).toMatchObject({ code: 'ITEM_IMPORT_FILE' });
  });
});

describe('QTI 3.0 packages', () => {
  it('exports the bank as a QTI package that imports back as drafts', async () => {
    await approved(singleItem(500, { body: { stem: 'QTI往返题：谁是第一责任人？', options } }));
    const exp = await app.inject({
      method: 'GET',
      url: `/api/v1/items/export.qti.zip?q=${encodeURIComponent('QTI往返题')}`,
      cookies: gd.cookies,
    });
    expect(exp.statusCode, exp.body).toBe(200);
    expect(exp.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const form = multipart([{ name: 'file', value: exp.rawPayload, filename: 'bank.zip' }]);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/items/import-qti?certificateTypeCode=00&level=junior&module=base',
      cookies: authorB.cookies,
      ...form,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 1, errors: [] });
    const list = await requestJson<Json>(app, 'GET', `/api/v1/items?q=${encodeURIComponent('QTI往返题')}`, {
      cookies: gd.cookies,
    });
    expect(list.body.items.map((i: Json) => i.current.state).sort()).toEqual(['approved', 'draft']);
    expect(list.body.items[0].current.body).toEqual(list.body.items[1].current.body);
  });
});

// ---- blueprints, sessions, scheduling ---------------------------------------------------

const SMALL: BlueprintSection[] = [
  {
    code: 'judge',
    title: '判断题',
    itemType: 'true_false',
    pointsPerItem: 10,
    quotas: [{ competency: 'BASE-RISK', count: 4 }],
  },
  {
    code: 'single',
    title: '单选题',
    itemType: 'single_choice',
    pointsPerItem: 10,
    quotas: [{ competency: 'K', count: 2 }, { count: 4 }],
  },
];

async function person(name: string, divisionCode: string) {
  return db.transaction().execute((trx) =>
    createPersonRecord(trx, cipher, {
      name,
      idNumber: generateCitizenId(rand, { divisionCode, birthDate: '1990-03-04' }),
    }),
  );
}

async function application(personId: number, divisionCode: string, state = 'approved', level = 'junior') {
  return db
    .insertInto('application')
    .values({
      public_id: randomUUID(),
      person_id: personId,
      certificate_type_code: '00',
      level,
      division_code: divisionCode,
      province_code: divisionCode.slice(0, 2),
      state,
    })
    .returning(['id', 'public_id'])
    .executeTakeFirstOrThrow();
}

describe('blueprints', () => {
  it('default: the national computer-based exam — 100 points, 120 minutes, pass line from exam.pass_rules', async () => {
    const res = await requestJson<Json>(app, 'POST', '/api/v1/blueprints', {
      cookies: national.cookies,
      body: {
        code: 'general-junior',
        name: '通用证书初级理论考试',
        certificateTypeCode: '00',
        level: 'junior',
        modules: ['base'],
      },
    });
    expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      version: 1,
      state: 'active',
      totalPoints: 100,
      durationMinutes: 120,
      passRules: { passPoints: 60 },
    });
    expect(res.body.sections.map((s: Json) => s.title)).toEqual([
      '判断题',
      '单项选择题',
      '多项选择题',
      '案例分析题',
    ]);
    // A second version of the same code retires the first.
    const v2 = await requestJson<Json>(app, 'POST', '/api/v1/blueprints', {
      cookies: national.cookies,
      body: {
        code: 'general-junior',
        name: '通用证书初级理论考试',
        certificateTypeCode: '00',
        level: 'junior',
        modules: ['base'],
        durationMinutes: 90,
      },
    });
    expect(v2.body).toMatchObject({ version: 2, durationMinutes: 90 });
    const v1 = await requestJson<Json>(app, 'GET', `/api/v1/blueprints/${res.body.id}`, {
      cookies: authorA.cookies,
    });
    expect(v1.body.state).toBe('retired');
    // Coverage names each quota the bank cannot fill.
    const cov = await requestJson<Json>(app, 'GET', `/api/v1/blueprints/${v2.body.id}/coverage`, {
      cookies: gd.cookies,
    });
    expect(cov.body.ok).toBe(false);
    expect(cov.body.quotas[0]).toMatchObject({ section: 'judge', label: '能力项 BASE-LAW', needed: 8 });
  });

  it('is national policy and checked against the certificate type', async () => {
    const body = { code: 'x', name: 'x', certificateTypeCode: '00', level: 'junior', modules: ['base'] };
    expectError(
      await requestJson(app, 'POST', '/api/v1/blueprints', { cookies: gd.cookies, body }),
      403,
      'FORBIDDEN',
    );
    const bad = await requestJson(app, 'POST', '/api/v1/blueprints', {
      cookies: national.cookies,
      body: {
        ...body,
        modules: ['IND-MINE'],
        sections: [{ ...SMALL[0], quotas: [{ competency: 'Q9', count: 1 }] }],
      },
    });
    expect(expectError(bad, 400, 'INVALID_BLUEPRINT').details?.map((d) => d.field)).toEqual([
      'body.modules.0',
      'body.sections.0.quotas.0.competency',
    ]);
    const high = await requestJson(app, 'POST', '/api/v1/blueprints', {
      cookies: national.cookies,
      body: { ...body, sections: SMALL, passRules: { passPoints: 101 } },
    });
    expectError(high, 400, 'INVALID_BLUEPRINT');
  });
});

describe('sessions, scheduling, papers, tickets and check-in', async () => {
  // Bank for the SMALL blueprint: 5 true/false (BASE-RISK), 7 single choice (3 with a K competency).
  for (let i = 0; i < 5; i++) await approved(trueFalseItem(300 + i));
  for (let i = 0; i < 7; i++) await approved(singleItem(400 + i, i < 3 ? { competencies: ['K2'] } : {}));
  const bp = await requestJson<Json>(app, 'POST', '/api/v1/blueprints', {
    cookies: national.cookies,
    body: {
      code: 'small-junior',
      name: '测试蓝图',
      certificateTypeCode: '00',
      level: 'junior',
      modules: ['base'],
      sections: SMALL,
      durationMinutes: 60,
    },
  });
  const startsAt = new Date(clock.now().getTime() + 7 * 86_400_000).toISOString();

  const zhang = await person('张考生', '440305');
  await linkPersonAccount(db, zhang.id, holder.user.id);
  const li = await person('李考生', '440306');
  const wang = await person('王考生', '440304');
  const gz = await person('广州考生', '440106');
  const apps = {
    zhang: await application(zhang.id, '440305'),
    li: await application(li.id, '440306'),
    wang: await application(wang.id, '440304'),
    gz: await application(gz.id, '440106'),
    submitted: await application((await person('赵考生', '440305')).id, '440305', 'submitted'),
    senior: await application((await person('钱考生', '440305')).id, '440305', 'approved', 'intermediate'),
  };
  let sessionId = '';
  const regs: Json[] = [];

  it('creates a session in the regulator’s division only', async () => {
    const body = {
      name: '2026年第四季度深圳考场',
      divisionCode: '440300',
      place: '深圳市南山区科技园考点',
      capacity: 2,
      startsAt,
      startWindowSeconds: 600,
      blueprintId: bp.body.id,
    };
    expectError(
      await requestJson(app, 'POST', '/api/v1/exam-sessions', { cookies: bj.cookies, body }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await requestJson(app, 'POST', '/api/v1/exam-sessions', {
        cookies: gd.cookies,
        body: { ...body, startsAt: '2020-01-01T00:00:00Z' },
      }),
      400,
      'SESSION_START_IN_PAST',
    );
    const res = await requestJson<Json>(app, 'POST', '/api/v1/exam-sessions', { cookies: gd.cookies, body });
    expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      divisionName: '广东省深圳市',
      capacity: 2,
      registered: 0,
      durationMinutes: 60,
      state: 'scheduled',
    });
    sessionId = res.body.id;
    expectError(
      await requestJson(app, 'GET', `/api/v1/exam-sessions/${sessionId}`, { cookies: bj.cookies }),
      404,
      'EXAM_SESSION_NOT_FOUND',
    );
    const list = await requestJson<Json>(app, 'GET', '/api/v1/exam-sessions', { cookies: bj.cookies });
    expect(list.body.items).toEqual([]);
  });

  it('schedules approved applications: seats, tickets, staggered starts, one paper each; per-application errors', async () => {
    const res = await requestJson<Json>(app, 'POST', `/api/v1/exam-sessions/${sessionId}/registrations`, {
      cookies: gd.cookies,
      body: {
        applicationIds: [
          apps.zhang.public_id,
          apps.gz.public_id,
          apps.submitted.public_id,
          apps.senior.public_id,
          apps.li.public_id,
          apps.wang.public_id,
        ],
      },
    });
    expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
    expect(res.body.scheduled.map((r: Json) => [r.seatNo, r.startOffsetSeconds, r.candidateName])).toEqual([
      [1, 0, '张**'],
      [2, 600, '李**'],
    ]);
    expect(res.body.errors.map((e: Json) => e.code)).toEqual([
      'APPLICATION_OUTSIDE_DIVISION',
      'APPLICATION_NOT_APPROVED',
      'APPLICATION_MISMATCH',
      'SESSION_FULL',
    ]);
    regs.push(...res.body.scheduled);
    for (const r of regs) {
      expect(r.ticketNo).toMatch(/^\d{2}44\d{10}$/);
      expect(r.paperId).toEqual(expect.any(String));
      expect(r.idNumberMasked).toMatch(/\*/);
    }
    expect(new Date(regs[1]!.startAt).getTime() - new Date(startsAt).getTime()).toBe(600_000);
    // One registration per application.
    const again = await requestJson<Json>(app, 'POST', `/api/v1/exam-sessions/${sessionId}/registrations`, {
      cookies: gd.cookies,
      body: { applicationIds: [apps.zhang.public_id] },
    });
    expect(again.body.errors[0].code).toBe('ALREADY_SCHEDULED');
  });

  it('papers meet the blueprint, hold exact item versions and are reproducible from the stored seed', async () => {
    const papers = await db.selectFrom('exam_paper').selectAll().orderBy('id').execute();
    expect(papers).toHaveLength(2);
    const blueprint = await db
      .selectFrom('exam_blueprint')
      .selectAll()
      .where('public_id', '=', bp.body.id)
      .executeTakeFirstOrThrow();
    const bank = await loadBank(db, blueprint);
    for (const p of papers) {
      const items = p.items as unknown as PaperItem[];
      expect(items).toHaveLength(10);
      expect(new Set(items.map((i) => i.itemId)).size).toBe(10);
      expect(items.reduce((s, i) => s + i.points, 0)).toBe(100);
      expect(Number(p.total_points)).toBe(100);
      expect(assemblePaper({ sections: SMALL }, bank, p.seed)).toEqual(items);
    }
    expect(papers[0]!.seed).not.toBe(papers[1]!.seed);
  });

  it('admission ticket PDF for the candidate and regulators only; QR URL verifies publicly', async () => {
    const zhangReg = regs[0]!;
    const pdf = await app.inject({
      method: 'GET',
      url: `/api/v1/exam-registrations/${zhangReg.id}/ticket.pdf`,
      cookies: holder.cookies,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const idNumber = (
      await db
        .selectFrom('person')
        .select('id_number_masked')
        .where('id', '=', zhang.id)
        .executeTakeFirstOrThrow()
    ).id_number_masked;
    expect(idNumber).toMatch(/\*/);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/exam-registrations/${zhangReg.id}/ticket.pdf`,
          cookies: gd.cookies,
        })
      ).statusCode,
    ).toBe(200);
    expectError(
      await requestJson(app, 'GET', `/api/v1/exam-registrations/${zhangReg.id}/ticket.pdf`, {
        cookies: otherHolder.cookies,
      }),
      404,
      'EXAM_REGISTRATION_NOT_FOUND',
    );
    const mine = await requestJson<Json>(app, 'GET', '/api/v1/exam-registrations', {
      cookies: holder.cookies,
    });
    expect(mine.body.items.map((r: Json) => r.ticketNo)).toEqual([zhangReg.ticketNo]);
    const verify = await requestJson<Json>(app, 'GET', `/api/v1/exam-tickets/${zhangReg.ticketNo}`);
    expect(verify.body).toMatchObject({
      valid: true,
      candidateName: '张**',
      seatNo: 1,
      place: '深圳市南山区科技园考点',
    });
    expectError(
      await requestJson(app, 'GET', '/api/v1/exam-tickets/999999999999'),
      404,
      'EXAM_REGISTRATION_NOT_FOUND',
    );
  });

  it('check-in by ticket number + ID number (blind index), once', async () => {
    const zhangReg = regs[0]!;
    // The candidates' ID numbers, read back through the cipher (as the registry would).
    const row = await db
      .selectFrom('person')
      .select('id_number_enc')
      .where('id', '=', zhang.id)
      .executeTakeFirstOrThrow();
    const idNumber = cipher.decrypt(row.id_number_enc, 'person.id_number');
    const liRow = await db
      .selectFrom('person')
      .select('id_number_enc')
      .where('id', '=', li.id)
      .executeTakeFirstOrThrow();
    const liId = cipher.decrypt(liRow.id_number_enc, 'person.id_number');
    const url = `/api/v1/exam-sessions/${sessionId}/check-in`;
    expectError(
      await requestJson(app, 'POST', url, {
        cookies: gd.cookies,
        body: { ticketNo: zhangReg.ticketNo, idNumber: liId },
      }),
      422,
      'CHECK_IN_MISMATCH',
    );
    expectError(
      await requestJson(app, 'POST', url, {
        cookies: gd.cookies,
        body: { ticketNo: zhangReg.ticketNo, idNumber: '110101199003077777' },
      }),
      400,
      'INVALID_ID_NUMBER',
    );
    const ok = await requestJson<Json>(app, 'POST', url, {
      cookies: authorA.cookies,
      body: { ticketNo: zhangReg.ticketNo, idNumber },
    });
    expect(ok.statusCode, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ state: 'checked_in', checkInMethod: 'ticket_id_card' });
    expectError(
      await requestJson(app, 'POST', url, {
        cookies: gd.cookies,
        body: { ticketNo: zhangReg.ticketNo, idNumber },
      }),
      409,
      'ALREADY_CHECKED_IN',
    );
    // Closing the session marks the others absent.
    const closed = await requestJson<Json>(app, 'POST', `/api/v1/exam-sessions/${sessionId}/close`, {
      cookies: gd.cookies,
    });
    expect(closed.body.state).toBe('closed');
    const list = await requestJson<Json>(app, 'GET', `/api/v1/exam-sessions/${sessionId}/registrations`, {
      cookies: gd.cookies,
    });
    expect(list.body.items.map((r: Json) => r.state)).toEqual(['checked_in', 'absent']);
  });

  it('a bank too small for the blueprint fails scheduling, naming the quota', async () => {
    const big = await requestJson<Json>(app, 'POST', '/api/v1/blueprints', {
      cookies: national.cookies,
      body: {
        code: 'too-big',
        name: '题库不足',
        certificateTypeCode: '00',
        level: 'junior',
        modules: ['base'],
        sections: [
          {
            code: 'single',
            title: '单选',
            itemType: 'single_choice',
            pointsPerItem: 1,
            quotas: [{ count: 50, band: 'hard' }],
          },
        ],
      },
    });
    const s = await requestJson<Json>(app, 'POST', '/api/v1/exam-sessions', {
      cookies: gd.cookies,
      body: {
        name: '补考',
        divisionCode: '440300',
        place: '深圳考点',
        capacity: 10,
        startsAt,
        blueprintId: big.body.id,
      },
    });
    const res = await requestJson(app, 'POST', `/api/v1/exam-sessions/${s.body.id}/registrations`, {
      cookies: gd.cookies,
      body: { applicationIds: [apps.wang.public_id] },
    });
    const error = expectError(res, 409, 'BANK_TOO_SMALL');
    expect(error.message).toContain('第“single”部分的配额“较难”需要 50 道');
    const regsAfter = await db.selectFrom('exam_registration').select('id').execute();
    expect(regsAfter).toHaveLength(2);
  });
});
