import type {
  CertificateTypeTable,
  Database,
  IndustryTable,
  JsonValue,
  RuleParameterTable,
} from '@anzheng/db';
import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';

export type IndustryRow = Selectable<IndustryTable>;
export type CertificateTypeRow = Selectable<CertificateTypeTable>;
export type RuleParameterRow = Selectable<RuleParameterTable>;

/** jsonb parameters go in as JSON text: node-postgres would send a JS array as a PostgreSQL array. */
function jsonb(value: JsonValue) {
  return sql<JsonValue>`${JSON.stringify(value)}::jsonb`;
}

function certificateTypeValues(row: Insertable<CertificateTypeTable>) {
  return { ...row, modules: jsonb(row.modules), competency_model: jsonb(row.competency_model) };
}

function ruleParameterValues(row: Insertable<RuleParameterTable>) {
  return { ...row, value: jsonb(row.value) };
}

// --- system_setting (the reference-data version) -------------------------------------------

export async function readSetting(db: Kysely<Database>, key: string): Promise<JsonValue | undefined> {
  const row = await db.selectFrom('system_setting').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function writeSetting(trx: Kysely<Database>, key: string, value: JsonValue): Promise<void> {
  await trx
    .insertInto('system_setting')
    .values({ key, value: jsonb(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: jsonb(value), updated_at: sql`now()` }))
    .execute();
}

/** Serializes concurrent start-ups on PostgreSQL (several server processes, one database). */
export async function lockReferenceSync(trx: Kysely<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${0x726566})`.execute(trx); // 'ref'
}

// --- industries ------------------------------------------------------------------------------

/** Seed industries are authoritative: inserted or updated; unchanged rows are not rewritten. */
export async function upsertIndustries(
  trx: Kysely<Database>,
  rows: Insertable<IndustryTable>[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await trx
    .insertInto('industry')
    .values(rows)
    .onConflict((oc) =>
      oc
        .column('code')
        .doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          high_risk: eb.ref('excluded.high_risk'),
          high_risk_basis: eb.ref('excluded.high_risk_basis'),
          parent_code: eb.ref('excluded.parent_code'),
          sort: eb.ref('excluded.sort'),
          gbt4754_codes: eb.ref('excluded.gbt4754_codes'),
        }))
        .where(
          sql<boolean>`(industry.name, industry.high_risk, industry.high_risk_basis, industry.parent_code,
            industry.sort, industry.gbt4754_codes) is distinct from (excluded.name, excluded.high_risk,
            excluded.high_risk_basis, excluded.parent_code, excluded.sort, excluded.gbt4754_codes)`,
        ),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

export async function listIndustries(db: Kysely<Database>): Promise<IndustryRow[]> {
  return db.selectFrom('industry').selectAll().orderBy('sort').orderBy('code').execute();
}

export async function findIndustry(db: Kysely<Database>, code: string): Promise<IndustryRow | undefined> {
  return db.selectFrom('industry').selectAll().where('code', '=', code).executeTakeFirst();
}

// --- certificate types -----------------------------------------------------------------------

/** Seed types are inserted only when their code is free: API edits are never overwritten. */
export async function insertMissingCertificateTypes(
  trx: Kysely<Database>,
  rows: Insertable<CertificateTypeTable>[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await trx
    .insertInto('certificate_type')
    .values(rows.map(certificateTypeValues))
    .onConflict((oc) => oc.column('code').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

export async function listCertificateTypes(db: Kysely<Database>): Promise<CertificateTypeRow[]> {
  return db.selectFrom('certificate_type').selectAll().orderBy('code').execute();
}

export async function findCertificateType(
  db: Kysely<Database>,
  code: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CertificateTypeRow | undefined> {
  return db
    .selectFrom('certificate_type')
    .selectAll()
    .where('code', '=', code)
    .$if(opts.forUpdate === true, (q) => q.forUpdate())
    .executeTakeFirst();
}

/** Inserts a type; undefined when the code is taken (so the service answers 409, not 500). */
export async function insertCertificateType(
  trx: Kysely<Database>,
  row: Insertable<CertificateTypeTable>,
): Promise<CertificateTypeRow | undefined> {
  return trx
    .insertInto('certificate_type')
    .values(certificateTypeValues(row))
    .onConflict((oc) => oc.column('code').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function updateCertificateType(
  trx: Kysely<Database>,
  code: string,
  changes: Updateable<CertificateTypeTable>,
): Promise<CertificateTypeRow> {
  return trx
    .updateTable('certificate_type')
    .set({
      ...changes,
      ...(changes.modules !== undefined ? { modules: jsonb(changes.modules) } : {}),
      ...(changes.competency_model !== undefined
        ? { competency_model: jsonb(changes.competency_model) }
        : {}),
      updated_at: sql`now()`,
    })
    .where('code', '=', code)
    .returningAll()
    .executeTakeFirstOrThrow();
}

// --- rule parameters -------------------------------------------------------------------------

/** Seed versions are inserted once; a version already present (same scope and date) is kept. */
export async function insertMissingRuleParameters(
  trx: Kysely<Database>,
  rows: Insertable<RuleParameterTable>[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await trx
    .insertInto('rule_parameter')
    .values(rows.map(ruleParameterValues))
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

export async function insertRuleParameter(
  trx: Kysely<Database>,
  row: Insertable<RuleParameterTable>,
): Promise<RuleParameterRow | undefined> {
  return trx
    .insertInto('rule_parameter')
    .values(ruleParameterValues(row))
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export interface RuleScopeKey {
  key: string;
  layer: string;
  certificateTypeCode: string | null;
  level: string | null;
  industryCode: string | null;
  divisionCode: string | null;
}

/** The latest version of exactly this scope (every scope column equal, nulls included). */
export async function findLatestRuleVersion(
  db: Kysely<Database>,
  scope: RuleScopeKey,
): Promise<RuleParameterRow | undefined> {
  const eqOrNull = <C extends 'certificate_type_code' | 'level' | 'industry_code' | 'division_code'>(
    column: C,
    value: string | null,
  ) =>
    value === null ? sql<boolean>`${sql.ref(column)} is null` : sql<boolean>`${sql.ref(column)} = ${value}`;
  return db
    .selectFrom('rule_parameter')
    .selectAll()
    .where('key', '=', scope.key)
    .where('layer', '=', scope.layer)
    .where(eqOrNull('certificate_type_code', scope.certificateTypeCode))
    .where(eqOrNull('level', scope.level))
    .where(eqOrNull('industry_code', scope.industryCode))
    .where(eqOrNull('division_code', scope.divisionCode))
    .orderBy('effective_from', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every version of `key` in force at `at` (the candidates of resolution). */
export async function listRuleVersionsInForce(
  db: Kysely<Database>,
  key: string,
  at: string,
): Promise<RuleParameterRow[]> {
  return db
    .selectFrom('rule_parameter')
    .selectAll()
    .where('key', '=', key)
    .where('effective_from', '<=', at)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', at)]))
    .execute();
}

export interface RuleParameterFilter {
  key?: string | undefined;
  layer?: string | undefined;
  /** Rows that apply to this value: the value itself or unset (= all). */
  certificateTypeCode?: string | undefined;
  level?: string | undefined;
  industryCode?: string | undefined;
  /** Codes whose rows apply: the division and its ancestors. */
  divisionCodes?: readonly string[] | undefined;
  at?: string | undefined;
  afterId?: number | undefined;
  limit: number;
}

export async function listRuleParameters(
  db: Kysely<Database>,
  f: RuleParameterFilter,
): Promise<RuleParameterRow[]> {
  const appliesTo = <C extends 'certificate_type_code' | 'level' | 'industry_code'>(
    column: C,
    value: string,
  ) => sql<boolean>`(${sql.ref(column)} is null or ${sql.ref(column)} = ${value})`;
  let q = db.selectFrom('rule_parameter').selectAll().orderBy('id').limit(f.limit);
  if (f.key) q = q.where('key', '=', f.key);
  if (f.layer) q = q.where('layer', '=', f.layer);
  if (f.certificateTypeCode) q = q.where(appliesTo('certificate_type_code', f.certificateTypeCode));
  if (f.level) q = q.where(appliesTo('level', f.level));
  if (f.industryCode) q = q.where(appliesTo('industry_code', f.industryCode));
  if (f.divisionCodes) {
    const codes = [...f.divisionCodes];
    q = q.where((eb) => eb.or([eb('division_code', 'is', null), eb('division_code', 'in', codes)]));
  }
  if (f.at) {
    const at = f.at;
    q = q
      .where('effective_from', '<=', at)
      .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', at)]));
  }
  if (f.afterId !== undefined) q = q.where('id', '>', f.afterId);
  return q.execute();
}
