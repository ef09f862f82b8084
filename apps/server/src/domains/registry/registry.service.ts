import type { FieldCipher } from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import { chinaCalendarDate, maskPhone, provinceCodeOf } from '@anzheng/identifiers';
import type { Kysely } from 'kysely';
import type { AuditService } from '../audit/audit.service.ts';
import { type Actor, ForbiddenError, hasRole } from '../identity/actor.ts';
import {
  DateInFutureError,
  DivisionOutOfScopeError,
  EnterpriseNotFoundError,
  InvalidPeriodError,
  OrganisationExistsError,
  OrganisationNotFoundError,
  PersonNameMismatchError,
  PersonNotFoundError,
} from './registry.errors.ts';
import {
  canChangeOrganisation,
  canCreateEnterprise,
  canCreatePerson,
  canOnEnterprise,
  canOnPerson,
  type EnterpriseAction,
  type EnterpriseScopeRecord,
  enterpriseAbilities,
  isEmptyScope,
  type PersonAction,
  type PersonScopeRecord,
  personAbilities,
  REGISTRY_EDITORS,
  readScope,
} from './registry.policy.ts';
import {
  AAD,
  checkCreditCode,
  checkDivision,
  checkIdNumber,
  checkIndustry,
  createEnterpriseRecord,
  createPersonRecord,
  decodeCursor,
  encodeCursor,
  enterpriseDivision,
  idNumberIndex,
  isPublicId,
  isUniqueViolation,
  normalizePhone,
  personDivision,
  uuidv7,
} from './registry.records.ts';
import * as repo from './registry.repository.ts';
import {
  educationView,
  enterpriseView,
  organisationView,
  personSummary,
  type Revealed,
  staffView,
  trainingView,
  workView,
} from './registry.views.ts';

export interface RegistryServiceDeps {
  db: Kysely<Database>;
  audit: AuditService;
  cipher: FieldCipher;
  clock: () => Date;
}

export type RevealField = 'idNumber' | 'phone';

export interface PersonCreateInput {
  name: string;
  idNumber: string;
  phone?: string | undefined;
  divisionCode?: string | undefined;
}

export interface PersonPatchInput {
  name?: string | undefined;
  phone?: string | null | undefined;
  divisionCode?: string | undefined;
}

export interface EducationInput {
  level: 'high_school' | 'junior_college' | 'bachelor' | 'master' | 'doctor';
  major: string;
  safetyRelated: boolean;
  school: string;
  graduatedOn: string;
}

export interface WorkInput {
  employerName: string;
  employerCreditCode?: string | undefined;
  post: string;
  safetyManagement: boolean;
  startedOn: string;
  endedOn?: string | null | undefined;
}

export interface TrainingInput {
  provider: string;
  course: string;
  hours: number;
  completedOn: string;
}

export interface EnterpriseCreateInput {
  creditCode: string;
  name: string;
  industryCode: string;
  divisionCode?: string | undefined;
  employeeCount: number;
  contactName?: string | undefined;
  contactPhone?: string | undefined;
}

export interface EnterprisePatchInput {
  name?: string | undefined;
  industryCode?: string | undefined;
  divisionCode?: string | undefined;
  employeeCount?: number | undefined;
  contactName?: string | null | undefined;
  contactPhone?: string | null | undefined;
}

export interface StaffInput {
  idNumber: string;
  name: string;
  phone?: string | undefined;
  post: string;
  safetyManagement: boolean;
  fullTime: boolean;
  startedOn: string;
}

export interface OrganisationInput {
  kind: 'training_provider' | 'assessment_body';
  name: string;
  creditCode: string;
  divisionCode: string;
}

/** Education, work and training of a person: what eligibility (REQ-APP-1) is decided on. */
export interface PersonProfile {
  person: repo.PersonRow;
  education: repo.EducationRow[];
  work: repo.WorkRow[];
  training: repo.TrainingRow[];
}

const PAGE_DEFAULT = 50;

function page<T, R extends { id: number }>(rows: R[], limit: number, view: (rows: R[]) => T[]) {
  const slice = rows.slice(0, limit);
  return {
    items: view(slice),
    nextCursor: rows.length > limit ? encodeCursor(slice[slice.length - 1]!.id) : null,
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;

export function createRegistryService(deps: RegistryServiceDeps) {
  const { db, audit, cipher, clock } = deps;
  const today = () => chinaCalendarDate(clock());

  function assertNotFuture(date: string, field: string) {
    if (date > today()) throw new DateInFutureError(field);
  }

  async function personScopeRecord(person: repo.PersonRow): Promise<PersonScopeRecord> {
    const employers = await repo.listEmployerCodes(db, [person.id]);
    return {
      divisionCode: person.division_code,
      userId: person.user_id,
      employerCreditCodes: employers.get(person.id) ?? [],
    };
  }

  /** The person if `actor` may `action` it: 404 outside read scope, 403 inside it. */
  async function personInScope(actor: Actor, publicId: string, action: PersonAction) {
    if (!isPublicId(publicId)) throw new PersonNotFoundError();
    const person = await repo.findPersonByPublicId(db, publicId);
    if (!person) throw new PersonNotFoundError();
    const record = await personScopeRecord(person);
    if (!canOnPerson(actor, 'read', record)) throw new PersonNotFoundError();
    if (!canOnPerson(actor, action, record)) throw new ForbiddenError();
    return { person, record };
  }

  async function personDetail(
    actor: Actor,
    person: repo.PersonRow,
    record: PersonScopeRecord,
    revealed?: Revealed,
  ) {
    const [education, work, training] = await Promise.all([
      repo.listEducation(db, person.id),
      repo.listWork(db, person.id),
      repo.listTraining(db, person.id),
    ]);
    return {
      ...personSummary(person, revealed),
      education: education.map(educationView),
      work: work.map(workView),
      training: training.map(trainingView),
      abilities: personAbilities(actor, record),
    };
  }

  function enterpriseRecord(row: repo.EnterpriseRow): EnterpriseScopeRecord {
    return { creditCode: row.credit_code, divisionCode: row.division_code };
  }

  async function enterpriseInScope(actor: Actor, publicId: string, action: EnterpriseAction) {
    if (!isPublicId(publicId)) throw new EnterpriseNotFoundError();
    const enterprise = await repo.findEnterpriseByPublicId(db, publicId);
    if (!enterprise) throw new EnterpriseNotFoundError();
    const record = enterpriseRecord(enterprise);
    if (!canOnEnterprise(actor, 'read', record)) throw new EnterpriseNotFoundError();
    if (!canOnEnterprise(actor, action, record)) throw new ForbiddenError();
    return enterprise;
  }

  async function presentEnterprise(actor: Actor, row: repo.EnterpriseRow) {
    const names = await repo.industryNames(db, [row.industry_code]);
    return enterpriseView(
      row,
      names.get(row.industry_code) ?? null,
      enterpriseAbilities(actor, enterpriseRecord(row)),
    );
  }

  /** A regulator creating a record outside their subtree: 400 naming the field; no role at all: 403. */
  function assertCreateScope(actor: Actor, allowed: boolean, divisionCode: string, field: string) {
    if (allowed) return;
    if (hasRole(actor, ...REGISTRY_EDITORS)) throw new DivisionOutOfScopeError(field, divisionCode);
    throw new ForbiddenError();
  }

  return {
    // ---- persons (一人一档) -------------------------------------------------------------

    async createPerson(actor: Actor, input: PersonCreateInput) {
      const id = checkIdNumber(input.idNumber, 'body.idNumber', clock());
      const divisionCode = personDivision(id, input.divisionCode);
      assertCreateScope(
        actor,
        canCreatePerson(actor, divisionCode),
        divisionCode,
        input.divisionCode ? 'body.divisionCode' : 'body.idNumber',
      );
      const person = await db.transaction().execute(async (trx) => {
        const row = await createPersonRecord(trx, cipher, {
          name: input.name,
          idNumber: id.normalized,
          phone: input.phone,
          divisionCode,
          createdBy: actor.kind === 'user' ? actor.id : null,
        });
        await audit.record(trx, actor, {
          action: 'person.create',
          targetType: 'person',
          targetId: row.id,
          details: { idNumber: row.id_number_masked, divisionCode },
        });
        return row;
      });
      return personDetail(actor, person, await personScopeRecord(person));
    },

    /**
     * One person's file. `reveal` returns the full identity number / phone to those allowed
     * (policy `reveal`), and every reveal — granted or denied — is audited (NFR-SEC-1).
     */
    async getPerson(actor: Actor, publicId: string, options: { reveal?: RevealField[] } = {}) {
      const { person, record } = await personInScope(actor, publicId, 'read');
      const fields = [...new Set(options.reveal ?? [])];
      if (fields.length === 0) return personDetail(actor, person, record);
      const entry = {
        action: 'person.reveal',
        targetType: 'person',
        targetId: person.id,
        details: { fields },
      };
      if (!canOnPerson(actor, 'reveal', record)) {
        await audit.recordAlone(actor, { ...entry, result: 'denied' });
        throw new ForbiddenError('无权查看完整的证件号码或联系电话');
      }
      await audit.recordAlone(actor, entry);
      const revealed: Revealed = {};
      if (fields.includes('idNumber')) revealed.idNumber = cipher.decrypt(person.id_number_enc, AAD.idNumber);
      if (fields.includes('phone'))
        revealed.phone = person.phone_enc ? cipher.decrypt(person.phone_enc, AAD.phone) : null;
      return personDetail(actor, person, record, revealed);
    },

    async listPersons(
      actor: Actor,
      filter: { name?: string; divisionCode?: string; idNumber?: string; cursor?: string; limit?: number },
    ) {
      const scope = readScope(actor);
      if (isEmptyScope(scope)) throw new ForbiddenError();
      const limit = filter.limit ?? PAGE_DEFAULT;
      let idNumberIndexValue: string | undefined;
      if (filter.idNumber) {
        idNumberIndexValue = idNumberIndex(
          cipher,
          checkIdNumber(filter.idNumber, 'query.idNumber').normalized,
        );
      }
      const rows = await repo.listPersons(db, {
        scope,
        name: filter.name,
        divisionCode: filter.divisionCode,
        idNumberIndex: idNumberIndexValue,
        afterId: decodeCursor(filter.cursor),
        limit: limit + 1,
      });
      const employers = await repo.listEmployerCodes(
        db,
        rows.slice(0, limit).map((r) => r.id),
      );
      return page(rows, limit, (slice) =>
        slice.map((p) => ({
          ...personSummary(p),
          abilities: personAbilities(actor, {
            divisionCode: p.division_code,
            userId: p.user_id,
            employerCreditCodes: employers.get(p.id) ?? [],
          }),
        })),
      );
    },

    async updatePerson(actor: Actor, publicId: string, patch: PersonPatchInput) {
      const identityFields = patch.name !== undefined || patch.divisionCode !== undefined;
      const { person, record } = await personInScope(
        actor,
        publicId,
        identityFields ? 'update_identity' : 'update_contact',
      );
      if (patch.divisionCode !== undefined && patch.divisionCode !== person.division_code) {
        checkDivision(patch.divisionCode, 'body.divisionCode');
        if (!canCreatePerson(actor, patch.divisionCode))
          throw new DivisionOutOfScopeError('body.divisionCode', patch.divisionCode);
      }
      if (patch.phone !== undefined && !canOnPerson(actor, 'update_contact', record))
        throw new ForbiddenError();
      const phone = patch.phone ? normalizePhone(patch.phone) : patch.phone;
      const updated = await db.transaction().execute(async (trx) => {
        const row = await repo.updatePerson(trx, person.id, {
          ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
          ...(patch.divisionCode !== undefined
            ? { division_code: patch.divisionCode, province_code: provinceCodeOf(patch.divisionCode) }
            : {}),
          ...(phone !== undefined
            ? {
                phone_enc: phone ? cipher.encrypt(phone, AAD.phone) : null,
                phone_masked: phone ? maskPhone(phone) : null,
              }
            : {}),
        });
        await audit.record(trx, actor, {
          action: 'person.update',
          targetType: 'person',
          targetId: person.id,
          details: {
            fields: Object.keys(patch),
            ...(patch.divisionCode !== undefined ? { divisionCode: patch.divisionCode } : {}),
          },
        });
        return row;
      });
      return personDetail(actor, updated, await personScopeRecord(updated));
    },

    async addEducation(actor: Actor, publicId: string, input: EducationInput) {
      const { person } = await personInScope(actor, publicId, 'add_records');
      assertNotFuture(input.graduatedOn, 'body.graduatedOn');
      const row = await db.transaction().execute(async (trx) => {
        const r = await repo.insertEducation(trx, {
          person_id: person.id,
          level: input.level,
          major: input.major,
          safety_related: input.safetyRelated,
          school: input.school,
          graduated_on: input.graduatedOn,
          created_by: actor.kind === 'user' ? actor.id : null,
        });
        await audit.record(trx, actor, {
          action: 'person.education.add',
          targetType: 'person',
          targetId: person.id,
          details: { educationId: r.id, level: input.level },
        });
        return r;
      });
      return educationView(row);
    },

    async addWork(actor: Actor, publicId: string, input: WorkInput) {
      const { person } = await personInScope(actor, publicId, 'add_records');
      assertNotFuture(input.startedOn, 'body.startedOn');
      if (input.endedOn) {
        if (input.endedOn < input.startedOn) throw new InvalidPeriodError('body.endedOn');
        assertNotFuture(input.endedOn, 'body.endedOn');
      }
      const employerCreditCode = input.employerCreditCode
        ? checkCreditCode(input.employerCreditCode, 'body.employerCreditCode').normalized
        : null;
      const row = await db.transaction().execute(async (trx) => {
        const r = await repo.insertWork(trx, {
          person_id: person.id,
          employer_name: input.employerName,
          employer_credit_code: employerCreditCode,
          post: input.post,
          safety_management: input.safetyManagement,
          started_on: input.startedOn,
          ended_on: input.endedOn ?? null,
          created_by: actor.kind === 'user' ? actor.id : null,
        });
        await audit.record(trx, actor, {
          action: 'person.work.add',
          targetType: 'person',
          targetId: person.id,
          details: { workId: r.id, safetyManagement: input.safetyManagement },
        });
        return r;
      });
      return workView(row);
    },

    async addTraining(actor: Actor, publicId: string, input: TrainingInput) {
      const { person } = await personInScope(actor, publicId, 'add_records');
      assertNotFuture(input.completedOn, 'body.completedOn');
      const row = await db.transaction().execute(async (trx) => {
        const r = await repo.insertTraining(trx, {
          person_id: person.id,
          provider: input.provider,
          course: input.course,
          hours: input.hours.toFixed(1),
          completed_on: input.completedOn,
          created_by: actor.kind === 'user' ? actor.id : null,
        });
        await audit.record(trx, actor, {
          action: 'person.training.add',
          targetType: 'person',
          targetId: person.id,
          details: { trainingId: r.id, hours: input.hours },
        });
        return r;
      });
      return trainingView(row);
    },

    /** For other domains: the person row if `actor` may `action` it (404 / 403 otherwise). */
    async getPersonForActor(actor: Actor, publicId: string, action: PersonAction = 'read') {
      return (await personInScope(actor, publicId, action)).person;
    },

    /** Education, work and training of a person (no scope check: callers have done theirs). */
    async loadPersonProfile(personId: number): Promise<PersonProfile | undefined> {
      const person = await repo.findPersonById(db, personId);
      if (!person) return undefined;
      const [education, work, training] = await Promise.all([
        repo.listEducation(db, personId),
        repo.listWork(db, personId),
        repo.listTraining(db, personId),
      ]);
      return { person, education, work, training };
    },

    /** The person record linked to a holder's account. */
    findPersonOfUser: (userId: number) => repo.findPersonByUserId(db, userId),

    /** Whether `actor` may `action` the person with internal id `personId`. */
    async canActOnPerson(actor: Actor, personId: number, action: PersonAction) {
      const person = await repo.findPersonById(db, personId);
      if (!person) return undefined;
      const record = await personScopeRecord(person);
      return canOnPerson(actor, 'read', record) && canOnPerson(actor, action, record) ? person : undefined;
    },

    // ---- enterprises --------------------------------------------------------------------

    async createEnterprise(actor: Actor, input: EnterpriseCreateInput) {
      const code = checkCreditCode(input.creditCode);
      const divisionCode = enterpriseDivision(code.divisionCode, input.divisionCode);
      assertCreateScope(
        actor,
        canCreateEnterprise(actor, { creditCode: code.normalized, divisionCode }),
        divisionCode,
        input.divisionCode ? 'body.divisionCode' : 'body.creditCode',
      );
      const row = await db.transaction().execute(async (trx) => {
        const r = await createEnterpriseRecord(trx, cipher, {
          ...input,
          creditCode: code.normalized,
          divisionCode,
          createdBy: actor.kind === 'user' ? actor.id : null,
        });
        await audit.record(trx, actor, {
          action: 'enterprise.create',
          targetType: 'enterprise',
          targetId: r.id,
          details: {
            creditCode: r.credit_code,
            divisionCode,
            industryCode: r.industry_code,
            highRisk: r.high_risk,
          },
        });
        return r;
      });
      return presentEnterprise(actor, row);
    },

    async getEnterprise(actor: Actor, publicId: string) {
      return presentEnterprise(actor, await enterpriseInScope(actor, publicId, 'read'));
    },

    async listEnterprises(
      actor: Actor,
      filter: {
        name?: string;
        creditCode?: string;
        divisionCode?: string;
        industryCode?: string;
        highRisk?: boolean;
        cursor?: string;
        limit?: number;
      },
    ) {
      const scope = readScope(actor);
      if (scope.divisionScopes.length === 0 && scope.enterpriseCodes.length === 0) throw new ForbiddenError();
      const limit = filter.limit ?? PAGE_DEFAULT;
      const rows = await repo.listEnterprises(db, {
        scope,
        name: filter.name,
        creditCode: filter.creditCode?.toUpperCase(),
        divisionCode: filter.divisionCode,
        industryCode: filter.industryCode,
        highRisk: filter.highRisk,
        afterId: decodeCursor(filter.cursor),
        limit: limit + 1,
      });
      const names = await repo.industryNames(db, [...new Set(rows.map((r) => r.industry_code))]);
      return page(rows, limit, (slice) =>
        slice.map((r) =>
          enterpriseView(
            r,
            names.get(r.industry_code) ?? null,
            enterpriseAbilities(actor, enterpriseRecord(r)),
          ),
        ),
      );
    },

    async updateEnterprise(actor: Actor, publicId: string, patch: EnterprisePatchInput) {
      const registration = patch.industryCode !== undefined || patch.divisionCode !== undefined;
      const enterprise = await enterpriseInScope(
        actor,
        publicId,
        registration ? 'update_registration' : 'update',
      );
      if (patch.divisionCode !== undefined && patch.divisionCode !== enterprise.division_code) {
        checkDivision(patch.divisionCode, 'body.divisionCode');
        if (
          !canCreateEnterprise(actor, {
            creditCode: enterprise.credit_code,
            divisionCode: patch.divisionCode,
          })
        )
          throw new DivisionOutOfScopeError('body.divisionCode', patch.divisionCode);
      }
      const phone = patch.contactPhone ? normalizePhone(patch.contactPhone) : patch.contactPhone;
      const row = await db.transaction().execute(async (trx) => {
        // 安全生产法 art. 24: the high-risk flag follows the industry as it stands at this write.
        const industry = await checkIndustry(trx, patch.industryCode ?? enterprise.industry_code);
        const r = await repo.updateEnterprise(trx, enterprise.id, {
          ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
          industry_code: industry.code,
          high_risk: industry.high_risk,
          ...(patch.divisionCode !== undefined
            ? { division_code: patch.divisionCode, province_code: provinceCodeOf(patch.divisionCode) }
            : {}),
          ...(patch.employeeCount !== undefined ? { employee_count: patch.employeeCount } : {}),
          ...(patch.contactName !== undefined ? { contact_name: patch.contactName } : {}),
          ...(phone !== undefined
            ? {
                contact_phone_enc: phone ? cipher.encrypt(phone, AAD.contactPhone) : null,
                contact_phone_masked: phone ? maskPhone(phone) : null,
              }
            : {}),
        });
        await audit.record(trx, actor, {
          action: 'enterprise.update',
          targetType: 'enterprise',
          targetId: enterprise.id,
          details: { fields: Object.keys(patch), highRisk: r.high_risk },
        });
        return r;
      });
      return presentEnterprise(actor, row);
    },

    async listStaff(
      actor: Actor,
      publicId: string,
      filter: { current?: boolean; cursor?: string; limit?: number },
    ) {
      const enterprise = await enterpriseInScope(actor, publicId, 'read');
      const limit = filter.limit ?? PAGE_DEFAULT;
      const rows = await repo.listStaff(db, {
        enterpriseId: enterprise.id,
        currentOnly: filter.current ?? true,
        afterId: decodeCursor(filter.cursor),
        limit: limit + 1,
      });
      const persons = await repo.findPersonsByIds(
        db,
        rows.map((r) => r.person_id),
      );
      return page(rows, limit, (slice) => slice.map((r) => staffView(r, persons.get(r.person_id)!)));
    },

    /**
     * Adds a person to an enterprise's staff list (REQ-POST-5), creating their file when the
     * identity number is new. Idempotent: an existing person is linked, never duplicated, and
     * a person already on the current staff list is returned as is (`created: false`).
     */
    async addStaff(actor: Actor, enterprisePublicId: string, input: StaffInput) {
      const enterprise = await enterpriseInScope(actor, enterprisePublicId, 'manage_staff');
      const id = checkIdNumber(input.idNumber, 'body.idNumber', clock());
      assertNotFuture(input.startedOn, 'body.startedOn');
      const index = idNumberIndex(cipher, id.normalized);
      const existing = await repo.findPersonByIdIndex(db, index);
      if (existing && existing.name !== input.name.trim()) throw new PersonNameMismatchError();
      const result = await db.transaction().execute(async (trx) => {
        let person = existing;
        let personCreated = false;
        if (!person) {
          person = await createPersonRecord(trx, cipher, {
            name: input.name,
            idNumber: id.normalized,
            phone: input.phone,
            createdBy: actor.kind === 'user' ? actor.id : null,
          });
          personCreated = true;
          await audit.record(trx, actor, {
            action: 'person.create',
            targetType: 'person',
            targetId: person.id,
            details: { idNumber: person.id_number_masked, divisionCode: person.division_code, via: 'staff' },
          });
        }
        const current = await repo.findCurrentStaff(trx, enterprise.id, person.id);
        if (current) return { staff: current, person, created: false };
        const staff = await repo.insertStaff(trx, {
          enterprise_id: enterprise.id,
          person_id: person.id,
          post: input.post,
          safety_management: input.safetyManagement,
          full_time: input.fullTime,
          started_on: input.startedOn,
          ended_on: null,
          created_by: actor.kind === 'user' ? actor.id : null,
        });
        await audit.record(trx, actor, {
          action: 'enterprise.staff.add',
          targetType: 'enterprise',
          targetId: enterprise.id,
          details: { staffId: staff.id, personId: person.id, personCreated, post: input.post },
        });
        return { staff, person, created: true };
      });
      return { ...staffView(result.staff, result.person), created: result.created };
    },

    /** For other domains: the enterprise row if `actor` may read it (404 otherwise). */
    async getEnterpriseForActor(actor: Actor, publicId: string, action: EnterpriseAction = 'read') {
      return enterpriseInScope(actor, publicId, action);
    },

    findEnterpriseByCreditCode: (creditCode: string) => repo.findEnterpriseByCreditCode(db, creditCode),

    // ---- organisations ------------------------------------------------------------------

    async createOrganisation(actor: Actor, input: OrganisationInput) {
      const code = checkCreditCode(input.creditCode);
      const divisionCode = checkDivision(input.divisionCode, 'body.divisionCode');
      assertCreateScope(actor, canChangeOrganisation(actor, divisionCode), divisionCode, 'body.divisionCode');
      if (await repo.findOrganisation(db, code.normalized, input.kind)) throw new OrganisationExistsError();
      const row = await db.transaction().execute(async (trx) => {
        let r: repo.OrganisationRow;
        try {
          r = await repo.insertOrganisation(trx, {
            public_id: uuidv7(),
            kind: input.kind,
            name: input.name.trim(),
            credit_code: code.normalized,
            division_code: divisionCode,
            created_by: actor.kind === 'user' ? actor.id : null,
          });
        } catch (error) {
          if (isUniqueViolation(error)) throw new OrganisationExistsError();
          throw error;
        }
        await audit.record(trx, actor, {
          action: 'organisation.create',
          targetType: 'organisation',
          targetId: r.id,
          details: { kind: input.kind, creditCode: code.normalized, divisionCode },
        });
        return r;
      });
      return organisationView(row, { update: canChangeOrganisation(actor, row.division_code) });
    },

    async getOrganisation(actor: Actor, publicId: string) {
      if (!isPublicId(publicId)) throw new OrganisationNotFoundError();
      const row = await repo.findOrganisationByPublicId(db, publicId);
      if (!row) throw new OrganisationNotFoundError();
      return organisationView(row, { update: canChangeOrganisation(actor, row.division_code) });
    },

    async listOrganisations(
      actor: Actor,
      filter: { kind?: string; divisionCode?: string; cursor?: string; limit?: number },
    ) {
      const limit = filter.limit ?? PAGE_DEFAULT;
      const rows = await repo.listOrganisations(db, {
        kind: filter.kind,
        divisionCode: filter.divisionCode,
        afterId: decodeCursor(filter.cursor),
        limit: limit + 1,
      });
      return page(rows, limit, (slice) =>
        slice.map((r) => organisationView(r, { update: canChangeOrganisation(actor, r.division_code) })),
      );
    },

    async updateOrganisation(
      actor: Actor,
      publicId: string,
      patch: { name?: string; divisionCode?: string },
    ) {
      if (!isPublicId(publicId)) throw new OrganisationNotFoundError();
      const existing = await repo.findOrganisationByPublicId(db, publicId);
      if (!existing) throw new OrganisationNotFoundError();
      if (!canChangeOrganisation(actor, existing.division_code)) throw new ForbiddenError();
      if (patch.divisionCode !== undefined) {
        checkDivision(patch.divisionCode, 'body.divisionCode');
        if (!canChangeOrganisation(actor, patch.divisionCode))
          throw new DivisionOutOfScopeError('body.divisionCode', patch.divisionCode);
      }
      const row = await db.transaction().execute(async (trx) => {
        const r = await repo.updateOrganisation(trx, existing.id, {
          ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
          ...(patch.divisionCode !== undefined ? { division_code: patch.divisionCode } : {}),
        });
        await audit.record(trx, actor, {
          action: 'organisation.update',
          targetType: 'organisation',
          targetId: existing.id,
          details: { fields: Object.keys(patch) },
        });
        return r;
      });
      return organisationView(row, { update: canChangeOrganisation(actor, row.division_code) });
    },
  };
}
