import type { Database, ExamPaperTable, ExamRegistrationTable, ExamSessionTable } from '@anzheng/db';
import {
  type Insertable,
  type InsertObject,
  type Kysely,
  type Selectable,
  sql,
  type Updateable,
} from 'kysely';
import { divisionPrefix } from '../identity/identity.repository.ts';

/** Queries only (CONVENTIONS): exam_session, exam_registration, exam_paper, and the facts they read. */

export type SessionRow = Selectable<ExamSessionTable>;
export type RegistrationRow = Selectable<ExamRegistrationTable>;
export type PaperRow = Selectable<ExamPaperTable>;

export async function findDivision(db: Kysely<Database>, code: string) {
  return db
    .selectFrom('division')
    .select(['code', 'full_name', 'abolished_on', 'province_code'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function insertSession(db: Kysely<Database>, row: Insertable<ExamSessionTable>) {
  return db.insertInto('exam_session').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateSession(db: Kysely<Database>, id: number, patch: Updateable<ExamSessionTable>) {
  return db
    .updateTable('exam_session')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findSessionByPublicId(db: Kysely<Database>, publicId: string, forUpdate = false) {
  let q = db.selectFrom('exam_session').selectAll().where('public_id', '=', publicId);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findSessionById(db: Kysely<Database>, id: number) {
  return db.selectFrom('exam_session').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Sessions whose division lies in one of the scopes (subtree prefixes), newest first. */
export async function listSessions(
  db: Kysely<Database>,
  f: {
    scopes: string[];
    divisionCode?: string | undefined;
    state?: string | undefined;
    afterId?: number | undefined;
    limit: number;
  },
) {
  let q = db.selectFrom('exam_session').selectAll().orderBy('id', 'desc').limit(f.limit);
  const prefixes = f.scopes.map(divisionPrefix);
  if (!prefixes.includes('')) {
    q = q.where((eb) => eb.or(prefixes.map((p) => eb('division_code', 'like', `${p}%`))));
  }
  if (f.divisionCode) q = q.where('division_code', 'like', `${divisionPrefix(f.divisionCode)}%`);
  if (f.state) q = q.where('state', '=', f.state);
  if (f.afterId !== undefined) q = q.where('id', '<', f.afterId);
  return q.execute();
}

export async function countLive(db: Kysely<Database>, sessionIds: number[]) {
  if (sessionIds.length === 0) return new Map<number, number>();
  const rows = await db
    .selectFrom('exam_registration')
    .select(['session_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('session_id', 'in', sessionIds)
    .where('state', '<>', 'cancelled')
    .groupBy('session_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.session_id), Number(r.n)]));
}

export async function maxSeat(db: Kysely<Database>, sessionId: number): Promise<number> {
  const r = await db
    .selectFrom('exam_registration')
    .select((eb) => eb.fn.max('seat_no').as('m'))
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

export async function findBlueprintBrief(db: Kysely<Database>, id: number) {
  return db.selectFrom('exam_blueprint').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function findApplicationByPublicId(db: Kysely<Database>, publicId: string) {
  return db
    .selectFrom('application')
    .select(['id', 'public_id', 'person_id', 'certificate_type_code', 'level', 'division_code', 'state'])
    .where('public_id', '=', publicId)
    .executeTakeFirst();
}

export async function findLiveRegistrationForApplication(db: Kysely<Database>, applicationId: number) {
  return db
    .selectFrom('exam_registration')
    .select(['id', 'session_id'])
    .where('application_id', '=', applicationId)
    .where('state', '<>', 'cancelled')
    .executeTakeFirst();
}

export async function insertRegistration(db: Kysely<Database>, row: Insertable<ExamRegistrationTable>) {
  return db.insertInto('exam_registration').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateRegistration(
  db: Kysely<Database>,
  id: number,
  patch: Updateable<ExamRegistrationTable>,
) {
  return db
    .updateTable('exam_registration')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function markAbsent(db: Kysely<Database>, sessionId: number, at: Date) {
  await db
    .updateTable('exam_registration')
    .set({ state: 'absent', updated_at: at })
    .where('session_id', '=', sessionId)
    .where('state', '=', 'scheduled')
    .execute();
}

export async function insertPaper(db: Kysely<Database>, row: InsertObject<Database, 'exam_paper'>) {
  return db.insertInto('exam_paper').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findPaperByRegistration(db: Kysely<Database>, registrationId: number) {
  return db
    .selectFrom('exam_paper')
    .selectAll()
    .where('registration_id', '=', registrationId)
    .executeTakeFirst();
}

/** A registration with what its views and checks need (person brief, session, paper id). */
const registrationColumns = [
  'r.id',
  'r.public_id',
  'r.session_id',
  'r.application_id',
  'r.person_id',
  'r.seat_no',
  'r.ticket_no',
  'r.state',
  'r.checked_in_at',
  'r.check_in_method',
  'r.start_offset_seconds',
  'p.name as person_name',
  'p.public_id as person_public_id',
  'p.id_number_masked',
  'p.id_number_index',
  'p.user_id as person_user_id',
  'a.public_id as application_public_id',
  's.public_id as session_public_id',
  's.division_code',
  's.starts_at',
  's.name as session_name',
  's.place',
  's.duration_minutes',
  's.state as session_state',
  'pp.public_id as paper_public_id',
] as const;

function registrationQuery(db: Kysely<Database>) {
  return db
    .selectFrom('exam_registration as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .innerJoin('application as a', 'a.id', 'r.application_id')
    .innerJoin('exam_session as s', 's.id', 'r.session_id')
    .leftJoin('exam_paper as pp', 'pp.registration_id', 'r.id')
    .select(registrationColumns);
}

export type RegistrationDetailRow = Awaited<ReturnType<typeof findRegistrationDetail>> & {};

export async function findRegistrationDetail(
  db: Kysely<Database>,
  where: { id?: number; publicId?: string; ticketNo?: string },
) {
  let q = registrationQuery(db);
  if (where.id !== undefined) q = q.where('r.id', '=', where.id);
  if (where.publicId !== undefined) q = q.where('r.public_id', '=', where.publicId);
  if (where.ticketNo !== undefined) q = q.where('r.ticket_no', '=', where.ticketNo);
  return q.executeTakeFirst();
}

export async function listRegistrations(
  db: Kysely<Database>,
  f: { sessionId?: number; personUserId?: number },
) {
  let q = registrationQuery(db).orderBy('r.id').limit(10_000);
  if (f.sessionId !== undefined) q = q.where('r.session_id', '=', f.sessionId).orderBy('r.seat_no');
  if (f.personUserId !== undefined) q = q.where('p.user_id', '=', f.personUserId);
  return q.execute();
}

/** Locks the session row (seat allocation and capacity are serialized per session). */
export async function lockSession(db: Kysely<Database>, id: number) {
  await sql`select id from exam_session where id = ${id} for update`.execute(db);
}
