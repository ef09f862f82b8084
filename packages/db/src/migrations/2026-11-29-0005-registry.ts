import { type Kysely, sql } from 'kysely';

/**
 * Registry (docs/registry.md): persons (一人一档) with education, work and training records,
 * enterprises and their staff, training providers / assessment bodies, uploaded documents.
 *
 * Lists page by `id` and filter by division subtree as a code prefix (`like '44%'`); the
 * prefix indexes use `text_pattern_ops` so `like` can use them under any collation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const divisionCheck = (column: string) => sql.raw(`${column} ~ '^[0-9]{6}$'`);

  await db.schema
    .createTable('person')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('user_id', 'bigint', (c) => c.references('app_user.id').unique())
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 100`))
    .addColumn('id_kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`id_kind in ('resident', 'hk-macau-resident-permit', 'taiwan-resident-permit', 'foreign-permanent-resident')`,
        ),
    )
    .addColumn('id_number_enc', 'text', (c) => c.notNull())
    .addColumn('id_number_index', 'text', (c) => c.notNull().unique())
    .addColumn('id_number_masked', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull().check(sql`sex in ('male', 'female')`))
    .addColumn('birth_date', 'date', (c) => c.notNull())
    .addColumn('phone_enc', 'text')
    .addColumn('phone_masked', 'text')
    .addColumn('division_code', 'text', (c) => c.notNull().check(divisionCheck('division_code')))
    .addColumn('province_code', 'text', (c) => c.notNull().check(sql`province_code ~ '^[0-9]{2}$'`))
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('person_phone_check', sql`(phone_enc is null) = (phone_masked is null)`)
    .execute();
  // Regulator lists: division subtree (prefix), paged by id.
  await sql`create index person_division_idx on person (division_code text_pattern_ops, id)`.execute(db);
  // Name prefix search.
  await sql`create index person_name_idx on person (name text_pattern_ops, id)`.execute(db);

  await db.schema
    .createTable('person_education')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id'))
    .addColumn('level', 'text', (c) =>
      c.notNull().check(sql`level in ('high_school', 'junior_college', 'bachelor', 'master', 'doctor')`),
    )
    .addColumn('major', 'text', (c) => c.notNull())
    .addColumn('safety_related', 'boolean', (c) => c.notNull())
    .addColumn('school', 'text', (c) => c.notNull())
    .addColumn('graduated_on', 'date', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('person_education_person_idx')
    .on('person_education')
    .columns(['person_id', 'id'])
    .execute();

  await db.schema
    .createTable('person_work')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id'))
    .addColumn('employer_name', 'text', (c) => c.notNull())
    .addColumn('employer_credit_code', 'text')
    .addColumn('post', 'text', (c) => c.notNull())
    .addColumn('safety_management', 'boolean', (c) => c.notNull())
    .addColumn('started_on', 'date', (c) => c.notNull())
    .addColumn('ended_on', 'date')
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('person_work_period_check', sql`ended_on is null or ended_on >= started_on`)
    .execute();
  await db.schema
    .createIndex('person_work_person_idx')
    .on('person_work')
    .columns(['person_id', 'id'])
    .execute();

  await db.schema
    .createTable('person_training')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('course', 'text', (c) => c.notNull())
    .addColumn('hours', sql`numeric(6, 1)`, (c) => c.notNull().check(sql`hours > 0`))
    .addColumn('completed_on', 'date', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('person_training_person_idx')
    .on('person_training')
    .columns(['person_id', 'id'])
    .execute();

  await db.schema
    .createTable('enterprise')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('credit_code', 'text', (c) => c.notNull().unique().check(sql`credit_code ~ '^[0-9A-Z]{18}$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('industry_code', 'text', (c) => c.notNull().references('industry.code'))
    .addColumn('division_code', 'text', (c) => c.notNull().check(divisionCheck('division_code')))
    .addColumn('province_code', 'text', (c) => c.notNull().check(sql`province_code ~ '^[0-9]{2}$'`))
    .addColumn('employee_count', 'integer', (c) => c.notNull().check(sql`employee_count >= 0`))
    .addColumn('high_risk', 'boolean', (c) => c.notNull())
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone_enc', 'text')
    .addColumn('contact_phone_masked', 'text')
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index enterprise_division_idx on enterprise (division_code text_pattern_ops, id)`.execute(
    db,
  );
  await sql`create index enterprise_name_idx on enterprise (name text_pattern_ops, id)`.execute(db);
  await db.schema
    .createIndex('enterprise_industry_idx')
    .on('enterprise')
    .columns(['industry_code', 'id'])
    .execute();
  // High-risk enterprises are the ones inspections target (a minority): a partial index.
  await sql`create index enterprise_high_risk_idx on enterprise (division_code text_pattern_ops, id) where high_risk`.execute(
    db,
  );

  await db.schema
    .createTable('enterprise_staff')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('enterprise_id', 'bigint', (c) => c.notNull().references('enterprise.id'))
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id'))
    .addColumn('post', 'text', (c) => c.notNull())
    .addColumn('safety_management', 'boolean', (c) => c.notNull())
    .addColumn('full_time', 'boolean', (c) => c.notNull())
    .addColumn('started_on', 'date', (c) => c.notNull())
    .addColumn('ended_on', 'date')
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('enterprise_staff_period_check', sql`ended_on is null or ended_on >= started_on`)
    .execute();
  // One current employment of a person at an enterprise; the staff list pages by id.
  await sql`create unique index enterprise_staff_current_key on enterprise_staff (enterprise_id, person_id)
    where ended_on is null`.execute(db);
  await db.schema
    .createIndex('enterprise_staff_enterprise_idx')
    .on('enterprise_staff')
    .columns(['enterprise_id', 'id'])
    .execute();
  await db.schema
    .createIndex('enterprise_staff_person_idx')
    .on('enterprise_staff')
    .columns(['person_id', 'enterprise_id'])
    .execute();

  await db.schema
    .createTable('organisation')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('training_provider', 'assessment_body')`),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'text', (c) => c.notNull().check(sql`credit_code ~ '^[0-9A-Z]{18}$'`))
    .addColumn('division_code', 'text', (c) => c.notNull().check(divisionCheck('division_code')))
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One organisation may be both a training provider and an assessment body.
  await db.schema
    .createIndex('organisation_credit_kind_key')
    .on('organisation')
    .columns(['credit_code', 'kind'])
    .unique()
    .execute();
  await sql`create index organisation_division_idx on organisation (division_code text_pattern_ops, id)`.execute(
    db,
  );
  await db.schema.createIndex('organisation_kind_idx').on('organisation').columns(['kind', 'id']).execute();

  await db.schema
    .createTable('document')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('sha256', 'text', (c) => c.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('media_type', 'text', (c) =>
      c.notNull().check(sql`media_type in ('application/pdf', 'image/jpeg', 'image/png')`),
    )
    .addColumn('size_bytes', 'bigint', (c) => c.notNull().check(sql`size_bytes > 0`))
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('owner_type', 'text', (c) => c.notNull().check(sql`owner_type in ('person', 'application')`))
    .addColumn('owner_id', 'bigint', (c) => c.notNull())
    .addColumn('uploaded_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('document_owner_idx')
    .on('document')
    .columns(['owner_type', 'owner_id', 'id'])
    .execute();
  await db.schema.createIndex('document_sha256_idx').on('document').columns(['sha256']).execute();
}
