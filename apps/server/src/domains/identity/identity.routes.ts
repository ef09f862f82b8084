import {
  ApiClientView,
  ChangePasswordRequest,
  CreateApiClientRequest,
  CreateApiClientResponse,
  CreateUserRequest,
  CreateUserResponse,
  LoginRequest,
  LoginResponse,
  MeResponse,
  OkResponse,
  RoleGrantInput,
  TemporaryPasswordResponse,
  TotpConfirmRequest,
  TotpEnrolmentResponse,
  UpdateUserRequest,
  UserIdParams,
  UserListQuery,
  UserPage,
  UserRoleParams,
  UserWithAbilities,
} from '@anzheng/contracts';
import { Type } from '@sinclair/typebox';
import QRCode from 'qrcode';
import type { HttpServer } from '../../http.ts';
import { requestContext, requireActor, SESSION_COOKIE } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import type { IdentityService } from './identity.service.ts';

export interface CookieSettings {
  secure: boolean;
  maxAgeSeconds: number;
}

export function registerIdentityRoutes(
  app: HttpServer,
  identity: IdentityService,
  cookie: CookieSettings,
): void {
  const tags = ['auth'];

  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '登录',
        description:
          '用户名 + 密码（+ 动态口令）。成功后设置 httpOnly 会话 Cookie。连续失败 5 次锁定 15 分钟（423 ACCOUNT_LOCKED）；' +
          '账号启用了动态口令而未提供时返回 401 TOTP_REQUIRED。',
        body: LoginRequest,
        response: { 200: LoginResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await identity.login(requestContext(request), request.body);
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: cookie.secure,
        maxAge: cookie.maxAgeSeconds,
      });
      return { user: result.user };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { schema: { tags, summary: '退出登录', response: { 200: OkResponse, ...errorResponses } } },
    async (request, reply) => {
      const actor = requireActor(request, { allowPendingMfa: true });
      await identity.logout(actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags,
        summary: '当前用户、角色、管辖范围与可执行操作',
        response: { 200: MeResponse, ...errorResponses },
      },
    },
    async (request) => identity.me(requireActor(request, { allowPendingMfa: true })),
  );

  app.post(
    '/api/v1/auth/password',
    {
      schema: {
        tags,
        summary: '修改密码',
        body: ChangePasswordRequest,
        response: { 200: OkResponse, ...errorResponses },
      },
    },
    async (request) => {
      await identity.changePassword(requireActor(request, { allowPendingMfa: true }), request.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/v1/auth/totp/enrolment',
    {
      schema: {
        tags,
        summary: '开始绑定动态口令（TOTP）',
        response: { 200: TotpEnrolmentResponse, ...errorResponses },
      },
    },
    async (request) => {
      const result = await identity.startTotpEnrolment(requireActor(request, { allowPendingMfa: true }));
      const qrSvg = await QRCode.toString(result.otpauthUri, {
        type: 'svg',
        margin: 1,
        errorCorrectionLevel: 'M',
      });
      return { ...result, qrSvg };
    },
  );

  app.post(
    '/api/v1/auth/totp/enrolment/confirm',
    {
      schema: {
        tags,
        summary: '以验证器上的 6 位口令确认绑定',
        body: TotpConfirmRequest,
        response: { 200: OkResponse, ...errorResponses },
      },
    },
    async (request) => {
      await identity.confirmTotpEnrolment(
        requireActor(request, { allowPendingMfa: true }),
        request.body.code,
      );
      return { ok: true as const };
    },
  );

  const userTags = ['users'];

  app.get(
    '/api/v1/users',
    {
      schema: {
        tags: userTags,
        summary: '用户列表（系统/安全管理员看全部；监管人员只看本辖区）',
        querystring: UserListQuery,
        response: { 200: UserPage, ...errorResponses },
      },
    },
    async (request) => {
      const { q, role, status, cursor, limit } = request.query;
      return identity.listUsers(requireActor(request), {
        limit,
        ...(q ? { q } : {}),
        ...(role ? { role } : {}),
        ...(status ? { status } : {}),
        ...(cursor ? { cursor } : {}),
      });
    },
  );

  app.post(
    '/api/v1/users',
    {
      schema: {
        tags: userTags,
        summary: '创建用户（系统管理员）',
        body: CreateUserRequest,
        response: { 200: CreateUserResponse, ...errorResponses },
      },
    },
    async (request) => {
      const result = await identity.createUser(requireActor(request), request.body);
      return result.initialPassword ? result : { user: result.user };
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      schema: {
        tags: userTags,
        summary: '用户详情',
        params: UserIdParams,
        response: { 200: UserWithAbilities, ...errorResponses },
      },
    },
    async (request) => identity.getUser(requireActor(request), request.params.id),
  );

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: userTags,
        summary: '修改姓名或停用/启用账号（系统管理员）',
        params: UserIdParams,
        body: UpdateUserRequest,
        response: { 200: UserWithAbilities, ...errorResponses },
      },
    },
    async (request) => identity.updateUser(requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/users/:id/reset-password',
    {
      schema: {
        tags: userTags,
        summary: '重置密码（系统管理员）：生成临时密码',
        params: UserIdParams,
        response: { 200: TemporaryPasswordResponse, ...errorResponses },
      },
    },
    async (request) => identity.resetPassword(requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/users/:id/roles',
    {
      schema: {
        tags: userTags,
        summary: '授予角色与管辖范围（系统管理员；三员不可兼任）',
        params: UserIdParams,
        body: RoleGrantInput,
        response: { 200: UserWithAbilities, ...errorResponses },
      },
    },
    async (request) => identity.grantRole(requireActor(request), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/users/:id/roles/:roleId',
    {
      schema: {
        tags: userTags,
        summary: '撤销角色（系统管理员）',
        params: UserRoleParams,
        response: { 200: UserWithAbilities, ...errorResponses },
      },
    },
    async (request) => identity.revokeRole(requireActor(request), request.params.id, request.params.roleId),
  );

  app.post(
    '/api/v1/users/:id/unlock',
    {
      schema: {
        tags: userTags,
        summary: '解除登录锁定',
        params: UserIdParams,
        response: { 200: OkResponse, ...errorResponses },
      },
    },
    async (request) => {
      await identity.unlock(requireActor(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/v1/users/:id/reset-totp',
    {
      schema: {
        tags: userTags,
        summary: '重置动态口令（用户下次登录时重新绑定）',
        params: UserIdParams,
        response: { 200: OkResponse, ...errorResponses },
      },
    },
    async (request) => {
      await identity.resetTotp(requireActor(request), request.params.id);
      return { ok: true as const };
    },
  );

  const clientTags = ['api-clients'];
  app.get(
    '/api/v1/api-clients',
    {
      schema: {
        tags: clientTags,
        summary: '接口客户端列表（系统管理员）',
        response: { 200: Type.Object({ items: Type.Array(ApiClientView) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await identity.listApiClients(requireActor(request)) }),
  );

  app.post(
    '/api/v1/api-clients',
    {
      schema: {
        tags: clientTags,
        summary: '创建接口客户端：令牌只显示一次，仅存哈希',
        body: CreateApiClientRequest,
        response: { 200: CreateApiClientResponse, ...errorResponses },
      },
    },
    async (request) => identity.createApiClient(requireActor(request), request.body),
  );

  app.post(
    '/api/v1/api-clients/:id/revoke',
    {
      schema: {
        tags: clientTags,
        summary: '吊销接口客户端',
        params: UserIdParams,
        response: { 200: OkResponse, ...errorResponses },
      },
    },
    async (request) => {
      await identity.revokeApiClient(requireActor(request), request.params.id);
      return { ok: true as const };
    },
  );
}
