import type { Database, EligibilityRuleTable, JsonValue } from '@anzheng/db';
import { type Insertable, type Kysely, sql } from 'kysely';
// The thresholds of REQ-APP-1 already live in the reference seed as `eligibility.*` rule
// parameters with their sources; the default rules are derived from them so each number
// is written once.
import { RULE_PARAMETERS, SEED_EFFECTIVE_FROM } from '../reference/index.ts';
import { jsonb } from './application.repository.ts';

/**
 * The default eligibility rule set (docs/eligibility.md), inserted when missing by
 * `syncEligibilityRules` — never overwritten, so versions added later stay. Each row
 * names its source.
 */

type Seed = Omit<Insertable<EligibilityRuleTable>, 'params'> & { params: JsonValue };

function fromParameters(key: string, build: (value: JsonValue, level: string | null) => Seed | undefined) {
  return RULE_PARAMETERS.filter((p) => p.key === key && p.layer === 'national').flatMap((p) => {
    const row = build(p.value, p.level ?? null);
    return row ? [row] : [];
  });
}

const national = (row: Omit<Seed, 'layer' | 'effective_from'>): Seed => ({
  layer: 'national',
  effective_from: SEED_EFFECTIVE_FROM,
  ...row,
});

/** seed §5.1.1 provincial measures take effect with the 2026 provincial rules. */
const PROVINCIAL_EFFECTIVE_FROM = '2026-01-01';

export function defaultEligibilityRules(): Seed[] {
  const source = (key: string, level: string | null) =>
    RULE_PARAMETERS.find((p) => p.key === key && (p.level ?? null) === level)?.source ?? key;
  return [
    ...fromParameters('eligibility.min_education', (value, level) =>
      national({
        rule_key: 'min_education',
        kind: 'min_education',
        params: { level: value },
        level,
        source: source('eligibility.min_education', level),
      }),
    ),
    ...fromParameters('eligibility.min_experience_years', (value, level) =>
      national({
        rule_key: 'min_experience_years',
        kind: 'min_experience_years',
        params: { years: value, safetyManagementOnly: true },
        level,
        source: source('eligibility.min_experience_years', level),
      }),
    ),
    // Levels without a required prior certificate get no rule at all.
    ...fromParameters('eligibility.prior_level_years', (value, level) => {
      const v = value as { requiredLevel: string | null; years: number };
      if (v.requiredLevel === null || level === null) return undefined;
      return national({
        rule_key: 'prior_certificate',
        kind: 'prior_certificate_held',
        params: { level: v.requiredLevel, years: v.years },
        level,
        source: source('eligibility.prior_level_years', level),
      });
    }),
    // "1+X" is for the junior certificate (seed §5.2.2: 学生在校期间可考取初级证书).
    ...fromParameters('eligibility.school_route_enabled', (value) =>
      national({
        rule_key: 'school_route',
        kind: 'school_route',
        params: { enabled: value },
        level: 'junior',
        source: source('eligibility.school_route_enabled', null),
      }),
    ),
    // seed §2.4 "完成规定学时的培训" gives no number: 48 h within 12 months is the default.
    ...['junior', 'special'].map((level) =>
      national({
        rule_key: 'training_hours',
        kind: 'training_hours',
        params: { hours: 48, withinMonths: 12 },
        level,
        source:
          level === 'junior'
            ? 'REQ-APP-1 default（seed §2.4“完成规定学时的培训”；默认近12个月内不少于48学时）'
            : 'REQ-APP-1 default：行业专项按初级条件（近12个月内不少于48学时）',
      }),
    ),
    national({
      rule_key: 'not_exam_banned',
      kind: 'not_exam_banned',
      params: {},
      level: null,
      source: 'seed §3.4（撤销证书并3年内禁考）；REQ-APP-2',
    }),
    national({
      rule_key: 'not_on_dishonesty_list',
      kind: 'not_on_dishonesty_list',
      params: {},
      level: null,
      source: 'seed §2.4（“黑名单”制度，纳入行业失信名单）；REQ-APP-2',
    }),
    // seed §5.1.1: 江苏省明确化工企业安全总监必须持有高级证书 — in Jiangsu the hazardous
    // chemicals special certificate (held by chemical-enterprise safety directors) requires
    // the senior general certificate.
    {
      rule_key: 'jiangsu.hazchem_senior_certificate',
      kind: 'prior_certificate_held',
      params: { certificateTypeCode: '00', level: 'senior', years: 0 },
      layer: 'province',
      certificate_type_code: '02',
      industry_code: 'hazardous_chemicals',
      division_code: '320000',
      effective_from: PROVINCIAL_EFFECTIVE_FROM,
      source: 'seed §5.1.1（江苏：化工企业安全总监必须持有高级证书）；REQ-ORG-2',
    },
  ];
}

/**
 * Inserts the default rules that are missing (one statement; `on conflict do nothing` on the
 * version key, so concurrent starts and API-added versions are safe). Needs the reference
 * data (certificate types, industries, divisions) loaded first.
 */
export async function syncEligibilityRules(db: Kysely<Database>): Promise<number> {
  const rows = defaultEligibilityRules().map((r) => ({ ...r, params: jsonb(r.params) }));
  const result = await db
    .insertInto('eligibility_rule')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Whether the certificate types the default rules point at exist (reference data loaded). */
export async function referenceDataLoaded(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('certificate_type')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('code', 'in', ['00', '02'])
    .executeTakeFirstOrThrow();
  return row.n === 2;
}
