// mirrors @anzheng/contracts — type-only imports, so no TypeBox code reaches the bundle.
import type {
  AuditEventPage,
  AuditEventView,
  AuditVerifyResponse,
  CreateUserResponse,
  TemporaryPasswordResponse,
  TotpEnrolmentResponse,
  UpdateUserRequest as UpdateUserSchema,
  UserPage,
} from '@anzheng/contracts';
import type { Static } from '@sinclair/typebox';

export type {
  CreateUserRequest,
  DivisionDetail,
  DivisionList,
  DivisionView,
  ErrorDetail,
  ErrorResponse,
  HealthResponse,
  LoginRequest,
  MeResponse,
  RoleCode,
  RoleGrantInput,
  RoleView,
  UserView,
  UserWithAbilities,
} from '@anzheng/contracts';

export type AuditEvent = Static<typeof AuditEventView>;
export type AuditEventList = Static<typeof AuditEventPage>;
export type AuditVerification = Static<typeof AuditVerifyResponse>;
export type CreateUserResult = Static<typeof CreateUserResponse>;
export type TemporaryPassword = Static<typeof TemporaryPasswordResponse>;
export type TotpEnrolment = Static<typeof TotpEnrolmentResponse>;
export type UpdateUserRequest = Static<typeof UpdateUserSchema>;
export type UserList = Static<typeof UserPage>;
