import { type Static, Type } from '@sinclair/typebox';
import { Page, StrictObject } from './common.ts';
import { LevelCodeSchema } from './reference.ts';
import { DocumentView } from './registry.ts';

/**
 * Eligibility (报考条件, REQ-APP-1..4) and applications (报考申请): docs/eligibility.md.
 * Every decision lists each rule that applied, whether it passed, and why (REQ-APP-4).
 */

const PublicId = Type.String({ format: 'uuid' });
const IsoDate = Type.String({ format: 'date', description: '日期 YYYY-MM-DD' });
const Timestamp = Type.String({ format: 'date-time' });
const DivisionCode = Type.String({ pattern: '^[0-9]{6}$', description: 'GB/T 2260 行政区划代码' });
const CertificateTypeCode = Type.String({ pattern: '^[0-9]{2}$', description: '证书类型代码（两位）' });
const IndustryCode = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_]+$' });
const Reason = Type.String({ minLength: 1, maxLength: 1000 });

// ---------------------------------------------------------------------------------------
// Eligibility rules

export const ELIGIBILITY_RULE_KINDS = [
  'min_education',
  'min_experience_years',
  'prior_certificate_held',
  'training_hours',
  'not_exam_banned',
  'not_on_dishonesty_list',
  'school_route',
] as const;
export type EligibilityRuleKind = (typeof ELIGIBILITY_RULE_KINDS)[number];
export const EligibilityRuleKindSchema = Type.Union(
  ELIGIBILITY_RULE_KINDS.map((k) => Type.Literal(k)),
  {
    description:
      'min_education 最低学历；min_experience_years 安全管理工作年限；prior_certificate_held 持有下一级证书年限；' +
      'training_hours 规定培训学时；not_exam_banned 不在禁考期；not_on_dishonesty_list 不在失信名单；' +
      'school_route “1+X”在校生途径',
  },
);

const RuleLayer = Type.Union([Type.Literal('national'), Type.Literal('industry'), Type.Literal('province')]);
const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

export const EligibilityRuleView = Type.Object({
  id: Type.Integer(),
  ruleKey: Type.String(),
  kind: EligibilityRuleKindSchema,
  params: Type.Record(Type.String(), Type.Unknown()),
  layer: RuleLayer,
  certificateTypeCode: Type.Union([Type.String(), Type.Null()]),
  level: Type.Union([Type.String(), Type.Null()]),
  industryCode: Type.Union([Type.String(), Type.Null()]),
  divisionCode: Type.Union([Type.String(), Type.Null()]),
  effectiveFrom: IsoDate,
  effectiveTo: Type.Union([IsoDate, Type.Null()]),
  source: Type.String(),
});
export type EligibilityRuleView = Static<typeof EligibilityRuleView>;

export const EligibilityRulesQuery = StrictObject({
  certificateTypeCode: CertificateTypeCode,
  level: LevelCodeSchema,
  divisionCode: DivisionCode,
  industryCode: Type.Optional(IndustryCode),
  at: Type.Optional(IsoDate),
});

export const EligibilityRuleSet = Type.Object({
  at: IsoDate,
  industryCode: Type.Union([Type.String(), Type.Null()]),
  items: Type.Array(EligibilityRuleView),
});

// ---------------------------------------------------------------------------------------
// Evaluation

export const EligibilityRuleResult = Type.Object({
  ruleId: Type.Integer(),
  ruleKey: Type.String(),
  ruleVersion: IsoDate,
  kind: EligibilityRuleKindSchema,
  layer: RuleLayer,
  passed: Type.Boolean(),
  expected: Scalar,
  actual: Scalar,
  reason: Type.String({ description: '中文说明，含具体数值（REQ-APP-4）' }),
  source: Type.String(),
});
export type EligibilityRuleResult = Static<typeof EligibilityRuleResult>;

export const EligibilityResult = Type.Object({
  eligible: Type.Boolean(),
  at: IsoDate,
  certificateTypeCode: Type.String(),
  level: Type.String(),
  divisionCode: Type.String(),
  industryCode: Type.Union([Type.String(), Type.Null()]),
  results: Type.Array(EligibilityRuleResult),
});
export type EligibilityResult = Static<typeof EligibilityResult>;

export const SchoolEnrolment = StrictObject(
  {
    school: Type.String({ minLength: 1, maxLength: 200 }),
    expectedGraduationOn: IsoDate,
  },
  { description: '“1+X”在校生途径（REQ-CE-4）：在读学校与预计毕业日期' },
);
export type SchoolEnrolment = Static<typeof SchoolEnrolment>;

export const EligibilityEvaluateBody = StrictObject({
  personId: PublicId,
  certificateTypeCode: CertificateTypeCode,
  level: LevelCodeSchema,
  divisionCode: DivisionCode,
  industryCode: Type.Optional(IndustryCode),
  at: Type.Optional(IsoDate),
  schoolEnrolment: Type.Optional(SchoolEnrolment),
});
export type EligibilityEvaluateBody = Static<typeof EligibilityEvaluateBody>;

// ---------------------------------------------------------------------------------------
// Sanctions (禁考、失信名单)

export const SANCTION_KINDS = ['exam_ban', 'dishonesty_list'] as const;
export const SanctionKind = Type.Union(
  SANCTION_KINDS.map((k) => Type.Literal(k)),
  { description: 'exam_ban 禁考；dishonesty_list 失信名单' },
);

export const SanctionCreate = StrictObject({
  kind: SanctionKind,
  reason: Reason,
  basis: Type.String({ minLength: 1, maxLength: 500, description: '依据（法规条款或决定书文号）' }),
  startsOn: IsoDate,
  endsOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
});
export type SanctionCreate = Static<typeof SanctionCreate>;

export const SanctionView = Type.Object({
  id: Type.Integer(),
  personId: PublicId,
  kind: SanctionKind,
  reason: Type.String(),
  basis: Type.String(),
  startsOn: IsoDate,
  endsOn: Type.Union([IsoDate, Type.Null()]),
  createdAt: Timestamp,
});
export type SanctionView = Static<typeof SanctionView>;

export const SanctionList = Type.Object({ items: Type.Array(SanctionView) });

// ---------------------------------------------------------------------------------------
// Applications (报考申请)

export const APPLICATION_STATES = [
  'draft',
  'submitted',
  'under_review',
  'returned',
  'approved',
  'rejected',
] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];
export const ApplicationStateSchema = Type.Union(
  APPLICATION_STATES.map((s) => Type.Literal(s)),
  {
    description:
      'draft 草稿；submitted 已提交；under_review 审核中；returned 退回补正；approved 审核通过（考试候选）；rejected 不予通过',
  },
);

export const APPLICATION_ACTIONS = ['submit', 'start-review', 'return', 'approve', 'reject'] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

export const ApplicationCreate = StrictObject({
  personId: Type.Optional(PublicId),
  certificateTypeCode: CertificateTypeCode,
  level: LevelCodeSchema,
  divisionCode: Type.Optional(DivisionCode),
  industryCode: Type.Optional(IndustryCode),
  schoolEnrolment: Type.Optional(SchoolEnrolment),
});
export type ApplicationCreate = Static<typeof ApplicationCreate>;

export const ApplicationBatchCreate = StrictObject({
  personIds: Type.Array(PublicId, { minItems: 1, maxItems: 200 }),
  certificateTypeCode: CertificateTypeCode,
  level: LevelCodeSchema,
  submit: Type.Optional(Type.Boolean({ default: false, description: '创建后立即提交（逐人评估报考条件）' })),
});
export type ApplicationBatchCreate = Static<typeof ApplicationBatchCreate>;

export const ApplicationTransitionBody = StrictObject({
  reason: Type.Optional(Type.String({ maxLength: 1000, description: '退回、不予通过时必填' })),
});
export type ApplicationTransitionBody = Static<typeof ApplicationTransitionBody>;

export const ApplicationIdParams = StrictObject({ id: Type.String({ maxLength: 64 }) });

export const ApplicationListQuery = StrictObject({
  divisionCode: Type.Optional(DivisionCode),
  certificateTypeCode: Type.Optional(CertificateTypeCode),
  level: Type.Optional(LevelCodeSchema),
  state: Type.Optional(ApplicationStateSchema),
  personId: Type.Optional(PublicId),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type ApplicationListQuery = Static<typeof ApplicationListQuery>;

export const ApplicationPersonSummary = Type.Object({
  id: PublicId,
  name: Type.String(),
  idNumber: Type.String({ description: '脱敏' }),
  sex: Type.Union([Type.Literal('male'), Type.Literal('female')]),
  birthDate: IsoDate,
  divisionCode: Type.String(),
});

export const ApplicationAbilities = Type.Object({
  submit: Type.Boolean(),
  startReview: Type.Boolean(),
  return: Type.Boolean(),
  approve: Type.Boolean(),
  reject: Type.Boolean(),
  uploadDocuments: Type.Boolean(),
});

export const ApplicationSummary = Type.Object({
  id: PublicId,
  state: ApplicationStateSchema,
  certificateTypeCode: Type.String(),
  certificateTypeName: Type.Union([Type.String(), Type.Null()]),
  level: Type.String(),
  divisionCode: Type.String(),
  industryCode: Type.Union([Type.String(), Type.Null()]),
  person: ApplicationPersonSummary,
  enterpriseId: Type.Union([PublicId, Type.Null()]),
  eligible: Type.Union([Type.Boolean(), Type.Null()], { description: '最近一次提交时的报考条件结论' }),
  submittedAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ApplicationSummary = Static<typeof ApplicationSummary>;

export const ApplicationEventView = Type.Object({
  fromState: Type.Union([ApplicationStateSchema, Type.Null()]),
  toState: ApplicationStateSchema,
  actorName: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  at: Timestamp,
});

export const ApplicationDetail = Type.Composite([
  ApplicationSummary,
  Type.Object({
    eligibility: Type.Union([EligibilityResult, Type.Null()]),
    schoolEnrolment: Type.Union([SchoolEnrolment, Type.Null()]),
    events: Type.Array(ApplicationEventView),
    documents: Type.Array(DocumentView),
    abilities: ApplicationAbilities,
    allowedActions: Type.Array(Type.String(), { description: '当前状态下允许的操作（不论调用者）' }),
  }),
]);
export type ApplicationDetail = Static<typeof ApplicationDetail>;

export const ApplicationPage = Page(ApplicationSummary);

export const ApplicationBatchResult = Type.Object({
  results: Type.Array(
    Type.Object({
      personId: Type.String(),
      ok: Type.Boolean(),
      applicationId: Type.Union([PublicId, Type.Null()]),
      state: Type.Union([ApplicationStateSchema, Type.Null()]),
      error: Type.Union([
        Type.Object({
          code: Type.String(),
          message: Type.String(),
          details: Type.Optional(
            Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() })),
          ),
        }),
        Type.Null(),
      ]),
    }),
  ),
});
export type ApplicationBatchResult = Static<typeof ApplicationBatchResult>;
