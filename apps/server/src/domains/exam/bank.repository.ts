import type { Database, ExamItemTable, ExamItemVersionTable, JsonValue } from '@anzheng/db';
import { type InsertObject, type Kysely, type Selectable, sql, type UpdateObject } from 'kysely';

/** Queries only (CONVENTIONS): exam_item, exam_item_version, exam_standard_revision. */

export type ItemRow = Selectable<ExamItemTable>;
export type ItemVersionRow = Selectable<ExamItemVersionTable>;
export type ItemWithVersion = ItemRow & {
  v: ItemVersionRow & { author_name: string; reviewer_name: string | null };
  approved_version: number | null;
};

/** jsonb goes in as JSON text: node-postgres would send a JS array as a PostgreSQL array. */
export function jsonb(value: unknown) {
  return sql<JsonValue>`${JSON.stringify(value)}::jsonb`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

export async function insertItem(db: Kysely<Database>, row: InsertObject<Database, 'exam_item'>) {
  return db.insertInto('exam_item').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertVersion(db: Kysely<Database>, row: InsertObject<Database, 'exam_item_version'>) {
  return db.insertInto('exam_item_version').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function setCurrentVersion(db: Kysely<Database>, itemId: number, versionId: number, at: Date) {
  await db
    .updateTable('exam_item')
    .set({ current_version_id: versionId, updated_at: at })
    .where('id', '=', itemId)
    .execute();
}

export async function updateVersion(
  db: Kysely<Database>,
  id: number,
  patch: UpdateObject<Database, 'exam_item_version'>,
) {
  return db
    .updateTable('exam_item_version')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findItemByPublicId(db: Kysely<Database>, publicId: string, forUpdate = false) {
  let q = db.selectFrom('exam_item').selectAll().where('public_id', '=', publicId);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findVersion(db: Kysely<Database>, id: number) {
  return db.selectFrom('exam_item_version').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function listVersions(db: Kysely<Database>, itemId: number) {
  return db
    .selectFrom('exam_item_version as v')
    .innerJoin('app_user as a', 'a.id', 'v.author_id')
    .leftJoin('app_user as r', 'r.id', 'v.reviewer_id')
    .selectAll('v')
    .select(['a.username as author_name', 'r.username as reviewer_name'])
    .where('v.item_id', '=', itemId)
    .orderBy('v.version', 'desc')
    .execute();
}

export async function latestVersionNumber(db: Kysely<Database>, itemId: number): Promise<number> {
  const r = await db
    .selectFrom('exam_item_version')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  return Number(r?.v ?? 0);
}

/** Retires every approved version of the item other than `keepId` (a newer version was approved / item retired). */
export async function retireApprovedVersions(
  db: Kysely<Database>,
  itemId: number,
  at: Date,
  keepId?: number,
) {
  let q = db
    .updateTable('exam_item_version')
    .set({ state: 'retired', retired_at: at, updated_at: at })
    .where('item_id', '=', itemId)
    .where('state', '=', 'approved');
  if (keepId !== undefined) q = q.where('id', '<>', keepId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export interface ItemFilter {
  certificateTypeCode?: string | undefined;
  level?: string | undefined;
  module?: string | undefined;
  type?: string | undefined;
  state?: string | undefined;
  competency?: string | undefined;
  standardCode?: string | undefined;
  minDifficulty?: number | undefined;
  maxDifficulty?: number | undefined;
  flagged?: boolean | undefined;
  q?: string | undefined;
  afterId?: number | undefined;
  limit: number;
  ids?: number[];
}

/** Items with their current version, filtered on it; newest item first. */
export async function listItems(db: Kysely<Database>, f: ItemFilter): Promise<ItemWithVersion[]> {
  let q = db
    .selectFrom('exam_item as i')
    .innerJoin('exam_item_version as v', 'v.id', 'i.current_version_id')
    .innerJoin('app_user as a', 'a.id', 'v.author_id')
    .leftJoin('app_user as r', 'r.id', 'v.reviewer_id')
    .selectAll('i')
    .select((eb) => [
      sql<JsonValue>`to_jsonb(v) || jsonb_build_object('author_name', a.username, 'reviewer_name', r.username)`.as(
        'v_json',
      ),
      eb
        .selectFrom('exam_item_version as av')
        .select((e) => e.fn.max('av.version').as('m'))
        .whereRef('av.item_id', '=', 'i.id')
        .where('av.state', '=', 'approved')
        .as('approved_version'),
    ])
    .orderBy('i.id', 'desc')
    .limit(f.limit);
  if (f.ids) q = q.where('i.id', 'in', f.ids.length > 0 ? f.ids : [-1]);
  if (f.certificateTypeCode) q = q.where('i.certificate_type_code', '=', f.certificateTypeCode);
  if (f.level) q = q.where('i.level', '=', f.level);
  if (f.module) q = q.where('i.module', '=', f.module);
  if (f.type) q = q.where('v.type', '=', f.type);
  if (f.state) q = q.where('v.state', '=', f.state);
  if (f.competency) q = q.where(sql<boolean>`${f.competency} = any(v.competencies)`);
  if (f.standardCode) q = q.where('v.standard_code', '=', f.standardCode);
  if (f.minDifficulty !== undefined) q = q.where('v.difficulty', '>=', String(f.minDifficulty));
  if (f.maxDifficulty !== undefined) q = q.where('v.difficulty', '<', String(f.maxDifficulty));
  if (f.flagged === true) {
    // Flagged items: any approved version still flagged (the current one may be its new draft).
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('exam_item_version as fv')
          .select('fv.id')
          .whereRef('fv.item_id', '=', 'i.id')
          .where('fv.state', '=', 'approved')
          .where('fv.standard_flagged_at', 'is not', null),
      ),
    );
  }
  if (f.flagged === false) q = q.where('v.standard_flagged_at', 'is', null);
  if (f.q) q = q.where(sql<boolean>`v.body::text ilike ${`%${escapeLike(f.q)}%`}`);
  if (f.afterId !== undefined) q = q.where('i.id', '<', f.afterId);
  const rows = await q.execute();
  return rows.map(({ v_json, approved_version, ...item }) => {
    const v = v_json as Record<string, unknown>;
    return {
      ...item,
      approved_version: approved_version === null ? null : Number(approved_version),
      v: {
        ...(v as unknown as ItemVersionRow),
        id: Number(v.id),
        item_id: Number(v.item_id),
        author_id: Number(v.author_id),
        reviewer_id: v.reviewer_id === null ? null : Number(v.reviewer_id),
        points: String(v.points),
        difficulty: String(v.difficulty),
        created_at: new Date(v.created_at as string),
        updated_at: new Date(v.updated_at as string),
        reviewed_at: v.reviewed_at ? new Date(v.reviewed_at as string) : null,
        submitted_at: v.submitted_at ? new Date(v.submitted_at as string) : null,
        retired_at: v.retired_at ? new Date(v.retired_at as string) : null,
        standard_flagged_at: v.standard_flagged_at ? new Date(v.standard_flagged_at as string) : null,
        author_name: String(v.author_name),
        reviewer_name: (v.reviewer_name as string | null) ?? null,
      },
    };
  });
}

/** The latest approved, unflagged version of every item of (type, level, modules): what papers draw. */
export async function approvedBank(
  db: Kysely<Database>,
  scope: { certificateTypeCode: string; level: string; modules: string[] },
) {
  const rows = await sql<{
    public_id: string;
    module: string;
    version_id: number;
    type: string;
    difficulty: string;
    competencies: string[];
    body: JsonValue;
  }>`
    select distinct on (i.id) i.public_id, i.module, v.id as version_id, v.type, v.difficulty,
           v.competencies, v.body
      from exam_item i
      join exam_item_version v on v.item_id = i.id
     where i.certificate_type_code = ${scope.certificateTypeCode}
       and i.level = ${scope.level}
       and i.module = any(${scope.modules}::text[])
       and v.state = 'approved'
       and v.standard_flagged_at is null
     order by i.id, v.version desc`.execute(db);
  return rows.rows;
}

export async function flagStandard(
  db: Kysely<Database>,
  standardCode: string,
  oldVersion: string,
  at: Date,
): Promise<number> {
  const r = await db
    .updateTable('exam_item_version')
    .set({ standard_flagged_at: at, updated_at: at })
    .where('standard_code', '=', standardCode)
    .where('standard_version', '=', oldVersion)
    .where('state', '=', 'approved')
    .where('standard_flagged_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function insertStandardRevision(
  db: Kysely<Database>,
  row: {
    standard_code: string;
    old_version: string;
    new_version: string;
    note: string | null;
    flagged_count: number;
    recorded_by: number;
    recorded_at: Date;
  },
) {
  return db.insertInto('exam_standard_revision').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listStandardRevisions(db: Kysely<Database>) {
  return db.selectFrom('exam_standard_revision').selectAll().orderBy('id', 'desc').limit(500).execute();
}

export async function findCertificateType(db: Kysely<Database>, code: string) {
  return db
    .selectFrom('certificate_type')
    .select(['code', 'name', 'levels', 'modules', 'competency_model', 'status'])
    .where('code', '=', code)
    .executeTakeFirst();
}
