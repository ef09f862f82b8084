import type { Database, JsonValue } from '@anzheng/db';
import { type Kysely, sql } from 'kysely';

/** Kysely queries of exam delivery (docs/exam-delivery.md). No rules here. */

export type Db = Kysely<Database>;

/** A registration with what starting an attempt needs. */
export async function findRegistrationForStart(db: Db, publicId: string) {
  return db
    .selectFrom('exam_registration as r')
    .innerJoin('exam_session as s', 's.id', 'r.session_id')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .leftJoin('exam_paper as pp', 'pp.registration_id', 'r.id')
    .leftJoin('exam_attempt as a', 'a.registration_id', 'r.id')
    .select([
      'r.id',
      'r.state',
      'r.start_offset_seconds',
      'r.session_id',
      's.starts_at',
      's.duration_minutes',
      's.division_code',
      's.state as session_state',
      'p.user_id as person_user_id',
      'pp.id as paper_id',
      'a.public_id as attempt_public_id',
    ])
    .where('r.public_id', '=', publicId)
    .executeTakeFirst();
}

export async function insertAttempt(
  db: Db,
  row: {
    public_id: string;
    registration_id: number;
    paper_id: number;
    session_id: number;
    user_id: number;
    started_at: Date;
    deadline_at: Date;
    client_session: string;
    last_ip: string;
  },
): Promise<boolean> {
  const inserted = await db
    .insertInto('exam_attempt')
    .values({ ...row, state: 'in_progress', last_seen_at: row.started_at })
    .onConflict((oc) => oc.column('registration_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

const ATTEMPT_COLUMNS = [
  'a.id',
  'a.public_id',
  'a.registration_id',
  'a.paper_id',
  'a.session_id',
  'a.user_id',
  'a.state',
  'a.started_at',
  'a.deadline_at',
  'a.extra_seconds',
  'a.paused_at',
  'a.paused_seconds',
  'a.submitted_at',
  'a.submitted_by',
  'a.client_session',
  'a.last_ip',
  'a.last_seen_at',
] as const;

/** The attempt with its session and registration (scope checks, views). */
export async function findAttempt(db: Db, publicId: string, options: { lock?: 'share' | 'update' } = {}) {
  let q = db
    .selectFrom('exam_attempt as a')
    .innerJoin('exam_session as s', 's.id', 'a.session_id')
    .innerJoin('exam_registration as r', 'r.id', 'a.registration_id')
    .select([
      ...ATTEMPT_COLUMNS,
      's.division_code',
      's.name as session_name',
      's.public_id as session_public_id',
      'r.public_id as registration_public_id',
      'r.ticket_no',
    ])
    .where('a.public_id', '=', publicId);
  if (options.lock === 'share') q = q.forShare('a');
  if (options.lock === 'update') q = q.forUpdate('a');
  return q.executeTakeFirst();
}
export type AttemptRow = NonNullable<Awaited<ReturnType<typeof findAttempt>>>;

export async function getPaper(db: Db, paperId: number) {
  return db
    .selectFrom('exam_paper')
    .select(['id', 'items', 'total_points'])
    .where('id', '=', paperId)
    .executeTakeFirstOrThrow();
}

export async function listItemVersions(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('exam_item_version')
    .select(['id', 'type', 'body', 'answer_key'])
    .where('id', 'in', ids)
    .execute();
}

export async function listAnswers(db: Db, attemptId: number) {
  return db
    .selectFrom('exam_answer')
    .select(['item_ref', 'seq', 'response', 'saved_at'])
    .where('attempt_id', '=', attemptId)
    .orderBy('item_ref')
    .execute();
}

/**
 * The autosave write (hot path): appends the event (a repeated seq is not stored twice) and
 * keeps the current answer with the highest seq, in one statement. Returns the stored seq.
 */
export async function upsertAnswer(
  db: Db,
  v: {
    attemptId: number;
    itemRef: string;
    seq: number;
    response: JsonValue;
    clientTime: Date | null;
    now: Date;
  },
): Promise<{ seq: number; saved_at: Date }> {
  const response = JSON.stringify(v.response);
  const result = await sql<{ seq: string | number; saved_at: Date }>`
    with ev as (
      insert into exam_answer_event (attempt_id, item_ref, seq, response, client_time, received_at)
      values (${v.attemptId}, ${v.itemRef}, ${v.seq}, ${response}::jsonb, ${v.clientTime}, ${v.now})
      on conflict (attempt_id, item_ref, seq) do nothing
      returning id
    ), up as (
      insert into exam_answer (attempt_id, item_ref, seq, response, saved_at)
      values (${v.attemptId}, ${v.itemRef}, ${v.seq}, ${response}::jsonb, ${v.now})
      on conflict (attempt_id, item_ref) do update
        set seq = excluded.seq, response = excluded.response, saved_at = excluded.saved_at
        where exam_answer.seq < excluded.seq
      returning seq, saved_at
    )
    select seq, saved_at from up
    union all
    select seq, saved_at from exam_answer
      where attempt_id = ${v.attemptId} and item_ref = ${v.itemRef} and not exists (select 1 from up)`.execute(
    db,
  );
  let row = result.rows[0];
  if (!row) {
    // A concurrent first save of this item committed while this statement waited on it: the
    // conflict made our upsert a no-op, but the statement's snapshot predates that row. A new
    // statement sees it (READ COMMITTED).
    row = await db
      .selectFrom('exam_answer')
      .select(['seq', 'saved_at'])
      .where('attempt_id', '=', v.attemptId)
      .where('item_ref', '=', v.itemRef)
      .executeTakeFirstOrThrow();
  }
  return { seq: Number(row.seq), saved_at: new Date(row.saved_at) };
}

export async function insertSignal(
  db: Db,
  v: {
    attemptId: number;
    kind: string;
    source: 'client' | 'server';
    detail: JsonValue | null;
    occurredAt: Date;
  },
) {
  await db
    .insertInto('exam_integrity_signal')
    .values({
      attempt_id: v.attemptId,
      kind: v.kind,
      source: v.source,
      detail: v.detail === null ? null : JSON.stringify(v.detail),
      occurred_at: v.occurredAt,
    })
    .execute();
}

export async function listSignals(db: Db, attemptId: number) {
  return db
    .selectFrom('exam_integrity_signal')
    .select(['kind', 'source', 'detail', 'occurred_at'])
    .where('attempt_id', '=', attemptId)
    .orderBy('id')
    .execute();
}

export async function updateAttempt(
  db: Db,
  id: number,
  set: Partial<{
    state: string;
    deadline_at: Date;
    extra_seconds: number;
    paused_at: Date | null;
    paused_seconds: number;
    submitted_at: Date;
    submitted_by: string;
    client_session: string;
    last_ip: string;
    last_seen_at: Date;
  }>,
) {
  await db.updateTable('exam_attempt').set(set).where('id', '=', id).execute();
}

/** Lazily submits an open attempt past its deadline, at the deadline; true when it did. */
export async function finalizeExpired(db: Db, id: number, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('exam_attempt')
    .set({ state: 'submitted', submitted_at: sql`deadline_at`, submitted_by: 'server_deadline' })
    .where('id', '=', id)
    .where('state', '=', 'in_progress')
    .where('paused_at', 'is', null)
    .where('deadline_at', '<', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * The sweeper's batch: open attempts past their deadline, locked with SKIP LOCKED so several
 * processes share the work without waiting on each other; submitted at their deadline.
 */
export async function sweepExpired(db: Db, now: Date, limit: number): Promise<string[]> {
  const result = await sql<{ public_id: string }>`
    with due as (
      select id from exam_attempt
      where state = 'in_progress' and paused_at is null and deadline_at < ${now}
      order by deadline_at
      limit ${limit}
      for update skip locked
    )
    update exam_attempt a
      set state = 'submitted', submitted_at = a.deadline_at, submitted_by = 'server_deadline'
      from due where a.id = due.id
      returning a.public_id`.execute(db);
  return result.rows.map((r) => r.public_id);
}

export async function insertTimeGrant(
  db: Db,
  v: { attempt_id: number; seconds: number; reason: string; granted_by: number },
) {
  await db.insertInto('exam_time_grant').values(v).execute();
}

export async function insertResumeApproval(
  db: Db,
  v: { attempt_id: number; reason: string; approved_by: number },
) {
  await db.insertInto('exam_resume_approval').values(v).execute();
}

/** Uses one unused approval for `session`; false when none is left. */
export async function useResumeApproval(
  db: Db,
  attemptId: number,
  session: string,
  now: Date,
): Promise<boolean> {
  const r = await sql<{ id: number }>`
    update exam_resume_approval set used_session = ${session}, used_at = ${now}
    where id = (select id from exam_resume_approval where attempt_id = ${attemptId} and used_at is null
                order by id limit 1 for update skip locked)
    returning id`.execute(db);
  return r.rows.length > 0;
}

export async function findSession(db: Db, publicId: string) {
  return db
    .selectFrom('exam_session')
    .select(['id', 'public_id', 'division_code', 'name', 'state'])
    .where('public_id', '=', publicId)
    .executeTakeFirst();
}

/** The invigilator's live list: every registration of the session with its attempt's figures. */
export async function listSessionCandidates(db: Db, sessionId: number) {
  return db
    .selectFrom('exam_registration as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .leftJoin('exam_paper as pp', 'pp.registration_id', 'r.id')
    .leftJoin('exam_attempt as a', 'a.registration_id', 'r.id')
    .select((eb) => [
      'r.public_id as registration_public_id',
      'r.ticket_no',
      'r.seat_no',
      'r.state as registration_state',
      'p.name',
      'a.id as attempt_id',
      'a.public_id as attempt_public_id',
      'a.state',
      'a.paused_at',
      'a.deadline_at',
      'a.last_seen_at',
      sql<number>`coalesce(jsonb_array_length(pp.items), 0)`.as('total'),
      eb
        .selectFrom('exam_answer as x')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('x.attempt_id', '=', 'a.id')
        .as('answered'),
      eb
        .selectFrom('exam_answer as x')
        .select((e) => e.fn.max('x.saved_at').as('m'))
        .whereRef('x.attempt_id', '=', 'a.id')
        .as('last_saved_at'),
      eb
        .selectFrom('exam_integrity_signal as g')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('g.attempt_id', '=', 'a.id')
        .as('signals'),
    ])
    .where('r.session_id', '=', sessionId)
    .orderBy('r.seat_no')
    .execute();
}

/** Submits every open attempt of a session (invigilator ends it): at min(now, deadline). */
export async function submitOpenAttemptsOfSession(db: Db, sessionId: number, now: Date): Promise<number> {
  const r = await sql<{ id: number }>`
    update exam_attempt set state = 'submitted', submitted_by = 'invigilator',
      submitted_at = case when paused_at is null and deadline_at < ${now} then deadline_at else ${now}::timestamptz end,
      paused_at = null
    where session_id = ${sessionId} and state = 'in_progress'
    returning id`.execute(db);
  return r.rows.length;
}

export async function closeSession(db: Db, sessionId: number, now: Date) {
  await db
    .updateTable('exam_session')
    .set({ state: 'closed', updated_at: now })
    .where('id', '=', sessionId)
    .execute();
}
