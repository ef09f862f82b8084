import type { Database, ImportBatchTable, ImportErrorTable, PersonTable } from '@anzheng/db';
import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';

/**
 * Kysely only. The bulk writers use `unnest` over one array per column: a 1,000-row batch is
 * one statement with a dozen parameters, whatever its size (PostgreSQL caps a statement at
 * 65,535 parameters; multi-row VALUES would also be re-planned for every batch size).
 */

export type ImportBatchRow = Selectable<ImportBatchTable>;
export type ImportErrorRow = Selectable<ImportErrorTable>;

export async function insertBatch(db: Kysely<Database>, row: Insertable<ImportBatchTable>) {
  return db.insertInto('import_batch').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findBatchByPublicId(db: Kysely<Database>, publicId: string) {
  return db.selectFrom('import_batch').selectAll().where('public_id', '=', publicId).executeTakeFirst();
}

export async function findBatchById(db: Kysely<Database>, id: number) {
  return db.selectFrom('import_batch').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateBatch(db: Kysely<Database>, id: number, patch: Updateable<ImportBatchTable>) {
  await db.updateTable('import_batch').set(patch).where('id', '=', id).execute();
}

export async function addBatchCounts(
  db: Kysely<Database>,
  id: number,
  d: { total: number; processed: number; accepted: number; unchanged: number; rejected: number },
) {
  await db
    .updateTable('import_batch')
    .set((eb) => ({
      total: eb('total', '+', d.total),
      processed: eb('processed', '+', d.processed),
      accepted: eb('accepted', '+', d.accepted),
      unchanged: eb('unchanged', '+', d.unchanged),
      rejected: eb('rejected', '+', d.rejected),
    }))
    .where('id', '=', id)
    .execute();
}

export async function listBatches(
  db: Kysely<Database>,
  f: { createdBy: number; beforeId?: number | undefined; limit: number },
) {
  let q = db
    .selectFrom('import_batch')
    .selectAll()
    .where('created_by', '=', f.createdBy)
    .orderBy('id', 'desc')
    .limit(f.limit);
  if (f.beforeId !== undefined) q = q.where('id', '<', f.beforeId);
  return q.execute();
}

export async function insertErrors(
  db: Kysely<Database>,
  batchId: number,
  errors: readonly { row: number; column: string | null; code: string; message: string }[],
) {
  for (let i = 0; i < errors.length; i += 1000) {
    const chunk = errors.slice(i, i + 1000);
    await sql`insert into import_error (batch_id, "row", "column", code, message)
      select ${batchId}::bigint, * from unnest(
        ${chunk.map((e) => e.row)}::int[], ${chunk.map((e) => e.column)}::text[],
        ${chunk.map((e) => e.code)}::text[], ${chunk.map((e) => e.message)}::text[])`.execute(db);
  }
}

export async function deleteErrors(db: Kysely<Database>, batchId: number) {
  await db.deleteFrom('import_error').where('batch_id', '=', batchId).execute();
}

export async function listErrors(
  db: Kysely<Database>,
  batchId: number,
  f: { afterId?: number | undefined; limit: number },
): Promise<ImportErrorRow[]> {
  let q = db
    .selectFrom('import_error')
    .selectAll()
    .where('batch_id', '=', batchId)
    .orderBy('id')
    .limit(f.limit);
  if (f.afterId !== undefined) q = q.where('id', '>', f.afterId);
  return q.execute();
}

export async function countErrors(db: Kysely<Database>, batchId: number): Promise<number> {
  const r = await db
    .selectFrom('import_error')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('batch_id', '=', batchId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listIndustries(db: Kysely<Database>) {
  return db.selectFrom('industry').select(['code', 'name', 'high_risk']).execute();
}

export async function findEnterpriseByCreditCode(db: Kysely<Database>, creditCode: string) {
  return db
    .selectFrom('enterprise')
    .select(['id', 'credit_code', 'division_code'])
    .where('credit_code', '=', creditCode)
    .executeTakeFirst();
}

// ---- persons --------------------------------------------------------------------------

export interface ExistingPerson {
  id: number;
  id_number_index: string;
  name: string;
  division_code: string;
}

export async function personsByIndex(db: Kysely<Database>, indexes: readonly string[]) {
  if (indexes.length === 0) return [] as ExistingPerson[];
  const r = await sql<ExistingPerson>`select id, id_number_index, name, division_code from person
    where id_number_index = any(${indexes}::text[])`.execute(db);
  return r.rows;
}

/** A person row as the import writes it (the registry's own columns, nothing re-declared). */
export type NewPersonRow = Omit<
  Selectable<PersonTable>,
  'id' | 'user_id' | 'created_by' | 'created_at' | 'updated_at'
>;

/** Inserts persons not yet on file (keyed by the blind index); returns those it inserted. */
export async function insertPersons(
  db: Kysely<Database>,
  rows: readonly NewPersonRow[],
  createdBy: number | null,
) {
  if (rows.length === 0) return [] as { id: number; id_number_index: string }[];
  const col = <K extends keyof NewPersonRow>(k: K) => rows.map((r) => r[k]);
  const r = await sql<{ id: number; id_number_index: string }>`insert into person
      (public_id, name, id_kind, id_number_enc, id_number_index, id_number_masked, sex, birth_date,
       phone_enc, phone_masked, division_code, province_code, created_by)
    select u.*, ${createdBy}::bigint from unnest(
      ${col('public_id')}::uuid[], ${col('name')}::text[], ${col('id_kind')}::text[],
      ${col('id_number_enc')}::text[], ${col('id_number_index')}::text[], ${col('id_number_masked')}::text[],
      ${col('sex')}::text[], ${col('birth_date')}::date[], ${col('phone_enc')}::text[],
      ${col('phone_masked')}::text[], ${col('division_code')}::text[], ${col('province_code')}::text[]) as u
    on conflict (id_number_index) do nothing
    returning id, id_number_index`.execute(db);
  return r.rows;
}

/**
 * Serializes writers of records that have no natural unique key (education, work,
 * training) for the rest of the transaction, so two imports of the same file at once
 * cannot both see "missing" and both insert.
 */
export async function lockRecordWriters(db: Kysely<Database>, table: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`anzheng.import.${table}`}))`.execute(db);
}

export interface EducationInsert {
  person_id: number;
  level: string;
  major: string;
  safety_related: boolean;
  school: string;
  graduated_on: string;
}

/**
 * Positions (in `rows`) of records already on file. The records of the batch's persons are
 * fetched through the `(person_id, id)` index and compared here: a semi-join of an `unnest`
 * against the table lets the planner choose a hash join over the whole table (seconds per
 * batch at a million rows), this never does.
 */
async function existingByPerson<T extends { person_id: number }>(
  db: Kysely<Database>,
  table: 'person_education' | 'person_work' | 'person_training',
  columns: string[],
  rows: readonly T[],
  key: (row: T) => string,
): Promise<Set<number>> {
  if (rows.length === 0) return new Set<number>();
  const ids = [...new Set(rows.map((r) => r.person_id))];
  const found = await sql<Record<string, unknown>>`select ${sql.raw(['person_id', ...columns].join(', '))}
    from ${sql.table(table)} where person_id = any(${ids}::bigint[])`.execute(db);
  const have = new Set(found.rows.map((r) => key(r as unknown as T)));
  const positions = new Set<number>();
  rows.forEach((r, i) => {
    if (have.has(key(r))) positions.add(i);
  });
  return positions;
}

const educationKey = (r: { person_id: number; level: string; school: string; graduated_on: string }) =>
  `${r.person_id}\u0000${r.level}\u0000${r.school}\u0000${r.graduated_on}`;

/** Positions (in `rows`) of education records already on file (same person, level, school, date). */
export async function existingEducation(db: Kysely<Database>, rows: readonly EducationInsert[]) {
  return existingByPerson(db, 'person_education', ['level', 'school', 'graduated_on'], rows, educationKey);
}

export async function insertEducation(
  db: Kysely<Database>,
  rows: readonly EducationInsert[],
  createdBy: number | null,
) {
  if (rows.length === 0) return;
  await sql`insert into person_education (person_id, level, major, safety_related, school, graduated_on, created_by)
    select u.*, ${createdBy}::bigint from unnest(
      ${rows.map((x) => x.person_id)}::bigint[], ${rows.map((x) => x.level)}::text[],
      ${rows.map((x) => x.major)}::text[], ${rows.map((x) => x.safety_related)}::boolean[],
      ${rows.map((x) => x.school)}::text[], ${rows.map((x) => x.graduated_on)}::date[]) as u`.execute(db);
}

export interface StaffInsert {
  person_id: number;
  post: string;
  safety_management: boolean;
  full_time: boolean;
  started_on: string;
}

/** Links persons to the enterprise as current staff; returns the person ids newly linked. */
export async function insertStaff(
  db: Kysely<Database>,
  enterpriseId: number,
  rows: readonly StaffInsert[],
  createdBy: number | null,
) {
  if (rows.length === 0) return new Set<number>();
  const r = await sql<{ person_id: number }>`insert into enterprise_staff
      (enterprise_id, person_id, post, safety_management, full_time, started_on, created_by)
    select ${enterpriseId}::bigint, u.*, ${createdBy}::bigint from unnest(
      ${rows.map((x) => x.person_id)}::bigint[], ${rows.map((x) => x.post)}::text[],
      ${rows.map((x) => x.safety_management)}::boolean[], ${rows.map((x) => x.full_time)}::boolean[],
      ${rows.map((x) => x.started_on)}::date[]) as u
    on conflict (enterprise_id, person_id) where ended_on is null do nothing
    returning person_id`.execute(db);
  return new Set(r.rows.map((x) => Number(x.person_id)));
}

export async function currentStaff(db: Kysely<Database>, enterpriseId: number, personIds: readonly number[]) {
  if (personIds.length === 0) return new Set<number>();
  const r = await sql<{ person_id: number }>`select person_id from enterprise_staff
    where enterprise_id = ${enterpriseId} and ended_on is null and person_id = any(${personIds}::bigint[])`.execute(
    db,
  );
  return new Set(r.rows.map((x) => Number(x.person_id)));
}

// ---- enterprises ----------------------------------------------------------------------

export interface NewEnterpriseRow {
  public_id: string;
  credit_code: string;
  name: string;
  industry_code: string;
  division_code: string;
  province_code: string;
  employee_count: number;
  high_risk: boolean;
  contact_name: string | null;
  contact_phone_enc: string | null;
  contact_phone_masked: string | null;
}

export async function existingEnterpriseCodes(db: Kysely<Database>, codes: readonly string[]) {
  if (codes.length === 0) return new Set<string>();
  const r = await sql<{ credit_code: string }>`select credit_code from enterprise
    where credit_code = any(${codes}::text[])`.execute(db);
  return new Set(r.rows.map((x) => x.credit_code));
}

export async function insertEnterprises(
  db: Kysely<Database>,
  rows: readonly NewEnterpriseRow[],
  createdBy: number | null,
) {
  if (rows.length === 0) return new Set<string>();
  const col = <K extends keyof NewEnterpriseRow>(k: K) => rows.map((r) => r[k]);
  const r = await sql<{ credit_code: string }>`insert into enterprise
      (public_id, credit_code, name, industry_code, division_code, province_code, employee_count, high_risk,
       contact_name, contact_phone_enc, contact_phone_masked, created_by)
    select u.*, ${createdBy}::bigint from unnest(
      ${col('public_id')}::uuid[], ${col('credit_code')}::text[], ${col('name')}::text[],
      ${col('industry_code')}::text[], ${col('division_code')}::text[], ${col('province_code')}::text[],
      ${col('employee_count')}::int[], ${col('high_risk')}::boolean[], ${col('contact_name')}::text[],
      ${col('contact_phone_enc')}::text[], ${col('contact_phone_masked')}::text[]) as u
    on conflict (credit_code) do nothing
    returning credit_code`.execute(db);
  return new Set(r.rows.map((x) => x.credit_code));
}

// ---- work and training records --------------------------------------------------------

export interface WorkInsert {
  person_id: number;
  employer_name: string;
  employer_credit_code: string | null;
  post: string;
  safety_management: boolean;
  started_on: string;
  ended_on: string | null;
}

const workKey = (r: { person_id: number; employer_name: string; post: string; started_on: string }) =>
  `${r.person_id}\u0000${r.employer_name}\u0000${r.post}\u0000${r.started_on}`;

export async function existingWork(db: Kysely<Database>, rows: readonly WorkInsert[]) {
  return existingByPerson(db, 'person_work', ['employer_name', 'post', 'started_on'], rows, workKey);
}

export async function insertWork(
  db: Kysely<Database>,
  rows: readonly WorkInsert[],
  createdBy: number | null,
) {
  if (rows.length === 0) return;
  await sql`insert into person_work
      (person_id, employer_name, employer_credit_code, post, safety_management, started_on, ended_on, created_by)
    select u.*, ${createdBy}::bigint from unnest(
      ${rows.map((x) => x.person_id)}::bigint[], ${rows.map((x) => x.employer_name)}::text[],
      ${rows.map((x) => x.employer_credit_code)}::text[], ${rows.map((x) => x.post)}::text[],
      ${rows.map((x) => x.safety_management)}::boolean[], ${rows.map((x) => x.started_on)}::date[],
      ${rows.map((x) => x.ended_on)}::date[]) as u`.execute(db);
}

export interface TrainingInsert {
  person_id: number;
  provider: string;
  course: string;
  hours: string;
  completed_on: string;
}

const trainingKey = (r: { person_id: number; provider: string; course: string; completed_on: string }) =>
  `${r.person_id}\u0000${r.provider}\u0000${r.course}\u0000${r.completed_on}`;

export async function existingTraining(db: Kysely<Database>, rows: readonly TrainingInsert[]) {
  return existingByPerson(db, 'person_training', ['provider', 'course', 'completed_on'], rows, trainingKey);
}

export async function insertTraining(
  db: Kysely<Database>,
  rows: readonly TrainingInsert[],
  createdBy: number | null,
) {
  if (rows.length === 0) return;
  await sql`insert into person_training (person_id, provider, course, hours, completed_on, created_by)
    select u.*, ${createdBy}::bigint from unnest(
      ${rows.map((x) => x.person_id)}::bigint[], ${rows.map((x) => x.provider)}::text[],
      ${rows.map((x) => x.course)}::text[], ${rows.map((x) => x.hours)}::numeric[],
      ${rows.map((x) => x.completed_on)}::date[]) as u`.execute(db);
}
