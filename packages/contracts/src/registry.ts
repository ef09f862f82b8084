import { type Static, Type } from '@sinclair/typebox';
import { Page, StrictObject } from './common.ts';

/**
 * Registry (docs/registry.md): persons (一人一档), enterprises and their staff, training
 * providers / assessment bodies, uploaded documents. Identity numbers and phones leave the
 * API masked unless a caller allowed to see them asks (`?reveal=`), and every reveal is
 * audited (NFR-SEC-1).
 */

const PublicId = Type.String({ format: 'uuid' });
const IsoDate = Type.String({ format: 'date', description: '日期 YYYY-MM-DD' });
const NullableIsoDate = Type.Union([IsoDate, Type.Null()]);
const Timestamp = Type.String({ format: 'date-time' });
const DivisionCode = Type.String({ pattern: '^[0-9]{6}$', description: 'GB/T 2260 行政区划代码' });
const CreditCodeInput = Type.String({
  minLength: 1,
  maxLength: 40,
  description: '统一社会信用代码（GB 32100，18 位）；格式与校验码错误返回 400 INVALID_CREDIT_CODE',
});
const Name = Type.String({ minLength: 1, maxLength: 100 });
const ShortText = Type.String({ minLength: 1, maxLength: 200 });
const Phone = Type.String({ pattern: '^\\+?[0-9][0-9 -]{5,19}$', description: '电话号码' });
const Cursor = Type.Optional(Type.String({ maxLength: 100 }));
const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });
const IndustryCode = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_]+$' });

export const RegistryIdParams = StrictObject({ id: Type.String({ maxLength: 64 }) });

// ---------------------------------------------------------------------------------------
// Persons (一人一档)

export const ID_KINDS = [
  'resident',
  'hk-macau-resident-permit',
  'taiwan-resident-permit',
  'foreign-permanent-resident',
] as const;
export const IdKind = Type.Union(
  ID_KINDS.map((k) => Type.Literal(k)),
  {
    description:
      'resident 居民身份证；hk-macau-resident-permit 港澳居民居住证；taiwan-resident-permit 台湾居民居住证；foreign-permanent-resident 外国人永久居留身份证',
  },
);

export const EDUCATION_LEVEL_CODES = [
  'high_school',
  'junior_college',
  'bachelor',
  'master',
  'doctor',
] as const;
export const EducationLevel = Type.Union(
  EDUCATION_LEVEL_CODES.map((l) => Type.Literal(l)),
  { description: 'high_school 高中/中专、junior_college 大专、bachelor 本科、master 硕士、doctor 博士' },
);

export const PersonAbilities = Type.Object({
  update: Type.Boolean(),
  reveal: Type.Boolean({ description: '可以用 ?reveal=idNumber,phone 查看完整证件号与电话（会被审计）' }),
  addRecords: Type.Boolean({ description: '可以添加学历、工作经历、培训记录' }),
  uploadDocuments: Type.Boolean(),
});

export const PersonSummary = Type.Object({
  id: PublicId,
  name: Type.String(),
  idKind: IdKind,
  idNumber: Type.String({ description: '默认脱敏（如 110***********1233）；reveal 后为完整号码' }),
  idNumberRevealed: Type.Boolean(),
  sex: Type.Union([Type.Literal('male'), Type.Literal('female')]),
  birthDate: IsoDate,
  phone: Type.Union([Type.String(), Type.Null()], { description: '默认脱敏' }),
  phoneRevealed: Type.Boolean(),
  divisionCode: Type.String(),
  divisionName: Type.Union([Type.String(), Type.Null()]),
  linkedAccount: Type.Boolean({ description: '已关联持证人账号' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type PersonSummary = Static<typeof PersonSummary>;

export const EducationView = Type.Object({
  id: Type.Integer(),
  level: EducationLevel,
  major: Type.String(),
  safetyRelated: Type.Boolean(),
  school: Type.String(),
  graduatedOn: IsoDate,
  createdAt: Timestamp,
});
export type EducationView = Static<typeof EducationView>;

export const WorkView = Type.Object({
  id: Type.Integer(),
  employerName: Type.String(),
  employerCreditCode: Type.Union([Type.String(), Type.Null()]),
  post: Type.String(),
  safetyManagement: Type.Boolean(),
  startedOn: IsoDate,
  endedOn: NullableIsoDate,
  createdAt: Timestamp,
});
export type WorkView = Static<typeof WorkView>;

export const TrainingView = Type.Object({
  id: Type.Integer(),
  provider: Type.String(),
  course: Type.String(),
  hours: Type.Number(),
  completedOn: IsoDate,
  createdAt: Timestamp,
});
export type TrainingView = Static<typeof TrainingView>;

export const PersonWithAbilities = Type.Object({
  ...PersonSummary.properties,
  abilities: PersonAbilities,
});
export type PersonWithAbilities = Static<typeof PersonWithAbilities>;

export const PersonDetail = Type.Object({
  ...PersonSummary.properties,
  education: Type.Array(EducationView),
  work: Type.Array(WorkView),
  training: Type.Array(TrainingView),
  abilities: PersonAbilities,
});
export type PersonDetail = Static<typeof PersonDetail>;

export const PersonPage = Page(PersonWithAbilities);

export const PersonCreate = StrictObject({
  name: Name,
  idNumber: Type.String({
    minLength: 1,
    maxLength: 40,
    description: '身份证号（GB 11643，18 位或 15 位旧号）；无效时返回 400 INVALID_ID_NUMBER',
  }),
  phone: Type.Optional(Phone),
  divisionCode: Type.Optional(DivisionCode),
});
export type PersonCreate = Static<typeof PersonCreate>;

export const PersonPatch = StrictObject(
  {
    name: Type.Optional(Name),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    divisionCode: Type.Optional(DivisionCode),
  },
  { minProperties: 1 },
);
export type PersonPatch = Static<typeof PersonPatch>;

export const PersonListQuery = StrictObject({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: '姓名前缀' })),
  divisionCode: Type.Optional(DivisionCode),
  idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: '证件号精确查找' })),
  cursor: Cursor,
  limit: Limit,
});
export type PersonListQuery = Static<typeof PersonListQuery>;

export const PersonGetQuery = StrictObject({
  reveal: Type.Optional(
    Type.String({
      pattern: '^(idNumber|phone)(,(idNumber|phone))?$',
      description: '逗号分隔：idNumber、phone；返回完整值并记入审计（person.reveal）',
    }),
  ),
});

export const EducationCreate = StrictObject({
  level: EducationLevel,
  major: ShortText,
  safetyRelated: Type.Boolean({ description: '安全相关专业' }),
  school: ShortText,
  graduatedOn: IsoDate,
});
export type EducationCreate = Static<typeof EducationCreate>;

export const WorkCreate = StrictObject({
  employerName: ShortText,
  employerCreditCode: Type.Optional(CreditCodeInput),
  post: ShortText,
  safetyManagement: Type.Boolean({ description: '从事安全生产管理工作' }),
  startedOn: IsoDate,
  endedOn: Type.Optional(NullableIsoDate),
});
export type WorkCreate = Static<typeof WorkCreate>;

export const TrainingCreate = StrictObject({
  provider: ShortText,
  course: ShortText,
  hours: Type.Number({ exclusiveMinimum: 0, maximum: 10000, multipleOf: 0.1 }),
  completedOn: IsoDate,
});
export type TrainingCreate = Static<typeof TrainingCreate>;

// ---------------------------------------------------------------------------------------
// Enterprises (生产经营单位) and staff

export const EnterpriseAbilities = Type.Object({
  update: Type.Boolean(),
  manageStaff: Type.Boolean(),
});

export const EnterpriseView = Type.Object({
  id: PublicId,
  creditCode: Type.String(),
  name: Type.String(),
  industryCode: Type.String(),
  industryName: Type.Union([Type.String(), Type.Null()]),
  highRisk: Type.Boolean({
    description: '所属行业为《安全生产法》第二十四条所列高危行业（写入时按行业确定）',
  }),
  divisionCode: Type.String(),
  divisionName: Type.Union([Type.String(), Type.Null()]),
  employeeCount: Type.Integer(),
  contactName: Type.Union([Type.String(), Type.Null()]),
  contactPhone: Type.Union([Type.String(), Type.Null()], { description: '脱敏' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  abilities: EnterpriseAbilities,
});
export type EnterpriseView = Static<typeof EnterpriseView>;

export const EnterprisePage = Page(EnterpriseView);

export const EnterpriseCreate = StrictObject({
  creditCode: CreditCodeInput,
  name: Name,
  industryCode: IndustryCode,
  divisionCode: Type.Optional(
    Type.String({ pattern: '^[0-9]{6}$', description: '所在区划；省略时取信用代码中的登记管理机关区划' }),
  ),
  employeeCount: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  contactName: Type.Optional(Name),
  contactPhone: Type.Optional(Phone),
});
export type EnterpriseCreate = Static<typeof EnterpriseCreate>;

export const EnterprisePatch = StrictObject(
  {
    name: Type.Optional(Name),
    industryCode: Type.Optional(IndustryCode),
    divisionCode: Type.Optional(DivisionCode),
    employeeCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
    contactName: Type.Optional(Type.Union([Name, Type.Null()])),
    contactPhone: Type.Optional(Type.Union([Phone, Type.Null()])),
  },
  { minProperties: 1 },
);
export type EnterprisePatch = Static<typeof EnterprisePatch>;

export const EnterpriseListQuery = StrictObject({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: '名称前缀' })),
  creditCode: Type.Optional(Type.String({ minLength: 18, maxLength: 18 })),
  divisionCode: Type.Optional(DivisionCode),
  industryCode: Type.Optional(IndustryCode),
  highRisk: Type.Optional(Type.Boolean()),
  cursor: Cursor,
  limit: Limit,
});
export type EnterpriseListQuery = Static<typeof EnterpriseListQuery>;

export const StaffView = Type.Object({
  id: Type.Integer(),
  person: PersonSummary,
  post: Type.String(),
  safetyManagement: Type.Boolean(),
  fullTime: Type.Boolean(),
  startedOn: IsoDate,
  endedOn: NullableIsoDate,
  createdAt: Timestamp,
});
export type StaffView = Static<typeof StaffView>;

export const StaffPage = Page(StaffView);

export const StaffCreate = StrictObject({
  idNumber: Type.String({ minLength: 1, maxLength: 40, description: '身份证号；已有档案则关联，不重复建档' }),
  name: Name,
  phone: Type.Optional(Phone),
  post: ShortText,
  safetyManagement: Type.Boolean(),
  fullTime: Type.Boolean({ description: '专职（REQ-POST-5：专职档案管理人员不少于 2 名）' }),
  startedOn: IsoDate,
});
export type StaffCreate = Static<typeof StaffCreate>;

export const StaffListQuery = StrictObject({
  current: Type.Optional(Type.Boolean({ default: true, description: '仅在职人员' })),
  cursor: Cursor,
  limit: Limit,
});

// ---------------------------------------------------------------------------------------
// Organisations (培训机构 / 考核评估机构)

export const ORGANISATION_KINDS = ['training_provider', 'assessment_body'] as const;
export const OrganisationKind = Type.Union(
  ORGANISATION_KINDS.map((k) => Type.Literal(k)),
  { description: 'training_provider 培训机构；assessment_body 第三方考核评估机构' },
);

export const OrganisationView = Type.Object({
  id: PublicId,
  kind: OrganisationKind,
  name: Type.String(),
  creditCode: Type.String(),
  divisionCode: Type.String(),
  divisionName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  abilities: Type.Object({ update: Type.Boolean() }),
});
export type OrganisationView = Static<typeof OrganisationView>;

export const OrganisationPage = Page(OrganisationView);

export const OrganisationCreate = StrictObject({
  kind: OrganisationKind,
  name: Name,
  creditCode: CreditCodeInput,
  divisionCode: DivisionCode,
});
export type OrganisationCreate = Static<typeof OrganisationCreate>;

export const OrganisationPatch = StrictObject(
  { name: Type.Optional(Name), divisionCode: Type.Optional(DivisionCode) },
  { minProperties: 1 },
);
export type OrganisationPatch = Static<typeof OrganisationPatch>;

export const OrganisationListQuery = StrictObject({
  kind: Type.Optional(OrganisationKind),
  divisionCode: Type.Optional(DivisionCode),
  cursor: Cursor,
  limit: Limit,
});

// ---------------------------------------------------------------------------------------
// Documents (材料)

export const DOCUMENT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const DOCUMENT_OWNER_TYPES = ['person', 'application'] as const;

export const DocumentView = Type.Object({
  id: PublicId,
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  mediaType: Type.Union(DOCUMENT_MEDIA_TYPES.map((m) => Type.Literal(m))),
  sizeBytes: Type.Integer(),
  originalName: Type.String(),
  ownerType: Type.Union(DOCUMENT_OWNER_TYPES.map((m) => Type.Literal(m))),
  ownerId: PublicId,
  createdAt: Timestamp,
});
export type DocumentView = Static<typeof DocumentView>;
