import { isWithin } from '@anzheng/identifiers';

/**
 * Pure selection of the rule parameter version that applies (REQ-ORG-2: "国家统一标准、
 * 行业补充规范、地方灵活执行"). No I/O: the caller loads the candidate rows.
 */

export type RuleLayerName = 'national' | 'industry' | 'province';

export interface RuleCandidate<V = unknown> {
  id: number;
  key: string;
  value: V;
  layer: RuleLayerName;
  certificateTypeCode: string | null;
  level: string | null;
  industryCode: string | null;
  divisionCode: string | null;
  /** 'YYYY-MM-DD' */
  effectiveFrom: string;
  /** Last day in force, inclusive; null = open-ended. */
  effectiveTo: string | null;
  source: string;
}

export interface RuleQuery {
  key: string;
  certificateTypeCode?: string | undefined;
  level?: string | undefined;
  /** The industry asked about, then its ancestors (most specific first). */
  industryPath?: readonly string[] | undefined;
  divisionCode?: string | undefined;
  /** 'YYYY-MM-DD' */
  at: string;
}

const LAYER_RANK: Record<RuleLayerName, number> = { national: 1, industry: 2, province: 3 };

/** GB/T 2260 depth from the code's structure: 1 province, 2 prefecture, 3 county. */
function divisionDepth(code: string): number {
  if (code.endsWith('0000')) return 1;
  if (code.endsWith('00')) return 2;
  return 3;
}

export function inForce(row: Pick<RuleCandidate, 'effectiveFrom' | 'effectiveTo'>, at: string): boolean {
  return row.effectiveFrom <= at && (row.effectiveTo === null || row.effectiveTo >= at);
}

/**
 * A row applies when it is in force at the date and each of its scope columns is either
 * unset (= every value) or matches the question: same type and level, an industry on the
 * asked industry's path, a division that is the asked one or one of its ancestors. A row
 * scoped to something the question does not mention does not apply.
 */
export function isApplicable(row: RuleCandidate, query: RuleQuery): boolean {
  if (row.key !== query.key || !inForce(row, query.at)) return false;
  if (row.certificateTypeCode !== null && row.certificateTypeCode !== query.certificateTypeCode) return false;
  if (row.level !== null && row.level !== query.level) return false;
  if (row.industryCode !== null && !(query.industryPath ?? []).includes(row.industryCode)) return false;
  if (row.divisionCode !== null) {
    if (query.divisionCode === undefined || !isWithin(query.divisionCode, row.divisionCode)) return false;
  }
  return true;
}

/**
 * Sort key, compared left to right, larger wins:
 * 1. layer: province over industry over national;
 * 2. division depth (a county override beats its province's);
 * 3. industry specificity (the asked industry beats its parent section);
 * 4. how many of type / level the row pins, then type before level;
 * 5. the latest effective_from (a later version supersedes an earlier one);
 * 6. the higher id (deterministic tie-break).
 */
function rank(row: RuleCandidate, query: RuleQuery): number[] {
  const path = query.industryPath ?? [];
  const industryIndex = row.industryCode === null ? -1 : path.indexOf(row.industryCode);
  return [
    LAYER_RANK[row.layer],
    row.divisionCode === null ? 0 : divisionDepth(row.divisionCode),
    industryIndex < 0 ? 0 : path.length - industryIndex,
    (row.certificateTypeCode === null ? 0 : 1) + (row.level === null ? 0 : 1),
    row.certificateTypeCode === null ? 0 : 1,
    Number(row.effectiveFrom.replaceAll('-', '')),
    row.id,
  ];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The most specific applicable version, or undefined when none applies. */
export function selectRuleParameter<R extends RuleCandidate>(
  rows: readonly R[],
  query: RuleQuery,
): R | undefined {
  let best: R | undefined;
  let bestRank: number[] = [];
  for (const row of rows) {
    if (!isApplicable(row, query)) continue;
    const r = rank(row, query);
    if (best === undefined || compareRanks(r, bestRank) > 0) {
      best = row;
      bestRank = r;
    }
  }
  return best;
}
