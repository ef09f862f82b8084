import type { EligibilityRuleKind } from '@anzheng/contracts';
import type { JsonValue } from '@anzheng/db';
import { type RuleCandidate, selectRuleParameter } from '../reference/index.ts';
import type { EligibilityRule } from './eligibility.evaluate.ts';

/**
 * Which eligibility rules apply (REQ-ORG-2): for each `rule_key`, the most specific
 * version in force — the same layered selection as rule parameters (`selectRuleParameter`:
 * province over industry over national, then division depth, industry specificity,
 * type/level pinning, the latest version). A province tightens a rule by adding a version
 * of its key, and adds a rule with a new key. Pure: the caller loads the rows.
 */

export interface EligibilityRuleRow {
  id: number;
  rule_key: string;
  kind: string;
  params: JsonValue;
  certificate_type_code: string | null;
  level: string | null;
  industry_code: string | null;
  division_code: string | null;
  layer: string;
  effective_from: string;
  effective_to: string | null;
  source: string;
}

export interface EligibilityQuery {
  certificateTypeCode: string;
  level: string;
  /** The industry and its ancestors, most specific first. */
  industryPath: readonly string[];
  divisionCode: string;
  /** 'YYYY-MM-DD' */
  at: string;
}

function toCandidate(row: EligibilityRuleRow): RuleCandidate<EligibilityRuleRow> {
  return {
    id: row.id,
    key: row.rule_key,
    value: row,
    layer: row.layer as RuleCandidate['layer'],
    certificateTypeCode: row.certificate_type_code,
    level: row.level,
    industryCode: row.industry_code,
    divisionCode: row.division_code,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    source: row.source,
  };
}

/** The chosen row of each rule key that applies to the question, ordered by key. */
export function selectEligibilityRules(
  rows: readonly EligibilityRuleRow[],
  query: EligibilityQuery,
): EligibilityRuleRow[] {
  const candidates = rows.map(toCandidate);
  const keys = [...new Set(rows.map((r) => r.rule_key))].sort();
  const chosen: EligibilityRuleRow[] = [];
  for (const key of keys) {
    const best = selectRuleParameter(candidates, { key, ...query });
    if (best) chosen.push(best.value);
  }
  return chosen;
}

export function toEligibilityRule(row: EligibilityRuleRow): EligibilityRule {
  return {
    id: row.id,
    ruleKey: row.rule_key,
    kind: row.kind as EligibilityRuleKind,
    params: row.params as never,
    layer: row.layer as EligibilityRule['layer'],
    effectiveFrom: row.effective_from,
    source: row.source,
  } as EligibilityRule;
}
