import { LEVEL_CODES } from '@anzheng/contracts';
import { type TSchema, Type } from '@sinclair/typebox';

/** 学历 — education levels in ascending order (eligibility compares ranks). */
export const EDUCATION_LEVELS = [
  { code: 'high_school', rank: 1, name: '高中（含中专、职高、技校）' },
  { code: 'junior_college', rank: 2, name: '大专' },
  { code: 'bachelor', rank: 3, name: '本科' },
  { code: 'master', rank: 4, name: '硕士研究生' },
  { code: 'doctor', rank: 5, name: '博士研究生' },
] as const;
export type EducationCode = (typeof EDUCATION_LEVELS)[number]['code'];

const Level = Type.Union(LEVEL_CODES.map((l) => Type.Literal(l)));
const Education = Type.Union(EDUCATION_LEVELS.map((e) => Type.Literal(e.code)));
const Ratio = Type.Number({ minimum: 0, maximum: 1 });
const Score = Type.Number({ minimum: 0, maximum: 100 });

export interface RuleKeySpec {
  description: string;
  /** Shape of the value (checked when a version is added). */
  schema: TSchema;
  /** A check across fields the schema cannot express; returns a Chinese message. */
  check?: (value: never) => string | undefined;
}

/**
 * Every rule key the system reads (docs/reference-data.md lists them with their sources).
 * Adding a version of an unknown key is refused: a typo would otherwise be a rule nobody
 * reads.
 */
export const RULE_KEYS: Readonly<Record<string, RuleKeySpec>> = {
  'certificate.validity_years': {
    description: '证书注册有效期（年）',
    schema: Type.Integer({ minimum: 1, maximum: 10 }),
  },
  'certificate.extension_years': {
    description: '连续无事故奖励的有效期延长（年）',
    schema: Type.Integer({ minimum: 0, maximum: 5 }),
  },
  'certificate.extension_accident_free_years': {
    description: '获得延长所需的连续无事故年数',
    schema: Type.Integer({ minimum: 1, maximum: 10 }),
  },
  'ce.hours_per_year': {
    description: '每年继续教育最低学时',
    schema: Type.Integer({ minimum: 1, maximum: 200 }),
  },
  'exam.weights': {
    description: '理论、实操、业绩三项考核的权重（和为 1）',
    schema: Type.Object(
      { theory: Ratio, practical: Ratio, performance: Ratio },
      { additionalProperties: false },
    ),
    check: (v: { theory: number; practical: number; performance: number }) =>
      Math.abs(v.theory + v.practical + v.performance - 1) > 1e-9 ? '三项权重之和应为 1' : undefined,
  },
  'exam.pass_rules': {
    description: '合格线：综合成绩与每项成绩的最低分（百分制）',
    schema: Type.Object({ composite: Score, eachComponent: Score }, { additionalProperties: false }),
  },
  'exam.master_bonus_points': {
    description: '安全相关专业硕士及以上学历的理论成绩加分（封顶 100）',
    schema: Type.Number({ minimum: 0, maximum: 20 }),
  },
  'exam.ban_years_after_revocation': {
    description: '证书被撤销后的禁考年限',
    schema: Type.Integer({ minimum: 0, maximum: 20 }),
  },
  'eligibility.min_education': {
    description: '最低学历',
    schema: Education,
  },
  'eligibility.min_experience_years': {
    description: '最低安全管理工作年限',
    schema: Type.Integer({ minimum: 0, maximum: 40 }),
  },
  'eligibility.prior_level_years': {
    description: '须持有的下一级证书及持证年限',
    schema: Type.Object(
      { requiredLevel: Type.Union([Level, Type.Null()]), years: Type.Integer({ minimum: 0, maximum: 20 }) },
      { additionalProperties: false },
    ),
  },
  'eligibility.school_route_enabled': {
    description: '是否允许在校生（“1+X”）报考初级证书',
    schema: Type.Boolean(),
  },
  'penalty.enterprise_fine_fen': {
    description: '企业罚款幅度（分）',
    schema: Type.Object(
      { min: Type.Integer({ minimum: 0 }), max: Type.Integer({ minimum: 0 }) },
      { additionalProperties: false },
    ),
    check: (v: { min: number; max: number }) => (v.min > v.max ? '罚款下限不能高于上限' : undefined),
  },
  'inspection.min_sample_ratio': {
    description: '“双随机”检查每年最低抽查比例',
    schema: Ratio,
  },
  'post.required_level.safety_director': {
    description: '企业安全负责人（安全总监）须持有的证书等级',
    schema: Level,
  },
  'post.required_level.safety_supervisor': {
    description: '安全主管岗位须持有的证书等级',
    schema: Level,
  },
  'licence.certificate_required': {
    description: '是否将持证作为安全生产许可证的前置条件',
    schema: Type.Boolean(),
  },
};
