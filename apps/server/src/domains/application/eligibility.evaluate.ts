import type { EligibilityRuleKind } from '@anzheng/contracts';
import { levelByCode } from '@anzheng/contracts';
import { EDUCATION_LEVELS } from '../reference/index.ts';
import type { RuleParams } from './eligibility.kinds.ts';

/**
 * 报考条件评估 — pure evaluation of a person's facts against a resolved rule set
 * (REQ-APP-1, REQ-APP-2, REQ-APP-4, REQ-CE-4). No I/O: the service loads the facts and the
 * rules; tests check it with properties (eligibility.evaluate.test.ts).
 */

export interface EligibilityProfile {
  education: readonly { level: string; graduatedOn: string }[];
  work: readonly { safetyManagement: boolean; startedOn: string; endedOn: string | null }[];
  training: readonly { hours: number; completedOn: string }[];
  certificates: readonly { certificateTypeCode: string; level: string; issuedOn: string; status: string }[];
  sanctions: readonly {
    kind: 'exam_ban' | 'dishonesty_list';
    reason: string;
    startsOn: string;
    endsOn: string | null;
  }[];
  /** "1+X" (REQ-CE-4): the school the applicant declares to be enrolled at. */
  schoolEnrolment: { school: string; expectedGraduationOn: string } | null;
}

type RuleOf<K extends EligibilityRuleKind> = {
  id: number;
  ruleKey: string;
  kind: K;
  params: RuleParams[K];
  layer: 'national' | 'industry' | 'province';
  /** 'YYYY-MM-DD' — the version. */
  effectiveFrom: string;
  source: string;
};

/** One resolved rule version (eligibility.resolution.ts picks them). */
export type EligibilityRule = { [K in EligibilityRuleKind]: RuleOf<K> }[EligibilityRuleKind];

export type Scalar = string | number | boolean | null;

export interface RuleOutcome {
  ruleId: number;
  ruleKey: string;
  ruleVersion: string;
  kind: EligibilityRuleKind;
  layer: 'national' | 'industry' | 'province';
  passed: boolean;
  expected: Scalar;
  actual: Scalar;
  reason: string;
  source: string;
}

export interface Evaluation {
  eligible: boolean;
  results: RuleOutcome[];
}

// ---------------------------------------------------------------------------------------
// Dates ('YYYY-MM-DD', calendar arithmetic in UTC so no time zone can shift a day)

const DAY_MS = 86_400_000;
/** Average Gregorian year: experience is a sum of possibly disjoint periods, so it is counted in days. */
const DAYS_PER_YEAR = 365.25;

function toDay(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `date` plus whole months (clamped to the month's last day: 01-31 + 1 month = 02-28/29). */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromDay(Date.UTC(year, month, Math.min(d, last)) / DAY_MS);
}

/** Years for display, rounded down to one decimal, so a shown value never overstates. */
function yearsText(years: number): string {
  const v = Math.floor(years * 10 + 1e-9) / 10;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

function round1(n: number): number {
  return Math.floor(n * 10 + 1e-9) / 10;
}

/**
 * Days of the merged periods up to `at` (inclusive): overlapping or adjacent periods count
 * once, an open period runs to `at`, a period starting after `at` does not count.
 */
export function experienceDays(
  periods: readonly { startedOn: string; endedOn: string | null }[],
  at: string,
): number {
  const atDay = toDay(at);
  const spans = periods
    .map((p) => [toDay(p.startedOn), Math.min(p.endedOn === null ? atDay : toDay(p.endedOn), atDay)] as const)
    .filter(([s, e]) => s <= e)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let current: [number, number] | undefined;
  for (const [s, e] of spans) {
    if (current && s <= current[1] + 1) {
      current[1] = Math.max(current[1], e);
    } else {
      if (current) total += current[1] - current[0] + 1;
      current = [s, e];
    }
  }
  if (current) total += current[1] - current[0] + 1;
  return total;
}

/**
 * Days as years against the calendar: "满 N 年" means as many days as the N years before
 * `at` hold (730 or 731 for two years), so a person who worked exactly those years passes.
 */
function experienceYears(days: number, requiredYears: number, at: string): number {
  if (requiredYears <= 0) return days / DAYS_PER_YEAR;
  const window = toDay(at) - toDay(addMonths(at, -Math.round(requiredYears * 12)));
  return (days / window) * requiredYears;
}

function activeAt(s: { startsOn: string; endsOn: string | null }, at: string): boolean {
  return s.startsOn <= at && (s.endsOn === null || s.endsOn >= at);
}

// ---------------------------------------------------------------------------------------
// Names

const EDUCATION_RANK = new Map<string, number>(EDUCATION_LEVELS.map((e) => [e.code, e.rank]));
const EDUCATION_SHORT: Record<string, string> = {
  high_school: '高中（中专）',
  junior_college: '大专',
  bachelor: '本科',
  master: '硕士研究生',
  doctor: '博士研究生',
};
/** The general ladder: holding a higher level also proves the lower one. */
const LEVEL_RANK: Record<string, number> = { junior: 1, intermediate: 2, senior: 3 };

function levelName(code: string): string {
  return levelByCode(code)?.name ?? code;
}

// ---------------------------------------------------------------------------------------
// Kinds

/** Whether the school route lets an enrolled student skip the experience rule. */
function schoolRouteOpen(rules: readonly EligibilityRule[], profile: EligibilityProfile, at: string) {
  const route = rules.find((r): r is RuleOf<'school_route'> => r.kind === 'school_route');
  const enrolled = profile.schoolEnrolment !== null && profile.schoolEnrolment.expectedGraduationOn >= at;
  return { route, enrolled, open: route?.params.enabled && enrolled };
}

type Outcome = Pick<RuleOutcome, 'passed' | 'expected' | 'actual' | 'reason'>;

function evaluateRule(
  rule: EligibilityRule,
  profile: EligibilityProfile,
  at: string,
  rules: readonly EligibilityRule[],
): Outcome {
  switch (rule.kind) {
    case 'min_education': {
      const required = EDUCATION_RANK.get(rule.params.level) ?? Number.POSITIVE_INFINITY;
      let best: { level: string; rank: number } | undefined;
      for (const e of profile.education) {
        const rank = EDUCATION_RANK.get(e.level) ?? 0;
        if (e.graduatedOn <= at && (!best || rank > best.rank)) best = { level: e.level, rank };
      }
      const passed = best !== undefined && best.rank >= required;
      const expected = `${EDUCATION_SHORT[rule.params.level] ?? rule.params.level}及以上`;
      return {
        passed,
        expected: rule.params.level,
        actual: best?.level ?? null,
        reason: best
          ? `最高学历 ${EDUCATION_SHORT[best.level] ?? best.level}，要求${expected}`
          : `未登记学历，要求${expected}`,
      };
    }
    case 'min_experience_years': {
      const periods = profile.work.filter((w) => !rule.params.safetyManagementOnly || w.safetyManagement);
      const years = experienceYears(experienceDays(periods, at), rule.params.years, at);
      const what = rule.params.safetyManagementOnly ? '安全管理工作年限' : '工作年限';
      const base = `${what} ${yearsText(years)} 年，要求不少于 ${yearsText(rule.params.years)} 年`;
      if (years >= rule.params.years) {
        return { passed: true, expected: rule.params.years, actual: round1(years), reason: base };
      }
      const school = schoolRouteOpen(rules, profile, at);
      if (school.open && profile.schoolEnrolment) {
        return {
          passed: true,
          expected: rule.params.years,
          actual: round1(years),
          reason: `${base}；按“1+X”在校生途径免除（在读：${profile.schoolEnrolment.school}，预计 ${profile.schoolEnrolment.expectedGraduationOn} 毕业）`,
        };
      }
      return { passed: false, expected: rule.params.years, actual: round1(years), reason: base };
    }
    case 'prior_certificate_held': {
      const { certificateTypeCode, level, years } = rule.params;
      const requiredRank = LEVEL_RANK[level];
      const matching = profile.certificates.filter(
        (c) =>
          c.status === 'valid' &&
          c.issuedOn <= at &&
          (certificateTypeCode === undefined || c.certificateTypeCode === certificateTypeCode) &&
          (c.level === level || (requiredRank !== undefined && (LEVEL_RANK[c.level] ?? 0) >= requiredRank)),
      );
      const earliest = matching.map((c) => c.issuedOn).sort()[0];
      const what = `${levelName(level)}证书${certificateTypeCode ? `（类型 ${certificateTypeCode}）` : ''}`;
      const wanted = years > 0 ? `要求持有${what}满 ${yearsText(years)} 年` : `要求持有${what}`;
      if (earliest === undefined) {
        return { passed: false, expected: years, actual: null, reason: `未持有有效的${what}，${wanted}` };
      }
      const held = (toDay(at) - toDay(earliest) + 1) / DAYS_PER_YEAR;
      // "满 N 年": the N-th anniversary of issue has been reached.
      const passed = addMonths(earliest, Math.round(years * 12)) <= at;
      return {
        passed,
        expected: years,
        actual: round1(held),
        reason: `持有${what}（${earliest} 发证）${yearsText(held)} 年，${wanted}`,
      };
    }
    case 'training_hours': {
      const { hours, withinMonths } = rule.params;
      const from = addMonths(at, -withinMonths);
      const done = profile.training
        .filter((t) => t.completedOn > from && t.completedOn <= at)
        .reduce((sum, t) => sum + t.hours, 0);
      const total = Math.round(done * 10) / 10;
      return {
        passed: done >= hours,
        expected: hours,
        actual: total,
        reason: `近 ${withinMonths} 个月内完成培训 ${total} 学时，要求不少于 ${hours} 学时`,
      };
    }
    case 'not_exam_banned':
    case 'not_on_dishonesty_list': {
      const kind = rule.kind === 'not_exam_banned' ? 'exam_ban' : 'dishonesty_list';
      const what = kind === 'exam_ban' ? '禁考期' : '失信名单';
      const active = profile.sanctions.find((s) => s.kind === kind && activeAt(s, at));
      if (!active) return { passed: true, expected: false, actual: false, reason: `不在${what}内` };
      const period = `${active.startsOn} 至 ${active.endsOn ?? '解除之日'}`;
      return {
        passed: false,
        expected: false,
        actual: true,
        reason: `处于${what}（${period}）：${active.reason}`,
      };
    }
    case 'school_route': {
      const enabled = rule.params.enabled;
      const { enrolled } = schoolRouteOpen(rules, profile, at);
      let reason: string;
      if (!enabled) reason = '本地未开通“1+X”在校生报考途径';
      else if (enrolled && profile.schoolEnrolment)
        reason = `已开通“1+X”在校生报考途径；申请人在读（${profile.schoolEnrolment.school}），可免除工作年限要求`;
      else reason = '已开通“1+X”在校生报考途径；申请人未申报在读信息，按一般条件评估';
      // Never fails by itself: it only opens an alternative to the experience rule.
      return { passed: true, expected: enabled, actual: enrolled, reason };
    }
  }
}

const KIND_ORDER: Record<EligibilityRuleKind, number> = {
  min_education: 1,
  min_experience_years: 2,
  school_route: 3,
  prior_certificate_held: 4,
  training_hours: 5,
  not_exam_banned: 6,
  not_on_dishonesty_list: 7,
};

/**
 * Every rule's outcome, in a stable order (kind, then key). Eligible when every rule
 * passed; an empty rule set is never eligible (a configuration gap must not let anyone
 * through).
 */
export function evaluateEligibility(
  profile: EligibilityProfile,
  rules: readonly EligibilityRule[],
  at: string,
): Evaluation {
  const ordered = [...rules].sort(
    (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.ruleKey.localeCompare(b.ruleKey),
  );
  const results = ordered.map((rule) => ({
    ruleId: rule.id,
    ruleKey: rule.ruleKey,
    ruleVersion: rule.effectiveFrom,
    kind: rule.kind,
    layer: rule.layer,
    ...evaluateRule(rule, profile, at, rules),
    source: rule.source,
  }));
  return { eligible: results.length > 0 && results.every((r) => r.passed), results };
}
