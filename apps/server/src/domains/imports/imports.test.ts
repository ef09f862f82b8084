import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCitizenId, generateCreditCode, mulberry32 } from '@anzheng/identifiers';
import {
  createTestApp,
  expectError,
  type JsonResponse,
  loginAs,
  type MultipartPart,
  multipart,
  requestJson,
} from '@anzheng/test-kit';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';

const MAX_BYTES = 256 * 1024;
// Read when the app is built (each test file runs in its own process).
process.env.ANZHENG_IMPORT_MAX_BYTES = String(MAX_BYTES);
// No poller: each test runs the queued jobs itself (app.jobs.runPending), deterministically.
process.env.ANZHENG_JOB_POLL_MS = '0';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-imports-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const { app, database } = await createTestApp({ dataDir });
const db = database.db;

const rand = mulberry32(5_2026);
const gd = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '440000' }]);
const bj = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '110000' }]);
const admin = await loginAs(app, [{ role: 'system_admin' }]);
const holder = await loginAs(app, [{ role: 'holder' }]);

const gdId = () => generateCitizenId(rand, { divisionCode: '440305' });
const bjId = () => generateCitizenId(rand, { divisionCode: '110105' });

const PERSON_HEADER = '姓名,身份证号,手机号,所在地区代码,学历,专业,是否安全相关专业,毕业学校,毕业日期';
const personLine = (name: string, id: string, extra = ',,,,,,') => `${name},${id},${extra}`;

/** GB18030 encoder for the test data (Node decodes GB18030 but has no encoder). */
const GB_TABLE = (() => {
  const map = new Map<string, Buffer>();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.of(lead, trail));
      if (ch.length === 1 && !map.has(ch)) map.set(ch, Buffer.of(lead, trail));
    }
  }
  return map;
})();
function gb18030(text: string): Buffer {
  return Buffer.concat(
    [...text].map((ch) => {
      if (ch.charCodeAt(0) < 0x80) return Buffer.from(ch, 'ascii');
      const bytes = GB_TABLE.get(ch);
      if (!bytes) throw new Error(`no GB18030 two-byte code for ${ch}`);
      return bytes;
    }),
  );
}

async function upload(
  cookies: Record<string, string> | undefined,
  kind: string,
  file: Buffer | string,
  options: { mode?: string; name?: string; extra?: MultipartPart[] } = {},
): Promise<JsonResponse<{ id: string; status: string }>> {
  const form = multipart([
    { name: 'kind', value: kind },
    ...(options.mode ? [{ name: 'mode', value: options.mode }] : []),
    ...(options.extra ?? []),
    {
      name: 'file',
      value: Buffer.isBuffer(file) ? file : Buffer.from(file),
      filename: options.name ?? 'data.csv',
      contentType: 'text/csv',
    },
  ]);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/imports',
    ...(cookies ? { cookies } : {}),
    ...form,
  });
  return { statusCode: res.statusCode, headers: res.headers, body: JSON.parse(res.body) };
}

interface ImportBody {
  id: string;
  status: string;
  kind: string;
  mode: string;
  fileName: string;
  total: number;
  processed: number;
  accepted: number;
  unchanged: number;
  rejected: number;
  failure: { code: string; message: string } | null;
  errors: { row: number; column: string | null; code: string; message: string }[];
  errorCount: number;
  finishedAt: string | null;
}

/** Uploads, runs the job, returns the finished import. */
async function importFile(
  cookies: Record<string, string>,
  kind: string,
  file: Buffer | string,
  options: { mode?: string; name?: string; extra?: MultipartPart[] } = {},
): Promise<ImportBody> {
  const created = await upload(cookies, kind, file, options);
  expect(created.statusCode, JSON.stringify(created.body)).toBe(202);
  await app.jobs.runPending();
  const res = await requestJson<ImportBody>(app, 'GET', `/api/v1/imports/${created.body.id}`, { cookies });
  expect(res.statusCode).toBe(200);
  return res.body;
}

const countPersons = async () =>
  Number(
    (
      await db
        .selectFrom('person')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('POST /api/v1/imports — good files', () => {
  it('imports a UTF-8 CSV of persons with education, encrypting the ID number', async () => {
    const a = gdId();
    const b = gdId();
    const csv = [
      PERSON_HEADER,
      personLine('张三', a, '13800138000,,本科,安全工程,是,中国矿业大学,2010-07-01'),
      personLine('李四', b),
    ].join('\n');
    const before = await countPersons();
    const result = await importFile(gd.cookies, 'persons', csv, { name: '人员.csv' });
    expect(result).toMatchObject({
      status: 'succeeded',
      kind: 'persons',
      mode: 'valid-rows',
      fileName: '人员.csv',
      total: 2,
      processed: 2,
      accepted: 2,
      unchanged: 0,
      rejected: 0,
      failure: null,
      errors: [],
    });
    expect(result.finishedAt).not.toBeNull();
    expect(await countPersons()).toBe(before + 2);
    const person = await db
      .selectFrom('person')
      .selectAll()
      .where('id_number_masked', '=', `${a.slice(0, 3)}***********${a.slice(14)}`)
      .executeTakeFirstOrThrow();
    expect(person).toMatchObject({ name: '张三', division_code: '440305', phone_masked: '138****8000' });
    expect(person.id_number_enc).not.toContain(a);
    const edu = await db
      .selectFrom('person_education')
      .selectAll()
      .where('person_id', '=', person.id)
      .execute();
    expect(edu).toMatchObject([
      { level: 'bachelor', safety_related: true, school: '中国矿业大学', graduated_on: '2010-07-01' },
    ]);
    // The upload is removed once the import has finished.
    expect(fs.readdirSync(path.join(dataDir, 'imports')).filter((f) => f !== 'tmp')).toEqual([]);
  });

  it('reads UTF-8 with BOM and CRLF line ends', async () => {
    const csv = `\uFEFF${PERSON_HEADER}\r\n${personLine('王五', gdId())}\r\n`;
    expect(await importFile(gd.cookies, 'persons', csv)).toMatchObject({ status: 'succeeded', accepted: 1 });
  });

  it('reads GB18030 (Excel “CSV” on Chinese Windows)', async () => {
    const id = gdId();
    const bytes = gb18030(
      `${PERSON_HEADER}\r\n${personLine('赵六', id, ',,大专,化工安全,否,广东石油化工学院,2015/6/30')}\r\n`,
    );
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const result = await importFile(gd.cookies, 'persons', bytes);
    expect(result).toMatchObject({ status: 'succeeded', accepted: 1, rejected: 0 });
    const person = await db
      .selectFrom('person')
      .select(['id', 'name'])
      .where('name', '=', '赵六')
      .executeTakeFirstOrThrow();
    const edu = await db
      .selectFrom('person_education')
      .selectAll()
      .where('person_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(edu).toMatchObject({ level: 'junior_college', major: '化工安全', graduated_on: '2015-06-30' });
  });

  it('reads the XLSX template filled in, dates as date cells', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/imports/templates/persons.xlsx',
      cookies: gd.cookies,
    });
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const id = gdId();
    sheet.addRow([
      '钱七',
      id,
      '13900139000',
      '',
      '硕士',
      '安全科学',
      '是',
      '华南理工大学',
      new Date(Date.UTC(2018, 5, 30)),
    ]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const result = await importFile(gd.cookies, 'persons', xlsx, { name: '人员.xlsx' });
    expect(result).toMatchObject({ status: 'succeeded', accepted: 1, rejected: 0, errors: [] });
    const person = await db
      .selectFrom('person')
      .select('id')
      .where('name', '=', '钱七')
      .executeTakeFirstOrThrow();
    const edu = await db
      .selectFrom('person_education')
      .selectAll()
      .where('person_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(edu).toMatchObject({ level: 'master', graduated_on: '2018-06-30' });
  });

  it('imports enterprises, then work and training records of an imported person', async () => {
    const code = generateCreditCode(rand, { divisionCode: '440305', authority: '9' });
    const enterprises = [
      '统一社会信用代码,企业名称,行业代码,所在地区代码,从业人数,联系人,联系电话',
      `${code},深圳某矿业有限公司,矿山,,320,陈工,0755-12345678`,
    ].join('\n');
    expect(await importFile(gd.cookies, 'enterprises', enterprises)).toMatchObject({
      status: 'succeeded',
      accepted: 1,
    });
    const e = await db
      .selectFrom('enterprise')
      .selectAll()
      .where('credit_code', '=', code)
      .executeTakeFirstOrThrow();
    expect(e).toMatchObject({
      industry_code: 'mining',
      high_risk: true,
      division_code: '440305',
      employee_count: 320,
    });

    const id = gdId();
    await importFile(gd.cookies, 'persons', `${PERSON_HEADER}\n${personLine('孙八', id)}`);
    const work = [
      '身份证号,单位名称,单位统一社会信用代码,岗位,是否安全管理岗位,开始日期,结束日期',
      `${id},深圳某矿业有限公司,${code},安全员,是,2015-03-01,2020-02-29`,
      `${id},深圳某矿业有限公司,${code},安全科长,是,2020-03-01,`,
    ].join('\n');
    expect(await importFile(gd.cookies, 'work-records', work)).toMatchObject({
      status: 'succeeded',
      accepted: 2,
    });
    const training = [
      '身份证号,培训机构,课程,学时,完成日期',
      `${id},广东安全培训中心,主要负责人安全培训,48,2024-05-20`,
    ].join('\n');
    expect(await importFile(gd.cookies, 'training-records', training)).toMatchObject({
      status: 'succeeded',
      accepted: 1,
    });
    const person = await db
      .selectFrom('person')
      .select('id')
      .where('name', '=', '孙八')
      .executeTakeFirstOrThrow();
    expect(
      await db.selectFrom('person_work').selectAll().where('person_id', '=', person.id).execute(),
    ).toHaveLength(2);
    expect(
      await db.selectFrom('person_training').select('hours').where('person_id', '=', person.id).execute(),
    ).toEqual([{ hours: '48.0' }]);

    // Records of a person not on file (or outside the scope) are row errors.
    const unknown = ['身份证号,培训机构,课程,学时,完成日期', `${gdId()},机构,课程,8,2024-05-20`].join('\n');
    const r = await importFile(gd.cookies, 'training-records', unknown);
    expect(r).toMatchObject({ status: 'succeeded', accepted: 0, rejected: 1 });
    expect(r.errors).toEqual([
      expect.objectContaining({ row: 2, column: '身份证号', code: 'PERSON_NOT_FOUND' }),
    ]);
  });

  it('re-importing the same file changes nothing (counted as unchanged)', async () => {
    const csv = [
      PERSON_HEADER,
      personLine('周九', gdId(), ',,本科,采矿工程,是,中南大学,2012-06-30'),
      personLine('吴十', gdId()),
    ].join('\n');
    const first = await importFile(gd.cookies, 'persons', csv);
    expect(first).toMatchObject({ accepted: 2, unchanged: 0 });
    const persons = await countPersons();
    const education = await db
      .selectFrom('person_education')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const again = await importFile(gd.cookies, 'persons', csv);
    expect(again).toMatchObject({ status: 'succeeded', accepted: 0, unchanged: 2, rejected: 0 });
    expect(await countPersons()).toBe(persons);
    expect(
      await db
        .selectFrom('person_education')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual(education);
  });
});

describe('POST /api/v1/imports — broken files', () => {
  it('reports bad cells with row, column and code, and imports the good rows', async () => {
    const good = gdId();
    const badCheck = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const csv = [
      PERSON_HEADER,
      personLine('好人', good),
      personLine('错号', badCheck),
      personLine('', gdId()),
      personLine('错日期', gdId(), ',,本科,安全工程,是,某大学,2010-13-45'),
      personLine('未来', gdId(), ',,本科,安全工程,是,某大学,2999-01-01'),
      personLine('错学历', gdId(), ',,幼儿园,安全工程,是,某大学,2010-07-01'),
    ].join('\n');
    const result = await importFile(gd.cookies, 'persons', csv);
    expect(result).toMatchObject({ status: 'succeeded', total: 6, accepted: 1, rejected: 5 });
    expect(result.errors).toEqual([
      expect.objectContaining({ row: 3, column: '身份证号', code: 'INVALID_ID_NUMBER' }),
      expect.objectContaining({ row: 4, column: '姓名', code: 'REQUIRED' }),
      expect.objectContaining({ row: 5, column: '毕业日期', code: 'INVALID_DATE' }),
      expect.objectContaining({ row: 6, column: '毕业日期', code: 'DATE_IN_FUTURE' }),
      expect.objectContaining({ row: 7, column: '学历', code: 'INVALID_VALUE' }),
    ]);
    expect(result.errors[0]!.message).toMatch(/身份证号无效/);
    expect(result.errorCount).toBe(5);
  });

  it('marks the second occurrence of a person in the file DUPLICATE_IN_FILE', async () => {
    const id = gdId();
    const result = await importFile(
      gd.cookies,
      'persons',
      [PERSON_HEADER, personLine('重复', id), personLine('重复', id)].join('\n'),
    );
    expect(result).toMatchObject({ accepted: 1, rejected: 1 });
    expect(result.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: '身份证号',
        code: 'DUPLICATE_IN_FILE',
        message: '与第 2 行重复',
      }),
    ]);
  });

  it('refuses a person whose number is on file under another name (NAME_MISMATCH)', async () => {
    const id = gdId();
    await importFile(gd.cookies, 'persons', `${PERSON_HEADER}\n${personLine('原名', id)}`);
    const result = await importFile(gd.cookies, 'persons', `${PERSON_HEADER}\n${personLine('别名', id)}`);
    expect(result.errors).toEqual([expect.objectContaining({ row: 2, code: 'NAME_MISMATCH' })]);
  });

  it('rows outside the regulator’s division are DIVISION_OUT_OF_SCOPE', async () => {
    const result = await importFile(
      gd.cookies,
      'persons',
      [PERSON_HEADER, personLine('北京人', bjId()), personLine('广东人', gdId())].join('\n'),
    );
    expect(result).toMatchObject({ accepted: 1, rejected: 1 });
    expect(result.errors).toEqual([
      expect.objectContaining({ row: 2, column: '身份证号', code: 'DIVISION_OUT_OF_SCOPE' }),
    ]);
  });

  it('fails the whole file when required columns are missing (IMPORT_MISSING_COLUMNS)', async () => {
    const result = await importFile(gd.cookies, 'persons', `姓名,手机号\n张三,13800138000\n`);
    expect(result).toMatchObject({
      status: 'failed',
      total: 0,
      accepted: 0,
      failure: { code: 'IMPORT_MISSING_COLUMNS' },
    });
    expect(result.failure!.message).toContain('身份证号');
    expect(result.errors).toEqual([
      { row: 1, column: '身份证号', code: 'IMPORT_MISSING_COLUMNS', message: expect.any(String) },
    ]);
  });

  it('fails a header-only file (IMPORT_EMPTY) and refuses a 0-byte upload (400 IMPORT_EMPTY)', async () => {
    expect(await importFile(gd.cookies, 'persons', `${PERSON_HEADER}\n\n`)).toMatchObject({
      status: 'failed',
      failure: { code: 'IMPORT_EMPTY' },
    });
    expect(await importFile(gd.cookies, 'persons', '\n\n')).toMatchObject({
      status: 'failed',
      failure: { code: 'IMPORT_EMPTY' },
    });
    expectError(await upload(gd.cookies, 'persons', Buffer.alloc(0)), 400, 'IMPORT_EMPTY');
  });

  it('fails files in an unknown encoding, binary files and .xls with a clear code', async () => {
    const invalid = Buffer.concat([
      Buffer.from(`${PERSON_HEADER}\n`),
      Buffer.from([0xe5, 0xbc, 0x20, 0xff, 0xff, 0x80, 0x0a]),
    ]);
    expect(await importFile(gd.cookies, 'persons', invalid)).toMatchObject({
      status: 'failed',
      failure: { code: 'IMPORT_BAD_ENCODING' },
    });
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      Buffer.from('IHDR'),
    ]);
    expect(await importFile(gd.cookies, 'persons', png)).toMatchObject({
      status: 'failed',
      failure: { code: 'IMPORT_UNREADABLE' },
    });
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(await importFile(gd.cookies, 'persons', xls)).toMatchObject({
      status: 'failed',
      failure: { code: 'IMPORT_UNSUPPORTED_FORMAT' },
    });
    const brokenZip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)]);
    expect(await importFile(gd.cookies, 'persons', brokenZip)).toMatchObject({
      status: 'failed',
      failure: { code: 'IMPORT_UNREADABLE' },
    });
  });

  it('refuses a file over ANZHENG_IMPORT_MAX_BYTES (413), and an oversized declared length unread', async () => {
    const line = `${personLine('超大', gdId())}\n`;
    const big = `${PERSON_HEADER}\n${line.repeat(Math.ceil(MAX_BYTES / line.length) + 10)}`;
    expectError(await upload(gd.cookies, 'persons', big), 413, 'IMPORT_TOO_LARGE');
    // 100 MB declared: refused from the header, before any body is read.
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      cookies: gd.cookies,
      headers: {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(100 * 1024 * 1024),
      },
      payload: '--x--\r\n',
    });
    expect(res.statusCode).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'IMPORT_TOO_LARGE' });
    expect(fs.readdirSync(path.join(dataDir, 'imports', 'tmp'))).toEqual([]);
  });

  it('all-or-nothing writes nothing when one row fails, everything when none does', async () => {
    const before = await countPersons();
    const bad = [
      PERSON_HEADER,
      personLine('甲', gdId()),
      personLine('乙', '123456789012345678'),
      personLine('丙', gdId()),
    ].join('\n');
    const failed = await importFile(gd.cookies, 'persons', bad, { mode: 'all-or-nothing' });
    expect(failed).toMatchObject({
      status: 'failed',
      mode: 'all-or-nothing',
      total: 3,
      accepted: 0,
      rejected: 1,
      failure: { code: 'IMPORT_ROWS_REJECTED' },
    });
    expect(failed.errors).toEqual([expect.objectContaining({ row: 3, code: 'INVALID_ID_NUMBER' })]);
    expect(await countPersons()).toBe(before);

    const good = [PERSON_HEADER, personLine('甲', gdId()), personLine('丙', gdId())].join('\n');
    expect(await importFile(gd.cookies, 'persons', good, { mode: 'all-or-nothing' })).toMatchObject({
      status: 'succeeded',
      accepted: 2,
      rejected: 0,
    });
    expect(await countPersons()).toBe(before + 2);
  });
});

describe('who may import and read imports', () => {
  it('an enterprise admin imports persons as their staff, but not enterprises', async () => {
    const code = generateCreditCode(rand, { divisionCode: '440305', authority: '9' });
    await importFile(
      gd.cookies,
      'enterprises',
      `统一社会信用代码,企业名称,行业代码,从业人数\n${code},某化工公司,hazardous_chemicals,50`,
    );
    const boss = await loginAs(app, [{ role: 'enterprise_admin', enterpriseCreditCode: code }]);
    const csv = `${PERSON_HEADER},岗位,是否安全管理岗位\n${personLine('员工甲', bjId())},安全员,是\n`;
    const result = await importFile(boss.cookies, 'persons', csv);
    expect(result).toMatchObject({ status: 'succeeded', accepted: 1 });
    const staff = await db
      .selectFrom('enterprise_staff')
      .innerJoin('enterprise', 'enterprise.id', 'enterprise_staff.enterprise_id')
      .innerJoin('person', 'person.id', 'enterprise_staff.person_id')
      .select(['person.name', 'enterprise_staff.post', 'enterprise_staff.safety_management'])
      .where('enterprise.credit_code', '=', code)
      .execute();
    expect(staff).toEqual([{ name: '员工甲', post: '安全员', safety_management: true }]);
    expectError(await upload(boss.cookies, 'enterprises', 'x'), 403, 'IMPORT_NOT_ALLOWED');
  });

  it('401 without a session on every route, 403 for a holder', async () => {
    expectError(await upload(undefined, 'persons', `${PERSON_HEADER}\n`), 401, 'UNAUTHENTICATED');
    for (const url of [
      '/api/v1/imports',
      `/api/v1/imports/${crypto.randomUUID()}`,
      `/api/v1/imports/${crypto.randomUUID()}/errors.csv`,
      '/api/v1/imports/templates/persons.csv',
    ]) {
      expectError(await requestJson(app, 'GET', url), 401, 'UNAUTHENTICATED');
    }
    expectError(await upload(holder.cookies, 'persons', `${PERSON_HEADER}\n`), 403, 'FORBIDDEN');
  });

  it('400 with field details for a bad form', async () => {
    const res = await upload(gd.cookies, 'people', 'x', { mode: 'some' });
    const body = expectError(res, 400, 'VALIDATION_FAILED');
    expect(body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.kind', code: 'INVALID_VALUE' }),
        expect.objectContaining({ field: 'body.mode', code: 'INVALID_VALUE' }),
      ]),
    );
    const noFile = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      cookies: gd.cookies,
      ...multipart([{ name: 'kind', value: 'persons' }]),
    });
    expect(JSON.parse(noFile.body)).toMatchObject({
      statusCode: 400,
      details: [expect.objectContaining({ field: 'body.file', code: 'REQUIRED' })],
    });
    const json = await requestJson(app, 'POST', '/api/v1/imports', {
      cookies: gd.cookies,
      body: { kind: 'persons' },
    });
    expect(json.statusCode).toBe(400);
    expectError(
      await requestJson(app, 'GET', '/api/v1/imports/templates/people.csv', { cookies: gd.cookies }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('only the creator (or a system admin) reads an import; others get 404', async () => {
    const created = await upload(gd.cookies, 'persons', `${PERSON_HEADER}\n${personLine('私密', gdId())}`);
    await app.jobs.runPending();
    const url = `/api/v1/imports/${created.body.id}`;
    expectError(await requestJson(app, 'GET', url, { cookies: bj.cookies }), 404, 'IMPORT_NOT_FOUND');
    expectError(
      await requestJson(app, 'GET', `${url}/errors.csv`, { cookies: bj.cookies }),
      404,
      'IMPORT_NOT_FOUND',
    );
    expectError(
      await requestJson(app, 'GET', '/api/v1/imports/not-a-uuid', { cookies: gd.cookies }),
      404,
      'IMPORT_NOT_FOUND',
    );
    expect((await requestJson(app, 'GET', url, { cookies: admin.cookies })).statusCode).toBe(200);

    const mine = await requestJson<{ items: { id: string }[]; nextCursor: string | null }>(
      app,
      'GET',
      '/api/v1/imports?limit=2',
      { cookies: gd.cookies },
    );
    expect(mine.body.items[0]!.id).toBe(created.body.id);
    expect(mine.body.nextCursor).not.toBeNull();
    const next = await requestJson<{ items: { id: string }[] }>(
      app,
      'GET',
      `/api/v1/imports?limit=2&cursor=${mine.body.nextCursor}`,
      { cookies: gd.cookies },
    );
    expect(next.body.items.map((i) => i.id)).not.toContain(created.body.id);
    const theirs = await requestJson<{ items: unknown[] }>(app, 'GET', '/api/v1/imports', {
      cookies: bj.cookies,
    });
    expect(theirs.body.items).toEqual([]);

    const events = await db
      .selectFrom('audit_event')
      .select(['action', 'result'])
      .where('target_id', '=', created.body.id)
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { action: 'import.create', result: 'success' },
      { action: 'import.finish', result: 'success' },
    ]);
  });
});

describe('errors.csv and templates', () => {
  it('errors.csv lists every error, UTF-8 with BOM, Chinese headers, formula-safe', async () => {
    const lines = [PERSON_HEADER];
    for (let i = 0; i < 250; i++) lines.push(personLine(`=HYPERLINK("x")${i}`.slice(0, 100), 'bad'));
    const created = await upload(gd.cookies, 'persons', lines.join('\n'));
    await app.jobs.runPending();
    const view = await requestJson<ImportBody>(app, 'GET', `/api/v1/imports/${created.body.id}`, {
      cookies: gd.cookies,
    });
    expect(view.body).toMatchObject({ rejected: 250, errorCount: 250 });
    expect(view.body.errors).toHaveLength(200);
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/imports/${created.body.id}/errors.csv`,
      cookies: gd.cookies,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = res.body.slice(1).trim().split('\r\n');
    expect(rows[0]).toBe('行号,列,错误码,说明');
    expect(rows).toHaveLength(251);
    expect(rows[1]).toMatch(/^2,身份证号,INVALID_ID_NUMBER,身份证号无效/);
    expect(rows[250]).toMatch(/^251,/);
  });

  it('serves CSV and XLSX templates with the Chinese headers', async () => {
    const csv = await app.inject({
      method: 'GET',
      url: '/api/v1/imports/templates/work-records.csv',
      cookies: gd.cookies,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toBe(
      '\uFEFF身份证号,单位名称,单位统一社会信用代码,岗位,是否安全管理岗位,开始日期,结束日期\r\n',
    );
    expect(csv.headers['content-disposition']).toContain("filename*=UTF-8''");
    const xlsx = await app.inject({
      method: 'GET',
      url: '/api/v1/imports/templates/enterprises.xlsx',
      cookies: gd.cookies,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect((workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual([
      '统一社会信用代码',
      '企业名称',
      '行业代码',
      '所在地区代码',
      '从业人数',
      '联系人',
      '联系电话',
    ]);
    expect(workbook.worksheets[1]!.name).toBe('说明');
  });
});
