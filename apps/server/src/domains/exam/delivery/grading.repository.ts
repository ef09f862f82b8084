import type { JsonValue } from '@anzheng/db';
import { sql } from 'kysely';
import type { Db } from './delivery.repository.ts';

/** Kysely queries of grading, assessments and results (docs/exam-delivery.md §grading). */

export async function listItemScores(db: Db, attemptId: number) {
  return db
    .selectFrom('exam_item_score')
    .select(['item_ref', 'method', 'points', 'max_points', 'detail', 'marked_by'])
    .where('attempt_id', '=', attemptId)
    .execute();
}

export async function upsertAutoScore(
  db: Db,
  v: {
    attemptId: number;
    itemRef: string;
    points: number | null;
    maxPoints: number;
    detail: JsonValue;
    now: Date;
  },
) {
  const marker = v.points === null;
  await db
    .insertInto('exam_item_score')
    .values({
      attempt_id: v.attemptId,
      item_ref: v.itemRef,
      method: marker ? 'marker' : 'auto',
      points: v.points,
      max_points: v.maxPoints,
      detail: JSON.stringify(v.detail),
      updated_at: v.now,
    })
    // A marker's score is never overwritten by a re-run of automatic scoring.
    .onConflict((oc) =>
      marker
        ? oc.columns(['attempt_id', 'item_ref']).doNothing()
        : oc
            .columns(['attempt_id', 'item_ref'])
            .doUpdateSet({ points: v.points, detail: JSON.stringify(v.detail), updated_at: v.now }),
    )
    .execute();
}

export async function setMarkerScore(
  db: Db,
  v: {
    attemptId: number;
    itemRef: string;
    points: number;
    markedBy: number;
    comment: string | null;
    now: Date;
  },
) {
  await db
    .updateTable('exam_item_score')
    .set({
      points: v.points,
      marked_by: v.markedBy,
      updated_at: v.now,
      detail: sql`coalesce(detail, '{}'::jsonb) || ${JSON.stringify({ comment: v.comment })}::jsonb`,
    })
    .where('attempt_id', '=', v.attemptId)
    .where('item_ref', '=', v.itemRef)
    .where('method', '=', 'marker')
    .execute();
}

export async function findUserByPublicId(db: Db, publicId: string) {
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'public_id'])
    .where('public_id', '=', publicId)
    .executeTakeFirst();
  if (!user) return undefined;
  const roles = await db.selectFrom('user_role').select('role').where('user_id', '=', user.id).execute();
  return { ...user, roles: roles.map((r) => r.role) };
}

export async function userPublicIds(db: Db, ids: number[]) {
  if (ids.length === 0) return new Map<number, string>();
  const rows = await db.selectFrom('app_user').select(['id', 'public_id']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.public_id]));
}

/** A registration with its session division and application (type, level, industry). */
export async function findRegistration(db: Db, publicId: string) {
  return db
    .selectFrom('exam_registration as r')
    .innerJoin('exam_session as s', 's.id', 'r.session_id')
    .innerJoin('application as ap', 'ap.id', 'r.application_id')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .leftJoin('exam_attempt as a', 'a.registration_id', 'r.id')
    .select([
      'r.id',
      'r.public_id',
      'r.ticket_no',
      'r.person_id',
      'p.user_id as person_user_id',
      's.division_code',
      'ap.certificate_type_code',
      'ap.level',
      'ap.industry_code',
      'a.id as attempt_id',
      'a.state as attempt_state',
      'a.paper_id',
    ])
    .where('r.public_id', '=', publicId)
    .executeTakeFirst();
}
export type RegistrationRow = NonNullable<Awaited<ReturnType<typeof findRegistration>>>;

export async function insertAssessment(
  db: Db,
  v: {
    public_id: string;
    registration_id: number;
    component: string;
    title: string;
    rubric: JsonValue;
    max_points: number;
    threshold_points: number;
    first_assessor_id: number;
    second_assessor_id: number;
    responsibility_accident: boolean | null;
    created_by: number;
    created_at: Date;
  },
): Promise<boolean> {
  const r = await db
    .insertInto('exam_assessment')
    .values({ ...v, rubric: JSON.stringify(v.rubric), state: 'marking' })
    .onConflict((oc) => oc.columns(['registration_id', 'component']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function findAssessment(db: Db, publicId: string, lock = false) {
  let q = db
    .selectFrom('exam_assessment as e')
    .innerJoin('exam_registration as r', 'r.id', 'e.registration_id')
    .innerJoin('exam_session as s', 's.id', 'r.session_id')
    .selectAll('e')
    .select(['r.public_id as registration_public_id', 's.division_code'])
    .where('e.public_id', '=', publicId);
  if (lock) q = q.forUpdate('e');
  return q.executeTakeFirst();
}
export type AssessmentRow = NonNullable<Awaited<ReturnType<typeof findAssessment>>>;

export async function listMarks(db: Db, assessmentId: number) {
  return db
    .selectFrom('exam_mark')
    .select(['role', 'assessor_id', 'criteria', 'points', 'comment', 'submitted_at'])
    .where('assessment_id', '=', assessmentId)
    .orderBy('id')
    .execute();
}

export async function insertMark(
  db: Db,
  v: {
    assessment_id: number;
    role: string;
    assessor_id: number;
    criteria: JsonValue;
    points: number;
    comment: string | null;
    submitted_at: Date;
  },
): Promise<boolean> {
  const r = await db
    .insertInto('exam_mark')
    .values({ ...v, criteria: JSON.stringify(v.criteria) })
    .onConflict((oc) => oc.columns(['assessment_id', 'role']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function updateAssessment(
  db: Db,
  id: number,
  set: Partial<{
    state: string;
    arbitrator_id: number;
    final_points: number;
    final_method: string;
    completed_at: Date;
  }>,
) {
  await db.updateTable('exam_assessment').set(set).where('id', '=', id).execute();
}

export async function listAssessmentsOfRegistration(db: Db, registrationId: number) {
  return db
    .selectFrom('exam_assessment')
    .select(['component', 'state', 'final_points', 'max_points', 'responsibility_accident'])
    .where('registration_id', '=', registrationId)
    .execute();
}

export async function hasSafetyMasterDegree(db: Db, personId: number): Promise<boolean> {
  const row = await db
    .selectFrom('person_education')
    .select('id')
    .where('person_id', '=', personId)
    .where('level', 'in', ['master', 'doctor'])
    .where('safety_related', '=', true)
    .executeTakeFirst();
  return row !== undefined;
}

export async function getPersonIdentity(db: Db, personId: number) {
  return db
    .selectFrom('person')
    .select(['name', 'id_number_enc'])
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
}

export async function latestResult(db: Db, registrationId: number) {
  return db
    .selectFrom('exam_result')
    .selectAll()
    .where('registration_id', '=', registrationId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Earlier failed first results of the person for the same type and level, since `since`. */
export async function countFailuresSince(
  db: Db,
  v: {
    personId: number;
    certificateTypeCode: string;
    level: string;
    since: Date;
    excludeRegistrationId: number;
  },
): Promise<{ count: number; first: Date | null }> {
  const row = await db
    .selectFrom('exam_result as x')
    .innerJoin('exam_registration as r', 'r.id', 'x.registration_id')
    .innerJoin('application as ap', 'ap.id', 'r.application_id')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('x.published_at').as('first')])
    .where('x.person_id', '=', v.personId)
    .where('x.version', '=', 1)
    .where('x.passed', '=', false)
    .where('ap.certificate_type_code', '=', v.certificateTypeCode)
    .where('ap.level', '=', v.level)
    .where('x.published_at', '>=', v.since)
    .where('x.registration_id', '<>', v.excludeRegistrationId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), first: row.first ? new Date(row.first as unknown as string) : null };
}

export async function insertResult(
  db: Db,
  v: {
    public_id: string;
    registration_id: number;
    person_id: number;
    version: number;
    theory: number | null;
    theory_bonus: number;
    practical: number | null;
    performance: number | null;
    composite: number;
    passed: boolean;
    basis: JsonValue;
    reasons: JsonValue;
    resit_until: string | null;
    holder_salt: string;
    holder_commitment: string;
    ledger_entry_id: number;
    change_reason: string | null;
    published_by: number;
    published_at: Date;
  },
): Promise<number> {
  const r = await db
    .insertInto('exam_result')
    .values({ ...v, basis: JSON.stringify(v.basis), reasons: JSON.stringify(v.reasons) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

const RESULT_VIEW_COLUMNS = [
  'x.id',
  'x.public_id',
  'x.version',
  'x.theory',
  'x.theory_bonus',
  'x.practical',
  'x.performance',
  'x.composite',
  'x.passed',
  'x.basis',
  'x.reasons',
  'x.resit_until',
  'x.holder_salt',
  'x.ledger_entry_id',
  'x.change_reason',
  'x.published_at',
  'x.registration_id',
  'r.public_id as registration_public_id',
  'r.ticket_no',
  'p.user_id as person_user_id',
  's.division_code',
  'ap.certificate_type_code',
  'ap.level',
] as const;

function resultQuery(db: Db) {
  return db
    .selectFrom('exam_result as x')
    .innerJoin('exam_registration as r', 'r.id', 'x.registration_id')
    .innerJoin('exam_session as s', 's.id', 'r.session_id')
    .innerJoin('application as ap', 'ap.id', 'r.application_id')
    .innerJoin('person as p', 'p.id', 'x.person_id')
    .select(RESULT_VIEW_COLUMNS);
}

export async function findResult(db: Db, where: { publicId?: string; id?: number }) {
  let q = resultQuery(db);
  if (where.publicId !== undefined) q = q.where('x.public_id', '=', where.publicId);
  if (where.id !== undefined) q = q.where('x.id', '=', where.id);
  return q.executeTakeFirst();
}
export type ResultRow = NonNullable<Awaited<ReturnType<typeof findResult>>>;

export async function listResultsOfUser(db: Db, userId: number) {
  return resultQuery(db).where('p.user_id', '=', userId).orderBy('x.id', 'desc').execute();
}

export async function findPendingAppeal(db: Db, registrationId: number) {
  return db
    .selectFrom('exam_appeal as g')
    .innerJoin('exam_result as x', 'x.id', 'g.result_id')
    .select('g.id')
    .where('x.registration_id', '=', registrationId)
    .where('g.state', '=', 'pending')
    .executeTakeFirst();
}

export async function insertAppeal(
  db: Db,
  v: { public_id: string; result_id: number; reason: string; filed_by: number; filed_at: Date },
) {
  await db
    .insertInto('exam_appeal')
    .values({ ...v, state: 'pending' })
    .execute();
}

export async function findAppeal(db: Db, publicId: string, lock = false) {
  let q = db
    .selectFrom('exam_appeal as g')
    .innerJoin('exam_result as x', 'x.id', 'g.result_id')
    .leftJoin('exam_result as nx', 'nx.id', 'g.new_result_id')
    .selectAll('g')
    .select(['x.public_id as result_public_id', 'x.registration_id', 'nx.public_id as new_result_public_id'])
    .where('g.public_id', '=', publicId);
  if (lock) q = q.forUpdate('g');
  return q.executeTakeFirst();
}
export type AppealRow = NonNullable<Awaited<ReturnType<typeof findAppeal>>>;

export async function decideAppeal(
  db: Db,
  id: number,
  v: {
    state: string;
    decided_by: number;
    decided_at: Date;
    decision_note: string;
    new_result_id: number | null;
  },
) {
  await db.updateTable('exam_appeal').set(v).where('id', '=', id).execute();
}
