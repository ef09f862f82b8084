import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCitizenId, generateCreditCode, iso7064Mod11_2, mulberry32 } from '@anzheng/identifiers';
import { createTestApp, expectError, loginAs, requestJson } from '@anzheng/test-kit';
import fc from 'fast-check';
import { type Compilable, CompiledQuery, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createPersonRecord, linkPersonAccount } from './index.ts';
import { listEnterprisesQuery, listPersonsQuery } from './registry.repository.ts';

// Own data directory: blobs of this file stay apart from other test files'.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-registry-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const { app, database, cipher } = await createTestApp({ dataDir });
const db = database.db;

// 广东省深圳市南山区 / 北京市朝阳区
const SZ_NANSHAN = '440305';
const BJ_CHAOYANG = '110105';

const rand = mulberry32(20261129);
const idIn = (divisionCode: string, birthDate?: string) =>
  generateCitizenId(rand, { divisionCode, ...(birthDate ? { birthDate } : {}) });
const creditIn = (divisionCode: string) => generateCreditCode(rand, { divisionCode, authority: '9' });

const gdOfficer = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '440000' }]);
const bjOfficer = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '110000' }]);
const gdInspector = await loginAs(app, [{ role: 'inspector', divisionCode: '440300' }]);
const nationalApprover = await loginAs(app, [{ role: 'regulator_approver', divisionCode: '000000' }]);

type Person = {
  id: string;
  name: string;
  idNumber: string;
  idNumberRevealed: boolean;
  phone: string | null;
  sex: string;
  birthDate: string;
  divisionCode: string;
  abilities: { update: boolean; reveal: boolean; addRecords: boolean; uploadDocuments: boolean };
  education: unknown[];
  work: unknown[];
  training: unknown[];
};
type Enterprise = {
  id: string;
  creditCode: string;
  highRisk: boolean;
  divisionCode: string;
  contactPhone: string | null;
};
type PageOf<T> = { items: T[]; nextCursor: string | null };

async function createPerson(
  cookies: Record<string, string>,
  body: Record<string, unknown> = {},
): Promise<Person> {
  const res = await requestJson<Person>(app, 'POST', '/api/v1/persons', {
    cookies,
    body: { name: '张三', idNumber: idIn(SZ_NANSHAN), phone: '13800138000', ...body },
  });
  expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function createEnterprise(body: Record<string, unknown> = {}): Promise<Enterprise> {
  const res = await requestJson<Enterprise>(app, 'POST', '/api/v1/enterprises', {
    cookies: gdOfficer.cookies,
    body: {
      creditCode: creditIn(SZ_NANSHAN),
      name: '深圳测试化工有限公司',
      industryCode: 'hazardous_chemicals',
      employeeCount: 120,
      contactName: '李四',
      contactPhone: '13912345678',
      ...body,
    },
  });
  expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function auditRows(action: string, targetId?: number) {
  let q = db.selectFrom('audit_event').selectAll().where('action', '=', action);
  if (targetId !== undefined) q = q.where('target_id', '=', String(targetId));
  return q.orderBy('id').execute();
}

async function internalPersonId(publicId: string): Promise<number> {
  const row = await db
    .selectFrom('person')
    .select('id')
    .where('public_id', '=', publicId)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A valid-shaped 18-digit number with a correct check character from its first 17 digits. */
function withCheck(first17: string): string {
  return `${first17}${iso7064Mod11_2(first17)}`;
}

describe('authentication', () => {
  it('every registry route answers 401 without a session, before validation', async () => {
    const uuid = '0190c7e0-0000-7000-8000-000000000000';
    const routes: [string, string][] = [
      ['POST', '/api/v1/persons'],
      ['GET', '/api/v1/persons'],
      ['GET', `/api/v1/persons/${uuid}`],
      ['PATCH', `/api/v1/persons/${uuid}`],
      ['POST', `/api/v1/persons/${uuid}/education`],
      ['POST', `/api/v1/persons/${uuid}/work`],
      ['POST', `/api/v1/persons/${uuid}/training`],
      ['POST', '/api/v1/enterprises'],
      ['GET', '/api/v1/enterprises'],
      ['GET', `/api/v1/enterprises/${uuid}`],
      ['PATCH', `/api/v1/enterprises/${uuid}`],
      ['GET', `/api/v1/enterprises/${uuid}/staff`],
      ['POST', `/api/v1/enterprises/${uuid}/staff`],
      ['GET', '/api/v1/organisations'],
      ['POST', '/api/v1/organisations'],
      ['GET', `/api/v1/organisations/${uuid}`],
      ['PATCH', `/api/v1/organisations/${uuid}`],
      ['POST', '/api/v1/documents'],
      ['GET', `/api/v1/documents/${uuid}`],
      ['GET', `/api/v1/documents/${uuid}/content`],
    ];
    for (const [method, url] of routes) {
      const res = await requestJson(app, method as 'GET', url, method === 'GET' ? {} : { body: { bad: 1 } });
      expectError(res, 401, 'UNAUTHENTICATED');
    }
  });
});

describe('OpenAPI', () => {
  it('documents every registry route', async () => {
    const res = await requestJson<{ paths: Record<string, object> }>(app, 'GET', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    for (const p of [
      '/api/v1/persons',
      '/api/v1/persons/{id}',
      '/api/v1/persons/{id}/education',
      '/api/v1/enterprises/{id}/staff',
      '/api/v1/organisations/{id}',
      '/api/v1/documents',
      '/api/v1/documents/{id}/content',
    ]) {
      expect(Object.keys(res.body.paths)).toContain(p);
    }
  });
});

describe('persons (一人一档)', () => {
  it('creates a person with the ID number encrypted, indexed and masked; birth date and sex derived', async () => {
    const idNumber = idIn(SZ_NANSHAN, '1985-06-15');
    const person = await createPerson(gdOfficer.cookies, { idNumber });
    expect(person.idNumber).toBe(`${idNumber.slice(0, 3)}${'*'.repeat(11)}${idNumber.slice(-4)}`);
    expect(person.idNumberRevealed).toBe(false);
    expect(person.phone).toBe('138****8000');
    expect(person.birthDate).toBe('1985-06-15');
    expect(person.sex).toBe(Number(idNumber[16]) % 2 === 1 ? 'male' : 'female');
    expect(person.divisionCode).toBe(SZ_NANSHAN);
    expect(person.abilities).toEqual({ update: true, reveal: true, addRecords: true, uploadDocuments: true });

    const row = await db
      .selectFrom('person')
      .selectAll()
      .where('public_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(row.id_number_enc).not.toContain(idNumber);
    expect(cipher.decrypt(row.id_number_enc, 'person.id_number')).toBe(idNumber);
    expect(row.id_number_index).toBe(cipher.blindIndex(idNumber, 'person.id_number'));
    expect(row.province_code).toBe('44');
    const events = await auditRows('person.create', row.id);
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]!.details)).not.toContain(idNumber);
  });

  it('400 INVALID_ID_NUMBER with the reason: check character, impossible birth date, unknown division', async () => {
    const good = idIn(SZ_NANSHAN);
    const badCheck = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const cases: [string, string][] = [
      [badCheck, 'INVALID_CHECK_CHARACTER'],
      [withCheck(`${SZ_NANSHAN}19990230001`), 'INVALID_BIRTH_DATE'],
      [withCheck('88010119800101001'), 'UNKNOWN_DIVISION'],
      ['12345', 'INVALID_LENGTH'],
    ];
    for (const [idNumber, reason] of cases) {
      const res = await requestJson(app, 'POST', '/api/v1/persons', {
        cookies: gdOfficer.cookies,
        body: { name: '王五', idNumber },
      });
      const body = expectError(res, 400, 'INVALID_ID_NUMBER');
      expect(body.details).toContainEqual(expect.objectContaining({ field: 'body.idNumber', code: reason }));
    }
  });

  it('400 with field details for a bad body', async () => {
    const res = await requestJson(app, 'POST', '/api/v1/persons', {
      cookies: gdOfficer.cookies,
      body: { idNumber: idIn(SZ_NANSHAN), nickname: 'x', phone: 'abc' },
    });
    const body = expectError(res, 400, 'VALIDATION_FAILED');
    expect(body.details?.map((d) => d.field).sort()).toEqual(['body.name', 'body.nickname', 'body.phone']);
  });

  it('409 PERSON_EXISTS for the same number, however it is typed (lower-case x, 15-digit form)', async () => {
    const idNumber = withCheck(`${SZ_NANSHAN}19760312123`);
    await createPerson(gdOfficer.cookies, { idNumber });
    const again = await requestJson(app, 'POST', '/api/v1/persons', {
      cookies: gdOfficer.cookies,
      body: { name: '张三', idNumber: idNumber.toLowerCase() },
    });
    expectError(again, 409, 'PERSON_EXISTS');
    const legacy = `${idNumber.slice(0, 6)}${idNumber.slice(8, 17)}`;
    const again15 = await requestJson(app, 'POST', '/api/v1/persons', {
      cookies: gdOfficer.cookies,
      body: { name: '张三', idNumber: legacy },
    });
    expectError(again15, 409, 'PERSON_EXISTS');
  });

  it('a regulator creates only in their subtree; others may not create at all', async () => {
    const outside = await requestJson(app, 'POST', '/api/v1/persons', {
      cookies: gdOfficer.cookies,
      body: { name: '赵六', idNumber: idIn(BJ_CHAOYANG) },
    });
    const body = expectError(outside, 400, 'DIVISION_OUT_OF_SCOPE');
    expect(body.details?.[0]?.field).toBe('body.idNumber');
    const holder = await loginAs(app, [{ role: 'holder' }]);
    expectError(
      await requestJson(app, 'POST', '/api/v1/persons', {
        cookies: holder.cookies,
        body: { name: '赵六', idNumber: idIn(SZ_NANSHAN) },
      }),
      403,
      'FORBIDDEN',
    );
  });

  it('404 outside scope for read, update, records and reveal', async () => {
    const person = await createPerson(gdOfficer.cookies);
    const c = bjOfficer.cookies;
    expectError(
      await requestJson(app, 'GET', `/api/v1/persons/${person.id}`, { cookies: c }),
      404,
      'PERSON_NOT_FOUND',
    );
    expectError(
      await requestJson(app, 'GET', `/api/v1/persons/${person.id}?reveal=idNumber`, { cookies: c }),
      404,
      'PERSON_NOT_FOUND',
    );
    expectError(
      await requestJson(app, 'PATCH', `/api/v1/persons/${person.id}`, { cookies: c, body: { name: '改名' } }),
      404,
      'PERSON_NOT_FOUND',
    );
    expectError(
      await requestJson(app, 'POST', `/api/v1/persons/${person.id}/training`, {
        cookies: c,
        body: { provider: 'x', course: 'y', hours: 8, completedOn: '2024-01-01' },
      }),
      404,
      'PERSON_NOT_FOUND',
    );
    expectError(
      await requestJson(app, 'GET', '/api/v1/persons/not-a-uuid', { cookies: gdOfficer.cookies }),
      404,
      'PERSON_NOT_FOUND',
    );
  });

  it('masks by default; ?reveal= returns full values to the allowed and audits every reveal', async () => {
    const idNumber = idIn(SZ_NANSHAN);
    const person = await createPerson(gdOfficer.cookies, { idNumber, phone: '139 0000 1111' });
    const pid = await internalPersonId(person.id);

    const plain = await requestJson<Person>(app, 'GET', `/api/v1/persons/${person.id}`, {
      cookies: gdInspector.cookies,
    });
    expect(plain.statusCode).toBe(200);
    expect(plain.body.idNumber).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    expect(plain.body.phone).toBe('139****1111');
    expect(plain.body.abilities.reveal).toBe(false);
    expect(await auditRows('person.reveal', pid)).toHaveLength(0);

    const revealed = await requestJson<Person & { phoneRevealed: boolean }>(
      app,
      'GET',
      `/api/v1/persons/${person.id}?reveal=idNumber,phone`,
      { cookies: gdOfficer.cookies },
    );
    expect(revealed.statusCode).toBe(200);
    expect(revealed.body.idNumber).toBe(idNumber);
    expect(revealed.body.idNumberRevealed).toBe(true);
    expect(revealed.body.phone).toBe('13900001111');
    expect(revealed.body.phoneRevealed).toBe(true);

    // An inspector reads the file but may not reveal: 403, and the attempt is audited.
    const denied = await requestJson(app, 'GET', `/api/v1/persons/${person.id}?reveal=idNumber`, {
      cookies: gdInspector.cookies,
    });
    expectError(denied, 403, 'FORBIDDEN');

    const events = await auditRows('person.reveal', pid);
    expect(events.map((e) => [e.actor_id, e.result, e.details])).toEqual([
      [gdOfficer.user.id, 'success', { fields: ['idNumber', 'phone'] }],
      [gdInspector.user.id, 'denied', { fields: ['idNumber'] }],
    ]);
  });

  it('rejects an unknown reveal field with field details', async () => {
    const person = await createPerson(gdOfficer.cookies);
    const res = await requestJson(app, 'GET', `/api/v1/persons/${person.id}?reveal=faceImage`, {
      cookies: gdOfficer.cookies,
    });
    const body = expectError(res, 400, 'VALIDATION_FAILED');
    expect(body.details?.[0]?.field).toBe('query.reveal');
  });

  it('lists persons in scope with filters and stable cursor paging', async () => {
    const prefix = `列表${Math.floor(rand() * 1e6)}`;
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createPerson(gdOfficer.cookies, { name: `${prefix}${i}` }));
    const bjPerson = await createPerson(bjOfficer.cookies, {
      name: `${prefix}京`,
      idNumber: idIn(BJ_CHAOYANG),
    });

    const first = await requestJson<PageOf<Person>>(
      app,
      'GET',
      `/api/v1/persons?name=${encodeURIComponent(prefix)}&limit=2`,
      { cookies: gdOfficer.cookies },
    );
    expect(first.statusCode).toBe(200);
    expect(first.body.items.map((p) => p.id)).toEqual([made[0]!.id, made[1]!.id]);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await requestJson<PageOf<Person>>(
      app,
      'GET',
      `/api/v1/persons?name=${encodeURIComponent(prefix)}&limit=2&cursor=${first.body.nextCursor}`,
      { cookies: gdOfficer.cookies },
    );
    expect(second.body.items.map((p) => p.id)).toEqual([made[2]!.id]);
    expect(second.body.nextCursor).toBeNull();

    const national = await requestJson<PageOf<Person>>(
      app,
      'GET',
      `/api/v1/persons?name=${encodeURIComponent(prefix)}`,
      { cookies: nationalApprover.cookies },
    );
    expect(national.body.items.map((p) => p.id)).toEqual([...made.map((p) => p.id), bjPerson.id]);

    const byDivision = await requestJson<PageOf<Person>>(
      app,
      'GET',
      `/api/v1/persons?name=${encodeURIComponent(prefix)}&divisionCode=110000`,
      { cookies: nationalApprover.cookies },
    );
    expect(byDivision.body.items.map((p) => p.id)).toEqual([bjPerson.id]);

    expectError(
      await requestJson(app, 'GET', '/api/v1/persons?cursor=!!!', { cookies: gdOfficer.cookies }),
      400,
      'INVALID_CURSOR',
    );
  });

  it('finds a person by exact ID number through the blind index', async () => {
    const idNumber = idIn(SZ_NANSHAN);
    const person = await createPerson(gdOfficer.cookies, { idNumber });
    const res = await requestJson<PageOf<Person>>(app, 'GET', `/api/v1/persons?idNumber=${idNumber}`, {
      cookies: gdOfficer.cookies,
    });
    expect(res.body.items.map((p) => p.id)).toEqual([person.id]);
    const other = await requestJson<PageOf<Person>>(app, 'GET', `/api/v1/persons?idNumber=${idNumber}`, {
      cookies: bjOfficer.cookies,
    });
    expect(other.body.items).toEqual([]);
  });

  it('adds education, work and training records; checks dates', async () => {
    const person = await createPerson(gdOfficer.cookies);
    const url = `/api/v1/persons/${person.id}`;
    const c = gdOfficer.cookies;
    const edu = await requestJson(app, 'POST', `${url}/education`, {
      cookies: c,
      body: {
        level: 'bachelor',
        major: '安全工程',
        safetyRelated: true,
        school: '中国矿业大学',
        graduatedOn: '2008-07-01',
      },
    });
    expect(edu.statusCode).toBe(200);
    const work = await requestJson(app, 'POST', `${url}/work`, {
      cookies: c,
      body: {
        employerName: '某化工公司',
        employerCreditCode: creditIn(SZ_NANSHAN),
        post: '安全主管',
        safetyManagement: true,
        startedOn: '2010-01-01',
      },
    });
    expect(work.statusCode).toBe(200);
    const training = await requestJson(app, 'POST', `${url}/training`, {
      cookies: c,
      body: {
        provider: '省安全培训中心',
        course: '安全生产法律法规',
        hours: 32.5,
        completedOn: '2023-05-20',
      },
    });
    expect(training.statusCode).toBe(200);
    expect(training.body).toMatchObject({ hours: 32.5 });

    const detail = await requestJson<Person>(app, 'GET', url, { cookies: c });
    expect(detail.body.education).toHaveLength(1);
    expect(detail.body.work).toMatchObject([{ safetyManagement: true, endedOn: null }]);
    expect(detail.body.training).toHaveLength(1);

    const badPeriod = await requestJson(app, 'POST', `${url}/work`, {
      cookies: c,
      body: {
        employerName: 'x',
        post: 'y',
        safetyManagement: false,
        startedOn: '2020-01-01',
        endedOn: '2019-01-01',
      },
    });
    expect(expectError(badPeriod, 400, 'INVALID_PERIOD').details?.[0]?.field).toBe('body.endedOn');
    const future = await requestJson(app, 'POST', `${url}/training`, {
      cookies: c,
      body: { provider: 'x', course: 'y', hours: 1, completedOn: '2999-01-01' },
    });
    expectError(future, 400, 'DATE_IN_FUTURE');
    const badLevel = await requestJson(app, 'POST', `${url}/education`, {
      cookies: c,
      body: {
        level: 'kindergarten',
        major: 'x',
        safetyRelated: false,
        school: 'y',
        graduatedOn: '2000-01-01',
      },
    });
    expect(expectError(badLevel, 400, 'VALIDATION_FAILED').details?.[0]?.field).toBe('body.level');
    const badCredit = await requestJson(app, 'POST', `${url}/work`, {
      cookies: c,
      body: {
        employerName: 'x',
        employerCreditCode: '91440300MA5XXXXXX0',
        post: 'y',
        safetyManagement: false,
        startedOn: '2020-01-01',
      },
    });
    expect(expectError(badCredit, 400, 'INVALID_CREDIT_CODE').details?.[0]?.field).toBe(
      'body.employerCreditCode',
    );
  });

  it('PATCH: regulators change name and division within their subtree', async () => {
    const person = await createPerson(gdOfficer.cookies);
    const url = `/api/v1/persons/${person.id}`;
    // Inspectors read files in their subtree but change nothing.
    const inspector = await requestJson(app, 'PATCH', url, {
      cookies: gdInspector.cookies,
      body: { phone: null },
    });
    expectError(inspector, 403, 'FORBIDDEN');
    const renamed = await requestJson<Person>(app, 'PATCH', url, {
      cookies: gdOfficer.cookies,
      body: { name: '张三丰', divisionCode: '440106' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.body).toMatchObject({ name: '张三丰', divisionCode: '440106' });
    const away = await requestJson(app, 'PATCH', url, {
      cookies: gdOfficer.cookies,
      body: { divisionCode: '110105' },
    });
    expectError(away, 400, 'DIVISION_OUT_OF_SCOPE');
    const empty = await requestJson(app, 'PATCH', url, { cookies: gdOfficer.cookies, body: {} });
    expectError(empty, 400, 'VALIDATION_FAILED');
  });

  it('a holder sees and updates only the phone of their own linked record', async () => {
    const holder = await loginAs(app, [{ role: 'holder' }]);
    const own = await createPerson(gdOfficer.cookies);
    const other = await createPerson(gdOfficer.cookies);
    await linkPersonAccount(db, await internalPersonId(own.id), holder.user.id);

    const list = await requestJson<PageOf<Person>>(app, 'GET', '/api/v1/persons', {
      cookies: holder.cookies,
    });
    expect(list.body.items.map((p) => p.id)).toEqual([own.id]);
    expectError(
      await requestJson(app, 'GET', `/api/v1/persons/${other.id}`, { cookies: holder.cookies }),
      404,
      'PERSON_NOT_FOUND',
    );
    const phone = await requestJson<Person>(app, 'PATCH', `/api/v1/persons/${own.id}`, {
      cookies: holder.cookies,
      body: { phone: '13700001234' },
    });
    expect(phone.statusCode).toBe(200);
    expect(phone.body.phone).toBe('137****1234');
    expectError(
      await requestJson(app, 'PATCH', `/api/v1/persons/${own.id}`, {
        cookies: holder.cookies,
        body: { name: '改' },
      }),
      403,
      'FORBIDDEN',
    );
    const self = await requestJson<Person>(app, 'GET', `/api/v1/persons/${own.id}?reveal=phone`, {
      cookies: holder.cookies,
    });
    expect(self.body.phone).toBe('13700001234');
    expect(await auditRows('person.reveal', await internalPersonId(own.id))).toHaveLength(1);
    // Holders see no enterprise list.
    expectError(
      await requestJson(app, 'GET', '/api/v1/enterprises', { cookies: holder.cookies }),
      403,
      'FORBIDDEN',
    );
  });

  it('property: every generated resident ID number is accepted and stored once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const idNumber = generateCitizenId(mulberry32(seed));
        const existing = await db
          .selectFrom('person')
          .select('id')
          .where('id_number_index', '=', cipher.blindIndex(idNumber, 'person.id_number'))
          .executeTakeFirst();
        if (existing) return;
        const row = await createPersonRecord(db, cipher, { name: '测试', idNumber });
        expect(row.id_number_masked).toBe(`${idNumber.slice(0, 3)}${'*'.repeat(11)}${idNumber.slice(-4)}`);
        expect(row.birth_date).toBe(
          `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
        );
        expect(cipher.decrypt(row.id_number_enc, 'person.id_number')).toBe(idNumber);
      }),
      { numRuns: 60 },
    );
  });
});

describe('enterprises', () => {
  it('creates an enterprise; high_risk follows the industry (安全生产法 art. 24); contact phone masked', async () => {
    const e = await createEnterprise();
    expect(e).toMatchObject({ highRisk: true, divisionCode: SZ_NANSHAN, contactPhone: '139****5678' });
    const general = await createEnterprise({ industryCode: 'general_manufacturing' });
    expect(general.highRisk).toBe(false);
    const row = await db
      .selectFrom('enterprise')
      .selectAll()
      .where('public_id', '=', e.id)
      .executeTakeFirstOrThrow();
    expect(cipher.decrypt(row.contact_phone_enc!, 'enterprise.contact_phone')).toBe('13912345678');
    expect(await auditRows('enterprise.create', row.id)).toHaveLength(1);
  });

  it('400 INVALID_CREDIT_CODE with the reason, 400 UNKNOWN_INDUSTRY, 409 ENTERPRISE_EXISTS', async () => {
    const good = creditIn(SZ_NANSHAN);
    const bad = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const res = await requestJson(app, 'POST', '/api/v1/enterprises', {
      cookies: gdOfficer.cookies,
      body: { creditCode: bad, name: 'x', industryCode: 'construction', employeeCount: 1 },
    });
    expect(expectError(res, 400, 'INVALID_CREDIT_CODE').details).toContainEqual(
      expect.objectContaining({ field: 'body.creditCode', code: 'INVALID_CHECK_CHARACTER' }),
    );
    const industry = await requestJson(app, 'POST', '/api/v1/enterprises', {
      cookies: gdOfficer.cookies,
      body: { creditCode: good, name: 'x', industryCode: 'no_such_industry', employeeCount: 1 },
    });
    expect(expectError(industry, 400, 'UNKNOWN_INDUSTRY').details?.[0]?.field).toBe('body.industryCode');
    const fields = await requestJson(app, 'POST', '/api/v1/enterprises', {
      cookies: gdOfficer.cookies,
      body: { creditCode: good, industryCode: 'construction', employeeCount: -1 },
    });
    expect(
      expectError(fields, 400, 'VALIDATION_FAILED')
        .details?.map((d) => d.field)
        .sort(),
    ).toEqual(['body.employeeCount', 'body.name']);
    await createEnterprise({ creditCode: good });
    expectError(
      await requestJson(app, 'POST', '/api/v1/enterprises', {
        cookies: gdOfficer.cookies,
        body: { creditCode: good, name: 'x', industryCode: 'construction', employeeCount: 1 },
      }),
      409,
      'ENTERPRISE_EXISTS',
    );
  });

  it('scope: regulators see their subtree, enterprise users their own enterprise; others get 404', async () => {
    const e = await createEnterprise();
    const other = await createEnterprise();
    const admin = await loginAs(app, [{ role: 'enterprise_admin', enterpriseCreditCode: e.creditCode }]);
    expect(
      (await requestJson(app, 'GET', `/api/v1/enterprises/${e.id}`, { cookies: admin.cookies })).statusCode,
    ).toBe(200);
    expectError(
      await requestJson(app, 'GET', `/api/v1/enterprises/${other.id}`, { cookies: admin.cookies }),
      404,
      'ENTERPRISE_NOT_FOUND',
    );
    expectError(
      await requestJson(app, 'GET', `/api/v1/enterprises/${e.id}`, { cookies: bjOfficer.cookies }),
      404,
      'ENTERPRISE_NOT_FOUND',
    );
    expectError(
      await requestJson(app, 'PATCH', `/api/v1/enterprises/${e.id}`, {
        cookies: bjOfficer.cookies,
        body: { employeeCount: 3 },
      }),
      404,
      'ENTERPRISE_NOT_FOUND',
    );
    expectError(
      await requestJson(app, 'GET', `/api/v1/enterprises/${e.id}/staff`, { cookies: bjOfficer.cookies }),
      404,
      'ENTERPRISE_NOT_FOUND',
    );
    const list = await requestJson<PageOf<Enterprise>>(app, 'GET', '/api/v1/enterprises', {
      cookies: admin.cookies,
    });
    expect(list.body.items.map((x) => x.id)).toEqual([e.id]);
  });

  it('lists with filters (name prefix, industry, high risk, division) in id order', async () => {
    const name = `筛选${Math.floor(rand() * 1e6)}`;
    const a = await createEnterprise({ name: `${name}甲`, industryCode: 'construction' });
    const b = await createEnterprise({ name: `${name}乙`, industryCode: 'general_manufacturing' });
    const q = (qs: string) =>
      requestJson<PageOf<Enterprise>>(
        app,
        'GET',
        `/api/v1/enterprises?name=${encodeURIComponent(name)}${qs}`,
        {
          cookies: gdOfficer.cookies,
        },
      );
    expect((await q('')).body.items.map((x) => x.id)).toEqual([a.id, b.id]);
    expect((await q('&highRisk=true')).body.items.map((x) => x.id)).toEqual([a.id]);
    expect((await q('&industryCode=general_manufacturing')).body.items.map((x) => x.id)).toEqual([b.id]);
    expect((await q('&divisionCode=440300')).body.items).toHaveLength(2);
    expect((await q('&divisionCode=440100')).body.items).toHaveLength(0);
    expect((await q('&limit=1')).body.nextCursor).not.toBeNull();
    expectError(await q('&highRisk=perhaps'), 400, 'VALIDATION_FAILED');
  });

  it('PATCH: the enterprise keeps its own record; industry changes are the regulator’s and re-derive high_risk', async () => {
    const e = await createEnterprise({ industryCode: 'general_manufacturing' });
    const admin = await loginAs(app, [{ role: 'enterprise_admin', enterpriseCreditCode: e.creditCode }]);
    const own = await requestJson<Enterprise>(app, 'PATCH', `/api/v1/enterprises/${e.id}`, {
      cookies: admin.cookies,
      body: { contactPhone: '13511112222', employeeCount: 80 },
    });
    expect(own.statusCode).toBe(200);
    expect(own.body.contactPhone).toBe('135****2222');
    expectError(
      await requestJson(app, 'PATCH', `/api/v1/enterprises/${e.id}`, {
        cookies: admin.cookies,
        body: { industryCode: 'mining' },
      }),
      403,
      'FORBIDDEN',
    );
    const reg = await requestJson<Enterprise>(app, 'PATCH', `/api/v1/enterprises/${e.id}`, {
      cookies: gdOfficer.cookies,
      body: { industryCode: 'mining' },
    });
    expect(reg.body.highRisk).toBe(true);
    expectError(
      await requestJson(app, 'PATCH', `/api/v1/enterprises/${e.id}`, {
        cookies: gdOfficer.cookies,
        body: { unknown: 1 },
      }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('an enterprise admin registers their own enterprise, not another', async () => {
    const code = creditIn(SZ_NANSHAN);
    const admin = await loginAs(app, [{ role: 'enterprise_admin', enterpriseCreditCode: code }]);
    const body = { name: '自建企业', industryCode: 'construction', employeeCount: 10 };
    const ok = await requestJson(app, 'POST', '/api/v1/enterprises', {
      cookies: admin.cookies,
      body: { ...body, creditCode: code },
    });
    expect(ok.statusCode).toBe(200);
    expectError(
      await requestJson(app, 'POST', '/api/v1/enterprises', {
        cookies: admin.cookies,
        body: { ...body, creditCode: creditIn(SZ_NANSHAN) },
      }),
      403,
      'FORBIDDEN',
    );
  });
});

describe('enterprise staff (REQ-POST-5)', () => {
  it('adds staff by ID number: creates the person once, links an existing one, idempotent', async () => {
    const e = await createEnterprise();
    const archivist = await loginAs(app, [
      { role: 'enterprise_archivist', enterpriseCreditCode: e.creditCode },
    ]);
    const url = `/api/v1/enterprises/${e.id}/staff`;
    const staff = {
      name: '钱七',
      idNumber: idIn(SZ_NANSHAN),
      post: '专职档案管理员',
      safetyManagement: true,
      fullTime: true,
      startedOn: '2024-03-01',
    };
    const first = await requestJson<{ id: number; person: Person }>(app, 'POST', url, {
      cookies: archivist.cookies,
      body: staff,
    });
    expect(first.statusCode).toBe(201);
    const again = await requestJson<{ id: number; person: Person }>(app, 'POST', url, {
      cookies: archivist.cookies,
      body: staff,
    });
    expect(again.statusCode).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.person.id).toBe(first.body.person.id);

    // A person the regulator registered earlier is linked, not duplicated.
    const known = await createPerson(gdOfficer.cookies, { name: '孙八' });
    const knownRow = await db
      .selectFrom('person')
      .selectAll()
      .where('public_id', '=', known.id)
      .executeTakeFirstOrThrow();
    const idNumber = cipher.decrypt(knownRow.id_number_enc, 'person.id_number');
    const linked = await requestJson<{ person: Person }>(app, 'POST', url, {
      cookies: archivist.cookies,
      body: { ...staff, name: '孙八', idNumber },
    });
    expect(linked.statusCode).toBe(201);
    expect(linked.body.person.id).toBe(known.id);
    const count = await db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id_number_index', '=', knownRow.id_number_index)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);

    expectError(
      await requestJson(app, 'POST', url, {
        cookies: archivist.cookies,
        body: { ...staff, name: '别人', idNumber },
      }),
      409,
      'PERSON_NAME_MISMATCH',
    );
    const bad = await requestJson(app, 'POST', url, {
      cookies: archivist.cookies,
      body: { ...staff, idNumber: `${idNumber.slice(0, 17)}${idNumber[17] === '0' ? '1' : '0'}` },
    });
    expectError(bad, 400, 'INVALID_ID_NUMBER');
    const missing = await requestJson(app, 'POST', url, { cookies: archivist.cookies, body: { name: 'x' } });
    expect(expectError(missing, 400, 'VALIDATION_FAILED').details?.length).toBeGreaterThan(3);

    const list = await requestJson<PageOf<{ person: Person }>>(app, 'GET', url, {
      cookies: archivist.cookies,
    });
    expect(list.body.items.map((s) => s.person.id)).toEqual([first.body.person.id, known.id]);
    expect(list.body.items[0]!.person.idNumber).toMatch(/\*{11}/);

    // The archivist now reads and may reveal their staff's files; another enterprise's cannot.
    const reveal = await requestJson<Person>(app, 'GET', `/api/v1/persons/${known.id}?reveal=idNumber`, {
      cookies: archivist.cookies,
    });
    expect(reveal.body.idNumber).toBe(idNumber);
    const stranger = await loginAs(app, [
      { role: 'enterprise_admin', enterpriseCreditCode: creditIn(SZ_NANSHAN) },
    ]);
    expectError(
      await requestJson(app, 'GET', `/api/v1/persons/${known.id}`, { cookies: stranger.cookies }),
      404,
      'PERSON_NOT_FOUND',
    );
    expectError(
      await requestJson(app, 'POST', url, { cookies: stranger.cookies, body: staff }),
      404,
      'ENTERPRISE_NOT_FOUND',
    );
    expect(
      await auditRows(
        'enterprise.staff.add',
        Number(
          (
            await db
              .selectFrom('enterprise')
              .select('id')
              .where('public_id', '=', e.id)
              .executeTakeFirstOrThrow()
          ).id,
        ),
      ),
    ).toHaveLength(2);
  });
});

describe('organisations', () => {
  it('create, read, list, update; scope and validation', async () => {
    const body = {
      kind: 'training_provider',
      name: '深圳安全培训学校',
      creditCode: creditIn(SZ_NANSHAN),
      divisionCode: SZ_NANSHAN,
    };
    const created = await requestJson<{ id: string; abilities: { update: boolean } }>(
      app,
      'POST',
      '/api/v1/organisations',
      {
        cookies: gdOfficer.cookies,
        body,
      },
    );
    expect(created.statusCode).toBe(200);
    expect(created.body.abilities.update).toBe(true);
    expectError(
      await requestJson(app, 'POST', '/api/v1/organisations', { cookies: gdOfficer.cookies, body }),
      409,
      'ORGANISATION_EXISTS',
    );
    const asAssessor = await requestJson(app, 'POST', '/api/v1/organisations', {
      cookies: gdOfficer.cookies,
      body: { ...body, kind: 'assessment_body' },
    });
    expect(asAssessor.statusCode).toBe(200);
    expectError(
      await requestJson(app, 'POST', '/api/v1/organisations', {
        cookies: bjOfficer.cookies,
        body: { ...body, creditCode: creditIn(SZ_NANSHAN) },
      }),
      400,
      'DIVISION_OUT_OF_SCOPE',
    );
    expectError(
      await requestJson(app, 'POST', '/api/v1/organisations', {
        cookies: gdOfficer.cookies,
        body: { ...body, kind: 'school' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    const holder = await loginAs(app, [{ role: 'holder' }]);
    const read = await requestJson<{ abilities: { update: boolean } }>(
      app,
      'GET',
      `/api/v1/organisations/${created.body.id}`,
      { cookies: holder.cookies },
    );
    expect(read.body.abilities.update).toBe(false);
    const list = await requestJson<PageOf<{ id: string }>>(
      app,
      'GET',
      `/api/v1/organisations?kind=training_provider&divisionCode=440300`,
      { cookies: holder.cookies },
    );
    expect(list.body.items.map((o) => o.id)).toContain(created.body.id);
    const patched = await requestJson<{ name: string }>(
      app,
      'PATCH',
      `/api/v1/organisations/${created.body.id}`,
      {
        cookies: gdOfficer.cookies,
        body: { name: '深圳市安全培训学校' },
      },
    );
    expect(patched.body.name).toBe('深圳市安全培训学校');
    expectError(
      await requestJson(app, 'PATCH', `/api/v1/organisations/${created.body.id}`, {
        cookies: bjOfficer.cookies,
        body: { name: 'x' },
      }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await requestJson(app, 'GET', '/api/v1/organisations/0190c7e0-0000-7000-8000-000000000000', {
        cookies: holder.cookies,
      }),
      404,
      'ORGANISATION_NOT_FOUND',
    );
  });
});

describe('list queries are served by indexes', () => {
  async function plan(query: Compilable<unknown>): Promise<string> {
    const compiled = query.compile();
    const rows = await db.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
    );
    return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  it('division prefix, name prefix and enterprise filters use their index on a large table', async () => {
    // Enough rows elsewhere that scanning the table in id order would be the expensive plan.
    await sql`insert into person (public_id, name, id_kind, id_number_enc, id_number_index, id_number_masked,
        sex, birth_date, division_code, province_code)
      select gen_random_uuid(), '批量' || g, 'resident', 'x', md5(g::text), 'x', 'male', date '1980-01-01',
        '6501' || lpad((g % 90 + 2)::text, 2, '0'), '65'
      from generate_series(1, 5000) g`.execute(db);
    await sql`insert into enterprise (public_id, credit_code, name, industry_code, division_code, province_code,
        employee_count, high_risk)
      select gen_random_uuid(), upper(substr(md5(g::text), 1, 18)), '批量企业' || g, 'construction',
        '6501' || lpad((g % 90 + 2)::text, 2, '0'), '65', 1, g % 50 = 0
      from generate_series(1, 5000) g`.execute(db);
    await sql`analyze person`.execute(db);
    await sql`analyze enterprise`.execute(db);
    const none = { divisionScopes: [], enterpriseCodes: [], holderUserId: null };
    const regulator = { ...none, divisionScopes: ['440300'] };

    expect(await plan(listPersonsQuery(db, { scope: regulator, limit: 51 }))).toContain(
      'person_division_idx',
    );
    expect(
      await plan(
        listPersonsQuery(db, { scope: { ...none, divisionScopes: ['000000'] }, name: '张', limit: 51 }),
      ),
    ).toContain('person_name_idx');
    expect(await plan(listPersonsQuery(db, { scope: regulator, idNumberIndex: 'abc', limit: 51 }))).toContain(
      'person_id_number_index_key',
    );
    expect(await plan(listEnterprisesQuery(db, { scope: regulator, limit: 51 }))).toContain(
      'enterprise_division_idx',
    );
    expect(
      await plan(
        listEnterprisesQuery(db, { scope: { ...none, divisionScopes: ['000000'] }, name: '深圳', limit: 51 }),
      ),
    ).toContain('enterprise_name_idx');
  });
});
