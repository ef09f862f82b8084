import type {
  EligibilityEvaluateBody,
  EligibilityResult,
  EligibilityRuleView,
  SanctionCreate,
  SanctionView,
  SchoolEnrolment,
} from '@anzheng/contracts';
import type { Database } from '@anzheng/db';
import { chinaCalendarDate } from '@anzheng/identifiers';
import type { Kysely } from 'kysely';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../identity/actor.ts';
import type { DivisionService } from '../jurisdiction/index.ts';
import { UnknownIndustryError } from '../registry/index.ts';
import type { RegistryService } from '../registry/registry.service.ts';
import {
  EligibilityRulesMissingError,
  InvalidSanctionPeriodError,
  LevelNotOfferedError,
  UnknownCertificateTypeError,
} from './application.errors.ts';
import * as repo from './application.repository.ts';
import { type EligibilityProfile, evaluateEligibility } from './eligibility.evaluate.ts';
import {
  type EligibilityRuleRow,
  selectEligibilityRules,
  toEligibilityRule,
} from './eligibility.resolution.ts';

export interface EligibilityServiceDeps {
  db: Kysely<Database>;
  audit: AuditService;
  clock: () => Date;
  registry: RegistryService;
  divisions: DivisionService;
  /** Inserts the default rules if an earlier attempt could not (called before each resolution; cheap once done). */
  ensureRules?: () => Promise<void>;
}

/** What eligibility is asked for: a person, a certificate type and level, where and when. */
export interface EligibilityQuestion {
  certificateTypeCode: string;
  level: string;
  divisionCode: string;
  industryCode: string | null;
  /** 'YYYY-MM-DD' */
  at: string;
  schoolEnrolment: SchoolEnrolment | null;
}

export function toRuleView(row: EligibilityRuleRow): EligibilityRuleView {
  return {
    id: row.id,
    ruleKey: row.rule_key,
    kind: row.kind as EligibilityRuleView['kind'],
    params: row.params as Record<string, unknown>,
    layer: row.layer as EligibilityRuleView['layer'],
    certificateTypeCode: row.certificate_type_code,
    level: row.level,
    industryCode: row.industry_code,
    divisionCode: row.division_code,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    source: row.source,
  };
}

function sanctionView(row: repo.SanctionRow, personPublicId: string): SanctionView {
  return {
    id: row.id,
    personId: personPublicId,
    kind: row.kind as SanctionView['kind'],
    reason: row.reason,
    basis: row.basis,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    createdAt: row.created_at.toISOString(),
  };
}

export type EligibilityService = ReturnType<typeof createEligibilityService>;

/**
 * Eligibility (REQ-APP-1..4): resolves the layered rule set for a question, loads the
 * person's facts and runs the pure evaluation; sanctions (REQ-APP-2) are recorded here too.
 */
export function createEligibilityService(deps: EligibilityServiceDeps) {
  const { db, audit, clock, registry, divisions } = deps;
  const today = () => chinaCalendarDate(clock());

  async function industryPath(executor: Kysely<Database>, code: string | null): Promise<string[]> {
    if (code === null) return [];
    const parents = await repo.industryParents(executor);
    const path = [code];
    for (let p = parents.get(code); p && !path.includes(p); p = parents.get(p)) path.push(p);
    return path;
  }

  /** The certificate type, checked to exist, be active and offer `level` (400 naming the field). */
  async function checkTypeAndLevel(
    executor: Kysely<Database>,
    code: string,
    level: string,
    fields = { type: 'body.certificateTypeCode', level: 'body.level' },
  ) {
    const type = await repo.findCertificateType(executor, code);
    if (type?.status !== 'active') throw new UnknownCertificateTypeError(fields.type, code);
    if (!type.levels.includes(level)) throw new LevelNotOfferedError(fields.level, code, level);
    return type;
  }

  async function checkIndustry(executor: Kysely<Database>, code: string, field: string) {
    const parents = await repo.industryParents(executor);
    if (!parents.has(code)) throw new UnknownIndustryError(field, code);
  }

  /** The rule versions that apply to the question (one per rule key). */
  async function resolveRules(executor: Kysely<Database>, q: Omit<EligibilityQuestion, 'schoolEnrolment'>) {
    // Outside a transaction only: the retry writes through `db` (PGlite has one connection).
    if (executor === db) await deps.ensureRules?.();
    const rows = await repo.listEligibilityRulesInForce(executor, q.at);
    return selectEligibilityRules(rows, {
      certificateTypeCode: q.certificateTypeCode,
      level: q.level,
      industryPath: await industryPath(executor, q.industryCode),
      divisionCode: q.divisionCode,
      at: q.at,
    });
  }

  async function loadProfile(
    executor: Kysely<Database>,
    personId: number,
    schoolEnrolment: SchoolEnrolment | null,
  ): Promise<EligibilityProfile> {
    const facts = await repo.loadEligibilityFacts(executor, personId);
    return {
      education: facts.education.map((e) => ({ level: e.level, graduatedOn: e.graduated_on })),
      work: facts.work.map((w) => ({
        safetyManagement: w.safety_management,
        startedOn: w.started_on,
        endedOn: w.ended_on,
      })),
      training: facts.training.map((t) => ({ hours: Number(t.hours), completedOn: t.completed_on })),
      certificates: facts.certificates.map((c) => ({
        certificateTypeCode: c.certificate_type_code,
        level: c.level,
        issuedOn: c.issued_on,
        status: c.status,
      })),
      sanctions: facts.sanctions.map((s) => ({
        kind: s.kind as 'exam_ban' | 'dishonesty_list',
        reason: s.reason,
        startsOn: s.starts_on,
        endsOn: s.ends_on,
      })),
      schoolEnrolment,
    };
  }

  /**
   * Evaluates the person against the rules in force (no scope check: the caller has done
   * it). Inside a transaction pass `trx` as `executor` (PGlite: one connection).
   */
  async function evaluatePerson(
    executor: Kysely<Database>,
    personId: number,
    q: EligibilityQuestion,
  ): Promise<EligibilityResult> {
    const rules = await resolveRules(executor, q);
    if (rules.length === 0) throw new EligibilityRulesMissingError(q.certificateTypeCode, q.level, q.at);
    const profile = await loadProfile(executor, personId, q.schoolEnrolment);
    const evaluation = evaluateEligibility(profile, rules.map(toEligibilityRule), q.at);
    return {
      eligible: evaluation.eligible,
      at: q.at,
      certificateTypeCode: q.certificateTypeCode,
      level: q.level,
      divisionCode: q.divisionCode,
      industryCode: q.industryCode,
      results: evaluation.results,
    };
  }

  return {
    today,
    checkTypeAndLevel,
    checkIndustry,
    resolveRules,
    evaluatePerson,

    /** `POST /eligibility/evaluate`: the holder, their employer, regulators in scope; else 404. */
    async evaluate(actor: Actor, body: EligibilityEvaluateBody): Promise<EligibilityResult> {
      const person = await registry.getPersonForActor(actor, body.personId, 'read');
      const type = await checkTypeAndLevel(db, body.certificateTypeCode, body.level);
      await divisions.assertExists(body.divisionCode, { field: 'body.divisionCode' });
      if (body.industryCode) await checkIndustry(db, body.industryCode, 'body.industryCode');
      return evaluatePerson(db, person.id, {
        certificateTypeCode: type.code,
        level: body.level,
        divisionCode: body.divisionCode,
        industryCode: body.industryCode ?? type.industry_code,
        at: body.at ?? today(),
        schoolEnrolment: body.schoolEnrolment ?? null,
      });
    },

    /** The rule set that applies to a question, with sources (any signed-in caller: rules are public policy). */
    async listRules(query: {
      certificateTypeCode: string;
      level: string;
      divisionCode: string;
      industryCode?: string | undefined;
      at?: string | undefined;
    }) {
      const fields = { type: 'query.certificateTypeCode', level: 'query.level' };
      const type = await checkTypeAndLevel(db, query.certificateTypeCode, query.level, fields);
      await divisions.assertExists(query.divisionCode, { field: 'query.divisionCode' });
      if (query.industryCode) await checkIndustry(db, query.industryCode, 'query.industryCode');
      const at = query.at ?? today();
      const industryCode = query.industryCode ?? type.industry_code;
      const rows = await resolveRules(db, {
        certificateTypeCode: type.code,
        level: query.level,
        divisionCode: query.divisionCode,
        industryCode,
        at,
      });
      return { at, industryCode, items: rows.map(toRuleView) };
    },

    /** 禁考 / 失信名单: regulators (officer/approver) whose subtree holds the person; audited. */
    async addSanction(actor: Actor, personPublicId: string, input: SanctionCreate): Promise<SanctionView> {
      const person = await registry.getPersonForActor(actor, personPublicId, 'update_identity');
      if (input.endsOn && input.endsOn < input.startsOn) throw new InvalidSanctionPeriodError();
      const row = await db.transaction().execute(async (trx) => {
        const r = await repo.insertSanction(trx, {
          person_id: person.id,
          kind: input.kind,
          reason: input.reason.trim(),
          basis: input.basis.trim(),
          starts_on: input.startsOn,
          ends_on: input.endsOn ?? null,
          created_by: actor.kind === 'user' ? actor.id : null,
        });
        await audit.record(trx, actor, {
          action: 'person.sanction.add',
          targetType: 'person',
          targetId: person.id,
          details: {
            sanctionId: r.id,
            kind: r.kind,
            startsOn: r.starts_on,
            endsOn: r.ends_on,
            basis: r.basis,
          },
        });
        return r;
      });
      return sanctionView(row, person.public_id);
    },

    async listSanctions(actor: Actor, personPublicId: string) {
      const person = await registry.getPersonForActor(actor, personPublicId, 'read');
      const rows = await repo.listSanctions(db, person.id);
      return { items: rows.map((r) => sanctionView(r, person.public_id)) };
    },
  };
}
