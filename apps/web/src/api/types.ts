// mirrors @anzheng/contracts — type-only imports, so no TypeBox code reaches the bundle.
import type {
  AuditEventPage,
  AuditEventView,
  AuditVerifyResponse,
  CertificateTypeList as CertificateTypeListSchema,
  CreateUserResponse,
  DocumentView,
  EnterprisePage as EnterprisePageSchema,
  IndustryList as IndustryListSchema,
  PersonPage as PersonPageSchema,
  RuleParameterPage as RuleParameterPageSchema,
  StaffPage as StaffPageSchema,
  TemporaryPasswordResponse,
  TotpEnrolmentResponse,
  UpdateUserRequest as UpdateUserSchema,
  UserPage,
} from '@anzheng/contracts';
import type { Static } from '@sinclair/typebox';

export type {
  CertificateModule,
  CertificateTypeCreate,
  CertificateTypePatch,
  CertificateTypeView,
  CompetencyModel,
  CompetencyOutline,
  CreateUserRequest,
  DivisionDetail,
  DivisionList,
  DivisionView,
  EducationView,
  EnterpriseView,
  ErrorDetail,
  ErrorResponse,
  HealthResponse,
  IndustryView,
  LevelCode,
  LoginRequest,
  MeResponse,
  PersonDetail,
  PersonSummary,
  PersonWithAbilities,
  ResolvedRuleView,
  RoleCode,
  RoleGrantInput,
  RoleView,
  RuleLayer,
  RuleParameterCreate,
  RuleParameterView,
  StaffCreate,
  StaffView,
  TrainingView,
  UserView,
  UserWithAbilities,
  WorkView,
} from '@anzheng/contracts';

export type AuditEvent = Static<typeof AuditEventView>;
export type AuditEventList = Static<typeof AuditEventPage>;
export type AuditVerification = Static<typeof AuditVerifyResponse>;
export type CreateUserResult = Static<typeof CreateUserResponse>;
export type TemporaryPassword = Static<typeof TemporaryPasswordResponse>;
export type TotpEnrolment = Static<typeof TotpEnrolmentResponse>;
export type UpdateUserRequest = Static<typeof UpdateUserSchema>;
export type UserList = Static<typeof UserPage>;
export type CertificateTypeList = Static<typeof CertificateTypeListSchema>;
export type IndustryList = Static<typeof IndustryListSchema>;
export type RuleParameterPage = Static<typeof RuleParameterPageSchema>;
export type PersonPage = Static<typeof PersonPageSchema>;
export type EnterprisePage = Static<typeof EnterprisePageSchema>;
export type StaffPage = Static<typeof StaffPageSchema>;
export type DocumentInfo = Static<typeof DocumentView>;
