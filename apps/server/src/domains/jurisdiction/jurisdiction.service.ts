import type { DivisionDetail, DivisionView } from '@anzheng/contracts';
import type { Database } from '@anzheng/db';
import { NATIONAL_SCOPE } from '@anzheng/identifiers';
import type { Kysely } from 'kysely';
import { DivisionNotFoundError, UnknownDivisionError } from './jurisdiction.errors.ts';
import {
  type DivisionListRow,
  type DivisionRow,
  findDivision,
  listChildDivisions,
  listDivisionsByCodes,
  searchDivisions,
} from './jurisdiction.repository.ts';

const SEARCH_LIMIT = 20;
export const NATIONAL_NAME = '全国';

export interface AssertDivisionOptions {
  /** Request field named in the error details (default `divisionCode`). */
  field?: string;
  /** Accept withdrawn codes (historical records); default false. */
  allowAbolished?: boolean;
  /** Accept '000000' (national scope); default false. */
  allowNational?: boolean;
  /** Run on this transaction (inside `db.transaction()` pass `trx`: PGlite is one connection). */
  executor?: Kysely<Database>;
}

/** 行政区划 — the GB/T 2260 tree (REQ-ORG-1) as other domains and the API use it. */
export interface DivisionService {
  list(query: {
    parent?: string | undefined;
    q?: string | undefined;
    includeAbolished?: boolean | undefined;
  }): Promise<DivisionView[]>;
  /** One division with its path; 404 DIVISION_NOT_FOUND when unknown. */
  get(code: string): Promise<DivisionDetail>;
  /** 400 UNKNOWN_DIVISION naming `field` unless `code` is a (current) division. */
  assertExists(code: string, options?: AssertDivisionOptions): Promise<DivisionRow | null>;
  /** Full name (广东省深圳市南山区; 全国 for 000000); 404 DIVISION_NOT_FOUND when unknown. */
  describe(code: string, executor?: Kysely<Database>): Promise<string>;
  /** Full names of many codes at once (unknown codes are left out). */
  describeMany(codes: readonly string[], executor?: Kysely<Database>): Promise<Map<string, string>>;
}

export function toDivisionView(row: DivisionListRow): DivisionView {
  return {
    code: row.code,
    name: row.name,
    fullName: row.full_name,
    level: row.level,
    parentCode: row.parent_code,
    hasChildren: Boolean(row.has_children),
    abolishedOn: row.abolished_on,
  };
}

/** The code prefix shared by a division's subtree (GB/T 2260 §4: 2 province, 4 prefecture, 6 county digits). */
function subtreePrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export function createDivisionService(db: Kysely<Database>): DivisionService {
  async function requireParent(parent: string | undefined): Promise<string | null> {
    if (parent === undefined || parent === NATIONAL_SCOPE) return null;
    const row = await findDivision(db, parent);
    if (!row) throw new DivisionNotFoundError(parent);
    return row.code;
  }

  return {
    async list({ parent, q, includeAbolished = false }) {
      const parentCode = await requireParent(parent);
      const rows =
        q === undefined
          ? await listChildDivisions(db, parentCode, includeAbolished)
          : await searchDivisions(db, q.trim(), {
              includeAbolished,
              withinCodePrefix: parentCode === null ? undefined : subtreePrefix(parentCode),
              limit: SEARCH_LIMIT,
            });
      return rows.map(toDivisionView);
    },

    async get(code) {
      const row = await findDivision(db, code);
      if (!row) throw new DivisionNotFoundError(code);
      const ancestors = await listDivisionsByCodes(db, row.path);
      const names = new Map(ancestors.map((a) => [a.code, a.name]));
      return {
        ...toDivisionView(row),
        successorCode: row.successor_code,
        path: row.path.map((c) => ({ code: c, name: names.get(c) ?? c })),
      };
    },

    async assertExists(code, options = {}) {
      const field = options.field ?? 'divisionCode';
      if (options.allowNational && code === NATIONAL_SCOPE) return null;
      if (!/^[0-9]{6}$/.test(code)) throw new UnknownDivisionError(field, code);
      const [row] = await listDivisionsByCodes(options.executor ?? db, [code]);
      if (!row) throw new UnknownDivisionError(field, code);
      if (row.abolished_on !== null && !options.allowAbolished)
        throw new UnknownDivisionError(field, code, true);
      return row;
    },

    async describe(code, executor) {
      if (code === NATIONAL_SCOPE) return NATIONAL_NAME;
      const [row] = await listDivisionsByCodes(executor ?? db, [code]);
      if (!row) throw new DivisionNotFoundError(code);
      return row.full_name;
    },

    async describeMany(codes, executor) {
      const rows = await listDivisionsByCodes(
        executor ?? db,
        codes.filter((c) => c !== NATIONAL_SCOPE),
      );
      const names = new Map(rows.map((r) => [r.code, r.full_name]));
      if (codes.includes(NATIONAL_SCOPE)) names.set(NATIONAL_SCOPE, NATIONAL_NAME);
      return names;
    },
  };
}
