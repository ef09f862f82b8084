import type { ItemAnswerKey, ItemResponse, RubricCriterion } from '@anzheng/contracts';
import type { JsonValue } from '@anzheng/db';
import type { AuditService } from '../../audit/audit.service.ts';
import { type Actor, inDivisionScope } from '../../identity/actor.ts';
import { uuidv7 } from '../../registry/index.ts';
import { resolveDoubleMarking } from './composite.ts';
import type { DeliverySettings } from './delivery.config.ts';
import {
  AlreadyMarkedError,
  AssessmentExistsError,
  AssessmentNotFoundError,
  AttemptNotFinishedError,
  AttemptNotFoundError,
  InvalidResponseError,
  ItemNotOnPaperError,
  MarkerNotNeededError,
  NotArbitrationError,
  PointsOutOfRangeError,
  RegistrationNotFoundError,
  SameAssessorError,
  UnknownAssessorError,
} from './delivery.errors.ts';
import { assessmentRoleOf, canInvigilate, canMarkItems, INVIGILATORS } from './delivery.policy.ts';
import type { AttemptRow, Db } from './delivery.repository.ts';
import * as repo from './delivery.repository.ts';
import * as grading from './grading.repository.ts';
import { loadPaper } from './paper.ts';
import { round2, scoreItem } from './scoring.ts';

export interface GradingServiceDeps {
  db: Db;
  audit: AuditService;
  clock: () => Date;
  settings: DeliverySettings;
}

/**
 * Grading (docs/exam-delivery.md §grading): automatic scoring of objective items, markers for
 * subjective ones, and practical / performance assessments double marked blind by two
 * assessors with an arbitrator when they differ by more than the threshold.
 */
/** Item types a marker scores by rubric (the rest are scored automatically from the key). */
const MARKED_TYPES = new Set(['short_answer', 'scenario']);

/** The model answers of a rubric-scored item (and of a scenario's sub-items) — not objective keys. */
function markerKey(key: ItemAnswerKey | undefined): JsonValue | null {
  if (!key) return null;
  const subItems = Object.fromEntries(
    Object.entries(key.subItems ?? {}).flatMap(([ref, k]) =>
      k.modelAnswer ? [[ref, k.modelAnswer] as [string, string]] : [],
    ),
  );
  if (!key.modelAnswer && Object.keys(subItems).length === 0) return null;
  return { modelAnswer: key.modelAnswer ?? null, subItems };
}

export function createGradingService(deps: GradingServiceDeps) {
  const { db, audit, clock, settings } = deps;

  async function markableAttempt(actor: Actor, publicId: string): Promise<AttemptRow> {
    const a = await repo.findAttempt(db, publicId);
    if (!a || !canMarkItems(actor, a.division_code)) throw new AttemptNotFoundError();
    const now = clock();
    if (a.state === 'in_progress' && !a.paused_at && a.deadline_at < now) {
      await repo.finalizeExpired(db, a.id, now);
      return (await repo.findAttempt(db, publicId))!;
    }
    return a;
  }

  async function gradingView(a: AttemptRow) {
    const paper = await loadPaper(db, a.paper_id);
    const scores = await grading.listItemScores(db, a.id);
    const byRef = new Map(scores.map((s) => [s.item_ref, s]));
    const answers = new Map((await repo.listAnswers(db, a.id)).map((r) => [r.item_ref, r.response]));
    const items = paper.items.map((i) => {
      const s = byRef.get(i.ref);
      const view = {
        itemRef: i.ref,
        method: s?.method ?? 'pending',
        points: s?.points == null ? null : Number(s.points),
        maxPoints: i.points,
      };
      // What a marker reads (rubric-scored items only; objective keys never leave the server).
      if (!MARKED_TYPES.has(i.body.type)) return view;
      return {
        ...view,
        marking: {
          type: i.body.type,
          stem: i.body.stem,
          body: i.body,
          modelAnswer: markerKey(i.key),
          response: answers.get(i.ref) ?? null,
        },
      };
    });
    const pending = items.filter((i) => i.points === null).map((i) => i.itemRef);
    const auto = round2(items.filter((i) => i.method === 'auto').reduce((s, i) => s + (i.points ?? 0), 0));
    const theoryPoints = pending.length === 0 ? round2(items.reduce((s, i) => s + (i.points ?? 0), 0)) : null;
    return {
      attemptId: a.public_id,
      state: a.state as 'submitted',
      autoPoints: auto,
      pendingItems: pending,
      theoryPoints,
      totalPoints: paper.totalPoints,
      theoryScore:
        theoryPoints === null || paper.totalPoints <= 0
          ? null
          : round2((theoryPoints / paper.totalPoints) * 100),
      items,
    };
  }

  async function completeIfMarked(a: AttemptRow): Promise<AttemptRow> {
    const view = await gradingView(a);
    if (view.pendingItems.length === 0 && a.state === 'submitted') {
      await repo.updateAttempt(db, a.id, { state: 'graded' });
      return { ...a, state: 'graded' };
    }
    return a;
  }

  function assessmentView(
    actor: Actor,
    e: grading.AssessmentRow,
    marks: Awaited<ReturnType<typeof grading.listMarks>>,
  ) {
    const role = assessmentRoleOf(actor, e);
    const regulator = inDivisionScope(actor, e.division_code, INVIGILATORS);
    // Blind double marking: until both first marks are in, an assessor sees only their own.
    const bothIn = e.state !== 'marking';
    const visible = marks.filter((m) => regulator || bothIn || m.role === role);
    return {
      id: e.public_id,
      registrationId: e.registration_public_id,
      component: e.component,
      title: e.title,
      rubric: e.rubric as unknown as RubricCriterion[],
      maxPoints: Number(e.max_points),
      thresholdPoints: Number(e.threshold_points),
      state: e.state,
      myRole: role,
      marks: visible.map((m) => ({
        role: m.role,
        points: Number(m.points),
        criteria: m.criteria as Record<string, number>,
        comment: m.comment,
        submittedAt: m.submitted_at.toISOString(),
      })),
      finalPoints: e.final_points === null ? null : Number(e.final_points),
      finalMethod: e.final_method,
      responsibilityAccident: e.responsibility_accident,
    };
  }

  async function visibleAssessment(actor: Actor, publicId: string, lock = false, trx: Db = db) {
    const e = await grading.findAssessment(trx, publicId, lock);
    if (
      !e ||
      (assessmentRoleOf(actor, e) === null && !inDivisionScope(actor, e.division_code, INVIGILATORS))
    ) {
      throw new AssessmentNotFoundError();
    }
    return e;
  }

  async function assessorId(publicId: string, field: string): Promise<number> {
    const u = await grading.findUserByPublicId(db, publicId);
    if (!u?.roles.includes('assessor')) throw new UnknownAssessorError(field);
    return Number(u.id);
  }

  return {
    /** Scores the objective items of a finished attempt; subjective ones wait for a marker. */
    async gradeAttempt(actor: Actor, publicId: string) {
      let a = await markableAttempt(actor, publicId);
      const now = clock();
      const graceOver = now.getTime() > a.deadline_at.getTime() + settings.saveGraceSeconds * 1000;
      if (a.state === 'in_progress' || (a.submitted_by === 'server_deadline' && !graceOver)) {
        throw new AttemptNotFinishedError();
      }
      if (a.state === 'submitted') {
        const paper = await loadPaper(db, a.paper_id);
        const answers = new Map((await repo.listAnswers(db, a.id)).map((x) => [x.item_ref, x.response]));
        await db.transaction().execute(async (trx) => {
          for (const item of paper.items) {
            const s = scoreItem(
              item.body,
              item.key,
              answers.get(item.ref) as ItemResponse | undefined,
              item.points,
            );
            await grading.upsertAutoScore(trx, {
              attemptId: a.id,
              itemRef: item.ref,
              points: s.points,
              maxPoints: s.maxPoints,
              detail: s.detail as JsonValue,
              now,
            });
          }
          await audit.record(trx, actor, {
            action: 'exam.attempt.auto-grade',
            targetType: 'exam_attempt',
            targetId: publicId,
          });
        });
        a = await completeIfMarked(a);
      }
      return gradingView(a);
    },

    /** A marker's points for a subjective item (short answer, scenario with rubric parts). */
    async markItem(
      actor: Actor,
      publicId: string,
      itemRef: string,
      body: { points: number; comment?: string | undefined },
    ) {
      let a = await markableAttempt(actor, publicId);
      const paper = await loadPaper(db, a.paper_id);
      const item = paper.byRef.get(itemRef);
      if (!item) throw new ItemNotOnPaperError(itemRef);
      const scores = new Map((await grading.listItemScores(db, a.id)).map((s) => [s.item_ref, s]));
      const score = scores.get(itemRef);
      if (a.state === 'in_progress' || !score) throw new AttemptNotFinishedError();
      if (score.method !== 'marker') throw new MarkerNotNeededError(itemRef);
      if (body.points > item.points) throw new PointsOutOfRangeError('body.points', item.points);
      await db.transaction().execute(async (trx) => {
        await grading.setMarkerScore(trx, {
          attemptId: a.id,
          itemRef,
          points: body.points,
          markedBy: actor.id,
          comment: body.comment ?? null,
          now: clock(),
        });
        await audit.record(trx, actor, {
          action: 'exam.item.mark',
          targetType: 'exam_attempt',
          targetId: publicId,
          details: {
            itemRef,
            points: body.points,
            previous: score.points === null ? null : Number(score.points),
          },
        });
      });
      a = await completeIfMarked(a);
      return gradingView(a);
    },

    async createAssessment(
      actor: Actor,
      registrationPublicId: string,
      body: {
        component: 'practical' | 'performance';
        title: string;
        rubric: RubricCriterion[];
        firstAssessorId: string;
        secondAssessorId: string;
        thresholdPoints?: number | undefined;
        responsibilityAccident?: boolean | undefined;
      },
    ) {
      const r = await grading.findRegistration(db, registrationPublicId);
      if (!r || !canInvigilate(actor, r.division_code)) throw new RegistrationNotFoundError();
      if (body.firstAssessorId === body.secondAssessorId)
        throw new SameAssessorError('body.secondAssessorId');
      const ids = new Set(body.rubric.map((c) => c.id));
      if (ids.size !== body.rubric.length)
        throw new InvalidResponseError('body.rubric', '评分细则中的评分项编号重复');
      const first = await assessorId(body.firstAssessorId, 'body.firstAssessorId');
      const second = await assessorId(body.secondAssessorId, 'body.secondAssessorId');
      const maxPoints = round2(body.rubric.reduce((s, c) => s + c.points, 0));
      const publicId = uuidv7(clock().getTime());
      await db.transaction().execute(async (trx) => {
        const created = await grading.insertAssessment(trx, {
          public_id: publicId,
          registration_id: r.id,
          component: body.component,
          title: body.title,
          rubric: body.rubric as unknown as JsonValue,
          max_points: maxPoints,
          threshold_points: body.thresholdPoints ?? round2(maxPoints * settings.markingThresholdRatio),
          first_assessor_id: first,
          second_assessor_id: second,
          responsibility_accident:
            body.component === 'performance' ? (body.responsibilityAccident ?? false) : null,
          created_by: actor.id,
          created_at: clock(),
        });
        if (!created) throw new AssessmentExistsError();
        await audit.record(trx, actor, {
          action: 'exam.assessment.create',
          targetType: 'exam_assessment',
          targetId: publicId,
          details: { registration: registrationPublicId, component: body.component },
        });
      });
      return this.getAssessment(actor, publicId);
    },

    async getAssessment(actor: Actor, publicId: string) {
      const e = await visibleAssessment(actor, publicId);
      return assessmentView(actor, e, await grading.listMarks(db, e.id));
    },

    /** One assessor's marks: first/second blind; the arbitrator's score stands. */
    async submitMark(
      actor: Actor,
      publicId: string,
      body: { criteria: Record<string, number>; comment?: string | undefined },
    ) {
      const e0 = await visibleAssessment(actor, publicId);
      const role = assessmentRoleOf(actor, e0);
      if (role === null) throw new AssessmentNotFoundError();
      const rubric = e0.rubric as unknown as RubricCriterion[];
      for (const c of rubric) {
        const v = body.criteria[c.id];
        if (v === undefined)
          throw new InvalidResponseError(`body.criteria.${c.id}`, `缺少评分项 ${c.id} 的分数`);
        if (v < 0 || v > c.points) throw new PointsOutOfRangeError(`body.criteria.${c.id}`, c.points);
      }
      const extra = Object.keys(body.criteria).find((k) => !rubric.some((c) => c.id === k));
      if (extra) throw new InvalidResponseError(`body.criteria.${extra}`, `评分细则中没有评分项 ${extra}`);
      const points = round2(rubric.reduce((s, c) => s + (body.criteria[c.id] ?? 0), 0));
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const e = (await grading.findAssessment(trx, publicId, true))!;
        if (role === 'arbitrator' && e.state !== 'arbitration') throw new NotArbitrationError();
        const inserted = await grading.insertMark(trx, {
          assessment_id: e.id,
          role,
          assessor_id: actor.id,
          criteria: body.criteria,
          points,
          comment: body.comment ?? null,
          submitted_at: now,
        });
        if (!inserted) throw new AlreadyMarkedError();
        const marks = await grading.listMarks(trx, e.id);
        const a = marks.find((m) => m.role === 'first');
        const b = marks.find((m) => m.role === 'second');
        const c = marks.find((m) => m.role === 'arbitrator');
        if (a && b) {
          const r = resolveDoubleMarking(
            Number(a.points),
            Number(b.points),
            Number(e.threshold_points),
            c ? Number(c.points) : undefined,
          );
          if (r.final !== null && r.method !== null) {
            await grading.updateAssessment(trx, e.id, {
              state: 'completed',
              final_points: r.final,
              final_method: r.method,
              completed_at: now,
            });
          } else {
            await grading.updateAssessment(trx, e.id, { state: 'arbitration' });
          }
        }
        await audit.record(trx, actor, {
          action: 'exam.assessment.mark',
          targetType: 'exam_assessment',
          targetId: publicId,
          details: { role, points, criteria: body.criteria },
        });
      });
      return this.getAssessment(actor, publicId);
    },

    async assignArbitrator(actor: Actor, publicId: string, arbitratorPublicId: string) {
      const e = await visibleAssessment(actor, publicId);
      if (!inDivisionScope(actor, e.division_code, INVIGILATORS)) throw new AssessmentNotFoundError();
      if (e.state !== 'arbitration') throw new NotArbitrationError();
      const arbitrator = await assessorId(arbitratorPublicId, 'body.arbitratorId');
      if (arbitrator === e.first_assessor_id || arbitrator === e.second_assessor_id) {
        throw new SameAssessorError('body.arbitratorId');
      }
      await db.transaction().execute(async (trx) => {
        await grading.updateAssessment(trx, e.id, { arbitrator_id: arbitrator });
        await audit.record(trx, actor, {
          action: 'exam.assessment.arbitrator',
          targetType: 'exam_assessment',
          targetId: publicId,
          details: { arbitrator: arbitratorPublicId },
        });
      });
      return this.getAssessment(actor, publicId);
    },

    gradingView,
  };
}

export type GradingService = ReturnType<typeof createGradingService>;
