import {
  AppError,
  type ApplicationAction,
  type ApplicationBatchCreate,
  type ApplicationBatchResult,
  type ApplicationCreate,
  type ApplicationDetail,
  type ApplicationListQuery,
  type ApplicationState,
} from '@anzheng/contracts';
import type { Database, JsonValue } from '@anzheng/db';
import { provinceCodeOf } from '@anzheng/identifiers';
import type { Kysely } from 'kysely';
import { decodeCursor, encodeCursor } from '../../lib/paging.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { type Actor, divisionScopes, enterpriseScopes, ForbiddenError, hasRole } from '../identity/actor.ts';
import { ENTERPRISE_ROLES } from '../identity/roles.ts';
import type { DivisionService } from '../jurisdiction/index.ts';
import { type DocumentOwnerAccess, PersonNotFoundError, uuidv7 } from '../registry/index.ts';
import type { RegistryService } from '../registry/registry.service.ts';
import {
  ApplicationClosedError,
  ApplicationExistsError,
  ApplicationNotFoundError,
  EligibilityFailedError,
  InvalidTransitionError,
  NoLinkedPersonError,
  PersonIdRequiredError,
  ReasonRequiredError,
} from './application.errors.ts';
import {
  type ApplicationScopeRecord,
  applicationAbilities,
  canCreateApplications,
  canOnApplication,
  REVIEWERS,
} from './application.policy.ts';
import * as repo from './application.repository.ts';
import { allowedActions, isClosed, nextState, transitionOf } from './application.state.ts';
import { applicationDetail, applicationSummary, documentView, eventView } from './application.views.ts';
import type { EligibilityService } from './eligibility.service.ts';

export interface ApplicationServiceDeps {
  db: Kysely<Database>;
  audit: AuditService;
  registry: RegistryService;
  divisions: DivisionService;
  eligibility: EligibilityService;
}

const PAGE_DEFAULT = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  return e?.code === '23505' && (e.constraint === constraint || (e.message ?? '').includes(constraint));
}

function actorName(actor: Actor): string {
  return actor.username;
}

function actorUserId(actor: Actor): number | null {
  return actor.kind === 'user' ? actor.id : null;
}

export type ApplicationService = ReturnType<typeof createApplicationService>;

/**
 * 报考申请 (issue 5 §4): drafts by the applicant side, submission with an eligibility
 * snapshot (refused when a rule fails), review by the regulators of the division. Every
 * change writes the row, an application_event and an audit event in one transaction.
 */
export function createApplicationService(deps: ApplicationServiceDeps) {
  const { db, audit, registry, divisions, eligibility } = deps;

  async function scopeRecord(
    executor: Kysely<Database>,
    row: repo.ApplicationRow,
  ): Promise<ApplicationScopeRecord> {
    const person = await repo.findPersonBrief(executor, row.person_id);
    const enterprise = row.enterprise_id
      ? await repo.findEnterpriseBrief(executor, row.enterprise_id)
      : undefined;
    return {
      state: row.state as ApplicationState,
      divisionCode: row.division_code,
      personUserId: person?.user_id ?? null,
      enterpriseCreditCode: enterprise?.credit_code ?? null,
      employerCreditCodes: await repo.employerCodes(executor, row.person_id),
    };
  }

  /** The application if the caller may read it; 404 otherwise (outside scope it does not exist). */
  async function applicationInScope(actor: Actor, publicId: string) {
    if (!UUID.test(publicId)) throw new ApplicationNotFoundError();
    const row = await repo.findApplicationByPublicId(db, publicId);
    if (!row) throw new ApplicationNotFoundError();
    const record = await scopeRecord(db, row);
    if (!canOnApplication(actor, 'read', record)) throw new ApplicationNotFoundError();
    return { row, record };
  }

  async function detail(actor: Actor, id: number): Promise<ApplicationDetail> {
    const listRow = await repo.findApplicationListRow(db, id);
    if (!listRow) throw new ApplicationNotFoundError();
    const record = await scopeRecord(db, listRow);
    const [events, documents, typeNames] = [
      await repo.listEvents(db, id),
      await repo.listApplicationDocuments(db, id),
      await repo.certificateTypeNames(db),
    ];
    return applicationDetail(listRow, typeNames, {
      events: events.map(eventView),
      documents: documents.map((d) => documentView(d, listRow.public_id)),
      abilities: applicationAbilities(actor, record),
      allowedActions: allowedActions(listRow.state as ApplicationState),
    });
  }

  /** Who the application is for, and the enterprise applying for them (if any). */
  async function resolveApplicant(actor: Actor, personPublicId: string | undefined) {
    if (!canCreateApplications(actor)) throw new ForbiddenError();
    const enterpriseCodes = enterpriseScopes(actor, ENTERPRISE_ROLES);
    if (personPublicId !== undefined && enterpriseCodes.length > 0) {
      const person = UUID.test(personPublicId)
        ? await repo.findPersonByPublicId(db, personPublicId)
        : undefined;
      if (!person) throw new PersonNotFoundError();
      const employer = await repo.findCurrentEmployer(db, person.id, enterpriseCodes);
      if (employer) return { personId: person.id, employer };
      const own = hasRole(actor, 'holder') ? await registry.findPersonOfUser(actor.id) : undefined;
      if (own && own.id === person.id) return { personId: own.id, employer: undefined };
      throw new PersonNotFoundError();
    }
    if (hasRole(actor, 'holder') && actor.kind === 'user') {
      const own = await registry.findPersonOfUser(actor.id);
      if (!own) throw new NoLinkedPersonError();
      if (personPublicId !== undefined && personPublicId !== own.public_id) throw new PersonNotFoundError();
      return { personId: own.id, employer: undefined };
    }
    throw new PersonIdRequiredError();
  }

  /** Creates the draft; returns its ids (createApplication adds the detail view). */
  async function createDraft(actor: Actor, input: ApplicationCreate) {
    const { personId, employer } = await resolveApplicant(actor, input.personId);
    const type = await eligibility.checkTypeAndLevel(db, input.certificateTypeCode, input.level);
    const person = await repo.findPersonBrief(db, personId);
    if (!person) throw new PersonNotFoundError();
    const divisionCode = input.divisionCode ?? employer?.division_code ?? person.division_code;
    await divisions.assertExists(divisionCode, { field: 'body.divisionCode' });
    if (input.industryCode) await eligibility.checkIndustry(db, input.industryCode, 'body.industryCode');
    const industryCode = input.industryCode ?? type.industry_code ?? employer?.industry_code ?? null;
    let created: { id: number; publicId: string };
    try {
      created = await db.transaction().execute(async (trx) => {
        const row = await repo.insertApplication(trx, {
          public_id: uuidv7(),
          person_id: personId,
          certificate_type_code: type.code,
          level: input.level,
          division_code: divisionCode,
          province_code: provinceCodeOf(divisionCode),
          industry_code: industryCode,
          state: 'draft',
          eligibility: null,
          school_enrolment: input.schoolEnrolment ?? null,
          submitted_by: actorUserId(actor),
          enterprise_id: employer?.id ?? null,
        });
        await repo.insertEvent(trx, {
          application_id: row.id,
          from_state: null,
          to_state: 'draft',
          actor_id: actorUserId(actor),
          actor_name: actorName(actor),
          reason: null,
        });
        await audit.record(trx, actor, {
          action: 'application.create',
          targetType: 'application',
          targetId: row.id,
          details: {
            personId,
            certificateTypeCode: type.code,
            level: input.level,
            divisionCode,
            enterpriseId: employer?.id ?? null,
          },
        });
        return { id: row.id, publicId: row.public_id };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'application_open_key')) throw new ApplicationExistsError();
      throw error;
    }
    return created;
  }

  async function createApplication(actor: Actor, input: ApplicationCreate): Promise<ApplicationDetail> {
    return detail(actor, (await createDraft(actor, input)).id);
  }

  /** Fires one transition; returns the new state (transition adds the detail view). */
  async function applyTransition(
    actor: Actor,
    publicId: string,
    action: ApplicationAction,
    input: { reason?: string | undefined } = {},
  ): Promise<{ id: number; state: ApplicationState }> {
    const { row, record } = await applicationInScope(actor, publicId);
    if (!canOnApplication(actor, action, record)) throw new ForbiddenError();
    const reason = input.reason?.trim() || null;
    let state: ApplicationState = record.state;
    try {
      await db.transaction().execute(async (trx) => {
        const locked = await repo.getApplicationForUpdate(trx, row.id);
        const from = locked.state as ApplicationState;
        const to = nextState(from, action);
        if (!to) throw new InvalidTransitionError(from, action, allowedActions(from));
        state = to;
        if (transitionOf(action).reasonRequired && !reason) throw new ReasonRequiredError();
        let snapshot: JsonValue | undefined;
        if (action === 'submit') {
          // Evaluated in the transaction, on the facts as they are now (REQ-APP-4: stored with the submission).
          const result = await eligibility.evaluatePerson(trx, locked.person_id, {
            certificateTypeCode: locked.certificate_type_code,
            level: locked.level,
            divisionCode: locked.division_code,
            industryCode: locked.industry_code,
            at: eligibility.today(),
            schoolEnrolment: (locked.school_enrolment as never) ?? null,
          });
          if (!result.eligible) throw new EligibilityFailedError(result.results.filter((r) => !r.passed));
          snapshot = result as unknown as JsonValue;
        }
        await repo.updateApplication(trx, row.id, {
          state: to,
          ...(snapshot !== undefined
            ? { eligibility: snapshot, submitted_by: actorUserId(actor), submitted_at: new Date() }
            : {}),
        });
        await repo.insertEvent(trx, {
          application_id: row.id,
          from_state: from,
          to_state: to,
          actor_id: actorUserId(actor),
          actor_name: actorName(actor),
          reason,
        });
        await audit.record(trx, actor, {
          action: `application.${action}`,
          targetType: 'application',
          targetId: row.id,
          details: {
            from,
            to,
            reason,
            ...(snapshot !== undefined ? { eligible: true } : {}),
          },
        });
      });
    } catch (error) {
      if (error instanceof EligibilityFailedError) {
        // The refusal itself is a decision worth keeping (REQ-APP-4), outside the rolled-back transaction.
        await audit.recordAlone(actor, {
          action: 'application.submit',
          targetType: 'application',
          targetId: row.id,
          result: 'failure',
          details: { code: error.code, failedRules: (error.details ?? []).map((d) => d.field) },
        });
      }
      throw error;
    }
    return { id: row.id, state };
  }

  async function transition(
    actor: Actor,
    publicId: string,
    action: ApplicationAction,
    input: { reason?: string | undefined } = {},
  ): Promise<ApplicationDetail> {
    const { id } = await applyTransition(actor, publicId, action, input);
    return detail(actor, id);
  }

  return {
    createDraft,
    createApplication,
    applyTransition,
    transition,

    async getApplication(actor: Actor, publicId: string): Promise<ApplicationDetail> {
      const { row } = await applicationInScope(actor, publicId);
      return detail(actor, row.id);
    },

    async listApplications(actor: Actor, query: ApplicationListQuery) {
      const scope: repo.ApplicationReadScope = {
        divisionScopes: divisionScopes(actor, REVIEWERS),
        enterpriseCodes: enterpriseScopes(actor, ENTERPRISE_ROLES),
        holderUserId: actor.kind === 'user' && hasRole(actor, 'holder') ? actor.id : null,
      };
      if (
        scope.divisionScopes.length === 0 &&
        scope.enterpriseCodes.length === 0 &&
        scope.holderUserId === null
      )
        throw new ForbiddenError();
      const limit = query.limit ?? PAGE_DEFAULT;
      let personId: number | undefined;
      if (query.personId) {
        const person = await repo.findPersonByPublicId(db, query.personId);
        if (!person) return { items: [], nextCursor: null };
        personId = person.id;
      }
      const rows = await repo.listApplications(db, {
        scope,
        divisionCode: query.divisionCode,
        certificateTypeCode: query.certificateTypeCode,
        level: query.level,
        state: query.state,
        personId,
        from: query.from,
        to: query.to,
        beforeId: decodeCursor(query.cursor),
        limit: limit + 1,
      });
      const typeNames = await repo.certificateTypeNames(db);
      const slice = rows.slice(0, limit);
      return {
        items: slice.map((r) => applicationSummary(r, typeNames)),
        nextCursor: rows.length > limit ? encodeCursor(slice[slice.length - 1]!.id) : null,
      };
    },

    /**
     * 批量报名: an enterprise applies for several staff members at once; each person gets
     * their own application (and transaction), and their own result.
     */
    async createBatch(actor: Actor, input: ApplicationBatchCreate): Promise<ApplicationBatchResult> {
      if (enterpriseScopes(actor, ENTERPRISE_ROLES).length === 0) throw new ForbiddenError();
      await eligibility.checkTypeAndLevel(db, input.certificateTypeCode, input.level);
      const results: ApplicationBatchResult['results'] = [];
      for (const personId of input.personIds) {
        let created: ApplicationDetail | undefined;
        try {
          created = await createApplication(actor, {
            personId,
            certificateTypeCode: input.certificateTypeCode,
            level: input.level,
          });
          if (input.submit) created = await transition(actor, created.id, 'submit');
          results.push({ personId, ok: true, applicationId: created.id, state: created.state, error: null });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          results.push({
            personId,
            ok: false,
            applicationId: created?.id ?? null,
            state: created?.state ?? null,
            error: {
              code: error.code,
              message: error.message,
              ...(error.details ? { details: error.details } : {}),
            },
          });
        }
      }
      return { results };
    },

    /** How the registry's DocumentService authorizes documents owned by an application. */
    documentAccess: {
      async resolveForUpload(actor, ownerPublicId) {
        const { row, record } = await applicationInScope(actor, ownerPublicId);
        if (!canOnApplication(actor, 'upload_documents', record)) throw new ForbiddenError();
        if (isClosed(record.state)) throw new ApplicationClosedError();
        return row.id;
      },
      async resolveForRead(actor, ownerId) {
        const row = await repo.findApplicationById(db, ownerId);
        if (!row) return undefined;
        return canOnApplication(actor, 'read', await scopeRecord(db, row)) ? row.public_id : undefined;
      },
    } satisfies DocumentOwnerAccess,
  };
}
