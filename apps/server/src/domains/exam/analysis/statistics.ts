import type { ItemAnswerKey, ItemBody } from '@anzheng/contracts';
import { StatisticsInputError } from './analysis.errors.ts';

/**
 * 试卷与试题统计分析 — classical item analysis of one exam session (REQ-EXAM-5: the bank is kept
 * in step by reviewing weak items). The definitions are Moodle's quiz statistics, matched
 * formula by formula (question/classes/statistics/questions/calculator.php,
 * mod/quiz/report/statistics/classes/calculator.php, docs.moodle.org/dev/Quiz_statistics_calculations);
 * docs/exam-analysis.md §1 lists every formula. Pure: no I/O.
 */

export interface StatisticsItem {
  id: string;
  /** Maximum mark of the item in this paper (Moodle's maxmark). */
  maxMark: number;
  /** Body and key, when known: used for the random guess score and the distractor analysis. */
  body?: ItemBody;
  answerKey?: ItemAnswerKey;
}

export interface StatisticsAttempt {
  id: string;
  /**
   * Mark per item id. `null` = shown but not answered (counts as 0, as in Moodle where an
   * unanswered question's mark is 0). A missing key = the item was not in this attempt's paper:
   * the attempt is left out of that item's figures.
   */
  marks: Record<string, number | null>;
  /** Options chosen per choice item (for the distractor analysis). */
  choices?: Record<string, string[] | undefined>;
}

export interface ReviewThresholds {
  /** Flag when the discrimination index (%) is below this. Default 30. */
  discriminationIndex: number;
  /** Flag when the discriminative efficiency (%) is below this. Default 15 (Moodle's "dubious"). */
  discriminativeEfficiency: number;
  /** Share of attempts in the top and bottom groups of the distractor analysis. Default 0.27. */
  groupFraction: number;
}

export const DEFAULT_REVIEW_THRESHOLDS: ReviewThresholds = {
  discriminationIndex: 30,
  discriminativeEfficiency: 15,
  groupFraction: 0.27,
};

export type ReviewFlag = 'LOW_DISCRIMINATION_INDEX' | 'LOW_DISCRIMINATIVE_EFFICIENCY' | 'NEGATIVE_COVARIANCE';

export interface OptionAnalysis {
  optionId: string;
  isKey: boolean;
  /** Share (0…1) of the item's attempts that chose this option, overall and per group. */
  overall: number;
  top: number | null;
  bottom: number | null;
  count: number;
}

export interface DistractorAnalysis {
  topGroupSize: number;
  bottomGroupSize: number;
  options: OptionAnalysis[];
  /** Share of attempts that chose nothing. */
  noAnswer: { overall: number; top: number | null; bottom: number | null; count: number };
}

export interface ItemStatistics {
  itemId: string;
  /** Attempts that contained the item (Moodle's s). */
  attempts: number;
  maxMark: number;
  /** Mean mark (marks). */
  averageMark: number | null;
  /** Facility index, % of maxMark (Moodle: markaverage / maxmark). */
  facilityIndex: number | null;
  /** Sample SD of the item's marks, in marks, and as % of maxMark (Moodle's displayed value). */
  standardDeviationMarks: number | null;
  standardDeviation: number | null;
  /** Expected %, guessing at random; null when it cannot be estimated (Moodle: essay). */
  randomGuessScore: number | null;
  /** maxMark as % of the paper's total. */
  intendedWeight: number;
  /** 100 · √cov(item, total) / Σ √cov(item, total); null with negative covariance. */
  effectiveWeight: number | null;
  /** 100 · r(item, rest of test); null when either variance is 0. */
  discriminationIndex: number | null;
  /** 100 · cov(item, rest) / cov of the same marks sorted; null when that is 0. */
  discriminativeEfficiency: number | null;
  /** Sample variance of the item marks (Moodle's markvariance; summed into α). */
  markVariance: number | null;
  negativeCovariance: boolean;
  distractors: DistractorAnalysis | null;
  flags: ReviewFlag[];
}

export interface TestStatistics {
  attempts: number;
  itemCount: number;
  /** Sum of the items' maxMark. */
  maxTotal: number;
  /** In marks; `…Percent` as % of maxTotal (how Moodle displays them). */
  average: number | null;
  averagePercent: number | null;
  median: number | null;
  medianPercent: number | null;
  standardDeviation: number | null;
  standardDeviationPercent: number | null;
  skewness: number | null;
  kurtosis: number | null;
  /** Coefficient of internal consistency, % (Cronbach's α; = KR-20 when every mark is 0/1). */
  internalConsistency: number | null;
  internalConsistencyKind: 'KR-20' | 'alpha' | null;
  /** % = 100 · √(1 − CIC/100). */
  errorRatio: number | null;
  /** errorRatio · SD / 100, in marks and as % of maxTotal. */
  standardError: number | null;
  standardErrorPercent: number | null;
}

export interface ExamStatistics {
  test: TestStatistics;
  items: ItemStatistics[];
  /** Items with at least one flag, worst discrimination first. */
  flagged: ItemStatistics[];
  thresholds: ReviewThresholds;
}

export interface ExamStatisticsInput {
  items: StatisticsItem[];
  attempts: StatisticsAttempt[];
  thresholds?: Partial<ReviewThresholds>;
}

export function computeExamStatistics(input: ExamStatisticsInput): ExamStatistics {
  validate(input);
  const thresholds = { ...DEFAULT_REVIEW_THRESHOLDS, ...input.thresholds };
  const { items, attempts } = input;
  // Moodle's summarks: the attempt total over the items it contains (missing mark = 0).
  const totals = attempts.map((a) => items.reduce((sum, it) => sum + (a.marks[it.id] ?? 0), 0));
  const maxTotal = items.reduce((sum, it) => sum + it.maxMark, 0);
  const groups = topBottomGroups(totals, thresholds.groupFraction);

  const perItem = items.map((item) => itemMoments(item, attempts, totals));
  // Effective weight: Moodle sums √cov only over items whose covariance with the total is ≥ 0.
  const sumSqrtCov = perItem.reduce(
    (sum, m) => (m.covWithTotal !== null && m.covWithTotal >= 0 ? sum + Math.sqrt(m.covWithTotal) : sum),
    0,
  );

  const itemStats = items.map((item, i): ItemStatistics => {
    const m = perItem[i]!;
    const negativeCovariance = m.covWithTotal !== null && m.covWithTotal < 0;
    const effectiveWeight =
      sumSqrtCov && !negativeCovariance && m.covWithTotal !== null
        ? (100 * Math.sqrt(m.covWithTotal)) / sumSqrtCov
        : null;
    const stats: ItemStatistics = {
      itemId: item.id,
      attempts: m.s,
      maxMark: item.maxMark,
      averageMark: m.s ? m.mean : null,
      facilityIndex: m.s && item.maxMark ? (100 * m.mean) / item.maxMark : null,
      standardDeviationMarks: m.sd,
      standardDeviation: m.sd !== null && item.maxMark ? (100 * m.sd) / item.maxMark : null,
      randomGuessScore: randomGuessPercent(item),
      intendedWeight: maxTotal ? (100 * item.maxMark) / maxTotal : 0,
      effectiveWeight,
      discriminationIndex: m.discriminationIndex,
      discriminativeEfficiency: m.discriminativeEfficiency,
      markVariance: m.variance,
      negativeCovariance,
      distractors: distractorAnalysis(item, attempts, groups),
      flags: [],
    };
    if (stats.discriminationIndex !== null && stats.discriminationIndex < thresholds.discriminationIndex) {
      stats.flags.push('LOW_DISCRIMINATION_INDEX');
    }
    if (
      stats.discriminativeEfficiency !== null &&
      stats.discriminativeEfficiency < thresholds.discriminativeEfficiency
    ) {
      stats.flags.push('LOW_DISCRIMINATIVE_EFFICIENCY');
    }
    if (negativeCovariance) stats.flags.push('NEGATIVE_COVARIANCE');
    return stats;
  });

  const sumOfMarkVariance = perItem.reduce((sum, m) => sum + (m.variance ?? 0), 0);
  const test = testStatistics(items, attempts, totals, maxTotal, sumOfMarkVariance);
  const flagged = itemStats
    .filter((s) => s.flags.length > 0)
    .sort((a, b) => (a.discriminationIndex ?? 0) - (b.discriminationIndex ?? 0));
  return { test, items: itemStats, flagged, thresholds };
}

// ---------------------------------------------------------------------------------------

interface ItemMoments {
  s: number;
  mean: number;
  variance: number | null;
  sd: number | null;
  covWithTotal: number | null;
  discriminationIndex: number | null;
  discriminativeEfficiency: number | null;
}

/** Moodle initial_steps_walker + secondary_steps_walker + secondary_question_walker. */
function itemMoments(item: StatisticsItem, attempts: StatisticsAttempt[], totals: number[]): ItemMoments {
  const marks: number[] = [];
  const others: number[] = [];
  const sums: number[] = [];
  attempts.forEach((a, i) => {
    if (!(item.id in a.marks)) return;
    const mark = a.marks[item.id] ?? 0;
    marks.push(mark);
    others.push(totals[i]! - mark);
    sums.push(totals[i]!);
  });
  const s = marks.length;
  const mean = s ? sum(marks) / s : 0;
  if (s < 2) {
    return {
      s,
      mean,
      variance: null,
      sd: null,
      covWithTotal: null,
      discriminationIndex: null,
      discriminativeEfficiency: null,
    };
  }
  const otherMean = sum(others) / s;
  const sumMean = sum(sums) / s;
  const sortedMarks = [...marks].sort((x, y) => x - y);
  const sortedOthers = [...others].sort((x, y) => x - y);
  let markVarSum = 0;
  let otherVarSum = 0;
  let covSum = 0;
  let covMaxSum = 0;
  let covTotalSum = 0;
  for (let k = 0; k < s; k++) {
    const d = marks[k]! - mean;
    const od = others[k]! - otherMean;
    markVarSum += d * d;
    otherVarSum += od * od;
    covSum += d * od;
    covMaxSum += (sortedMarks[k]! - mean) * (sortedOthers[k]! - otherMean);
    covTotalSum += d * (sums[k]! - sumMean);
  }
  const variance = markVarSum / (s - 1);
  const otherVariance = otherVarSum / (s - 1);
  const covariance = covSum / (s - 1);
  const covarianceMax = covMaxSum / (s - 1);
  return {
    s,
    mean,
    variance,
    sd: Math.sqrt(variance),
    covWithTotal: covTotalSum / (s - 1),
    discriminationIndex: nonZero(variance * otherVariance)
      ? (100 * covariance) / Math.sqrt(variance * otherVariance)
      : null,
    discriminativeEfficiency: nonZero(covarianceMax) ? (100 * covariance) / covarianceMax : null,
  };
}

/** Moodle quiz_statistics\calculator::calculate (test-level figures). */
function testStatistics(
  items: StatisticsItem[],
  attempts: StatisticsAttempt[],
  totals: number[],
  maxTotal: number,
  sumOfMarkVariance: number,
): TestStatistics {
  const s = totals.length;
  const pct = (v: number | null) => (v === null || !maxTotal ? null : (100 * v) / maxTotal);
  const out: TestStatistics = {
    attempts: s,
    itemCount: items.length,
    maxTotal,
    average: null,
    averagePercent: null,
    median: null,
    medianPercent: null,
    standardDeviation: null,
    standardDeviationPercent: null,
    skewness: null,
    kurtosis: null,
    internalConsistency: null,
    internalConsistencyKind: null,
    errorRatio: null,
    standardError: null,
    standardErrorPercent: null,
  };
  if (s === 0) return out;
  const mean = sum(totals) / s;
  out.average = mean;
  out.averagePercent = pct(mean);
  const sorted = [...totals].sort((x, y) => x - y);
  out.median = s % 2 === 0 ? (sorted[s / 2 - 1]! + sorted[s / 2]!) / 2 : sorted[(s - 1) / 2]!;
  out.medianPercent = pct(out.median);
  if (s < 2) return out;
  let p2 = 0;
  let p3 = 0;
  let p4 = 0;
  for (const t of totals) {
    const d = t - mean;
    p2 += d ** 2;
    p3 += d ** 3;
    p4 += d ** 4;
  }
  out.standardDeviation = Math.sqrt(p2 / (s - 1));
  out.standardDeviationPercent = pct(out.standardDeviation);
  if (s < 3) return out;
  // docs.moodle.org/dev/Quiz_item_analysis_calculations_in_practise#Skewness_and_Kurtosis
  const m2 = p2 / s;
  const m3 = p3 / s;
  const m4 = p4 / s;
  const k2 = (s * m2) / (s - 1);
  const k3 = (s * s * m3) / ((s - 1) * (s - 2));
  if (!nonZero(k2)) return out;
  out.skewness = k3 / k2 ** 1.5;
  if (s > 3) {
    const k4 = (s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2)) / ((s - 1) * (s - 2) * (s - 3));
    out.kurtosis = k4 / (k2 * k2);
  }
  const p = items.length;
  if (p > 1) {
    const cic = ((100 * p) / (p - 1)) * (1 - sumOfMarkVariance / k2);
    out.internalConsistency = cic;
    out.internalConsistencyKind = isDichotomous(items, attempts) ? 'KR-20' : 'alpha';
    // Moodle takes √ of (1 − CIC/100) as is; a CIC above 100 cannot happen (α ≤ 1).
    out.errorRatio = cic <= 100 ? 100 * Math.sqrt(1 - cic / 100) : null;
    out.standardError = out.errorRatio === null ? null : (out.errorRatio * out.standardDeviation) / 100;
    out.standardErrorPercent = pct(out.standardError);
  }
  return out;
}

function isDichotomous(items: StatisticsItem[], attempts: StatisticsAttempt[]): boolean {
  return items.every(
    (it) =>
      it.maxMark === 1 &&
      attempts.every((a) => {
        const m = a.marks[it.id];
        return m === undefined || m === null || m === 0 || m === 1;
      }),
  );
}

// ---------------------------------------------------------------------------------------
// Random guess score (Moodle get_random_guess_score per question type).

/** % a candidate would score by choosing at random; null when it cannot be estimated. */
export function randomGuessPercent(item: StatisticsItem): number | null {
  const fraction = randomGuessFraction(item.body, item.answerKey);
  return fraction === null ? null : 100 * fraction;
}

function randomGuessFraction(body: ItemBody | undefined, key: ItemAnswerKey | undefined): number | null {
  if (!body) return null;
  const optionIds = body.options?.map((o) => o.id) ?? [];
  switch (body.type) {
    // qtype_truefalse: 0.5; qtype_multichoice (single): mean option fraction = 1 / options.
    case 'true_false':
    case 'single_choice': {
      if (optionIds.length === 0) return null;
      const correct = new Set(key?.choices ?? []);
      return optionIds.filter((id) => correct.has(id)).length / optionIds.length;
    }
    // qtype_multichoice (multiple, Moodle 4.5+): mean fraction over every non-empty
    // combination of choices, each equally likely.
    case 'multiple_choice': {
      const correct = new Set(key?.choices ?? []);
      const n = optionIds.length;
      if (n === 0 || n > 10 || correct.size === 0) return null;
      let total = 0;
      for (let mask = 1; mask < 1 << n; mask++) {
        const chosen = optionIds.filter((_, i) => mask & (1 << i));
        total += multipleChoiceFraction(body.scoring?.mode, optionIds, correct, chosen);
      }
      return total / ((1 << n) - 1);
    }
    // qtype_shortanswer without a '*' answer: 0.
    case 'fill_in':
      return 0;
    // qtype_essay: cannot be estimated.
    case 'short_answer':
      return null;
    case 'scenario': {
      const subs = body.subItems ?? [];
      const points = subs.reduce((s, sub) => s + sub.points, 0);
      if (!points) return null;
      let weighted = 0;
      for (const sub of subs) {
        const f = randomGuessFraction(sub, key?.subItems?.[sub.ref]);
        if (f === null) return null;
        weighted += f * sub.points;
      }
      return weighted / points;
    }
  }
}

/**
 * Fraction of a multiple-choice item earned by `chosen` under the scoring modes of
 * packages/contracts/src/exam-item.ts (ScoringRule.mode).
 */
export function multipleChoiceFraction(
  mode: string | undefined,
  optionIds: string[],
  correct: Set<string>,
  chosen: string[],
): number {
  const right = chosen.filter((c) => correct.has(c)).length;
  const wrong = chosen.length - right;
  if (mode === 'partial_no_wrong') return wrong > 0 ? 0 : right / correct.size;
  if (mode === 'per_option') {
    // Every option judged: +1/n when its chosen/not-chosen state matches the key, −1/n otherwise.
    const chosenSet = new Set(chosen);
    const agree = optionIds.filter((id) => chosenSet.has(id) === correct.has(id)).length;
    return Math.max(0, (agree - (optionIds.length - agree)) / optionIds.length);
  }
  return wrong === 0 && right === correct.size ? 1 : 0;
}

// ---------------------------------------------------------------------------------------
// Distractor analysis: top and bottom 27 % by total mark.

interface Groups {
  top: Set<number>;
  bottom: Set<number>;
}

/** Attempt indexes of the top and bottom groups; ties broken by input order (stable sort). */
function topBottomGroups(totals: number[], fraction: number): Groups {
  const n = totals.length;
  const size = n === 0 ? 0 : Math.max(1, Math.round(fraction * n));
  const order = totals.map((t, i) => ({ t, i })).sort((a, b) => b.t - a.t || a.i - b.i);
  return {
    top: new Set(order.slice(0, size).map((o) => o.i)),
    bottom: new Set(
      order
        .slice(n - size)
        .reverse()
        .map((o) => o.i),
    ),
  };
}

function distractorAnalysis(
  item: StatisticsItem,
  attempts: StatisticsAttempt[],
  groups: Groups,
): DistractorAnalysis | null {
  const body = item.body;
  if (!body || !['single_choice', 'multiple_choice', 'true_false'].includes(body.type) || !body.options) {
    return null;
  }
  const key = new Set(item.answerKey?.choices ?? []);
  const present = attempts.map((a, i) => ({ a, i })).filter(({ a }) => item.id in a.marks);
  const inTop = present.filter(({ i }) => groups.top.has(i));
  const inBottom = present.filter(({ i }) => groups.bottom.has(i));
  const chose = (a: StatisticsAttempt, option: string) => (a.choices?.[item.id] ?? []).includes(option);
  const none = (a: StatisticsAttempt) => (a.choices?.[item.id] ?? []).length === 0;
  const share = (list: typeof present, test: (a: StatisticsAttempt) => boolean) =>
    list.length ? list.filter(({ a }) => test(a)).length / list.length : null;
  return {
    topGroupSize: inTop.length,
    bottomGroupSize: inBottom.length,
    options: body.options.map((o) => {
      const test = (a: StatisticsAttempt) => chose(a, o.id);
      return {
        optionId: o.id,
        isKey: key.has(o.id),
        overall: share(present, test) ?? 0,
        top: share(inTop, test),
        bottom: share(inBottom, test),
        count: present.filter(({ a }) => test(a)).length,
      };
    }),
    noAnswer: {
      overall: share(present, none) ?? 0,
      top: share(inTop, none),
      bottom: share(inBottom, none),
      count: present.filter(({ a }) => none(a)).length,
    },
  };
}

// ---------------------------------------------------------------------------------------

function validate(input: ExamStatisticsInput): void {
  const ids = new Set<string>();
  input.items.forEach((it, i) => {
    if (ids.has(it.id)) throw new StatisticsInputError(`items[${i}].id`, `试题 ${it.id} 重复`);
    ids.add(it.id);
    if (!Number.isFinite(it.maxMark) || it.maxMark < 0) {
      throw new StatisticsInputError(`items[${i}].maxMark`, `试题 ${it.id} 的满分必须是不小于 0 的数`);
    }
  });
  input.attempts.forEach((a, i) => {
    for (const [itemId, mark] of Object.entries(a.marks)) {
      if (!ids.has(itemId)) {
        throw new StatisticsInputError(`attempts[${i}].marks.${itemId}`, `答卷 ${a.id} 含未知试题 ${itemId}`);
      }
      if (mark !== null && !Number.isFinite(mark)) {
        throw new StatisticsInputError(
          `attempts[${i}].marks.${itemId}`,
          `答卷 ${a.id} 的试题 ${itemId} 得分不是数字`,
        );
      }
    }
  });
  const t = input.thresholds?.groupFraction;
  if (t !== undefined && !(t > 0 && t <= 0.5)) {
    throw new StatisticsInputError('thresholds.groupFraction', '高低分组比例必须大于 0 且不超过 0.5');
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** PHP's truthiness of a float, with a tolerance so that round-off is not a variance. */
const nonZero = (x: number) => Math.abs(x) > 1e-12;
