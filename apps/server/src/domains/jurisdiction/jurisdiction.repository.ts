import type { Database, DivisionTable } from '@anzheng/db';
import { type Insertable, type Kysely, type Selectable, type SqlBool, sql } from 'kysely';

export type DivisionRow = Selectable<DivisionTable>;
/** PostgreSQL returns a boolean; Kysely types `exists` as SqlBool (boolean | 0 | 1). */
export type DivisionListRow = DivisionRow & { has_children: SqlBool };

/** Rows per INSERT: 9 parameters each, far below PostgreSQL's 65,535 bind parameters. */
const UPSERT_BATCH = 1_000;

/**
 * Inserts or updates divisions in batches; a row equal to the stored one is not rewritten
 * (`where … is distinct from`), so re-loading unchanged data writes nothing. Parents must
 * come before their children (the source lists provinces, then prefectures, then counties).
 * Returns the number of rows inserted or changed.
 */
export async function upsertDivisions(
  trx: Kysely<Database>,
  rows: Insertable<DivisionTable>[],
): Promise<number> {
  let written = 0;
  for (let i = 0; i < rows.length; i += UPSERT_BATCH) {
    const result = await trx
      .insertInto('division')
      .values(rows.slice(i, i + UPSERT_BATCH))
      .onConflict((oc) =>
        oc
          .column('code')
          .doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            full_name: eb.ref('excluded.full_name'),
            level: eb.ref('excluded.level'),
            parent_code: eb.ref('excluded.parent_code'),
            path: eb.ref('excluded.path'),
            abolished_on: eb.ref('excluded.abolished_on'),
            successor_code: eb.ref('excluded.successor_code'),
            province_code: eb.ref('excluded.province_code'),
          }))
          .where(
            sql<boolean>`(division.name, division.full_name, division.level, division.parent_code, division.path,
              division.abolished_on, division.successor_code, division.province_code)
              is distinct from (excluded.name, excluded.full_name, excluded.level, excluded.parent_code,
              excluded.path, excluded.abolished_on, excluded.successor_code, excluded.province_code)`,
          ),
      )
      .executeTakeFirst();
    written += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return written;
}

export async function countDivisions(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('division')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function withHasChildren(db: Kysely<Database>, includeAbolished: boolean) {
  return db
    .selectFrom('division as d')
    .selectAll('d')
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('division as c')
            .select(sql`1`.as('one'))
            .whereRef('c.parent_code', '=', 'd.code')
            .$if(!includeAbolished, (q) => q.where('c.abolished_on', 'is', null)),
        )
        .as('has_children'),
    );
}

/** Direct children of `parentCode` (null → provinces), by code. */
export async function listChildDivisions(
  db: Kysely<Database>,
  parentCode: string | null,
  includeAbolished: boolean,
): Promise<DivisionListRow[]> {
  return withHasChildren(db, includeAbolished)
    .where('d.parent_code', parentCode === null ? 'is' : '=', parentCode)
    .$if(!includeAbolished, (q) => q.where('d.abolished_on', 'is', null))
    .orderBy('d.code')
    .execute();
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/**
 * Name search for the division picker: names starting with `q` first, then names or full
 * names containing it; higher levels first, then by code. (≈3,300 rows: a scan is
 * sub-millisecond, no trigram index needed.)
 */
export async function searchDivisions(
  db: Kysely<Database>,
  q: string,
  opts: { includeAbolished: boolean; withinCodePrefix?: string | undefined; limit: number },
): Promise<DivisionListRow[]> {
  const escaped = likeEscape(q);
  return withHasChildren(db, opts.includeAbolished)
    .where((eb) => eb.or([eb('d.name', 'like', `%${escaped}%`), eb('d.full_name', 'like', `%${escaped}%`)]))
    .$if(!opts.includeAbolished, (qb) => qb.where('d.abolished_on', 'is', null))
    .$if(opts.withinCodePrefix !== undefined, (qb) => qb.where('d.code', 'like', `${opts.withinCodePrefix}%`))
    .orderBy(
      sql`case when d.name like ${`${escaped}%`} then 0 when d.name like ${`%${escaped}%`} then 1 else 2 end`,
    )
    .orderBy('d.level')
    .orderBy('d.code')
    .limit(opts.limit)
    .execute();
}

export async function findDivision(db: Kysely<Database>, code: string): Promise<DivisionListRow | undefined> {
  return withHasChildren(db, false).where('d.code', '=', code).executeTakeFirst();
}

export async function listDivisionsByCodes(
  db: Kysely<Database>,
  codes: readonly string[],
): Promise<DivisionRow[]> {
  if (codes.length === 0) return [];
  return db
    .selectFrom('division')
    .selectAll()
    .where('code', 'in', [...new Set(codes)])
    .execute();
}
