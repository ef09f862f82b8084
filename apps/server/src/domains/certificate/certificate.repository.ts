import type {
  CertificateEventTable,
  CertificateTable,
  Database,
  JsonValue,
  SigningKeyTable,
} from '@anzheng/db';
import { type ExpressionBuilder, type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import { divisionPrefix } from '../identity/identity.repository.ts';

/** Queries only (CONVENTIONS): certificates, their events, serials, status lists, keys, trust lists. */

/** jsonb goes in as JSON text: node-postgres would send a JS array as a PostgreSQL array. */
export function jsonb(value: JsonValue) {
  return sql<JsonValue>`${JSON.stringify(value)}::jsonb`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

// ---- keys and trust list -----------------------------------------------------------------

export async function existingKeyIds(db: Kysely<Database>, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('signing_key').select('id').where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

export async function findActiveKey(
  db: Kysely<Database>,
  purpose: string,
  issuerCode: string | null,
  suite: string,
) {
  let q = db
    .selectFrom('signing_key')
    .selectAll()
    .where('purpose', '=', purpose)
    .where('suite', '=', suite)
    .where('retired_at', 'is', null);
  q = issuerCode === null ? q.where('issuer_code', 'is', null) : q.where('issuer_code', '=', issuerCode);
  return q.executeTakeFirst();
}

/** Inserts the key unless (purpose, issuer, suite) already has an active one (partial unique index). */
export async function insertKeyIfNoneActive(db: Kysely<Database>, row: Insertable<SigningKeyTable>) {
  await db
    .insertInto('signing_key')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Retires the active key: no new signatures; what it signed before `at` stays valid (valid_until = at). */
export async function retireActiveKey(
  trx: Kysely<Database>,
  purpose: string,
  issuerCode: string | null,
  suite: string,
  at: Date,
): Promise<string | null> {
  let q = trx
    .updateTable('signing_key')
    .set({ retired_at: at, valid_until: at })
    .where('purpose', '=', purpose)
    .where('suite', '=', suite)
    .where('retired_at', 'is', null);
  q = issuerCode === null ? q.where('issuer_code', 'is', null) : q.where('issuer_code', '=', issuerCode);
  const row = await q.returning('id').executeTakeFirst();
  return row?.id ?? null;
}

export async function listKeys(db: Kysely<Database>) {
  return db
    .selectFrom('signing_key')
    .selectAll()
    .orderBy('purpose')
    .orderBy('valid_from')
    .orderBy('id')
    .execute();
}

export async function latestTrustListVersion(db: Kysely<Database>) {
  return db
    .selectFrom('trust_list_version')
    .selectAll()
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function findTrustListVersion(db: Kysely<Database>, version: number) {
  return db.selectFrom('trust_list_version').selectAll().where('version', '=', version).executeTakeFirst();
}

/** False when another process wrote this version first. */
export async function insertTrustListVersion(db: Kysely<Database>, version: number, document: JsonValue) {
  const rows = await db
    .insertInto('trust_list_version')
    .values({ version, document: jsonb(document) })
    .onConflict((oc) => oc.column('version').doNothing())
    .returning('version')
    .execute();
  return rows.length > 0;
}

// ---- numbering and status slots ------------------------------------------------------------

/** Next serial of (province, year): one row per pair, incremented under its row lock (gap-tolerant). */
export async function nextSerial(trx: Kysely<Database>, provinceCode: string, year: number): Promise<number> {
  const row = await trx
    .insertInto('certificate_serial')
    .values({ province_code: provinceCode, year, last_serial: 1 })
    .onConflict((oc) =>
      oc.columns(['province_code', 'year']).doUpdateSet({
        last_serial: sql<number>`certificate_serial.last_serial + 1`,
      }),
    )
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  return row.last_serial;
}

export const STATUS_LIST_LENGTH = 131_072;

/** One slot in a status list with room (a new list when none has): row lock on the list. */
export async function allocateStatusSlot(trx: Kysely<Database>): Promise<{ listId: number; index: number }> {
  let list = await trx
    .selectFrom('status_list')
    .select(['id', 'allocated', 'length'])
    .where(sql<boolean>`allocated < length`)
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  if (!list) {
    list = await trx
      .insertInto('status_list')
      .values({ length: STATUS_LIST_LENGTH })
      .returning(['id', 'allocated', 'length'])
      .executeTakeFirstOrThrow();
  }
  const row = await trx
    .updateTable('status_list')
    .set({ allocated: sql<number>`allocated + 1` })
    .where('id', '=', list.id)
    .returning('allocated')
    .executeTakeFirstOrThrow();
  return { listId: list.id, index: row.allocated - 1 };
}

// ---- issuance inputs ----------------------------------------------------------------------

export async function findApplicationForIssue(db: Kysely<Database>, publicId: string) {
  return db
    .selectFrom('application as a')
    .innerJoin('certificate_type as t', 't.code', 'a.certificate_type_code')
    .select([
      'a.id',
      'a.public_id',
      'a.person_id',
      'a.certificate_type_code',
      'a.level',
      'a.division_code',
      'a.province_code',
      'a.industry_code',
      'a.state',
      't.name as type_name',
    ])
    .where('a.public_id', '=', publicId)
    .executeTakeFirst();
}

export async function findApplicationForUpdate(trx: Kysely<Database>, id: number) {
  return trx
    .selectFrom('application')
    .select(['id', 'state'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function findPersonSecret(db: Kysely<Database>, personId: number) {
  return db
    .selectFrom('person')
    .select(['id', 'name', 'id_number_enc'])
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
}

/** Safety-related master's degree or higher (REQ-EXAM-6 bonus). */
export async function hasSafetyMasterDegree(db: Kysely<Database>, personId: number): Promise<boolean> {
  const row = await db
    .selectFrom('person_education')
    .select('id')
    .where('person_id', '=', personId)
    .where('safety_related', '=', true)
    .where('level', 'in', ['master', 'doctor'])
    .executeTakeFirst();
  return row !== undefined;
}

export async function findCertificateIdByApplication(db: Kysely<Database>, applicationId: number) {
  return db
    .selectFrom('certificate')
    .select(['id', 'number'])
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
}

// ---- certificates -------------------------------------------------------------------------

type CertificateInsert = Omit<Insertable<CertificateTable>, 'claims' | 'assessment'> & {
  claims: JsonValue;
  assessment: JsonValue | null;
};

export async function insertCertificate(trx: Kysely<Database>, row: CertificateInsert) {
  const { claims, assessment, ...rest } = row;
  return trx
    .insertInto('certificate')
    .values({ ...rest, claims: jsonb(claims), assessment: assessment === null ? null : jsonb(assessment) })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
}

export async function updateCertificate(
  trx: Kysely<Database>,
  id: number,
  patch: Omit<Updateable<CertificateTable>, 'claims'> & { claims?: JsonValue },
) {
  const { claims, ...rest } = patch;
  await trx
    .updateTable('certificate')
    .set({ ...rest, ...(claims !== undefined ? { claims: jsonb(claims) } : {}), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function lockCertificate(trx: Kysely<Database>, id: number) {
  return trx.selectFrom('certificate').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}

export async function insertEvent(trx: Kysely<Database>, row: Insertable<CertificateEventTable>) {
  const { details, ...rest } = row;
  await trx
    .insertInto('certificate_event')
    .values({
      ...rest,
      details: details === null || details === undefined ? null : jsonb(details as JsonValue),
    })
    .execute();
}

export async function listEvents(db: Kysely<Database>, certificateId: number) {
  return db
    .selectFrom('certificate_event')
    .selectAll()
    .where('certificate_id', '=', certificateId)
    .orderBy('id')
    .execute();
}

/** Kind of the latest issued/renewed/extended event (once-per-period extension rule). */
export async function latestValidityEventKind(db: Kysely<Database>, certificateId: number) {
  const row = await db
    .selectFrom('certificate_event')
    .select('kind')
    .where('certificate_id', '=', certificateId)
    .where('kind', 'in', ['issued', 'renewed', 'extended'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.kind;
}

export async function countSanctions(db: Kysely<Database>, personId: number): Promise<number> {
  const row = await db
    .selectFrom('person_sanction')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function insertSanction(
  trx: Kysely<Database>,
  row: {
    person_id: number;
    kind: 'exam_ban' | 'dishonesty_list';
    reason: string;
    basis: string;
    starts_on: string;
    ends_on: string | null;
    created_by: number | null;
  },
) {
  await trx.insertInto('person_sanction').values(row).execute();
}

/** What every read of a certificate needs: the row with its holder, type, application and links. */
export function certificateQuery(db: Kysely<Database>) {
  return db
    .selectFrom('certificate as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .innerJoin('certificate_type as t', 't.code', 'c.certificate_type_code')
    .leftJoin('application as a', 'a.id', 'c.application_id')
    .leftJoin('certificate as r', 'r.id', 'c.replaces_id')
    .selectAll('c')
    .select((eb) => [
      'p.public_id as person_public_id',
      'p.user_id as person_user_id',
      'p.name as person_name',
      'p.id_number_masked as person_id_masked',
      't.name as type_name',
      'a.public_id as application_public_id',
      'r.number as replaces_number',
      eb
        .selectFrom('certificate as rb')
        .select('rb.number')
        .whereRef('rb.replaces_id', '=', 'c.id')
        .orderBy('rb.id', 'desc')
        .limit(1)
        .as('replaced_by_number'),
      eb
        .selectFrom('document as d')
        .select('d.id')
        .whereRef('d.owner_id', '=', 'p.id')
        .where('d.owner_type', '=', 'person')
        .where('d.media_type', 'in', ['image/jpeg', 'image/png'])
        .orderBy('d.id', 'desc')
        .limit(1)
        .as('photo_document_id'),
    ]);
}

export type CertificateRow = NonNullable<
  Awaited<ReturnType<ReturnType<typeof certificateQuery>['executeTakeFirst']>>
>;

export async function findCertificateByNumber(db: Kysely<Database>, number: string) {
  return certificateQuery(db).where('c.number', '=', number).executeTakeFirst();
}

export async function findCertificateById(db: Kysely<Database>, id: number) {
  return certificateQuery(db).where('c.id', '=', id).executeTakeFirst();
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

/** The SQL counterpart of the policy's `read`. */
export interface CertificateReadScope {
  divisionScopes: string[];
  enterpriseCodes: string[];
  holderUserId: number | null;
}

function inScope(
  eb: ExpressionBuilder<Database & { c: CertificateTable }, 'c'>,
  scope: CertificateReadScope,
) {
  const branches = [];
  const prefixes = scope.divisionScopes.map(divisionPrefix);
  if (prefixes.includes('')) return eb.lit(true);
  for (const p of prefixes) branches.push(eb('c.division_code', 'like', `${escapeLike(p)}%`));
  if (scope.enterpriseCodes.length > 0) {
    branches.push(
      eb.exists(
        eb
          .selectFrom('enterprise_staff as s')
          .innerJoin('enterprise as e', 'e.id', 's.enterprise_id')
          .select('s.id')
          .whereRef('s.person_id', '=', 'c.person_id')
          .where('s.ended_on', 'is', null)
          .where('e.credit_code', 'in', scope.enterpriseCodes),
      ),
    );
  }
  if (scope.holderUserId !== null) {
    const userId = scope.holderUserId;
    branches.push(
      eb('c.person_id', 'in', eb.selectFrom('person as hp').select('hp.id').where('hp.user_id', '=', userId)),
    );
  }
  return branches.length > 0 ? eb.or(branches) : eb.lit(false);
}

export interface CertificateListFilter {
  scope: CertificateReadScope;
  today: string;
  status?: string | undefined;
  certificateTypeCode?: string | undefined;
  level?: string | undefined;
  divisionCode?: string | undefined;
  number?: string | undefined;
  namePrefix?: string | undefined;
  beforeId?: number | undefined;
  limit: number;
}

/** Newest first, paged by id (stable order). Status filters use the status a reader sees. */
export async function listCertificates(db: Kysely<Database>, f: CertificateListFilter) {
  let q = certificateQuery(db)
    .where((eb) => inScope(eb as never, f.scope))
    .orderBy('c.id', 'desc')
    .limit(f.limit);
  if (f.beforeId !== undefined) q = q.where('c.id', '<', f.beforeId);
  if (f.status === 'valid') q = q.where('c.status', '=', 'valid').where('c.valid_until', '>=', f.today);
  else if (f.status === 'expired')
    q = q.where((eb) =>
      eb.or([
        eb('c.status', '=', 'expired'),
        eb.and([eb('c.status', '=', 'valid'), eb('c.valid_until', '<', f.today)]),
      ]),
    );
  else if (f.status) q = q.where('c.status', '=', f.status);
  if (f.certificateTypeCode) q = q.where('c.certificate_type_code', '=', f.certificateTypeCode);
  if (f.level) q = q.where('c.level', '=', f.level);
  if (f.divisionCode) {
    const p = divisionPrefix(f.divisionCode);
    if (p) q = q.where('c.division_code', 'like', `${escapeLike(p)}%`);
  }
  if (f.number) q = q.where('c.number', '=', f.number);
  if (f.namePrefix) q = q.where('p.name', 'like', `${escapeLike(f.namePrefix)}%`);
  return q.execute();
}

/** Certificates still 'valid' whose last day is before `today` (the expiry scan). */
export async function listDueForExpiry(db: Kysely<Database>, today: string, limit: number) {
  return db
    .selectFrom('certificate')
    .select(['id'])
    .where('status', '=', 'valid')
    .where('valid_until', '<', today)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The certificate's ledger entries (kind certificate.*), oldest first. */
export async function listLedgerEntries(db: Kysely<Database>, number: string) {
  return db
    .selectFrom('ledger_entry')
    .select(['id', 'entry'])
    .where('subject', '=', number)
    .where('kind', 'like', 'certificate.%')
    .orderBy('id')
    .execute();
}

export async function findLedgerEntryBytes(db: Kysely<Database>, id: number) {
  return db.selectFrom('ledger_entry').select(['id', 'entry']).where('id', '=', id).executeTakeFirstOrThrow();
}
