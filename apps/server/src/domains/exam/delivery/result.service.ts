import { createHash, randomBytes } from 'node:crypto';
import type { FieldCipher } from '@anzheng/crypto';
import type { JsonValue } from '@anzheng/db';
import type { AuditService } from '../../audit/audit.service.ts';
import { type Actor, hasRole, inDivisionScope } from '../../identity/actor.ts';
import { appendEntry } from '../../ledger/index.ts';
import { resolveRuleValue, todayInShanghai } from '../../reference/index.ts';
import { AAD, uuidv7 } from '../../registry/index.ts';
import {
  COMPONENT_NAMES,
  COMPONENTS,
  type Component,
  computeComposite,
  MissingComponentError,
} from './composite.ts';
import type { DeliverySettings } from './delivery.config.ts';
import {
  AppealDecidedError,
  AppealExistsError,
  AppealNotFoundError,
  AppealWindowClosedError,
  RegistrationNotFoundError,
  ResultExistsError,
  ResultNotFoundError,
  ResultNotReadyError,
  ScoresRequiredError,
} from './delivery.errors.ts';
import { INVIGILATORS, isCandidate } from './delivery.policy.ts';
import type { Db } from './delivery.repository.ts';
import * as grading from './grading.repository.ts';
import type { GradingService } from './grading.service.ts';

export interface ResultServiceDeps {
  db: Db;
  audit: AuditService;
  cipher: FieldCipher;
  clock: () => Date;
  settings: DeliverySettings;
  grading: GradingService;
}

/** hex SHA-256(salt ‖ UTF-8(ID number) ‖ UTF-8(name)) — the salted holder commitment of DESIGN §4. */
export function holderCommitment(salt: Uint8Array, idNumber: string, name: string): string {
  return createHash('sha256').update(salt).update(idNumber, 'utf8').update(name, 'utf8').digest('hex');
}

function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86_400_000);
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1 + months, d));
  return t.toISOString().slice(0, 10);
}

type Scores = Record<Component, number | null>;

/**
 * Composite results (REQ-EXAM-2, REQ-EXAM-6): published per registration as versions, each
 * logged as `exam.result` in the same transaction (no personal data: ticket number as subject,
 * a salted holder commitment in the data); appeals within the window; a changed score is a new
 * version, audited and logged.
 */
export function createResultService(deps: ResultServiceDeps) {
  const { db, audit, cipher, clock, settings } = deps;

  async function gatherScores(r: grading.RegistrationRow) {
    const scores: Scores = { theory: null, practical: null, performance: null };
    let accident = false;
    if (r.attempt_id !== null && r.attempt_state === 'graded') {
      const a = await grading.listItemScores(db, r.attempt_id);
      const points = a.reduce((s, x) => s + Number(x.points ?? 0), 0);
      const max = a.reduce((s, x) => s + Number(x.max_points), 0);
      scores.theory = max > 0 ? Math.round((points / max) * 10_000) / 100 : 0;
    }
    for (const e of await grading.listAssessmentsOfRegistration(db, r.id)) {
      if (e.state !== 'completed' || e.final_points === null) continue;
      const c = e.component as 'practical' | 'performance';
      scores[c] = Math.round((Number(e.final_points) / Number(e.max_points)) * 10_000) / 100;
      if (c === 'performance' && e.responsibility_accident) accident = true;
    }
    return { scores, accident };
  }

  async function rules(trx: Db, r: grading.RegistrationRow, at: string) {
    const scope = {
      certificateTypeCode: r.certificate_type_code,
      level: r.level,
      industryCode: r.industry_code ?? undefined,
      divisionCode: r.division_code,
      at,
    };
    const weights = await resolveRuleValue<Record<Component, number>>(trx, { key: 'exam.weights', ...scope });
    const pass = await resolveRuleValue<{ composite: number; eachComponent: number }>(trx, {
      key: 'exam.pass_rules',
      ...scope,
    });
    const bonus = await resolveRuleValue<number>(trx, { key: 'exam.master_bonus_points', ...scope });
    return { weights, pass, bonus };
  }

  /** Computes and writes one result version with its log entry (inside `trx`). */
  async function writeResult(
    trx: Db,
    actor: Actor,
    r: grading.RegistrationRow,
    scores: Scores,
    accident: boolean,
    version: number,
    changeReason: string | null,
  ) {
    const now = clock();
    const at = todayInShanghai(now);
    const { weights, pass, bonus } = await rules(trx, r, at);
    const hasMaster = await grading.hasSafetyMasterDegree(trx, r.person_id);
    let computed: ReturnType<typeof computeComposite>;
    try {
      computed = computeComposite({
        weights: weights.value,
        passRules: pass.value,
        masterBonusPoints: bonus.value,
        hasSafetyMaster: hasMaster,
        scores,
        responsibilityAccident: accident,
      });
    } catch (error) {
      if (error instanceof MissingComponentError) {
        throw new ResultNotReadyError(`${COMPONENT_NAMES[error.component]}成绩尚未评定完成`);
      }
      throw error;
    }
    let resitUntil: string | null = null;
    if (!computed.passed && settings.resits > 0) {
      const since = new Date(now.getTime() - settings.resitMonths * 31 * 86_400_000);
      const prior = await grading.countFailuresSince(trx, {
        personId: r.person_id,
        certificateTypeCode: r.certificate_type_code,
        level: r.level,
        since,
        excludeRegistrationId: r.id,
      });
      if (prior.count < settings.resits) {
        resitUntil = addMonths(todayInShanghai(prior.first ?? now), settings.resitMonths);
      }
    }
    const person = await grading.getPersonIdentity(trx, r.person_id);
    const salt = randomBytes(16);
    const commitment = holderCommitment(
      salt,
      cipher.decrypt(person.id_number_enc, AAD.idNumber),
      person.name,
    );
    const basis = {
      weights: weights.value,
      passRules: pass.value,
      masterBonusPoints: hasMaster ? bonus.value : 0,
      ruleParameterIds: [weights.ruleParameterId, pass.ruleParameterId, bonus.ruleParameterId],
      responsibilityAccident: accident,
    };
    const entryId = await appendEntry(trx, {
      kind: 'exam.result',
      subject: r.ticket_no,
      data: {
        version,
        certificateTypeCode: r.certificate_type_code,
        level: r.level,
        theory: computed.theory,
        theoryBonus: computed.theoryBonus,
        practical: computed.practical,
        performance: computed.performance,
        composite: computed.composite,
        passed: computed.passed,
        holderCommitment: commitment,
      },
      at: now,
    });
    const publicId = uuidv7(now.getTime());
    const id = await grading.insertResult(trx, {
      public_id: publicId,
      registration_id: r.id,
      person_id: r.person_id,
      version,
      theory: computed.theory,
      theory_bonus: computed.theoryBonus,
      practical: computed.practical,
      performance: computed.performance,
      composite: computed.composite,
      passed: computed.passed,
      basis: basis as unknown as JsonValue,
      reasons: computed.reasons,
      resit_until: resitUntil,
      holder_salt: Buffer.from(salt).toString('base64url'),
      holder_commitment: commitment,
      ledger_entry_id: entryId,
      change_reason: changeReason,
      published_by: actor.id,
      published_at: now,
    });
    await audit.record(trx, actor, {
      action: version === 1 ? 'exam.result.publish' : 'exam.result.revise',
      targetType: 'exam_result',
      targetId: publicId,
      details: {
        registration: r.public_id,
        version,
        composite: computed.composite,
        passed: computed.passed,
        changeReason,
      },
    });
    return { id, publicId };
  }

  function toView(x: grading.ResultRow, withSalt: boolean) {
    return {
      id: x.public_id,
      registrationId: x.registration_public_id,
      ticketNo: x.ticket_no,
      certificateTypeCode: x.certificate_type_code,
      level: x.level,
      version: x.version,
      theory: x.theory === null ? null : Number(x.theory),
      theoryBonus: Number(x.theory_bonus),
      practical: x.practical === null ? null : Number(x.practical),
      performance: x.performance === null ? null : Number(x.performance),
      composite: Number(x.composite),
      passed: x.passed,
      reasons: x.reasons as string[],
      basis: x.basis,
      resitUntil: x.resit_until,
      appealUntil: todayInShanghai(addDays(x.published_at, settings.appealDays)),
      publishedAt: x.published_at.toISOString(),
      ledgerEntryId: Number(x.ledger_entry_id),
      ...(withSalt ? { holderSalt: x.holder_salt } : {}),
      changeReason: x.change_reason,
    };
  }

  async function scopedRegistration(actor: Actor, publicId: string) {
    const r = await grading.findRegistration(db, publicId);
    if (!r || !inDivisionScope(actor, r.division_code, INVIGILATORS)) throw new RegistrationNotFoundError();
    return r;
  }

  function appealView(g: grading.AppealRow) {
    return {
      id: g.public_id,
      resultId: g.result_public_id,
      state: g.state,
      reason: g.reason,
      filedAt: g.filed_at.toISOString(),
      decidedAt: g.decided_at ? g.decided_at.toISOString() : null,
      decisionNote: g.decision_note,
      newResultId: g.new_result_public_id,
    };
  }

  return {
    /** Publishes the composite result (version 1) once every weighted component is scored. */
    async publish(actor: Actor, registrationPublicId: string) {
      const r = await scopedRegistration(actor, registrationPublicId);
      if (await grading.latestResult(db, r.id)) throw new ResultExistsError();
      const { scores, accident } = await gatherScores(r);
      const written = await db
        .transaction()
        .execute((trx) => writeResult(trx, actor, r, scores, accident, 1, null));
      return toView((await grading.findResult(db, { id: written.id }))!, false);
    },

    /** The candidate's own results (every version, newest first), with the commitment salt. */
    async listMine(actor: Actor) {
      const rows = await grading.listResultsOfUser(db, actor.id);
      return { items: rows.map((x) => toView(x, true)) };
    },

    async getResult(actor: Actor, publicId: string) {
      const x = await grading.findResult(db, { publicId });
      if (!x) throw new ResultNotFoundError();
      const own = isCandidate(actor, x.person_user_id);
      if (!own && !inDivisionScope(actor, x.division_code, INVIGILATORS)) throw new ResultNotFoundError();
      return toView(x, own);
    },

    /** 复核申请: the candidate, within the window after the latest version's publication. */
    async fileAppeal(actor: Actor, resultPublicId: string, reason: string) {
      const x = await grading.findResult(db, { publicId: resultPublicId });
      if (!x || !isCandidate(actor, x.person_user_id)) throw new ResultNotFoundError();
      const latest = (await grading.latestResult(db, x.registration_id))!;
      const now = clock();
      const until = addDays(latest.published_at, settings.appealDays);
      if (latest.id !== x.id || now > until) throw new AppealWindowClosedError(todayInShanghai(until));
      const publicId = uuidv7(now.getTime());
      await db.transaction().execute(async (trx) => {
        if (await grading.findPendingAppeal(trx, x.registration_id)) throw new AppealExistsError();
        await grading.insertAppeal(trx, {
          public_id: publicId,
          result_id: x.id,
          reason,
          filed_by: actor.id,
          filed_at: now,
        });
        await audit.record(trx, actor, {
          action: 'exam.appeal.file',
          targetType: 'exam_appeal',
          targetId: publicId,
          details: { result: resultPublicId },
        });
      });
      return appealView((await grading.findAppeal(db, publicId))!);
    },

    /** The regulator decides; an upheld appeal with corrected scores publishes a new version. */
    async decideAppeal(
      actor: Actor,
      appealPublicId: string,
      body: {
        decision: 'upheld' | 'rejected';
        note: string;
        scores?: Partial<Record<Component, number>> | undefined;
      },
    ) {
      const g0 = await grading.findAppeal(db, appealPublicId);
      if (!g0) throw new AppealNotFoundError();
      const x = (await grading.findResult(db, { id: g0.result_id }))!;
      if (
        !inDivisionScope(actor, x.division_code, INVIGILATORS) ||
        !hasRole(actor, 'regulator_approver', 'regulator_officer')
      ) {
        throw new AppealNotFoundError();
      }
      const corrected = body.scores ?? {};
      if (body.decision === 'upheld' && Object.keys(corrected).length === 0) throw new ScoresRequiredError();
      const r = (await grading.findRegistration(db, x.registration_public_id))!;
      await db.transaction().execute(async (trx) => {
        const g = (await grading.findAppeal(trx, appealPublicId, true))!;
        if (g.state !== 'pending') throw new AppealDecidedError();
        let newResultId: number | null = null;
        if (body.decision === 'upheld') {
          const latest = (await grading.latestResult(trx, r.id))!;
          // Stored theory includes the bonus; the new version recomputes it from the raw score.
          const scores: Scores = {
            theory: latest.theory === null ? null : Number(latest.theory) - Number(latest.theory_bonus),
            practical: latest.practical === null ? null : Number(latest.practical),
            performance: latest.performance === null ? null : Number(latest.performance),
          };
          for (const c of COMPONENTS) if (corrected[c] !== undefined) scores[c] = corrected[c]!;
          const basis = latest.basis as { responsibilityAccident?: boolean };
          const written = await writeResult(
            trx,
            actor,
            r,
            scores,
            basis.responsibilityAccident === true,
            latest.version + 1,
            body.note,
          );
          newResultId = written.id;
        }
        await grading.decideAppeal(trx, g.id, {
          state: body.decision,
          decided_by: actor.id,
          decided_at: clock(),
          decision_note: body.note,
          new_result_id: newResultId,
        });
        await audit.record(trx, actor, {
          action: 'exam.appeal.decide',
          targetType: 'exam_appeal',
          targetId: appealPublicId,
          details: { decision: body.decision, scores: corrected as Record<string, number> },
        });
      });
      return appealView((await grading.findAppeal(db, appealPublicId))!);
    },
  };
}

export type ResultService = ReturnType<typeof createResultService>;
