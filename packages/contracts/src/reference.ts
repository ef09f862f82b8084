import { type Static, Type } from '@sinclair/typebox';
import { Page, StrictObject } from './common.ts';

/**
 * Reference data (docs/reference-data.md): administrative divisions, industries,
 * certificate types and levels, layered rule parameters.
 */

// ---------------------------------------------------------------------------------------
// Levels (REQ-TYPE-1)

/**
 * 证书等级 — the levels of the qualification, with the digit printed in certificate
 * numbers (docs/certificate-number.md; identifiers' CERTIFICATE_LEVEL_NAMES).
 */
export const LEVELS = [
  {
    code: 'junior',
    digit: 1,
    name: '初级',
    nameEn: 'Junior',
    posts: '班组安全员、车间安全管理员等基层安全管理岗位',
  },
  {
    code: 'intermediate',
    digit: 2,
    name: '中级',
    nameEn: 'Intermediate',
    posts: '企业安全部门负责人、项目安全主管（项目安全总监）等中层管理岗位',
  },
  {
    code: 'senior',
    digit: 3,
    name: '高级',
    nameEn: 'Senior',
    posts: '企业分管安全的负责人（安全总监）、首席安全官等战略管理岗位',
  },
  {
    code: 'special',
    digit: 4,
    name: '行业专项',
    nameEn: 'Industry special',
    posts: '矿山、危险化学品、建筑施工等高危行业的安全管理岗位',
  },
] as const;

export type LevelCode = (typeof LEVELS)[number]['code'];
export const LEVEL_CODES: readonly LevelCode[] = LEVELS.map((l) => l.code);

export function levelByCode(code: string): (typeof LEVELS)[number] | undefined {
  return LEVELS.find((l) => l.code === code);
}

export const LevelCodeSchema = Type.Union(
  LEVELS.map((l) => Type.Literal(l.code)),
  { description: '证书等级：junior 初级、intermediate 中级、senior 高级、special 行业专项' },
);

const IsoDate = Type.String({ format: 'date', description: '日期 YYYY-MM-DD' });
const NullableDate = Type.Union([IsoDate, Type.Null()]);
const GbDivisionCode = Type.String({
  pattern: '^[0-9]{6}$',
  description: 'GB/T 2260 行政区划代码（6 位数字）',
});
const TypeCode = Type.String({
  pattern: '^[0-9]{2}$',
  description: '证书类型代码（2 位数字，用于证书编号）',
});
const IndustryCode = Type.String({
  minLength: 1,
  maxLength: 40,
  pattern: '^[A-Za-z0-9_]+$',
  description: '行业代码',
});

// ---------------------------------------------------------------------------------------
// Divisions (REQ-ORG-1)

export const DivisionView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  fullName: Type.String({ description: '含上级的全称，如 广东省深圳市南山区' }),
  level: Type.Integer({ minimum: 1, maximum: 3, description: '1 省级、2 地级、3 县级' }),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  hasChildren: Type.Boolean(),
  abolishedOn: Type.Union([IsoDate, Type.Null()], {
    description: '撤销日期（撤销当月 1 日）；现行区划为 null',
  }),
});
export type DivisionView = Static<typeof DivisionView>;

export const DivisionDetail = Type.Object({
  ...DivisionView.properties,
  successorCode: Type.Union([Type.String(), Type.Null()], { description: '已撤销区划的承继区划' }),
  path: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), {
    description: '从省级到本区划（含本身）',
  }),
});
export type DivisionDetail = Static<typeof DivisionDetail>;

export const DivisionListQuery = StrictObject({
  parent: Type.Optional(
    Type.String({ pattern: '^[0-9]{6}$', description: '上级代码；省略或 000000 列出省级' }),
  ),
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: 20, description: '按名称搜索（前缀优先，再包含），最多 20 条' }),
  ),
  includeAbolished: Type.Optional(Type.Boolean({ default: false, description: '包含已撤销的区划' })),
});
export type DivisionListQuery = Static<typeof DivisionListQuery>;

export const DivisionList = Type.Object({ items: Type.Array(DivisionView) });
export type DivisionList = Static<typeof DivisionList>;

export const DivisionParams = StrictObject({ code: GbDivisionCode });

// ---------------------------------------------------------------------------------------
// Industries

export const IndustryView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  highRisk: Type.Boolean({ description: '《安全生产法》第二十四条所列高危行业' }),
  highRiskBasis: Type.Union([Type.String(), Type.Null()]),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  sort: Type.Integer(),
  gbt4754Codes: Type.Array(Type.String(), { description: '对应的 GB/T 4754-2017 国民经济行业代码' }),
});
export type IndustryView = Static<typeof IndustryView>;

export const IndustryList = Type.Object({ items: Type.Array(IndustryView) });

// ---------------------------------------------------------------------------------------
// Certificate types (REQ-TYPE-1..4)

export const CertificateModule = StrictObject({
  code: Type.String({ pattern: '^[A-Z][A-Z0-9-]{1,31}$', description: '模块代码，如 BASE-LAW' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  kind: Type.Union([Type.Literal('base'), Type.Literal('industry')], {
    description: 'base 基础模块（保持稳定）、industry 行业模块（按需更新）',
  }),
  version: Type.String({ pattern: '^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$', description: '模块版本，如 2026.1' }),
});
export type CertificateModule = Static<typeof CertificateModule>;

const Outline = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 50 });

/** 胜任力模型 — what one level assesses (REQ-TYPE-4; drives the exam blueprint). */
export const CompetencyOutline = StrictObject({
  knowledge: Outline,
  skills: Outline,
  qualities: Outline,
});
export type CompetencyOutline = Static<typeof CompetencyOutline>;

export const CompetencyModel = Type.Partial(
  StrictObject({
    junior: CompetencyOutline,
    intermediate: CompetencyOutline,
    senior: CompetencyOutline,
    special: CompetencyOutline,
  }),
  { description: '每个等级一份：知识、技能、素养' },
);
export type CompetencyModel = Static<typeof CompetencyModel>;

const CertificateKind = Type.Union([Type.Literal('general'), Type.Literal('industry_special')], {
  description: 'general 通用证书、industry_special 行业专项证书',
});
const CertificateTypeStatus = Type.Union([Type.Literal('active'), Type.Literal('retired')]);

export const CertificateTypeView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  kind: CertificateKind,
  industryCode: Type.Union([Type.String(), Type.Null()]),
  levels: Type.Array(LevelCodeSchema),
  modules: Type.Array(CertificateModule),
  competencyModel: CompetencyModel,
  effectiveFrom: IsoDate,
  effectiveTo: NullableDate,
  status: CertificateTypeStatus,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  abilities: Type.Object({ update: Type.Boolean() }),
});
export type CertificateTypeView = Static<typeof CertificateTypeView>;

export const CertificateTypeList = Type.Object({ items: Type.Array(CertificateTypeView) });

export const CertificateTypeParams = StrictObject({ code: TypeCode });

export const CertificateTypeCreate = StrictObject({
  code: TypeCode,
  name: Type.String({ minLength: 2, maxLength: 60 }),
  nameEn: Type.String({ minLength: 2, maxLength: 120 }),
  kind: CertificateKind,
  industryCode: Type.Optional(Type.Union([IndustryCode, Type.Null()])),
  levels: Type.Array(LevelCodeSchema, { minItems: 1, maxItems: 4, uniqueItems: true }),
  modules: Type.Array(CertificateModule, { minItems: 1, maxItems: 30 }),
  competencyModel: CompetencyModel,
  effectiveFrom: IsoDate,
  effectiveTo: Type.Optional(NullableDate),
});
export type CertificateTypeCreate = Static<typeof CertificateTypeCreate>;

export const CertificateTypePatch = Type.Partial(
  StrictObject({
    name: CertificateTypeCreate.properties.name,
    nameEn: CertificateTypeCreate.properties.nameEn,
    industryCode: Type.Union([IndustryCode, Type.Null()]),
    levels: CertificateTypeCreate.properties.levels,
    modules: CertificateTypeCreate.properties.modules,
    competencyModel: CompetencyModel,
    effectiveFrom: IsoDate,
    effectiveTo: NullableDate,
    status: CertificateTypeStatus,
  }),
  { minProperties: 1 },
);
export type CertificateTypePatch = Static<typeof CertificateTypePatch>;

// ---------------------------------------------------------------------------------------
// Rule parameters (REQ-ORG-2)

export const RuleLayer = Type.Union(
  [Type.Literal('national'), Type.Literal('industry'), Type.Literal('province')],
  {
    description: 'national 国家统一标准、industry 行业补充规范、province 地方（省级及以下）执行',
  },
);
export type RuleLayer = Static<typeof RuleLayer>;

const RuleKey = Type.String({
  pattern: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$',
  maxLength: 100,
  description: '规则键，如 certificate.validity_years',
});

export const RuleParameterView = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  value: Type.Unknown({ description: '参数值（JSON）' }),
  layer: RuleLayer,
  certificateTypeCode: Type.Union([Type.String(), Type.Null()]),
  level: Type.Union([Type.String(), Type.Null()]),
  industryCode: Type.Union([Type.String(), Type.Null()]),
  divisionCode: Type.Union([Type.String(), Type.Null()]),
  effectiveFrom: IsoDate,
  effectiveTo: NullableDate,
  source: Type.String({ description: '依据：种子文件章节或法律条款' }),
  createdBy: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type RuleParameterView = Static<typeof RuleParameterView>;

export const RuleParameterPage = Page(RuleParameterView);

export const RuleParameterListQuery = StrictObject({
  key: Type.Optional(RuleKey),
  layer: Type.Optional(RuleLayer),
  certificateTypeCode: Type.Optional(TypeCode),
  level: Type.Optional(LevelCodeSchema),
  industryCode: Type.Optional(IndustryCode),
  divisionCode: Type.Optional(GbDivisionCode),
  at: Type.Optional(Type.String({ format: 'date', description: '只列出该日有效的版本' })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type RuleParameterListQuery = Static<typeof RuleParameterListQuery>;

export const RuleResolveQuery = StrictObject({
  key: RuleKey,
  certificateTypeCode: Type.Optional(TypeCode),
  level: Type.Optional(LevelCodeSchema),
  industryCode: Type.Optional(IndustryCode),
  divisionCode: Type.Optional(GbDivisionCode),
  at: Type.Optional(Type.String({ format: 'date', description: '取值日期，默认今天（北京时间）' })),
});
export type RuleResolveQuery = Static<typeof RuleResolveQuery>;

export const ResolvedRuleView = Type.Object({
  key: Type.String(),
  at: IsoDate,
  value: Type.Unknown(),
  ruleParameterId: Type.Integer(),
  layer: RuleLayer,
  source: Type.String(),
  effectiveFrom: IsoDate,
});
export type ResolvedRuleView = Static<typeof ResolvedRuleView>;

export const RuleParameterCreate = StrictObject({
  key: RuleKey,
  value: Type.Unknown({ description: '参数值（JSON，不能为 null）' }),
  layer: RuleLayer,
  certificateTypeCode: Type.Optional(Type.Union([TypeCode, Type.Null()])),
  level: Type.Optional(Type.Union([LevelCodeSchema, Type.Null()])),
  industryCode: Type.Optional(Type.Union([IndustryCode, Type.Null()])),
  divisionCode: Type.Optional(Type.Union([GbDivisionCode, Type.Null()])),
  effectiveFrom: IsoDate,
  effectiveTo: Type.Optional(NullableDate),
  source: Type.String({ minLength: 2, maxLength: 200 }),
});
export type RuleParameterCreate = Static<typeof RuleParameterCreate>;
