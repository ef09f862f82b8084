import { type Kysely, sql } from 'kysely';
import { makeAppendOnly } from '../append-only.ts';

/**
 * Exam delivery (docs/exam-delivery.md): attempts with server-computed deadlines, the
 * append-only answer history plus the current answer per item (highest sequence number wins),
 * integrity signals, extra time and resume approvals, item scores and marks, practical and
 * performance assessments with double marking, composite results (versioned) and appeals.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`;

  await db.schema
    .createTable('exam_attempt')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('registration_id', 'bigint', (c) => c.notNull().unique().references('exam_registration.id'))
    .addColumn('paper_id', 'bigint', (c) => c.notNull().references('exam_paper.id'))
    .addColumn('session_id', 'bigint', (c) => c.notNull().references('exam_session.id'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('in_progress', 'submitted', 'graded')`),
    )
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    // started_at + duration + granted extra time + completed pauses (computed by the server only).
    .addColumn('deadline_at', 'timestamptz', (c) => c.notNull())
    .addColumn('extra_seconds', 'integer', (c) => c.notNull().defaultTo(0).check(sql`extra_seconds >= 0`))
    .addColumn('paused_at', 'timestamptz')
    .addColumn('paused_seconds', 'integer', (c) => c.notNull().defaultTo(0).check(sql`paused_seconds >= 0`))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('submitted_by', 'text', (c) =>
      c.check(sql`submitted_by in ('candidate', 'server_deadline', 'invigilator')`),
    )
    // The login session the attempt is bound to; another one needs an invigilator's approval.
    .addColumn('client_session', 'text', (c) => c.notNull())
    .addColumn('last_ip', 'text')
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint(
      'exam_attempt_submitted_check',
      sql`(state = 'in_progress') = (submitted_at is null) and (submitted_at is null) = (submitted_by is null)`,
    )
    .execute();
  await db.schema
    .createIndex('exam_attempt_session_idx')
    .on('exam_attempt')
    .columns(['session_id', 'id'])
    .execute();
  // The sweeper's scan: open attempts by deadline.
  await sql`create index exam_attempt_open_deadline_idx on exam_attempt (deadline_at) where state = 'in_progress'`.execute(
    db,
  );

  // Every acknowledged save, as received (NFR-REL-1); duplicates of a seq are not stored twice.
  await db.schema
    .createTable('exam_answer_event')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('attempt_id', 'bigint', (c) => c.notNull().references('exam_attempt.id'))
    .addColumn('item_ref', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull().check(sql`seq >= 0`))
    .addColumn('response', 'jsonb', (c) => c.notNull())
    .addColumn('client_time', 'timestamptz')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('exam_answer_event_seq_key', ['attempt_id', 'item_ref', 'seq'])
    .execute();
  await makeAppendOnly(db, 'exam_answer_event');

  await db.schema
    .createTable('exam_answer')
    .addColumn('attempt_id', 'bigint', (c) => c.notNull().references('exam_attempt.id'))
    .addColumn('item_ref', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('response', 'jsonb', (c) => c.notNull())
    .addColumn('saved_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('exam_answer_pkey', ['attempt_id', 'item_ref'])
    .execute();

  await db.schema
    .createTable('exam_integrity_signal')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('attempt_id', 'bigint', (c) => c.notNull().references('exam_attempt.id'))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('focus_lost', 'copy', 'paste', 'fullscreen_exit', 'multiple_sessions', 'ip_change')`,
        ),
    )
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('client', 'server')`))
    .addColumn('detail', 'jsonb')
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('exam_integrity_signal_attempt_idx')
    .on('exam_integrity_signal')
    .columns(['attempt_id', 'id'])
    .execute();
  await makeAppendOnly(db, 'exam_integrity_signal');

  await db.schema
    .createTable('exam_time_grant')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('attempt_id', 'bigint', (c) => c.notNull().references('exam_attempt.id'))
    .addColumn('seconds', 'integer', (c) => c.notNull().check(sql`seconds between 1 and 14400`))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`length(trim(reason)) > 0`))
    .addColumn('granted_by', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('exam_time_grant_attempt_idx')
    .on('exam_time_grant')
    .columns(['attempt_id'])
    .execute();
  await makeAppendOnly(db, 'exam_time_grant');

  await db.schema
    .createTable('exam_resume_approval')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('attempt_id', 'bigint', (c) => c.notNull().references('exam_attempt.id'))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`length(trim(reason)) > 0`))
    .addColumn('approved_by', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    // The session that used it (one approval admits one new session).
    .addColumn('used_session', 'text')
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('exam_resume_approval_attempt_idx')
    .on('exam_resume_approval')
    .columns(['attempt_id', 'id'])
    .execute();

  // Points per item: automatic (objective) or from a marker (short answer, scenario rubric parts).
  await db.schema
    .createTable('exam_item_score')
    .addColumn('attempt_id', 'bigint', (c) => c.notNull().references('exam_attempt.id'))
    .addColumn('item_ref', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('auto', 'marker')`))
    .addColumn('points', sql`numeric(7, 2)`)
    .addColumn('max_points', sql`numeric(7, 2)`, (c) => c.notNull())
    .addColumn('detail', 'jsonb')
    .addColumn('marked_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('exam_item_score_pkey', ['attempt_id', 'item_ref'])
    .execute();

  // 实操 / 业绩考核 with double marking (docs/exam-delivery.md §grading).
  await db.schema
    .createTable('exam_assessment')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('registration_id', 'bigint', (c) => c.notNull().references('exam_registration.id'))
    .addColumn('component', 'text', (c) => c.notNull().check(sql`component in ('practical', 'performance')`))
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(trim(title)) between 1 and 200`))
    .addColumn('rubric', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(rubric) = 'array'`))
    .addColumn('max_points', sql`numeric(7, 2)`, (c) => c.notNull().check(sql`max_points > 0`))
    .addColumn('threshold_points', sql`numeric(7, 2)`, (c) => c.notNull().check(sql`threshold_points >= 0`))
    .addColumn('first_assessor_id', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('second_assessor_id', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('arbitrator_id', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('marking', 'arbitration', 'completed')`),
    )
    // 业绩考核: a responsibility accident in the last 3 years fails the component (REQ-EXAM-1).
    .addColumn('responsibility_accident', 'boolean')
    .addColumn('final_points', sql`numeric(7, 2)`)
    .addColumn('final_method', 'text', (c) =>
      c.check(sql`final_method in ('mean', 'arbitration', 'accident')`),
    )
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('completed_at', 'timestamptz')
    .addUniqueConstraint('exam_assessment_registration_component_key', ['registration_id', 'component'])
    .addCheckConstraint(
      'exam_assessment_distinct_check',
      sql`first_assessor_id <> second_assessor_id and (arbitrator_id is null or arbitrator_id not in (first_assessor_id, second_assessor_id))`,
    )
    .execute();

  await db.schema
    .createTable('exam_mark')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('assessment_id', 'bigint', (c) => c.notNull().references('exam_assessment.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('first', 'second', 'arbitrator')`))
    .addColumn('assessor_id', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('criteria', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(criteria) = 'object'`))
    .addColumn('points', sql`numeric(7, 2)`, (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('exam_mark_role_key', ['assessment_id', 'role'])
    .execute();
  await makeAppendOnly(db, 'exam_mark');

  await db.schema
    .createTable('exam_result')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('registration_id', 'bigint', (c) => c.notNull().references('exam_registration.id'))
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('theory', sql`numeric(5, 2)`)
    .addColumn('theory_bonus', sql`numeric(5, 2)`, (c) => c.notNull().defaultTo(0))
    .addColumn('practical', sql`numeric(5, 2)`)
    .addColumn('performance', sql`numeric(5, 2)`)
    .addColumn('composite', sql`numeric(5, 2)`, (c) => c.notNull())
    .addColumn('passed', 'boolean', (c) => c.notNull())
    // Weights, pass rules and bonus used, with the rule parameter ids (explainable results).
    .addColumn('basis', 'jsonb', (c) => c.notNull())
    .addColumn('reasons', 'jsonb', (c) => c.notNull())
    .addColumn('resit_until', 'date')
    .addColumn('holder_salt', 'text', (c) => c.notNull())
    .addColumn('holder_commitment', 'text', (c) =>
      c.notNull().check(sql`holder_commitment ~ '^[0-9a-f]{64}$'`),
    )
    .addColumn('ledger_entry_id', 'bigint', (c) => c.notNull().references('ledger_entry.id'))
    .addColumn('change_reason', 'text')
    .addColumn('published_by', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('exam_result_version_key', ['registration_id', 'version'])
    .execute();
  await db.schema
    .createIndex('exam_result_person_idx')
    .on('exam_result')
    .columns(['person_id', 'id'])
    .execute();
  await makeAppendOnly(db, 'exam_result');

  await db.schema
    .createTable('exam_appeal')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('result_id', 'bigint', (c) => c.notNull().references('exam_result.id'))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`length(trim(reason)) between 1 and 2000`))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'upheld', 'rejected')`))
    .addColumn('filed_by', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('filed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .addColumn('new_result_id', 'bigint', (c) => c.references('exam_result.id'))
    .execute();
  await db.schema.createIndex('exam_appeal_result_idx').on('exam_appeal').columns(['result_id']).execute();
}
