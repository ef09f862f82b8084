import type { Database, ExamBlueprintTable } from '@anzheng/db';
import type { InsertObject, Kysely, Selectable } from 'kysely';

/** Queries only (CONVENTIONS): exam_blueprint. */

export type BlueprintRow = Selectable<ExamBlueprintTable>;

export async function insertBlueprint(db: Kysely<Database>, row: InsertObject<Database, 'exam_blueprint'>) {
  return db.insertInto('exam_blueprint').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function latestVersion(db: Kysely<Database>, code: string): Promise<number> {
  const r = await db
    .selectFrom('exam_blueprint')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('code', '=', code)
    .executeTakeFirst();
  return Number(r?.v ?? 0);
}

/** Retires the active versions of a blueprint code other than `keepId`. */
export async function retireOthers(db: Kysely<Database>, code: string, keepId: number, at: Date) {
  await db
    .updateTable('exam_blueprint')
    .set({ state: 'retired', updated_at: at })
    .where('code', '=', code)
    .where('state', '=', 'active')
    .where('id', '<>', keepId)
    .execute();
}

export async function setState(db: Kysely<Database>, id: number, state: string, at: Date) {
  return db
    .updateTable('exam_blueprint')
    .set({ state, updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findByPublicId(db: Kysely<Database>, publicId: string) {
  return db.selectFrom('exam_blueprint').selectAll().where('public_id', '=', publicId).executeTakeFirst();
}

export async function findById(db: Kysely<Database>, id: number) {
  return db.selectFrom('exam_blueprint').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function listBlueprints(
  db: Kysely<Database>,
  f: { certificateTypeCode?: string | undefined; level?: string | undefined; state?: string | undefined },
) {
  let q = db.selectFrom('exam_blueprint').selectAll().orderBy('code').orderBy('version', 'desc').limit(500);
  if (f.certificateTypeCode) q = q.where('certificate_type_code', '=', f.certificateTypeCode);
  if (f.level) q = q.where('level', '=', f.level);
  if (f.state) q = q.where('state', '=', f.state);
  return q.execute();
}
