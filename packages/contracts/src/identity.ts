import { type Static, Type } from '@sinclair/typebox';
import { Page, StrictObject } from './common.ts';

export const ROLE_CODES = [
  'holder',
  'enterprise_admin',
  'enterprise_archivist',
  'training_provider',
  'assessor',
  'inspector',
  'regulator_officer',
  'regulator_approver',
  'system_admin',
  'security_admin',
  'audit_admin',
] as const;

export const RoleCode = Type.Union(ROLE_CODES.map((r) => Type.Literal(r)));
export type RoleCode = Static<typeof RoleCode>;

const DivisionCode = Type.String({
  pattern: '^[0-9]{6}$',
  description: 'GB/T 2260 行政区划代码；000000 表示全国',
});
const CreditCode = Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: '统一社会信用代码' });

export const RoleView = Type.Object({
  id: Type.Integer(),
  role: RoleCode,
  roleName: Type.String(),
  divisionCode: Type.Union([Type.String(), Type.Null()]),
  divisionName: Type.Union([Type.String(), Type.Null()]),
  enterpriseCreditCode: Type.Union([Type.String(), Type.Null()]),
});
export type RoleView = Static<typeof RoleView>;

export const UserAbilities = Type.Object({
  update: Type.Boolean(),
  resetPassword: Type.Boolean(),
  assignRoles: Type.Boolean(),
  unlock: Type.Boolean(),
  resetTotp: Type.Boolean(),
});

export const UserView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  roles: Type.Array(RoleView),
  totpEnabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type UserView = Static<typeof UserView>;

export const UserWithAbilities = Type.Intersect([UserView, Type.Object({ abilities: UserAbilities })]);
export type UserWithAbilities = Static<typeof UserWithAbilities>;

export const ActorAbilities = Type.Object({
  manageUsers: Type.Boolean(),
  viewUsers: Type.Boolean(),
  manageApiClients: Type.Boolean(),
  readAudit: Type.Boolean(),
  manageReferenceData: Type.Boolean(),
});

export const MeResponse = Type.Object({
  user: UserView,
  mfa: Type.Object({ enabled: Type.Boolean(), required: Type.Boolean(), enrolmentRequired: Type.Boolean() }),
  abilities: ActorAbilities,
});
export type MeResponse = Static<typeof MeResponse>;

export const LoginRequest = StrictObject({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
  totp: Type.Optional(Type.String({ pattern: '^[0-9]{6}$', description: '6 位动态口令' })),
});
export type LoginRequest = Static<typeof LoginRequest>;

export const LoginResponse = Type.Object({ user: UserView });

export const ChangePasswordRequest = StrictObject({
  currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
  newPassword: Type.String({ minLength: 1, maxLength: 256 }),
});

export const TotpEnrolmentResponse = Type.Object({
  secret: Type.String({ description: 'Base32 密钥，可手动输入验证器' }),
  otpauthUri: Type.String(),
  qrSvg: Type.String({ description: '供扫描的二维码（SVG）' }),
});

export const TotpConfirmRequest = StrictObject({ code: Type.String({ pattern: '^[0-9]{6}$' }) });

export const RoleGrantInput = StrictObject({
  role: RoleCode,
  divisionCode: Type.Optional(Type.Union([DivisionCode, Type.Null()])),
  enterpriseCreditCode: Type.Optional(Type.Union([CreditCode, Type.Null()])),
});
export type RoleGrantInput = Static<typeof RoleGrantInput>;

export const CreateUserRequest = StrictObject({
  username: Type.String({
    pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$',
    description: '3–64 位字母、数字、点、下划线、连字符',
  }),
  displayName: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.Optional(
    Type.String({ minLength: 1, maxLength: 256, description: '不填则生成初始密码并只显示一次' }),
  ),
  roles: Type.Array(RoleGrantInput, { minItems: 1, maxItems: 10 }),
});
export type CreateUserRequest = Static<typeof CreateUserRequest>;

export const CreateUserResponse = Type.Object({
  user: UserWithAbilities,
  initialPassword: Type.Optional(
    Type.String({ description: '生成的初始密码，仅此一次显示；首次登录须修改' }),
  ),
});

export const UpdateUserRequest = StrictObject({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
});

export const UserListQuery = StrictObject({
  q: Type.Optional(Type.String({ maxLength: 64 })),
  role: Type.Optional(RoleCode),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

export const UserPage = Page(UserWithAbilities);

export const UserIdParams = StrictObject({ id: Type.String({ maxLength: 64 }) });
export const UserRoleParams = StrictObject({
  id: Type.String({ maxLength: 64 }),
  roleId: Type.Integer({ minimum: 1 }),
});

export const TemporaryPasswordResponse = Type.Object({
  temporaryPassword: Type.String({ description: '临时密码，仅此一次显示；登录后须修改' }),
});

export const API_CLIENT_SCOPES = [
  'certificates:read',
  'persons:read',
  'enterprises:read',
  'credit:read',
  'events:read',
] as const;

export const ApiClientView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  tokenPrefix: Type.String(),
  scopes: Type.Array(Type.String()),
  divisionCode: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

export const CreateApiClientRequest = StrictObject({
  name: Type.String({ minLength: 2, maxLength: 100 }),
  scopes: Type.Array(Type.Union(API_CLIENT_SCOPES.map((s) => Type.Literal(s))), {
    minItems: 1,
    uniqueItems: true,
  }),
  divisionCode: DivisionCode,
});

export const CreateApiClientResponse = Type.Object({
  client: ApiClientView,
  token: Type.String({ description: '访问令牌，仅此一次显示；以 Authorization: Bearer <token> 使用' }),
});

export const OkResponse = Type.Object({ ok: Type.Literal(true) });

export const AuditEventView = Type.Object({
  id: Type.Integer(),
  occurredAt: Type.String({ format: 'date-time' }),
  actorKind: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  actorRoles: Type.Array(Type.String()),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  result: Type.String(),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Unknown(),
  hash: Type.String(),
});

export const AuditEventQuery = StrictObject({
  actor: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  result: Type.Optional(
    Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')]),
  ),
  targetType: Type.Optional(Type.String({ maxLength: 64 })),
  targetId: Type.Optional(Type.String({ maxLength: 64 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

export const AuditEventPage = Page(AuditEventView);

export const AuditVerifyResponse = Type.Object({
  ok: Type.Boolean(),
  count: Type.Integer(),
  headHash: Type.Optional(Type.String()),
  brokenId: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String()),
});
