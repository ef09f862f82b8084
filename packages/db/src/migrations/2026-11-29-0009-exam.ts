import { type Kysely, sql } from 'kysely';
import { makeAppendOnly } from '../append-only.ts';

/**
 * Examination (docs/exam.md): the item bank (items and their immutable versions, REQ-EXAM-3/5),
 * blueprints (REQ-EXAM-1, REQ-TYPE-2/4), sessions, registrations (准考证) and per-candidate
 * papers (REQ-EXAM-2). Delivery (attempts, answers, grading) is migration 0010.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const ITEM_STATES = `'draft', 'in_review', 'approved', 'retired'`;
  const ITEM_TYPES = `'single_choice', 'multiple_choice', 'true_false', 'fill_in', 'short_answer', 'scenario'`;

  await db.schema
    .createTable('exam_item')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('certificate_type_code', 'text', (c) => c.notNull().references('certificate_type.code'))
    .addColumn('level', 'text', (c) => c.notNull())
    // 'base' (基础模块) or an industry module code of the certificate type (REQ-TYPE-2).
    .addColumn('module', 'text', (c) => c.notNull().check(sql`module ~ '^[A-Za-z0-9_-]{1,40}$'`))
    // The latest version (any state); null only inside the creating transaction.
    .addColumn('current_version_id', 'bigint')
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('exam_item_scope_idx')
    .on('exam_item')
    .columns(['certificate_type_code', 'level', 'module', 'id'])
    .execute();

  await db.schema
    .createTable('exam_item_version')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('item_id', 'bigint', (c) => c.notNull().references('exam_item.id'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('state', 'text', (c) => c.notNull().check(sql.raw(`state in (${ITEM_STATES})`)))
    .addColumn('type', 'text', (c) => c.notNull().check(sql.raw(`type in (${ITEM_TYPES})`)))
    .addColumn('body', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(body) = 'object'`))
    .addColumn('answer_key', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(answer_key) = 'object'`))
    .addColumn('points', sql`numeric(6, 2)`, (c) => c.notNull().defaultTo(1).check(sql`points > 0`))
    // Difficulty estimate 0 (easy) … 1 (hard); blueprints draw by band (docs/exam.md).
    .addColumn('difficulty', sql`numeric(4, 3)`, (c) =>
      c.notNull().defaultTo(0.5).check(sql`difficulty between 0 and 1`),
    )
    .addColumn('competencies', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    // Law / standard article the item rests on, e.g. 《安全生产法》第二十一条.
    .addColumn('source', 'text')
    .addColumn('standard_code', 'text')
    .addColumn('standard_version', 'text')
    .addColumn('standard_flagged_at', 'timestamptz')
    .addColumn('author_id', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('reviewer_id', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('review_note', 'text')
    .addColumn('retired_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('exam_item_version_item_version_key', ['item_id', 'version'])
    .addCheckConstraint(
      'exam_item_version_standard_check',
      sql`standard_version is null or standard_code is not null`,
    )
    .execute();
  await db.schema
    .createIndex('exam_item_version_state_idx')
    .on('exam_item_version')
    .columns(['state', 'item_id'])
    .execute();
  await sql`create index exam_item_version_standard_idx on exam_item_version (standard_code, standard_version)
    where standard_code is not null`.execute(db);
  await sql`alter table exam_item add constraint exam_item_current_version_fkey
    foreign key (current_version_id) references exam_item_version (id)`.execute(db);

  // 标准换版记录 (REQ-EXAM-5): each recorded replacement of a standard version.
  await db.schema
    .createTable('exam_standard_revision')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('standard_code', 'text', (c) => c.notNull().check(sql`length(trim(standard_code)) > 0`))
    .addColumn('old_version', 'text', (c) => c.notNull())
    .addColumn('new_version', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('flagged_count', 'integer', (c) => c.notNull())
    .addColumn('recorded_by', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await makeAppendOnly(db, 'exam_standard_revision');

  await db.schema
    .createTable('exam_blueprint')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique())
    // Identity across versions, e.g. 'general-junior'.
    .addColumn('code', 'text', (c) => c.notNull().check(sql`code ~ '^[a-z0-9_-]{1,60}$'`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(trim(name)) between 1 and 200`))
    .addColumn('certificate_type_code', 'text', (c) => c.notNull().references('certificate_type.code'))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('modules', sql`text[]`, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('sections', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(sections) = 'array'`))
    .addColumn('duration_minutes', 'integer', (c) =>
      c.notNull().check(sql`duration_minutes between 1 and 600`),
    )
    .addColumn('total_points', sql`numeric(6, 2)`, (c) => c.notNull().check(sql`total_points > 0`))
    .addColumn('pass_rules', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(pass_rules) = 'object'`))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('draft', 'active', 'retired')`))
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('exam_blueprint_code_version_key', ['code', 'version'])
    .execute();

  await db.schema
    .createTable('exam_session')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(trim(name)) between 1 and 200`))
    .addColumn('division_code', 'text', (c) => c.notNull().references('division.code'))
    .addColumn('province_code', 'text', (c) => c.notNull().check(sql`province_code ~ '^[0-9]{2}$'`))
    .addColumn('place', 'text', (c) => c.notNull().check(sql`length(trim(place)) between 1 and 300`))
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity between 1 and 10000`))
    // Start of the window in which candidates start (staggered by start_offset_seconds).
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('start_window_seconds', 'integer', (c) =>
      c.notNull().defaultTo(0).check(sql`start_window_seconds between 0 and 7200`),
    )
    .addColumn('duration_minutes', 'integer', (c) =>
      c.notNull().check(sql`duration_minutes between 1 and 600`),
    )
    .addColumn('blueprint_id', 'bigint', (c) => c.notNull().references('exam_blueprint.id'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('scheduled', 'open', 'closed')`))
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index exam_session_division_idx on exam_session (division_code text_pattern_ops, id)`.execute(
    db,
  );

  await db.schema
    .createTable('exam_registration')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('session_id', 'bigint', (c) => c.notNull().references('exam_session.id'))
    .addColumn('application_id', 'bigint', (c) => c.notNull().references('application.id'))
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id'))
    .addColumn('seat_no', 'integer', (c) => c.notNull().check(sql`seat_no >= 1`))
    .addColumn('ticket_no', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('scheduled', 'checked_in', 'absent', 'cancelled')`),
    )
    .addColumn('checked_in_at', 'timestamptz')
    .addColumn('checked_in_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('check_in_method', 'text', (c) => c.check(sql`check_in_method in ('ticket_id_card')`))
    .addColumn('start_offset_seconds', 'integer', (c) => c.notNull().check(sql`start_offset_seconds >= 0`))
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('exam_registration_session_application_key', ['session_id', 'application_id'])
    .addUniqueConstraint('exam_registration_session_seat_key', ['session_id', 'seat_no'])
    .addCheckConstraint(
      'exam_registration_check_in_check',
      sql`state <> 'checked_in' or (checked_in_at is not null and check_in_method is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('exam_registration_person_idx')
    .on('exam_registration')
    .columns(['person_id', 'id'])
    .execute();
  // One live registration per application across sessions (a cancelled one may be rescheduled).
  await sql`create unique index exam_registration_live_application_key on exam_registration (application_id)
    where state <> 'cancelled'`.execute(db);

  await db.schema
    .createTable('exam_paper')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('registration_id', 'bigint', (c) => c.notNull().unique().references('exam_registration.id'))
    .addColumn('blueprint_id', 'bigint', (c) => c.notNull().references('exam_blueprint.id'))
    .addColumn('seed', 'text', (c) => c.notNull())
    // Ordered [{ ref, itemVersionId, itemId, section, points, optionOrder?, subItems? }] (docs/exam.md).
    .addColumn('items', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(items) = 'array'`))
    .addColumn('total_points', sql`numeric(6, 2)`, (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await makeAppendOnly(db, 'exam_paper');
}
