import type {
  Database,
  DocumentTable,
  EnterpriseStaffTable,
  EnterpriseTable,
  OrganisationTable,
  PersonEducationTable,
  PersonTable,
  PersonTrainingTable,
  PersonWorkTable,
} from '@anzheng/db';
import type { ExpressionBuilder, Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { divisionPrefix } from '../identity/identity.repository.ts';
import type { ReadScope } from './registry.policy.ts';

export type PersonRow = Selectable<PersonTable>;
export type EducationRow = Selectable<PersonEducationTable>;
export type WorkRow = Selectable<PersonWorkTable>;
export type TrainingRow = Selectable<PersonTrainingTable>;
export type EnterpriseRow = Selectable<EnterpriseTable>;
export type StaffRow = Selectable<EnterpriseStaffTable>;
export type OrganisationRow = Selectable<OrganisationTable>;
export type DocumentRow = Selectable<DocumentTable>;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** Prefixes for `like 'pp%'`; undefined when one scope is national (no restriction). */
function prefixesOf(scopes: string[]): string[] | undefined {
  const prefixes = scopes.map(divisionPrefix);
  return prefixes.includes('') ? undefined : prefixes;
}

// ---- persons ----------------------------------------------------------------------------

export async function findPersonByPublicId(db: Kysely<Database>, publicId: string) {
  return db.selectFrom('person').selectAll().where('public_id', '=', publicId).executeTakeFirst();
}

export async function findPersonById(db: Kysely<Database>, id: number) {
  return db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPersonByIdIndex(db: Kysely<Database>, idNumberIndex: string) {
  return db.selectFrom('person').selectAll().where('id_number_index', '=', idNumberIndex).executeTakeFirst();
}

export async function findPersonByUserId(db: Kysely<Database>, userId: number) {
  return db.selectFrom('person').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function insertPerson(db: Kysely<Database>, row: Insertable<PersonTable>): Promise<PersonRow> {
  return db.insertInto('person').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updatePerson(
  db: Kysely<Database>,
  id: number,
  patch: Updateable<PersonTable>,
): Promise<PersonRow> {
  return db
    .updateTable('person')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Credit codes of the enterprises where each person is current staff. */
export async function listEmployerCodes(
  db: Kysely<Database>,
  personIds: number[],
): Promise<Map<number, string[]>> {
  const result = new Map<number, string[]>();
  if (personIds.length === 0) return result;
  const rows = await db
    .selectFrom('enterprise_staff as s')
    .innerJoin('enterprise as e', 'e.id', 's.enterprise_id')
    .select(['s.person_id', 'e.credit_code'])
    .where('s.person_id', 'in', personIds)
    .where('s.ended_on', 'is', null)
    .execute();
  for (const r of rows) result.set(r.person_id, [...(result.get(r.person_id) ?? []), r.credit_code]);
  return result;
}

function personInScope(eb: ExpressionBuilder<Database, 'person'>, scope: ReadScope) {
  const branches = [];
  if (scope.divisionScopes.length > 0) {
    const prefixes = prefixesOf(scope.divisionScopes);
    if (!prefixes) return eb.lit(true);
    for (const p of prefixes) branches.push(eb('person.division_code', 'like', `${p}%`));
  }
  if (scope.enterpriseCodes.length > 0) {
    const codes = scope.enterpriseCodes;
    branches.push(
      eb.exists(
        eb
          .selectFrom('enterprise_staff as s')
          .innerJoin('enterprise as e', 'e.id', 's.enterprise_id')
          .select('s.id')
          .whereRef('s.person_id', '=', 'person.id')
          .where('s.ended_on', 'is', null)
          .where('e.credit_code', 'in', codes),
      ),
    );
  }
  if (scope.holderUserId !== null) branches.push(eb('person.user_id', '=', scope.holderUserId));
  return branches.length > 0 ? eb.or(branches) : eb.lit(false);
}

export interface PersonListFilter {
  scope: ReadScope;
  /** Name prefix (person_name_idx). */
  name?: string | undefined;
  /** Division subtree (person_division_idx). */
  divisionCode?: string | undefined;
  /** Exact identity number, as its blind index (the unique index). */
  idNumberIndex?: string | undefined;
  afterId?: number | undefined;
  limit: number;
}

export async function listPersons(db: Kysely<Database>, f: PersonListFilter): Promise<PersonRow[]> {
  return listPersonsQuery(db, f).execute();
}

/** The list query itself (tests check its plan uses the indexes). */
export function listPersonsQuery(db: Kysely<Database>, f: PersonListFilter) {
  let q = db
    .selectFrom('person')
    .selectAll()
    .where((eb) => personInScope(eb, f.scope))
    .orderBy('id')
    .limit(f.limit);
  if (f.afterId !== undefined) q = q.where('id', '>', f.afterId);
  if (f.name) q = q.where('name', 'like', `${escapeLike(f.name)}%`);
  if (f.divisionCode) {
    const p = divisionPrefix(f.divisionCode);
    if (p) q = q.where('division_code', 'like', `${p}%`);
  }
  if (f.idNumberIndex) q = q.where('id_number_index', '=', f.idNumberIndex);
  return q;
}

export async function listEducation(db: Kysely<Database>, personId: number) {
  return db
    .selectFrom('person_education')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('id')
    .execute();
}

export async function listWork(db: Kysely<Database>, personId: number) {
  return db.selectFrom('person_work').selectAll().where('person_id', '=', personId).orderBy('id').execute();
}

export async function listTraining(db: Kysely<Database>, personId: number) {
  return db
    .selectFrom('person_training')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('id')
    .execute();
}

export async function insertEducation(db: Kysely<Database>, row: Insertable<PersonEducationTable>) {
  return db.insertInto('person_education').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertWork(db: Kysely<Database>, row: Insertable<PersonWorkTable>) {
  return db.insertInto('person_work').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertTraining(db: Kysely<Database>, row: Insertable<PersonTrainingTable>) {
  return db.insertInto('person_training').values(row).returningAll().executeTakeFirstOrThrow();
}

// ---- enterprises ------------------------------------------------------------------------

export async function findEnterpriseByPublicId(db: Kysely<Database>, publicId: string) {
  return db.selectFrom('enterprise').selectAll().where('public_id', '=', publicId).executeTakeFirst();
}

export async function findEnterpriseById(db: Kysely<Database>, id: number) {
  return db.selectFrom('enterprise').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findEnterpriseByCreditCode(db: Kysely<Database>, creditCode: string) {
  return db.selectFrom('enterprise').selectAll().where('credit_code', '=', creditCode).executeTakeFirst();
}

export async function insertEnterprise(
  db: Kysely<Database>,
  row: Insertable<EnterpriseTable>,
): Promise<EnterpriseRow> {
  return db.insertInto('enterprise').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateEnterprise(
  db: Kysely<Database>,
  id: number,
  patch: Updateable<EnterpriseTable>,
): Promise<EnterpriseRow> {
  return db
    .updateTable('enterprise')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findIndustry(db: Kysely<Database>, code: string) {
  return db
    .selectFrom('industry')
    .select(['code', 'name', 'high_risk'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function industryNames(db: Kysely<Database>, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('industry').select(['code', 'name']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

export interface EnterpriseListFilter {
  scope: ReadScope;
  name?: string | undefined;
  creditCode?: string | undefined;
  divisionCode?: string | undefined;
  industryCode?: string | undefined;
  highRisk?: boolean | undefined;
  afterId?: number | undefined;
  limit: number;
}

export async function listEnterprises(
  db: Kysely<Database>,
  f: EnterpriseListFilter,
): Promise<EnterpriseRow[]> {
  return listEnterprisesQuery(db, f).execute();
}

export function listEnterprisesQuery(db: Kysely<Database>, f: EnterpriseListFilter) {
  let q = db
    .selectFrom('enterprise')
    .selectAll()
    .where((eb) => {
      const branches = [];
      if (f.scope.divisionScopes.length > 0) {
        const prefixes = prefixesOf(f.scope.divisionScopes);
        if (!prefixes) return eb.lit(true);
        for (const p of prefixes) branches.push(eb('division_code', 'like', `${p}%`));
      }
      if (f.scope.enterpriseCodes.length > 0) branches.push(eb('credit_code', 'in', f.scope.enterpriseCodes));
      return branches.length > 0 ? eb.or(branches) : eb.lit(false);
    })
    .orderBy('id')
    .limit(f.limit);
  if (f.afterId !== undefined) q = q.where('id', '>', f.afterId);
  if (f.name) q = q.where('name', 'like', `${escapeLike(f.name)}%`);
  if (f.creditCode) q = q.where('credit_code', '=', f.creditCode);
  if (f.divisionCode) {
    const p = divisionPrefix(f.divisionCode);
    if (p) q = q.where('division_code', 'like', `${p}%`);
  }
  if (f.industryCode) q = q.where('industry_code', '=', f.industryCode);
  if (f.highRisk !== undefined) q = q.where('high_risk', '=', f.highRisk);
  return q;
}

export async function findCurrentStaff(db: Kysely<Database>, enterpriseId: number, personId: number) {
  return db
    .selectFrom('enterprise_staff')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('person_id', '=', personId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
}

export async function insertStaff(db: Kysely<Database>, row: Insertable<EnterpriseStaffTable>) {
  return db.insertInto('enterprise_staff').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listStaff(
  db: Kysely<Database>,
  f: { enterpriseId: number; currentOnly: boolean; afterId?: number | undefined; limit: number },
): Promise<StaffRow[]> {
  let q = db
    .selectFrom('enterprise_staff')
    .selectAll()
    .where('enterprise_id', '=', f.enterpriseId)
    .orderBy('id')
    .limit(f.limit);
  if (f.currentOnly) q = q.where('ended_on', 'is', null);
  if (f.afterId !== undefined) q = q.where('id', '>', f.afterId);
  return q.execute();
}

export async function findPersonsByIds(db: Kysely<Database>, ids: number[]): Promise<Map<number, PersonRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('person').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

// ---- organisations ----------------------------------------------------------------------

export async function findOrganisationByPublicId(db: Kysely<Database>, publicId: string) {
  return db.selectFrom('organisation').selectAll().where('public_id', '=', publicId).executeTakeFirst();
}

export async function findOrganisation(db: Kysely<Database>, creditCode: string, kind: string) {
  return db
    .selectFrom('organisation')
    .selectAll()
    .where('credit_code', '=', creditCode)
    .where('kind', '=', kind)
    .executeTakeFirst();
}

export async function insertOrganisation(db: Kysely<Database>, row: Insertable<OrganisationTable>) {
  return db.insertInto('organisation').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateOrganisation(
  db: Kysely<Database>,
  id: number,
  patch: Updateable<OrganisationTable>,
) {
  return db
    .updateTable('organisation')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listOrganisations(
  db: Kysely<Database>,
  f: {
    kind?: string | undefined;
    divisionCode?: string | undefined;
    afterId?: number | undefined;
    limit: number;
  },
): Promise<OrganisationRow[]> {
  let q = db.selectFrom('organisation').selectAll().orderBy('id').limit(f.limit);
  if (f.afterId !== undefined) q = q.where('id', '>', f.afterId);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.divisionCode) {
    const p = divisionPrefix(f.divisionCode);
    if (p) q = q.where('division_code', 'like', `${p}%`);
  }
  return q.execute();
}

// ---- documents --------------------------------------------------------------------------

export async function insertDocument(
  db: Kysely<Database>,
  row: Insertable<DocumentTable>,
): Promise<DocumentRow> {
  return db.insertInto('document').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findDocumentByPublicId(db: Kysely<Database>, publicId: string) {
  return db.selectFrom('document').selectAll().where('public_id', '=', publicId).executeTakeFirst();
}

export async function listDocumentsOf(db: Kysely<Database>, ownerType: string, ownerId: number) {
  return db
    .selectFrom('document')
    .selectAll()
    .where('owner_type', '=', ownerType)
    .where('owner_id', '=', ownerId)
    .orderBy('id')
    .execute();
}
