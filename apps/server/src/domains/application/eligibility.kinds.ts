import { type EligibilityRuleKind, LEVEL_CODES } from '@anzheng/contracts';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { EDUCATION_LEVELS } from '../reference/index.ts';

/**
 * 报考条件规则的种类 — the closed set of rule kinds (issue 5 §3). A rule version is data
 * (`eligibility_rule`: kind + params + scope + source); what each kind means is code
 * (eligibility.evaluate.ts). Parameters are checked against these schemas when written.
 */

const Level = Type.Union(LEVEL_CODES.map((l) => Type.Literal(l)));
const Education = Type.Union(EDUCATION_LEVELS.map((e) => Type.Literal(e.code)));
const Years = Type.Number({ minimum: 0, maximum: 60 });

export const RULE_PARAM_SCHEMAS = {
  /** 最低学历 (seed §2.4). */
  min_education: Type.Object({ level: Education }, { additionalProperties: false }),
  /** 安全管理工作年限; `safetyManagementOnly` counts only safety-management posts. */
  min_experience_years: Type.Object(
    { years: Years, safetyManagementOnly: Type.Boolean() },
    { additionalProperties: false },
  ),
  /** 持有某级证书满 N 年; without a type any type of that level (or above) counts. */
  prior_certificate_held: Type.Object(
    {
      certificateTypeCode: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
      level: Level,
      years: Years,
    },
    { additionalProperties: false },
  ),
  /** 规定学时: at least `hours` of training completed in the last `withinMonths` months. */
  training_hours: Type.Object(
    {
      hours: Type.Number({ minimum: 0, maximum: 2000 }),
      withinMonths: Type.Integer({ minimum: 1, maximum: 120 }),
    },
    { additionalProperties: false },
  ),
  /** REQ-APP-2: not within an exam ban. */
  not_exam_banned: Type.Object({}, { additionalProperties: false }),
  /** REQ-APP-2 / REQ-CERT-3: not on the dishonesty list (失信名单). */
  not_on_dishonesty_list: Type.Object({}, { additionalProperties: false }),
  /**
   * REQ-CE-4 "1+X": when enabled, an applicant who declares current enrolment at a school
   * meets the experience rule without work experience.
   */
  school_route: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
} satisfies Record<EligibilityRuleKind, TSchema>;

export type RuleParams = { [K in EligibilityRuleKind]: Static<(typeof RULE_PARAM_SCHEMAS)[K]> };

/** Chinese message for invalid parameters of `kind`, or undefined when valid. */
export function checkRuleParams(kind: EligibilityRuleKind, params: unknown): string | undefined {
  const schema = RULE_PARAM_SCHEMAS[kind];
  if (Value.Check(schema, params)) return undefined;
  const first = Value.Errors(schema, params).First();
  return `规则参数无效（${kind}）：${first ? `${first.path || '/'} ${first.message}` : '格式不正确'}`;
}
