import type { ItemAnswerKey, ItemBody, ItemResponse, SessionStatisticsView } from '@anzheng/contracts';
import type { Actor } from '../../identity/actor.ts';
import {
  computeExamStatistics,
  type ItemStatistics,
  type StatisticsAttempt,
  type StatisticsItem,
} from '../analysis/statistics.ts';
import { SessionNotFoundError } from './delivery.errors.ts';
import { canMarkItems } from './delivery.policy.ts';
import { type Db, findSession } from './delivery.repository.ts';
import { round2 } from './scoring.ts';

export interface StatisticsServiceDeps {
  db: Db;
}

const CHOICE_TYPES = new Set(['single_choice', 'multiple_choice', 'true_false']);

interface PaperEntry {
  ref: string;
  itemVersionId: number | string;
  points: number | string;
}

interface VersionInfo {
  statsId: string;
  ref: string;
  itemPublicId: string;
  version: number;
  type: string;
  maxMark: number;
  body: ItemBody;
  key: ItemAnswerKey;
}

/** Rows a session's statistics are computed from (read-only; every submitted/graded attempt). */
async function loadSessionRows(db: Db, sessionId: number) {
  const attempts = await db
    .selectFrom('exam_attempt')
    .select(['id', 'public_id', 'paper_id', 'state'])
    .where('session_id', '=', sessionId)
    .where('state', 'in', ['submitted', 'graded'])
    .orderBy('id')
    .execute();
  if (attempts.length === 0) return { attempts, papers: [], versions: [], scores: [], answers: [] };
  const attemptIds = attempts.map((a) => a.id);
  const papers = await db
    .selectFrom('exam_paper')
    .select(['id', 'items', 'total_points'])
    .where('id', 'in', [...new Set(attempts.map((a) => a.paper_id))])
    .execute();
  const versionIds = [
    ...new Set(
      papers.flatMap((p) => (p.items as unknown as PaperEntry[]).map((e) => Number(e.itemVersionId))),
    ),
  ];
  const versions =
    versionIds.length === 0
      ? []
      : await db
          .selectFrom('exam_item_version as v')
          .innerJoin('exam_item as i', 'i.id', 'v.item_id')
          .select(['v.id', 'v.version', 'v.type', 'v.body', 'v.answer_key', 'i.public_id as item_public_id'])
          .where('v.id', 'in', versionIds)
          .execute();
  const scores = await db
    .selectFrom('exam_item_score')
    .select(['attempt_id', 'item_ref', 'points'])
    .where('attempt_id', 'in', attemptIds)
    .execute();
  const answers = await db
    .selectFrom('exam_answer')
    .select(['attempt_id', 'item_ref', 'response'])
    .where('attempt_id', 'in', attemptIds)
    .execute();
  return { attempts, papers, versions, scores, answers };
}

/**
 * 场次试卷与试题统计 (issue 6 §5, REQ-EXAM-5; docs/exam-delivery.md §Statistics API): every
 * attempt of the session whose items are all scored (automatic scores and final marker marks),
 * one statistics item per item version of their papers, analysed by computeExamStatistics
 * (docs/exam-analysis.md). Submitted attempts still waiting for a marker are counted apart.
 */
export function createStatisticsService(deps: StatisticsServiceDeps) {
  const { db } = deps;
  return {
    async sessionStatistics(actor: Actor, sessionPublicId: string): Promise<SessionStatisticsView> {
      const session = await findSession(db, sessionPublicId);
      // Invigilators in scope of the session's division and third-party markers (delivery policy).
      if (!session || !canMarkItems(actor, session.division_code)) throw new SessionNotFoundError();
      const rows = await loadSessionRows(db, Number(session.id));

      const versionRows = new Map(rows.versions.map((v) => [Number(v.id), v]));
      const paperItems = new Map(rows.papers.map((p) => [Number(p.id), p.items as unknown as PaperEntry[]]));
      const paperTotalOf = new Map(rows.papers.map((p) => [Number(p.id), Number(p.total_points)]));
      const infos = new Map<number, VersionInfo>();
      for (const entries of paperItems.values()) {
        for (const e of entries) {
          const vid = Number(e.itemVersionId);
          const v = versionRows.get(vid);
          if (!v) throw new Error(`item version ${vid} missing`);
          const prior = infos.get(vid);
          if (prior) {
            prior.maxMark = Math.max(prior.maxMark, Number(e.points));
            continue;
          }
          infos.set(vid, {
            statsId: `${v.item_public_id}@v${v.version}`,
            ref: e.ref,
            itemPublicId: v.item_public_id,
            version: Number(v.version),
            type: v.type,
            maxMark: Number(e.points),
            body: v.body as unknown as ItemBody,
            key: v.answer_key as unknown as ItemAnswerKey,
          });
        }
      }

      const scoreOf = new Map(
        rows.scores.map((s) => [
          `${s.attempt_id}/${s.item_ref}`,
          s.points === null ? null : Number(s.points),
        ]),
      );
      const answerOf = new Map(
        rows.answers.map((a) => [`${a.attempt_id}/${a.item_ref}`, a.response as unknown as ItemResponse]),
      );
      const attempts: StatisticsAttempt[] = [];
      const scores: number[] = [];
      let pending = 0;
      for (const a of rows.attempts) {
        const entries = paperItems.get(Number(a.paper_id)) ?? [];
        const marks: Record<string, number | null> = {};
        const choices: Record<string, string[] | undefined> = {};
        let complete = true;
        for (const e of entries) {
          const info = infos.get(Number(e.itemVersionId))!;
          const points = scoreOf.get(`${a.id}/${e.ref}`);
          if (points === undefined || points === null) {
            complete = false;
            break;
          }
          const response = answerOf.get(`${a.id}/${e.ref}`);
          // An item never answered counts 0 (Moodle); the mark is the scored 0 either way.
          marks[info.statsId] = points;
          if (CHOICE_TYPES.has(info.type)) choices[info.statsId] = response?.choices ?? [];
        }
        if (!complete) {
          pending++;
          continue;
        }
        attempts.push({ id: a.public_id, marks, choices });
        scores.push(round2(Object.values(marks).reduce<number>((s, m) => s + (m ?? 0), 0)));
      }

      const items: StatisticsItem[] = [...infos.values()].map((i) => ({
        id: i.statsId,
        maxMark: i.maxMark,
        body: i.body,
        answerKey: i.key,
      }));
      const stats = computeExamStatistics({ items, attempts });
      // Papers assembled per candidate from one blueprint hold different item versions with the
      // same paper total: the analysis module's maxTotal (Σ maxMark over every version) is then
      // not what a candidate could score, so the test's percentages are taken of the paper total.
      const paperTotals = new Set(rows.attempts.map((a) => paperTotalOf.get(Number(a.paper_id))));
      const test = { ...stats.test };
      const [paperTotal] = [...paperTotals];
      if (attempts.length > 0 && paperTotals.size === 1 && paperTotal && paperTotal !== test.maxTotal) {
        const pct = (v: number | null) => (v === null ? null : (100 * v) / paperTotal);
        test.maxTotal = paperTotal;
        test.averagePercent = pct(test.average);
        test.medianPercent = pct(test.median);
        test.standardDeviationPercent = pct(test.standardDeviation);
        test.standardErrorPercent = pct(test.standardError);
      }
      const byStatsId = new Map([...infos.values()].map((i) => [i.statsId, i]));
      const view = (s: ItemStatistics) => {
        const info = byStatsId.get(s.itemId)!;
        return {
          ...s,
          ref: info.ref,
          itemPublicId: info.itemPublicId,
          version: info.version,
          type: info.type,
        };
      };
      return {
        sessionId: session.public_id,
        test,
        items: stats.items.map(view),
        flagged: stats.flagged.map(view),
        thresholds: stats.thresholds,
        scores,
        pendingAttempts: pending,
      };
    },
  };
}

export type StatisticsService = ReturnType<typeof createStatisticsService>;
