import { type Static, Type } from '@sinclair/typebox';
import { Page, StrictObject } from './common.ts';
import {
  DIFFICULTY_BANDS,
  type DifficultyBand,
  ITEM_TYPES,
  type ItemAnswerKey,
  type ItemBody,
} from './exam-item.ts';
import { LevelCodeSchema } from './reference.ts';

/**
 * Examination API (docs/exam.md): item bank with versions and review (REQ-EXAM-3/5),
 * blueprints (REQ-EXAM-1, REQ-TYPE-2/4), sessions, scheduling, admission tickets, check-in and
 * per-candidate papers (REQ-EXAM-2). Delivery and statistics have their own contracts.
 */

const PublicId = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const CertificateTypeCode = Type.String({ pattern: '^[0-9]{2}$', description: '证书类型代码（两位）' });
const DivisionCode = Type.String({ pattern: '^[0-9]{6}$', description: 'GB/T 2260 行政区划代码' });
const ModuleCode = Type.String({
  pattern: '^[A-Za-z0-9_-]{1,40}$',
  description: "模块：'base'（基础模块）或证书类型的模块代码（如 BASE-LAW、IND-MINE）",
});
/**
 * Competency reference (REQ-TYPE-4): a competency area = a module code of the certificate type
 * (BASE-LAW, BASE-RISK, IND-MINE…), or a single competency of the level's model: K1… 知识,
 * S1… 技能, Q1… 素质 (1-based index into the model's lists).
 */
const CompetencyCode = Type.String({
  pattern: '^([KSQ][0-9]{1,2}|[A-Z][A-Z0-9-]{1,39})$',
  description:
    '能力项：证书类型的模块（能力领域）代码，如 BASE-LAW；或能力模型中的单项 K1（知识）、S3（技能）、Q1（素质）',
});
const Loose = Type.Unknown();

export const ITEM_STATES = ['draft', 'in_review', 'approved', 'retired'] as const;
export type ItemState = (typeof ITEM_STATES)[number];
export const ItemStateSchema = Type.Union(
  ITEM_STATES.map((s) => Type.Literal(s)),
  { description: 'draft 草稿；in_review 待审核；approved 已通过；retired 已停用' },
);
const ItemTypeLiteral = Type.Union(ITEM_TYPES.map((t) => Type.Literal(t)));
const BandLiteral = Type.Union(DIFFICULTY_BANDS.map((b) => Type.Literal(b)));

/** Difficulty band of an estimate: easy < 0.35 ≤ medium < 0.65 ≤ hard. */
export function difficultyBand(difficulty: number): DifficultyBand {
  if (difficulty < 0.35) return 'easy';
  if (difficulty < 0.65) return 'medium';
  return 'hard';
}

// ---------------------------------------------------------------------------------------
// Item bank

export const ItemContentFields = {
  type: ItemTypeLiteral,
  body: Type.Unknown({ description: 'ItemBody（packages/contracts/src/exam-item.ts），按题型校验' }),
  answerKey: Type.Unknown({ description: 'ItemAnswerKey，按题型校验' }),
  points: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, default: 1 })),
  difficulty: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 0.5 })),
  competencies: Type.Optional(Type.Array(CompetencyCode, { maxItems: 20, uniqueItems: true })),
  source: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  standardCode: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 60 }), Type.Null()])),
  standardVersion: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()])),
};

export const ItemCreate = StrictObject({
  certificateTypeCode: CertificateTypeCode,
  level: LevelCodeSchema,
  module: ModuleCode,
  ...ItemContentFields,
});
export type ItemCreate = Static<typeof ItemCreate>;

/** Replaces the content; a draft/in-review version is changed in place (back to draft), an approved/retired one gets a new draft version. */
export const ItemUpdate = StrictObject(ItemContentFields);
export type ItemUpdate = Static<typeof ItemUpdate>;

export const ItemIdParams = StrictObject({ id: PublicId });
export const ItemVersionParams = StrictObject({ id: PublicId, version: Type.Integer({ minimum: 1 }) });

export const ITEM_ACTIONS = ['submit', 'approve', 'reject', 'retire'] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];
export const ItemActionParams = StrictObject({
  id: PublicId,
  action: Type.Union(ITEM_ACTIONS.map((a) => Type.Literal(a))),
});
export const ItemReviewBody = StrictObject({
  note: Type.Optional(Type.String({ maxLength: 1000, description: '审核意见（退回时必填）' })),
});
export type ItemReviewBody = Static<typeof ItemReviewBody>;

export const ItemVersionView = Type.Object({
  id: Type.Integer({ description: 'exam_item_version.id：试卷与作答引用的确切版本' }),
  version: Type.Integer(),
  state: ItemStateSchema,
  type: ItemTypeLiteral,
  body: Loose,
  answerKey: Loose,
  points: Type.Number(),
  difficulty: Type.Number(),
  difficultyBand: BandLiteral,
  competencies: Type.Array(Type.String()),
  source: Type.Union([Type.String(), Type.Null()]),
  standardCode: Type.Union([Type.String(), Type.Null()]),
  standardVersion: Type.Union([Type.String(), Type.Null()]),
  standardFlaggedAt: Type.Union([DateTime, Type.Null()]),
  author: Type.String(),
  reviewer: Type.Union([Type.String(), Type.Null()]),
  reviewedAt: Type.Union([DateTime, Type.Null()]),
  reviewNote: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type ItemVersionView = Static<typeof ItemVersionView>;

export const ItemView = Type.Object({
  id: PublicId,
  certificateTypeCode: Type.String(),
  level: Type.String(),
  module: Type.String(),
  current: ItemVersionView,
  /** Latest approved version (what papers draw), if any. */
  approvedVersion: Type.Union([Type.Integer(), Type.Null()]),
  abilities: Type.Object({
    edit: Type.Boolean(),
    submit: Type.Boolean(),
    approve: Type.Boolean(),
    reject: Type.Boolean(),
    retire: Type.Boolean(),
  }),
  createdAt: DateTime,
});
export type ItemView = Static<typeof ItemView>;

export const ItemVersionList = Type.Object({ items: Type.Array(ItemVersionView) });

export const ItemListQuery = StrictObject({
  certificateTypeCode: Type.Optional(CertificateTypeCode),
  level: Type.Optional(LevelCodeSchema),
  module: Type.Optional(ModuleCode),
  type: Type.Optional(ItemTypeLiteral),
  state: Type.Optional(ItemStateSchema),
  competency: Type.Optional(CompetencyCode),
  standardCode: Type.Optional(Type.String({ maxLength: 60 })),
  band: Type.Optional(BandLiteral),
  minDifficulty: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  maxDifficulty: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  flagged: Type.Optional(Type.Boolean({ description: 'true：因标准换版待复核的试题' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '题干全文检索（包含）' })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type ItemListQuery = Static<typeof ItemListQuery>;
export const ItemPage = Page(ItemView);

export const StandardRevisionCreate = StrictObject({
  standardCode: Type.String({ minLength: 1, maxLength: 60 }),
  oldVersion: Type.String({ minLength: 1, maxLength: 40 }),
  newVersion: Type.String({ minLength: 1, maxLength: 40 }),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
});
export type StandardRevisionCreate = Static<typeof StandardRevisionCreate>;
export const StandardRevisionView = Type.Object({
  id: Type.Integer(),
  standardCode: Type.String(),
  oldVersion: Type.String(),
  newVersion: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  flaggedCount: Type.Integer({ description: '被标记待复核的已通过试题版本数' }),
  recordedAt: DateTime,
});
export type StandardRevisionView = Static<typeof StandardRevisionView>;
export const StandardRevisionList = Type.Object({ items: Type.Array(StandardRevisionView) });

export const ItemImportResult = Type.Object({
  created: Type.Integer(),
  errors: Type.Array(
    Type.Object({ row: Type.Integer(), field: Type.String(), code: Type.String(), message: Type.String() }),
  ),
});
export type ItemImportResult = Static<typeof ItemImportResult>;

// ---------------------------------------------------------------------------------------
// Blueprints

/** One draw quota of a section: `count` items matching the filters. */
export const BlueprintQuota = StrictObject({
  count: Type.Integer({ minimum: 1, maximum: 200 }),
  competency: Type.Optional(
    Type.String({
      pattern: '^([KSQ][0-9]{0,2}|[A-Z][A-Z0-9-]{1,39})$',
      description: '能力领域（模块代码，如 BASE-LAW）、单项能力（K1）或能力类别（K/S/Q）；省略表示不限',
    }),
  ),
  band: Type.Optional(BandLiteral),
  module: Type.Optional(ModuleCode),
});
export type BlueprintQuota = Static<typeof BlueprintQuota>;

export const BlueprintSection = StrictObject({
  code: Type.String({ pattern: '^[a-z0-9_-]{1,40}$' }),
  title: Type.String({ minLength: 1, maxLength: 100 }),
  itemType: ItemTypeLiteral,
  /** Points of each item in this section (the paper's points, whatever the item's default). */
  pointsPerItem: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
  quotas: Type.Array(BlueprintQuota, { minItems: 1, maxItems: 50 }),
  shuffleOptions: Type.Optional(Type.Boolean({ default: true })),
});
export type BlueprintSection = Static<typeof BlueprintSection>;

export const PassRules = StrictObject({
  passPoints: Type.Number({ minimum: 0, description: '理论考试合格分数线（卷面分）' }),
});
export type PassRules = Static<typeof PassRules>;

export const BlueprintCreate = StrictObject({
  code: Type.String({
    pattern: '^[a-z0-9_-]{1,60}$',
    description: '蓝图标识（跨版本不变），如 general-junior',
  }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  certificateTypeCode: CertificateTypeCode,
  level: LevelCodeSchema,
  modules: Type.Array(ModuleCode, { minItems: 1, maxItems: 20, uniqueItems: true }),
  sections: Type.Optional(Type.Array(BlueprintSection, { minItems: 1, maxItems: 20 })),
  durationMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 600, default: 120 })),
  passRules: Type.Optional(PassRules),
  activate: Type.Optional(Type.Boolean({ default: true, description: '创建即启用（同标识的旧版本停用）' })),
});
export type BlueprintCreate = Static<typeof BlueprintCreate>;

export const BlueprintView = Type.Object({
  id: PublicId,
  code: Type.String(),
  name: Type.String(),
  certificateTypeCode: Type.String(),
  level: Type.String(),
  modules: Type.Array(Type.String()),
  version: Type.Integer(),
  sections: Type.Array(BlueprintSection),
  durationMinutes: Type.Integer(),
  totalPoints: Type.Number(),
  passRules: PassRules,
  state: Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('retired')]),
  createdAt: DateTime,
});
export type BlueprintView = Static<typeof BlueprintView>;
export const BlueprintList = Type.Object({ items: Type.Array(BlueprintView) });
export const BlueprintListQuery = StrictObject({
  certificateTypeCode: Type.Optional(CertificateTypeCode),
  level: Type.Optional(LevelCodeSchema),
  state: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('retired')])),
});
export type BlueprintListQuery = Static<typeof BlueprintListQuery>;
export const IdParams = StrictObject({ id: PublicId });

export const BlueprintCoverage = Type.Object({
  ok: Type.Boolean(),
  quotas: Type.Array(
    Type.Object({
      section: Type.String(),
      quota: Type.Integer(),
      label: Type.String(),
      needed: Type.Integer(),
      available: Type.Integer(),
    }),
  ),
});
export type BlueprintCoverage = Static<typeof BlueprintCoverage>;

// ---------------------------------------------------------------------------------------
// Papers

/** One item of a paper, in presentation order. */
export interface PaperItem {
  /** 1-based position label, e.g. '1', '2'. */
  ref: string;
  itemId: string;
  itemVersionId: number;
  section: string;
  points: number;
  /** Shuffled option ids (presentation order) for choice items. */
  optionOrder?: string[];
  /** Scenario items: sub-item refs with their points. */
  subItems?: Array<{ ref: string; points: number; optionOrder?: string[] }>;
}

export const PaperItemSchema = Type.Object({
  ref: Type.String(),
  itemId: Type.String(),
  itemVersionId: Type.Integer(),
  section: Type.String(),
  points: Type.Number(),
  optionOrder: Type.Optional(Type.Array(Type.String())),
  subItems: Type.Optional(
    Type.Array(
      Type.Object({
        ref: Type.String(),
        points: Type.Number(),
        optionOrder: Type.Optional(Type.Array(Type.String())),
      }),
    ),
  ),
});

/** Content of an item version as assembly needs it. */
export interface BankItem {
  itemId: string;
  itemVersionId: number;
  module: string;
  type: string;
  difficulty: number;
  competencies: string[];
  body: ItemBody;
  answerKey?: ItemAnswerKey;
}

// ---------------------------------------------------------------------------------------
// Sessions, registrations, tickets, check-in

export const SessionCreate = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  divisionCode: DivisionCode,
  place: Type.String({ minLength: 1, maxLength: 300 }),
  capacity: Type.Integer({ minimum: 1, maximum: 10_000 }),
  startsAt: DateTime,
  startWindowSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 7200, default: 0 })),
  blueprintId: PublicId,
  durationMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 600, description: '默认取蓝图时长' })),
});
export type SessionCreate = Static<typeof SessionCreate>;

export const SESSION_STATES = ['scheduled', 'open', 'closed'] as const;
export const SessionView = Type.Object({
  id: PublicId,
  name: Type.String(),
  divisionCode: Type.String(),
  divisionName: Type.String(),
  place: Type.String(),
  capacity: Type.Integer(),
  registered: Type.Integer(),
  startsAt: DateTime,
  startWindowSeconds: Type.Integer(),
  durationMinutes: Type.Integer(),
  blueprint: Type.Object({
    id: PublicId,
    name: Type.String(),
    certificateTypeCode: Type.String(),
    level: Type.String(),
  }),
  state: Type.Union(SESSION_STATES.map((s) => Type.Literal(s))),
  createdAt: DateTime,
});
export type SessionView = Static<typeof SessionView>;
export const SessionListQuery = StrictObject({
  divisionCode: Type.Optional(DivisionCode),
  state: Type.Optional(Type.Union(SESSION_STATES.map((s) => Type.Literal(s)))),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type SessionListQuery = Static<typeof SessionListQuery>;
export const SessionPage = Page(SessionView);

export const ScheduleBody = StrictObject({
  applicationIds: Type.Array(PublicId, { minItems: 1, maxItems: 500, uniqueItems: true }),
});
export type ScheduleBody = Static<typeof ScheduleBody>;

export const RegistrationView = Type.Object({
  id: PublicId,
  sessionId: PublicId,
  applicationId: PublicId,
  personId: PublicId,
  candidateName: Type.String({ description: '姓名（脱敏）' }),
  idNumberMasked: Type.String(),
  seatNo: Type.Integer(),
  ticketNo: Type.String(),
  state: Type.Union([
    Type.Literal('scheduled'),
    Type.Literal('checked_in'),
    Type.Literal('absent'),
    Type.Literal('cancelled'),
  ]),
  startOffsetSeconds: Type.Integer(),
  startAt: DateTime,
  checkedInAt: Type.Union([DateTime, Type.Null()]),
  checkInMethod: Type.Union([Type.String(), Type.Null()]),
  paperId: Type.Union([PublicId, Type.Null()]),
});
export type RegistrationView = Static<typeof RegistrationView>;
export const RegistrationList = Type.Object({ items: Type.Array(RegistrationView) });

export const ScheduleResult = Type.Object({
  scheduled: Type.Array(RegistrationView),
  errors: Type.Array(
    Type.Object({ applicationId: Type.String(), code: Type.String(), message: Type.String() }),
  ),
});
export type ScheduleResult = Static<typeof ScheduleResult>;

export const CheckInBody = StrictObject({
  ticketNo: Type.String({ minLength: 1, maxLength: 40 }),
  idNumber: Type.String({ minLength: 15, maxLength: 18 }),
});
export type CheckInBody = Static<typeof CheckInBody>;

export const TicketVerification = Type.Object({
  ticketNo: Type.String(),
  valid: Type.Boolean(),
  sessionName: Type.String(),
  place: Type.String(),
  startAt: DateTime,
  seatNo: Type.Integer(),
  candidateName: Type.String({ description: '姓名（脱敏）' }),
  state: Type.String(),
});
export const TicketParams = StrictObject({ ticketNo: Type.String({ pattern: '^[0-9A-Z]{6,40}$' }) });
