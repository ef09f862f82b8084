import { type Kysely, sql } from 'kysely';
import { makeAppendOnly } from '../append-only.ts';

/**
 * Eligibility and applications (docs/eligibility.md): layered eligibility rules, the
 * interim record of certificates held, sanctions (exam bans, dishonesty list), applications
 * and their state history.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const STATES = `'draft', 'submitted', 'under_review', 'returned', 'approved', 'rejected'`;

  await db.schema
    .createTable('eligibility_rule')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('rule_key', 'text', (c) => c.notNull().check(sql`rule_key ~ '^[a-z0-9_.]{1,80}$'`))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('min_education', 'min_experience_years', 'prior_certificate_held', 'training_hours', 'not_exam_banned', 'not_on_dishonesty_list', 'school_route')`,
        ),
    )
    .addColumn('params', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(params) = 'object'`))
    .addColumn('certificate_type_code', 'text', (c) => c.references('certificate_type.code'))
    .addColumn('level', 'text')
    .addColumn('industry_code', 'text', (c) => c.references('industry.code'))
    .addColumn('division_code', 'text', (c) => c.references('division.code'))
    .addColumn('layer', 'text', (c) => c.notNull().check(sql`layer in ('national', 'industry', 'province')`))
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('effective_to', 'date')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`length(trim(source)) > 0`))
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'eligibility_rule_effective_check',
      sql`effective_to is null or effective_to >= effective_from`,
    )
    // Same layering as rule_parameter (REQ-ORG-2).
    .addCheckConstraint(
      'eligibility_rule_layer_scope_check',
      sql`(layer = 'national' and industry_code is null and division_code is null)
       or (layer = 'industry' and industry_code is not null and division_code is null)
       or (layer = 'province' and division_code is not null)`,
    )
    .execute();
  // One version per scope and start date (the default rules are inserted with on conflict do
  // nothing); resolution reads every version in force, a few dozen rows.
  await sql`create unique index eligibility_rule_version_key on eligibility_rule (rule_key, layer,
    coalesce(certificate_type_code, ''), coalesce(level, ''), coalesce(industry_code, ''),
    coalesce(division_code, ''), effective_from)`.execute(db);
  await makeAppendOnly(db, 'eligibility_rule');

  await db.schema
    .createTable('held_certificate')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id'))
    .addColumn('certificate_type_code', 'text', (c) => c.notNull().references('certificate_type.code'))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('valid', 'expired', 'suspended', 'revoked')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('held_certificate_person_idx')
    .on('held_certificate')
    .columns(['person_id', 'id'])
    .execute();

  await db.schema
    .createTable('person_sanction')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('exam_ban', 'dishonesty_list')`))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`length(trim(reason)) > 0`))
    .addColumn('basis', 'text', (c) => c.notNull().check(sql`length(trim(basis)) > 0`))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date')
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('person_sanction_period_check', sql`ends_on is null or ends_on >= starts_on`)
    .execute();
  await db.schema
    .createIndex('person_sanction_person_idx')
    .on('person_sanction')
    .columns(['person_id', 'id'])
    .execute();

  await db.schema
    .createTable('application')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id'))
    .addColumn('certificate_type_code', 'text', (c) => c.notNull().references('certificate_type.code'))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) =>
      c.notNull().references('division.code').check(sql`division_code ~ '^[0-9]{6}$'`),
    )
    .addColumn('province_code', 'text', (c) => c.notNull().check(sql`province_code ~ '^[0-9]{2}$'`))
    .addColumn('industry_code', 'text', (c) => c.references('industry.code'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql.raw(`state in (${STATES})`)))
    .addColumn('eligibility', 'jsonb')
    .addColumn('school_enrolment', 'jsonb')
    .addColumn('submitted_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('enterprise_id', 'bigint', (c) => c.references('enterprise.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Exam candidates (`?state=approved`, the exam issue) and every state filter, paged by id.
  await db.schema.createIndex('application_state_idx').on('application').columns(['state', 'id']).execute();
  // Regulator lists: division subtree as a code prefix.
  await sql`create index application_division_idx on application (division_code text_pattern_ops, id)`.execute(
    db,
  );
  await db.schema
    .createIndex('application_person_idx')
    .on('application')
    .columns(['person_id', 'id'])
    .execute();
  await db.schema
    .createIndex('application_enterprise_idx')
    .on('application')
    .columns(['enterprise_id', 'id'])
    .where(sql.ref('enterprise_id'), 'is not', null)
    .execute();
  // One open application per person, type and level (a decided one may be followed by a new one).
  await sql`create unique index application_open_key on application (person_id, certificate_type_code, level)
    where state not in ('approved', 'rejected')`.execute(db);

  await db.schema
    .createTable('application_event')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('application_id', 'bigint', (c) => c.notNull().references('application.id'))
    .addColumn('from_state', 'text', (c) => c.check(sql.raw(`from_state in (${STATES})`)))
    .addColumn('to_state', 'text', (c) => c.notNull().check(sql.raw(`to_state in (${STATES})`)))
    .addColumn('actor_id', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('application_event_application_idx')
    .on('application_event')
    .columns(['application_id', 'id'])
    .execute();
  await makeAppendOnly(db, 'application_event');
}
