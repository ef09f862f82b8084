import type { DivisionDetail, DivisionList } from '@anzheng/contracts';
import { listDivisions } from '@anzheng/identifiers';
import { createTestApp, expectError, requestJson } from '@anzheng/test-kit';
import { describe, expect, it } from 'vitest';
import { syncReferenceData } from '../reference/index.ts';
import { createDivisionService } from './index.ts';

const { app, database } = await createTestApp();
const divisions = createDivisionService(database.db);

describe('division sync', () => {
  it('loads every GB/T 2260 code at start-up: ~3,200 current plus the abolished ones', async () => {
    const counts = await database.db
      .selectFrom('division')
      .select((eb) => [
        eb.fn.countAll<number>().as('all'),
        eb.fn.count<number>('code').filterWhere('abolished_on', 'is', null).as('current'),
      ])
      .executeTakeFirstOrThrow();
    expect(Number(counts.current)).toBeGreaterThan(3_100);
    expect(Number(counts.current)).toBeLessThan(3_400);
    expect(Number(counts.all)).toBe(listDivisions({ includeAbolished: true }).length);
  });

  it('is idempotent: the start-up check finds the version, and a forced re-sync rewrites nothing', async () => {
    const again = await syncReferenceData(database.db);
    expect(again.status).toBe('up-to-date');
    expect(again.written).toEqual({ divisions: 0, industries: 0, certificateTypes: 0, ruleParameters: 0 });
    const forced = await syncReferenceData(database.db, { force: true });
    expect(forced.status).toBe('synced');
    expect(forced.written).toEqual({ divisions: 0, industries: 0, certificateTypes: 0, ruleParameters: 0 });
    expect(forced.divisionsInDatabase).toBe(forced.rows.divisions);
  });

  it('repairs a changed row on the next sync after the version changes', async () => {
    await database.db
      .updateTable('division')
      .set({ name: '错误名称' })
      .where('code', '=', '440305')
      .execute();
    const forced = await syncReferenceData(database.db, { force: true });
    expect(forced.written.divisions).toBe(1);
    expect((await divisions.get('440305')).name).toBe('南山区');
  });
});

describe('GET /api/v1/divisions', () => {
  it('lists the provinces without login, with hasChildren', async () => {
    const res = await requestJson<DivisionList>(app, 'GET', '/api/v1/divisions');
    expect(res.statusCode).toBe(200);
    expect(res.body.items.length).toBe(34);
    expect(res.body.items).toContainEqual({
      code: '440000',
      name: '广东省',
      fullName: '广东省',
      level: 1,
      parentCode: null,
      hasChildren: true,
      abolishedOn: null,
    });
    const national = await requestJson<DivisionList>(app, 'GET', '/api/v1/divisions?parent=000000');
    expect(national.body.items).toEqual(res.body.items);
  });

  it('lists the children of 440000, including 440300 深圳市', async () => {
    const res = await requestJson<DivisionList>(app, 'GET', '/api/v1/divisions?parent=440000');
    expect(res.statusCode).toBe(200);
    expect(res.body.items.find((d) => d.code === '440300')).toMatchObject({
      name: '深圳市',
      fullName: '广东省深圳市',
      level: 2,
      parentCode: '440000',
      hasChildren: true,
    });
    expect(res.body.items.every((d) => d.parentCode === '440000')).toBe(true);
  });

  it('a county has no children', async () => {
    const res = await requestJson<DivisionList>(app, 'GET', '/api/v1/divisions?parent=440300');
    const nanshan = res.body.items.find((d) => d.code === '440305');
    expect(nanshan).toMatchObject({ name: '南山区', hasChildren: false });
  });

  it('shows abolished codes only when asked', async () => {
    const current = await requestJson<DivisionList>(app, 'GET', '/api/v1/divisions?parent=110000');
    expect(current.body.items.map((d) => d.code)).not.toContain('110103');
    const all = await requestJson<DivisionList>(
      app,
      'GET',
      '/api/v1/divisions?parent=110000&includeAbolished=true',
    );
    expect(all.body.items.find((d) => d.code === '110103')).toMatchObject({
      name: '崇文区',
      abolishedOn: '2010-07-01',
    });
  });

  it('searches by name, prefix matches first, at most 20', async () => {
    const res = await requestJson<DivisionList>(
      app,
      'GET',
      `/api/v1/divisions?q=${encodeURIComponent('深圳')}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.body.items[0]).toMatchObject({ code: '440300', name: '深圳市' });
    expect(res.body.items.length).toBeLessThanOrEqual(20);
    const wide = await requestJson<DivisionList>(
      app,
      'GET',
      `/api/v1/divisions?q=${encodeURIComponent('区')}`,
    );
    expect(wide.body.items.length).toBe(20);
  });

  it('searches within a parent subtree and treats % literally', async () => {
    const res = await requestJson<DivisionList>(
      app,
      'GET',
      `/api/v1/divisions?q=${encodeURIComponent('南山')}&parent=440000`,
    );
    expect(res.body.items.map((d) => d.code)).toEqual(['440305']);
    const percent = await requestJson<DivisionList>(
      app,
      'GET',
      `/api/v1/divisions?q=${encodeURIComponent('%')}`,
    );
    expect(percent.body.items).toEqual([]);
  });

  it('unknown parent → 404; malformed parent or unknown query field → 400 with field details', async () => {
    expectError(await requestJson(app, 'GET', '/api/v1/divisions?parent=449999'), 404, 'DIVISION_NOT_FOUND');
    const bad = expectError(
      await requestJson(app, 'GET', '/api/v1/divisions?parent=44'),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.details).toContainEqual(
      expect.objectContaining({ field: 'query.parent', code: 'INVALID_FORMAT' }),
    );
    const unknown = expectError(
      await requestJson(app, 'GET', '/api/v1/divisions?province=44'),
      400,
      'VALIDATION_FAILED',
    );
    expect(unknown.details).toContainEqual(
      expect.objectContaining({ field: 'query.province', code: 'UNKNOWN_FIELD' }),
    );
  });
});

describe('GET /api/v1/divisions/:code', () => {
  it('returns the division with its path from the province down', async () => {
    const res = await requestJson<DivisionDetail>(app, 'GET', '/api/v1/divisions/440305');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({
      code: '440305',
      name: '南山区',
      fullName: '广东省深圳市南山区',
      level: 3,
      parentCode: '440300',
      successorCode: null,
      path: [
        { code: '440000', name: '广东省' },
        { code: '440300', name: '深圳市' },
        { code: '440305', name: '南山区' },
      ],
    });
  });

  it('unknown code → 404 DIVISION_NOT_FOUND; malformed → 400 naming params.code', async () => {
    expectError(await requestJson(app, 'GET', '/api/v1/divisions/999999'), 404, 'DIVISION_NOT_FOUND');
    const bad = expectError(
      await requestJson(app, 'GET', '/api/v1/divisions/44030x'),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.details).toEqual([expect.objectContaining({ field: 'params.code', code: 'INVALID_FORMAT' })]);
  });
});

describe('divisionService (for other domains)', () => {
  it('assertExists accepts current codes and names the field when it rejects', async () => {
    await expect(divisions.assertExists('320000')).resolves.toMatchObject({ name: '江苏省' });
    await expect(divisions.assertExists('000000', { allowNational: true })).resolves.toBeNull();
    for (const [code, message] of [
      ['999999', /不存在/],
      ['110103', /已撤销/],
      ['000000', /不存在/],
    ] as const) {
      await expect(
        divisions.assertExists(code, { field: 'body.enterprise.divisionCode' }),
      ).rejects.toMatchObject({
        statusCode: 400,
        code: 'UNKNOWN_DIVISION',
        message: expect.stringMatching(message),
        details: [
          { field: 'body.enterprise.divisionCode', code: 'UNKNOWN_DIVISION', message: expect.any(String) },
        ],
      });
    }
    await expect(divisions.assertExists('110103', { allowAbolished: true })).resolves.toMatchObject({
      successor_code: '110101',
    });
  });

  it('describe gives the full name; works inside a transaction with the executor', async () => {
    expect(await divisions.describe('440305')).toBe('广东省深圳市南山区');
    expect(await divisions.describe('000000')).toBe('全国');
    await expect(divisions.describe('999999')).rejects.toMatchObject({ code: 'DIVISION_NOT_FOUND' });
    const names = await database.db
      .transaction()
      .execute((trx) => divisions.describeMany(['320000', '000000', '999999'], trx));
    expect(Object.fromEntries(names)).toEqual({ '320000': '江苏省', '000000': '全国' });
  });
});
