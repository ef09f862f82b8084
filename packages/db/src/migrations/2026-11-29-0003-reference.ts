import { type Kysely, sql } from 'kysely';
import { makeAppendOnly } from '../append-only.ts';

/**
 * Reference data (docs/reference-data.md): divisions, industries, certificate types and the
 * layered rule parameters. Tables only — their rows are loaded by the reference-data sync
 * at start-up (apps/server/src/domains/reference/reference.sync.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('division')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^[0-9]{6}$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('level', 'smallint', (c) => c.notNull().check(sql`level in (1, 2, 3)`))
    .addColumn('parent_code', 'text', (c) => c.references('division.code'))
    .addColumn('path', sql`text[]`, (c) => c.notNull())
    .addColumn('abolished_on', 'date')
    .addColumn('successor_code', 'text')
    .addColumn('province_code', 'text', (c) => c.notNull().check(sql`province_code ~ '^[0-9]{2}$'`))
    .execute();
  // Children of a division (the picker's tree, hasChildren).
  await db.schema
    .createIndex('division_parent_idx')
    .on('division')
    .columns(['parent_code', 'code'])
    .execute();

  await db.schema
    .createTable('industry')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('high_risk', 'boolean', (c) => c.notNull())
    .addColumn('high_risk_basis', 'text')
    .addColumn('parent_code', 'text', (c) => c.references('industry.code'))
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('gbt4754_codes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addCheckConstraint('industry_high_risk_basis_check', sql`not high_risk or high_risk_basis is not null`)
    .execute();

  await db.schema
    .createTable('certificate_type')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('code', 'text', (c) => c.notNull().unique().check(sql`code ~ '^[0-9]{2}$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('general', 'industry_special')`))
    .addColumn('industry_code', 'text', (c) => c.references('industry.code'))
    .addColumn('levels', sql`text[]`, (c) => c.notNull().check(sql`cardinality(levels) > 0`))
    .addColumn('modules', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(modules) = 'array'`))
    .addColumn('competency_model', 'jsonb', (c) =>
      c.notNull().check(sql`jsonb_typeof(competency_model) = 'object'`),
    )
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('effective_to', 'date')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('active').check(sql`status in ('active', 'retired')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'certificate_type_effective_check',
      sql`effective_to is null or effective_to >= effective_from`,
    )
    .addCheckConstraint(
      'certificate_type_industry_check',
      sql`(kind = 'general' and industry_code is null) or (kind = 'industry_special' and industry_code is not null)`,
    )
    .execute();

  await db.schema
    .createTable('rule_parameter')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('layer', 'text', (c) => c.notNull().check(sql`layer in ('national', 'industry', 'province')`))
    .addColumn('certificate_type_code', 'text', (c) => c.references('certificate_type.code'))
    .addColumn('level', 'text')
    .addColumn('industry_code', 'text', (c) => c.references('industry.code'))
    .addColumn('division_code', 'text', (c) => c.references('division.code'))
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('effective_to', 'date')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`length(trim(source)) > 0`))
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'rule_parameter_effective_check',
      sql`effective_to is null or effective_to >= effective_from`,
    )
    // The layer says which scope columns may be set (REQ-ORG-2: national → industry → province).
    .addCheckConstraint(
      'rule_parameter_layer_scope_check',
      sql`(layer = 'national' and industry_code is null and division_code is null)
       or (layer = 'industry' and industry_code is not null and division_code is null)
       or (layer = 'province' and division_code is not null)`,
    )
    .execute();
  // One version per scope and start date (the seed insert relies on it: on conflict do nothing). Its
  // leading `key` also serves resolution, which reads every version of one key.
  await sql`create unique index rule_parameter_version_key on rule_parameter (key, layer,
    coalesce(certificate_type_code, ''), coalesce(level, ''), coalesce(industry_code, ''),
    coalesce(division_code, ''), effective_from)`.execute(db);
  await makeAppendOnly(db, 'rule_parameter');
}
