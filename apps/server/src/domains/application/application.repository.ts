import type {
  ApplicationEventTable,
  ApplicationTable,
  Database,
  EligibilityRuleTable,
  HeldCertificateTable,
  JsonValue,
  PersonSanctionTable,
} from '@anzheng/db';
import {
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type Selectable,
  sql,
  type Updateable,
} from 'kysely';
import { divisionPrefix } from '../identity/identity.repository.ts';

/** Queries only (CONVENTIONS): the application domain's tables, and the registry facts eligibility reads. */

export type EligibilityRuleDbRow = Selectable<EligibilityRuleTable>;
export type HeldCertificateRow = Selectable<HeldCertificateTable>;
export type SanctionRow = Selectable<PersonSanctionTable>;
export type ApplicationRow = Selectable<ApplicationTable>;
export type ApplicationEventRow = Selectable<ApplicationEventTable>;

/** jsonb goes in as JSON text: node-postgres would send a JS array as a PostgreSQL array. */
export function jsonb(value: JsonValue) {
  return sql<JsonValue>`${JSON.stringify(value)}::jsonb`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

// ---- reference data ----------------------------------------------------------------------

export async function listEligibilityRulesInForce(db: Kysely<Database>, at: string) {
  return db
    .selectFrom('eligibility_rule')
    .selectAll()
    .where('effective_from', '<=', at)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', at)]))
    .orderBy('id')
    .execute();
}

/** code → parent code of every industry (a few dozen rows). */
export async function industryParents(db: Kysely<Database>): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('industry').select(['code', 'parent_code']).execute();
  return new Map(rows.map((r) => [r.code, r.parent_code]));
}

export async function findCertificateType(db: Kysely<Database>, code: string) {
  return db
    .selectFrom('certificate_type')
    .select(['code', 'name', 'levels', 'industry_code', 'status'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function certificateTypeNames(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('certificate_type').select(['code', 'name']).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

// ---- eligibility facts (registry tables + held certificates + sanctions) -----------------

export async function loadEligibilityFacts(db: Kysely<Database>, personId: number) {
  // Sequential on purpose: inside a transaction PGlite has one connection.
  const education = await db
    .selectFrom('person_education')
    .select(['level', 'graduated_on'])
    .where('person_id', '=', personId)
    .execute();
  const work = await db
    .selectFrom('person_work')
    .select(['safety_management', 'started_on', 'ended_on'])
    .where('person_id', '=', personId)
    .execute();
  const training = await db
    .selectFrom('person_training')
    .select(['hours', 'completed_on'])
    .where('person_id', '=', personId)
    .execute();
  // Certificates issued here (valid ones) and the legacy held_certificate rows of 0007.
  const issued = await db
    .selectFrom('certificate')
    .select(['certificate_type_code', 'level', 'first_issued_on as issued_on', 'status'])
    .where('person_id', '=', personId)
    .where('status', '=', 'valid')
    .where('valid_until', '>=', sql<string>`current_date`)
    .execute();
  const legacy = await db
    .selectFrom('held_certificate')
    .select(['certificate_type_code', 'level', 'issued_on', 'status'])
    .where('person_id', '=', personId)
    .execute();
  const certificates = [...issued, ...legacy];
  const sanctions = await listSanctions(db, personId);
  return { education, work, training, certificates, sanctions };
}

export async function insertHeldCertificates(db: Kysely<Database>, rows: Insertable<HeldCertificateTable>[]) {
  if (rows.length === 0) return;
  await db.insertInto('held_certificate').values(rows).execute();
}

export async function insertSanction(db: Kysely<Database>, row: Insertable<PersonSanctionTable>) {
  return db.insertInto('person_sanction').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listSanctions(db: Kysely<Database>, personId: number) {
  return db
    .selectFrom('person_sanction')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('id')
    .execute();
}

// ---- persons and enterprises (read-only views of registry rows) --------------------------

export async function findPersonBrief(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('person')
    .select(['id', 'public_id', 'user_id', 'name', 'id_number_masked', 'sex', 'birth_date', 'division_code'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Credit codes of the enterprises where the person is current staff. */
export async function employerCodes(db: Kysely<Database>, personId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('enterprise_staff as s')
    .innerJoin('enterprise as e', 'e.id', 's.enterprise_id')
    .select('e.credit_code')
    .where('s.person_id', '=', personId)
    .where('s.ended_on', 'is', null)
    .execute();
  return rows.map((r) => r.credit_code);
}

/** The enterprise among `creditCodes` where the person is current staff. */
export async function findCurrentEmployer(db: Kysely<Database>, personId: number, creditCodes: string[]) {
  if (creditCodes.length === 0) return undefined;
  return db
    .selectFrom('enterprise_staff as s')
    .innerJoin('enterprise as e', 'e.id', 's.enterprise_id')
    .select(['e.id', 'e.public_id', 'e.credit_code', 'e.division_code', 'e.industry_code'])
    .where('s.person_id', '=', personId)
    .where('s.ended_on', 'is', null)
    .where('e.credit_code', 'in', creditCodes)
    .orderBy('s.id')
    .executeTakeFirst();
}

export async function findEnterpriseBrief(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('enterprise')
    .select(['id', 'public_id', 'credit_code'])
    .where('id', '=', id)
    .executeTakeFirst();
}

// ---- applications -------------------------------------------------------------------------

export async function insertApplication(db: Kysely<Database>, row: Insertable<ApplicationTable>) {
  const { school_enrolment, eligibility, ...rest } = row;
  return db
    .insertInto('application')
    .values({
      ...rest,
      school_enrolment: school_enrolment ? jsonb(school_enrolment) : null,
      eligibility: eligibility ? jsonb(eligibility) : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findApplicationByPublicId(db: Kysely<Database>, publicId: string) {
  return db.selectFrom('application').selectAll().where('public_id', '=', publicId).executeTakeFirst();
}

export async function findApplicationById(db: Kysely<Database>, id: number) {
  return db.selectFrom('application').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The row locked for a state change (serialises concurrent transitions). */
export async function getApplicationForUpdate(trx: Kysely<Database>, id: number) {
  return trx.selectFrom('application').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}

export async function updateApplication(
  trx: Kysely<Database>,
  id: number,
  patch: Omit<Updateable<ApplicationTable>, 'eligibility'> & { eligibility?: JsonValue },
) {
  const { eligibility, ...rest } = patch;
  return trx
    .updateTable('application')
    .set({
      ...rest,
      ...(eligibility !== undefined ? { eligibility: jsonb(eligibility) } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertEvent(db: Kysely<Database>, row: Insertable<ApplicationEventTable>) {
  await db.insertInto('application_event').values(row).execute();
}

export async function listEvents(db: Kysely<Database>, applicationId: number) {
  return db
    .selectFrom('application_event')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
}

export async function listApplicationDocuments(db: Kysely<Database>, applicationId: number) {
  return db
    .selectFrom('document')
    .selectAll()
    .where('owner_type', '=', 'application')
    .where('owner_id', '=', applicationId)
    .orderBy('id')
    .execute();
}

/** What a list may return for the caller: the SQL counterpart of the policy's `read`. */
export interface ApplicationReadScope {
  /** Regulator (officer/approver) subtrees. */
  divisionScopes: string[];
  /** Enterprises of the caller's enterprise roles. */
  enterpriseCodes: string[];
  /** The holder's own user id. */
  holderUserId: number | null;
}

export interface ApplicationListFilter {
  scope: ApplicationReadScope;
  divisionCode?: string | undefined;
  certificateTypeCode?: string | undefined;
  level?: string | undefined;
  state?: string | undefined;
  personId?: number | undefined;
  /** Created on or after (Beijing date). */
  from?: string | undefined;
  /** Created on or before (Beijing date). */
  to?: string | undefined;
  beforeId?: number | undefined;
  limit: number;
}

function inScope(
  eb: ExpressionBuilder<Database & { a: ApplicationTable }, 'a'>,
  scope: ApplicationReadScope,
) {
  const branches = [];
  if (scope.divisionScopes.length > 0) {
    const prefixes = scope.divisionScopes.map(divisionPrefix);
    if (prefixes.includes('')) return eb.lit(true);
    for (const p of prefixes) branches.push(eb('a.division_code', 'like', `${escapeLike(p)}%`));
  }
  if (scope.enterpriseCodes.length > 0) {
    const codes = scope.enterpriseCodes;
    branches.push(
      eb(
        'a.enterprise_id',
        'in',
        eb.selectFrom('enterprise as e').select('e.id').where('e.credit_code', 'in', codes),
      ),
    );
    branches.push(
      eb.exists(
        eb
          .selectFrom('enterprise_staff as s')
          .innerJoin('enterprise as e2', 'e2.id', 's.enterprise_id')
          .select('s.id')
          .whereRef('s.person_id', '=', 'a.person_id')
          .where('s.ended_on', 'is', null)
          .where('e2.credit_code', 'in', codes),
      ),
    );
  }
  if (scope.holderUserId !== null) {
    const userId = scope.holderUserId;
    branches.push(
      eb('a.person_id', 'in', eb.selectFrom('person as hp').select('hp.id').where('hp.user_id', '=', userId)),
    );
  }
  return branches.length > 0 ? eb.or(branches) : eb.lit(false);
}

/** Newest first, paged by id; joined with the person and enterprise for the list view. */
export function listApplicationsQuery(db: Kysely<Database>, f: ApplicationListFilter) {
  let q = db
    .selectFrom('application as a')
    .innerJoin('person as p', 'p.id', 'a.person_id')
    .leftJoin('enterprise as e', 'e.id', 'a.enterprise_id')
    .selectAll('a')
    .select([
      'p.public_id as person_public_id',
      'p.name as person_name',
      'p.id_number_masked as person_id_number_masked',
      'p.sex as person_sex',
      'p.birth_date as person_birth_date',
      'p.division_code as person_division_code',
      'e.public_id as enterprise_public_id',
    ])
    .where((eb) => inScope(eb, f.scope))
    .orderBy('a.id', 'desc')
    .limit(f.limit);
  if (f.beforeId !== undefined) q = q.where('a.id', '<', f.beforeId);
  if (f.state) q = q.where('a.state', '=', f.state);
  if (f.certificateTypeCode) q = q.where('a.certificate_type_code', '=', f.certificateTypeCode);
  if (f.level) q = q.where('a.level', '=', f.level);
  if (f.personId !== undefined) q = q.where('a.person_id', '=', f.personId);
  if (f.divisionCode) {
    const p = divisionPrefix(f.divisionCode);
    if (p) q = q.where('a.division_code', 'like', `${escapeLike(p)}%`);
  }
  // Dates are Beijing dates (DESIGN §3).
  if (f.from)
    q = q.where('a.created_at', '>=', sql<Date>`(${f.from}::date)::timestamp at time zone 'Asia/Shanghai'`);
  if (f.to)
    q = q.where('a.created_at', '<', sql<Date>`(${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`);
  return q;
}

export type ApplicationListRow = Awaited<
  ReturnType<ReturnType<typeof listApplicationsQuery>['execute']>
>[number];

export async function listApplications(db: Kysely<Database>, f: ApplicationListFilter) {
  return listApplicationsQuery(db, f).execute();
}

export async function findApplicationListRow(db: Kysely<Database>, id: number) {
  return listApplicationsQuery(db, {
    scope: { divisionScopes: ['000000'], enterpriseCodes: [], holderUserId: null },
    limit: 1,
  })
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export async function findPersonByPublicId(db: Kysely<Database>, publicId: string) {
  return db.selectFrom('person').select(['id']).where('public_id', '=', publicId).executeTakeFirst();
}
