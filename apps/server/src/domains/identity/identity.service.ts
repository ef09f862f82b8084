import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ErrorDetail } from '@anzheng/contracts';
import type { FieldCipher } from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import { getDivision, NATIONAL_SCOPE } from '@anzheng/identifiers';
import type { Kysely } from 'kysely';
import { decodeCursor, encodeCursor } from '../../lib/paging.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { type Actor, ForbiddenError, type RequestContext, type RoleGrant } from './actor.ts';
import {
  AccountDisabledError,
  AccountLockedError,
  AdminRoleConflictError,
  ApiClientNotFoundError,
  InvalidCredentialsError,
  InvalidTotpError,
  PasswordPolicyError,
  RoleScopeError,
  TotpRequiredError,
  UserNotFoundError,
  UsernameTakenError,
} from './identity.errors.ts';
import { actorAbilities, canOnUser, type UserAction, userAbilities } from './identity.policy.ts';
import * as repo from './identity.repository.ts';
import {
  checkPasswordPolicy,
  dummyPasswordHash,
  generatePassword,
  hashPassword,
  verifyPassword,
} from './password.ts';
import {
  ADMIN_ROLES,
  DIVISION_ROLES,
  ENTERPRISE_ROLES,
  isRole,
  ROLE_NAMES,
  type Role,
  TOTP_REQUIRED_ROLES,
} from './roles.ts';
import { base32Decode, base32Encode, matchTotp, otpauthUri } from './totp.ts';

export interface SecuritySettings {
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  maxFailedLogins: number;
  lockoutMinutes: number;
}

export interface IdentityDeps {
  db: Kysely<Database>;
  audit: AuditService;
  cipher: FieldCipher;
  security: SecuritySettings;
  clock: () => Date;
}

export interface RoleGrantInput {
  role: string;
  divisionCode?: string | null | undefined;
  enterpriseCreditCode?: string | null | undefined;
}

export interface NewUserInput {
  username: string;
  displayName: string;
  password?: string | undefined;
  roles: RoleGrantInput[];
}

export interface RoleView {
  id: number;
  role: Role;
  roleName: string;
  divisionCode: string | null;
  divisionName: string | null;
  enterpriseCreditCode: string | null;
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  status: 'active' | 'disabled';
  roles: RoleView[];
  totpEnabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
}

const TOTP_AAD = 'app_user.totp_secret';
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

function requiresTotp(roles: readonly { role: string }[]): boolean {
  return roles.some((r) => (TOTP_REQUIRED_ROLES as readonly string[]).includes(r.role));
}

function toGrant(row: repo.RoleRow): RoleGrant {
  return {
    role: row.role as Role,
    divisionCode: row.division_code,
    enterpriseCreditCode: row.enterprise_credit_code,
  };
}

function roleView(row: repo.RoleRow): RoleView {
  const division = row.division_code ? getDivision(row.division_code) : undefined;
  return {
    id: row.id,
    role: row.role as Role,
    roleName: ROLE_NAMES[row.role as Role] ?? row.role,
    divisionCode: row.division_code,
    divisionName: row.division_code === NATIONAL_SCOPE ? '全国' : (division?.fullName ?? null),
    enterpriseCreditCode: row.enterprise_credit_code,
  };
}

function userView(user: repo.UserRow, roles: repo.RoleRow[]): UserView {
  return {
    id: user.public_id,
    username: user.username,
    displayName: user.display_name,
    status: user.status as UserView['status'],
    roles: roles.map(roleView),
    totpEnabled: user.totp_enabled,
    mustChangePassword: user.must_change_password,
    createdAt: user.created_at.toISOString(),
  };
}

/** Validates one grant's shape: regulators need a division, enterprise roles an enterprise. */
export function validateGrant(grant: RoleGrantInput, field: string): RoleGrant {
  if (!isRole(grant.role)) throw new RoleScopeError(`${field}.role`, `未知角色 ${grant.role}`);
  const role = grant.role;
  const divisionCode = grant.divisionCode ?? null;
  const enterpriseCreditCode = grant.enterpriseCreditCode ?? null;
  if ((DIVISION_ROLES as readonly string[]).includes(role)) {
    if (!divisionCode)
      throw new RoleScopeError(`${field}.divisionCode`, `${ROLE_NAMES[role]}必须指定管辖区划`);
    if (divisionCode !== NATIONAL_SCOPE && !getDivision(divisionCode)) {
      throw new RoleScopeError(`${field}.divisionCode`, `行政区划代码 ${divisionCode} 不存在`);
    }
    if (enterpriseCreditCode)
      throw new RoleScopeError(`${field}.enterpriseCreditCode`, `${ROLE_NAMES[role]}不关联企业`);
  } else if ((ENTERPRISE_ROLES as readonly string[]).includes(role)) {
    if (!enterpriseCreditCode) {
      throw new RoleScopeError(
        `${field}.enterpriseCreditCode`,
        `${ROLE_NAMES[role]}必须指定企业统一社会信用代码`,
      );
    }
    if (divisionCode) throw new RoleScopeError(`${field}.divisionCode`, `${ROLE_NAMES[role]}不关联行政区划`);
  } else if (divisionCode || enterpriseCreditCode) {
    throw new RoleScopeError(field, `${ROLE_NAMES[role]}不带管辖范围`);
  }
  return { role, divisionCode, enterpriseCreditCode };
}

/** 三员分立 across the existing and the requested grants. */
function assertAdminSeparation(
  existing: readonly { role: string }[],
  requested: readonly { role: string }[],
): void {
  const all = [...existing, ...requested]
    .map((g) => g.role)
    .filter((r) => (ADMIN_ROLES as readonly string[]).includes(r));
  const distinct = [...new Set(all)];
  if (distinct.length > 1)
    throw new AdminRoleConflictError(ROLE_NAMES[distinct[0] as Role], ROLE_NAMES[distinct[1] as Role]);
}

export type IdentityService = ReturnType<typeof createIdentityService>;

export function createIdentityService(deps: IdentityDeps) {
  const { db, audit, cipher, security, clock } = deps;

  async function loadActorRoles(userIds: number[]) {
    const rows = await repo.listRoles(db, userIds);
    const byUser = new Map<number, repo.RoleRow[]>();
    for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r]);
    return byUser;
  }

  async function getUserInScope(actor: Actor, publicId: string, action: UserAction) {
    if (!/^[0-9a-f-]{36}$/i.test(publicId)) throw new UserNotFoundError();
    const user = await repo.findUserByPublicId(db, publicId);
    if (!user) throw new UserNotFoundError();
    const roles = (await loadActorRoles([user.id])).get(user.id) ?? [];
    const record = { divisionCodes: roles.map((r) => r.division_code).filter((c): c is string => !!c) };
    // Outside the caller's scope the record does not exist for them (DESIGN §5).
    if (!canOnUser(actor, 'read', record)) throw new UserNotFoundError();
    if (!canOnUser(actor, action, record)) throw new ForbiddenError();
    return { user, roles, record };
  }

  function sessionExpiry(now: Date) {
    return new Date(now.getTime() + security.sessionAbsoluteHours * 3_600_000);
  }

  async function registerFailure(ctx: RequestContext, username: string, reason: string, userId?: number) {
    const now = clock();
    const key = username.toLowerCase();
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('login_throttle')
        .selectAll()
        .where('username', '=', key)
        .forUpdate()
        .executeTakeFirst();
      const count = (row?.failed_count ?? 0) + 1;
      const lock = count >= security.maxFailedLogins;
      const values = {
        failed_count: lock ? 0 : count,
        locked_until: lock
          ? new Date(now.getTime() + security.lockoutMinutes * 60_000)
          : (row?.locked_until ?? null),
        last_failed_at: now,
      };
      if (row) await trx.updateTable('login_throttle').set(values).where('username', '=', key).execute();
      else
        await trx
          .insertInto('login_throttle')
          .values({ username: key, ...values })
          .execute();
      await audit.record(
        trx,
        { ...ctx, username },
        {
          action: 'auth.login',
          result: 'failure',
          targetType: 'user',
          ...(userId ? { targetId: userId } : {}),
          details: { reason },
        },
      );
      if (lock) {
        await audit.record(
          trx,
          { ...ctx, username },
          {
            action: 'auth.lockout',
            result: 'failure',
            details: { lockedUntil: values.locked_until!.toISOString(), failures: count },
          },
        );
      }
    });
  }

  async function checkNotLocked(ctx: RequestContext, username: string) {
    const row = await db
      .selectFrom('login_throttle')
      .selectAll()
      .where('username', '=', username.toLowerCase())
      .executeTakeFirst();
    if (row?.locked_until && row.locked_until > clock()) {
      await audit.recordAlone(
        { ...ctx, username },
        { action: 'auth.login', result: 'denied', details: { reason: 'locked' } },
      );
      throw new AccountLockedError(row.locked_until);
    }
  }

  function decryptTotp(user: repo.UserRow): Uint8Array {
    return base32Decode(cipher.decrypt(user.totp_secret_enc!, TOTP_AAD));
  }

  async function createSession(trx: Kysely<Database>, userId: number, ctx: RequestContext) {
    const token = randomBytes(32).toString('base64url');
    const now = clock();
    await trx
      .insertInto('user_session')
      .values({
        id: sha256Hex(token),
        user_id: userId,
        created_at: now,
        last_seen_at: now,
        expires_at: sessionExpiry(now),
        ip: ctx.ip,
        user_agent: ctx.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    return token;
  }

  async function insertUserWithRoles(
    trx: Kysely<Database>,
    input: {
      username: string;
      displayName: string;
      passwordHash: string;
      mustChangePassword: boolean;
      totpSecret?: string;
    },
    grants: RoleGrant[],
    grantedBy: number | null,
  ) {
    const user = await repo.insertUser(trx, {
      public_id: randomUUID(),
      username: input.username,
      display_name: input.displayName,
      password_hash: input.passwordHash,
      status: 'active',
      must_change_password: input.mustChangePassword,
      password_changed_at: clock(),
      totp_secret_enc: input.totpSecret ? cipher.encrypt(input.totpSecret, TOTP_AAD) : null,
      totp_enabled: input.totpSecret !== undefined,
    });
    const roles: repo.RoleRow[] = [];
    for (const g of grants) {
      roles.push(
        await repo.insertRole(trx, {
          user_id: user.id,
          role: g.role,
          division_code: g.divisionCode,
          enterprise_credit_code: g.enterpriseCreditCode,
          granted_by: grantedBy,
        }),
      );
    }
    return { user, roles };
  }

  async function createUserRecord(
    subject: Actor | (RequestContext & { username: string }),
    grantedBy: number | null,
    input: NewUserInput,
  ) {
    const grants = input.roles.map((g, i) => validateGrant(g, `body.roles.${i}`));
    assertAdminSeparation([], grants);
    const generated = input.password === undefined;
    const password = input.password ?? generatePassword((n) => randomBytes(n));
    const problems: ErrorDetail[] = checkPasswordPolicy(password, 'body.password', input.username);
    if (problems.length > 0) throw new PasswordPolicyError('PASSWORD_POLICY', problems[0]!.message, problems);
    if (await repo.findUserByUsername(db, input.username)) throw new UsernameTakenError(input.username);
    const passwordHash = await hashPassword(password);
    const created = await db.transaction().execute(async (trx) => {
      const result = await insertUserWithRoles(
        trx,
        {
          username: input.username,
          displayName: input.displayName,
          passwordHash,
          mustChangePassword: generated,
        },
        grants,
        grantedBy,
      );
      await audit.record(trx, subject, {
        action: 'user.create',
        targetType: 'user',
        targetId: result.user.id,
        details: {
          username: input.username,
          roles: grants.map((g) => `${g.role}@${g.divisionCode ?? g.enterpriseCreditCode ?? '-'}`),
        },
      });
      return result;
    });
    return {
      user: userView(created.user, created.roles),
      divisionCodes: grants.map((g) => g.divisionCode).filter((c): c is string => !!c),
      initialPassword: generated ? password : undefined,
    };
  }

  return {
    async login(
      ctx: RequestContext,
      input: { username: string; password: string; totp?: string | undefined },
    ) {
      const username = input.username.trim();
      await checkNotLocked(ctx, username);
      const user = await repo.findUserByUsername(db, username);
      if (!user) {
        await verifyPassword(await dummyPasswordHash(), input.password);
        await registerFailure(ctx, username, 'unknown_user');
        throw new InvalidCredentialsError();
      }
      if (!(await verifyPassword(user.password_hash, input.password))) {
        await registerFailure(ctx, username, 'bad_password', user.id);
        throw new InvalidCredentialsError();
      }
      if (user.status !== 'active') {
        await audit.recordAlone(
          { ...ctx, username },
          {
            action: 'auth.login',
            result: 'denied',
            targetType: 'user',
            targetId: user.id,
            details: { reason: 'disabled' },
          },
        );
        throw new AccountDisabledError();
      }
      let totpStep: number | undefined;
      if (user.totp_enabled) {
        if (!input.totp) throw new TotpRequiredError();
        const step = matchTotp(decryptTotp(user), input.totp.trim(), clock().getTime() / 1000);
        if (step === null || (user.totp_last_step !== null && step <= user.totp_last_step)) {
          await registerFailure(ctx, username, 'bad_totp', user.id);
          throw new InvalidTotpError();
        }
        totpStep = step;
      }
      const roles = (await loadActorRoles([user.id])).get(user.id) ?? [];
      const token = await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('login_throttle').where('username', '=', username.toLowerCase()).execute();
        if (totpStep !== undefined) await repo.updateUser(trx, user.id, { totp_last_step: totpStep });
        const t = await createSession(trx, user.id, ctx);
        await audit.record(
          trx,
          { ...ctx, username: user.username },
          {
            action: 'auth.login',
            targetType: 'user',
            targetId: user.id,
            details: { mfa: totpStep !== undefined },
          },
        );
        return t;
      });
      return { token, user: userView(user, roles) };
    },

    async logout(actor: Actor) {
      if (!actor.sessionId) return;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('user_session')
          .set({ revoked_at: clock() })
          .where('id', '=', actor.sessionId!)
          .execute();
        await audit.record(trx, actor, { action: 'auth.logout', targetType: 'user', targetId: actor.id });
      });
    },

    /** Session cookie or API token → actor; null when unknown, expired, idle too long or revoked. */
    async resolveActor(credentials: {
      sessionToken: string | undefined;
      bearerToken: string | undefined;
      context: RequestContext;
    }): Promise<Actor | null> {
      const now = clock();
      if (credentials.bearerToken) {
        const client = await db
          .selectFrom('api_client')
          .selectAll()
          .where('token_hash', '=', sha256Hex(credentials.bearerToken))
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (!client) return null;
        if (!client.last_used_at || now.getTime() - client.last_used_at.getTime() > 60_000) {
          await db.updateTable('api_client').set({ last_used_at: now }).where('id', '=', client.id).execute();
        }
        return {
          kind: 'api_client',
          id: client.id,
          publicId: client.public_id,
          username: `api:${client.name}`,
          roles: [],
          scopes: client.scopes,
          sessionId: null,
          mfaEnrolmentRequired: false,
          ip: credentials.context.ip,
          requestId: credentials.context.requestId,
        };
      }
      if (!credentials.sessionToken || credentials.sessionToken.length > 100) return null;
      const id = sha256Hex(credentials.sessionToken);
      const session = await db
        .selectFrom('user_session')
        .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
        .select([
          'user_session.id as session_id',
          'user_session.last_seen_at',
          'user_session.expires_at',
          'user_session.revoked_at',
          'app_user.id as user_id',
          'app_user.public_id',
          'app_user.username',
          'app_user.status',
          'app_user.totp_enabled',
        ])
        .where('user_session.id', '=', id)
        .executeTakeFirst();
      if (!session || session.revoked_at || session.status !== 'active') return null;
      const idleLimit = session.last_seen_at.getTime() + security.sessionIdleMinutes * 60_000;
      if (session.expires_at <= now || idleLimit <= now.getTime()) return null;
      if (now.getTime() - session.last_seen_at.getTime() > 30_000) {
        await db.updateTable('user_session').set({ last_seen_at: now }).where('id', '=', id).execute();
      }
      const roles = ((await loadActorRoles([session.user_id])).get(session.user_id) ?? []).map(toGrant);
      return {
        kind: 'user',
        id: session.user_id,
        publicId: session.public_id,
        username: session.username,
        roles,
        scopes: [],
        sessionId: session.session_id,
        mfaEnrolmentRequired: requiresTotp(roles) && !session.totp_enabled,
        ip: credentials.context.ip,
        requestId: credentials.context.requestId,
      };
    },

    async me(actor: Actor) {
      const user = await repo.findUserById(db, actor.id);
      if (!user) throw new UserNotFoundError();
      const roles = (await loadActorRoles([user.id])).get(user.id) ?? [];
      return {
        user: userView(user, roles),
        mfa: {
          enabled: user.totp_enabled,
          required: requiresTotp(roles),
          enrolmentRequired: actor.mfaEnrolmentRequired,
        },
        abilities: actorAbilities(actor),
      };
    },

    async changePassword(actor: Actor, input: { currentPassword: string; newPassword: string }) {
      const user = await repo.findUserById(db, actor.id);
      if (!user) throw new UserNotFoundError();
      if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
        throw new PasswordPolicyError('WRONG_CURRENT_PASSWORD', '当前密码不正确', [
          { field: 'body.currentPassword', code: 'WRONG_CURRENT_PASSWORD', message: '当前密码不正确' },
        ]);
      }
      const problems = checkPasswordPolicy(input.newPassword, 'body.newPassword', user.username);
      if (input.newPassword === input.currentPassword) {
        problems.push({
          field: 'body.newPassword',
          code: 'PASSWORD_UNCHANGED',
          message: '新密码不能与当前密码相同',
        });
      }
      if (problems.length > 0)
        throw new PasswordPolicyError('PASSWORD_POLICY', problems[0]!.message, problems);
      const passwordHash = await hashPassword(input.newPassword);
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, user.id, {
          password_hash: passwordHash,
          must_change_password: false,
          password_changed_at: clock(),
        });
        // Other sessions end: a changed password must lock out whoever knew the old one.
        await trx
          .updateTable('user_session')
          .set({ revoked_at: clock() })
          .where('user_id', '=', user.id)
          .where('id', '!=', actor.sessionId ?? '')
          .where('revoked_at', 'is', null)
          .execute();
        await audit.record(trx, actor, {
          action: 'auth.password.change',
          targetType: 'user',
          targetId: user.id,
        });
      });
    },

    /** Starts TOTP enrolment: a new secret, kept encrypted until a code confirms it. */
    async startTotpEnrolment(actor: Actor) {
      const user = await repo.findUserById(db, actor.id);
      if (!user) throw new UserNotFoundError();
      if (user.totp_enabled) {
        throw new PasswordPolicyError('TOTP_ALREADY_ENABLED', '动态口令已启用；如需更换请联系安全管理员重置');
      }
      const secret = base32Encode(randomBytes(20));
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, user.id, { totp_secret_enc: cipher.encrypt(secret, TOTP_AAD) });
        await audit.record(trx, actor, {
          action: 'auth.totp.enrolment.start',
          targetType: 'user',
          targetId: user.id,
        });
      });
      return { secret, otpauthUri: otpauthUri(secret, user.username) };
    },

    async confirmTotpEnrolment(actor: Actor, code: string) {
      const user = await repo.findUserById(db, actor.id);
      if (!user?.totp_secret_enc || user.totp_enabled) {
        throw new PasswordPolicyError('TOTP_ENROLMENT_NOT_STARTED', '请先开始绑定动态口令');
      }
      const step = matchTotp(decryptTotp(user), code.trim(), clock().getTime() / 1000);
      if (step === null) {
        throw new PasswordPolicyError('INVALID_TOTP', '动态口令不正确，请核对手机时间后重试', [
          { field: 'body.code', code: 'INVALID_TOTP', message: '动态口令不正确' },
        ]);
      }
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, user.id, { totp_enabled: true, totp_last_step: step });
        await audit.record(trx, actor, {
          action: 'auth.totp.enrolment.confirm',
          targetType: 'user',
          targetId: user.id,
        });
      });
    },

    // ---- user management (system admin; security admin for unlock / TOTP reset) ----

    async listUsers(
      actor: Actor,
      filter: { q?: string; role?: string; status?: string; cursor?: string; limit: number },
    ) {
      if (!canOnUser(actor, 'read')) throw new ForbiddenError();
      const unrestricted = canOnUser(actor, 'create') || canOnUser(actor, 'unlock');
      const afterId = decodeCursor(filter.cursor);
      const rows = await repo.listUsers(db, {
        q: filter.q,
        role: filter.role,
        status: filter.status,
        divisionScopes: unrestricted
          ? undefined
          : actor.roles
              .filter((g) => g.divisionCode && (DIVISION_ROLES as readonly string[]).includes(g.role))
              .map((g) => g.divisionCode!),
        afterId,
        limit: filter.limit + 1,
      });
      const page = rows.slice(0, filter.limit);
      const roles = await loadActorRoles(page.map((u) => u.id));
      return {
        items: page.map((u) => {
          const r = roles.get(u.id) ?? [];
          const record = { divisionCodes: r.map((x) => x.division_code).filter((c): c is string => !!c) };
          return { ...userView(u, r), abilities: userAbilities(actor, record) };
        }),
        nextCursor: rows.length > filter.limit ? encodeCursor(page[page.length - 1]!.id) : null,
      };
    },

    async getUser(actor: Actor, publicId: string) {
      const { user, roles, record } = await getUserInScope(actor, publicId, 'read');
      return { ...userView(user, roles), abilities: userAbilities(actor, record) };
    },

    async createUser(actor: Actor, input: NewUserInput) {
      if (!canOnUser(actor, 'create')) throw new ForbiddenError();
      const result = await createUserRecord(actor, actor.id, input);
      return {
        user: { ...result.user, abilities: userAbilities(actor, { divisionCodes: result.divisionCodes }) },
        initialPassword: result.initialPassword,
      };
    },

    /**
     * `anzheng user create`: an operator at the server's console creates an account (e.g.
     * the first system administrator). Audited with the operating-system user as actor.
     */
    async createUserAsOperator(input: NewUserInput) {
      const operator = {
        ip: 'cli',
        requestId: `cli-${randomUUID()}`,
        username: `cli:${process.env.USER ?? 'operator'}`,
      };
      const result = await createUserRecord(operator, null, input);
      return {
        user: result.user,
        initialPassword: result.initialPassword,
        totpRequired: requiresTotp(result.user.roles),
      };
    },

    async updateUser(
      actor: Actor,
      publicId: string,
      patch: { displayName?: string; status?: 'active' | 'disabled' },
    ) {
      const { user } = await getUserInScope(actor, publicId, 'update');
      if (patch.status === 'disabled' && user.id === actor.id) {
        throw new PasswordPolicyError('CANNOT_DISABLE_SELF', '不能停用自己的账号');
      }
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, user.id, {
          ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
          ...(patch.status !== undefined ? { status: patch.status } : {}),
        });
        if (patch.status === 'disabled') {
          await trx
            .updateTable('user_session')
            .set({ revoked_at: clock() })
            .where('user_id', '=', user.id)
            .where('revoked_at', 'is', null)
            .execute();
        }
        await audit.record(trx, actor, {
          action: 'user.update',
          targetType: 'user',
          targetId: user.id,
          details: { ...patch },
        });
      });
      return this.getUser(actor, publicId);
    },

    async resetPassword(actor: Actor, publicId: string) {
      const { user } = await getUserInScope(actor, publicId, 'reset_password');
      const password = generatePassword((n) => randomBytes(n));
      const passwordHash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, user.id, {
          password_hash: passwordHash,
          must_change_password: true,
          password_changed_at: clock(),
        });
        await trx
          .updateTable('user_session')
          .set({ revoked_at: clock() })
          .where('user_id', '=', user.id)
          .where('revoked_at', 'is', null)
          .execute();
        await audit.record(trx, actor, {
          action: 'user.password.reset',
          targetType: 'user',
          targetId: user.id,
        });
      });
      return { temporaryPassword: password };
    },

    async grantRole(actor: Actor, publicId: string, input: RoleGrantInput) {
      const { user, roles } = await getUserInScope(actor, publicId, 'assign_roles');
      const grant = validateGrant(input, 'body');
      assertAdminSeparation(roles, [grant]);
      const duplicate = roles.some(
        (r) =>
          r.role === grant.role &&
          r.division_code === grant.divisionCode &&
          r.enterprise_credit_code === grant.enterpriseCreditCode,
      );
      if (!duplicate) {
        await db.transaction().execute(async (trx) => {
          const row = await repo.insertRole(trx, {
            user_id: user.id,
            role: grant.role,
            division_code: grant.divisionCode,
            enterprise_credit_code: grant.enterpriseCreditCode,
            granted_by: actor.id,
          });
          await audit.record(trx, actor, {
            action: 'user.role.grant',
            targetType: 'user',
            targetId: user.id,
            details: {
              roleId: row.id,
              role: grant.role,
              divisionCode: grant.divisionCode,
              enterpriseCreditCode: grant.enterpriseCreditCode,
            },
          });
        });
      }
      return this.getUser(actor, publicId);
    },

    async revokeRole(actor: Actor, publicId: string, roleId: number) {
      const { user } = await getUserInScope(actor, publicId, 'assign_roles');
      await db.transaction().execute(async (trx) => {
        const removed = await repo.deleteRole(trx, user.id, roleId);
        if (!removed) throw new UserNotFoundError();
        await audit.record(trx, actor, {
          action: 'user.role.revoke',
          targetType: 'user',
          targetId: user.id,
          details: { roleId, role: removed.role, divisionCode: removed.division_code },
        });
      });
      return this.getUser(actor, publicId);
    },

    async unlock(actor: Actor, publicId: string) {
      const { user } = await getUserInScope(actor, publicId, 'unlock');
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('login_throttle').where('username', '=', user.username.toLowerCase()).execute();
        await audit.record(trx, actor, { action: 'user.unlock', targetType: 'user', targetId: user.id });
      });
    },

    async resetTotp(actor: Actor, publicId: string) {
      const { user } = await getUserInScope(actor, publicId, 'reset_totp');
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, user.id, {
          totp_enabled: false,
          totp_secret_enc: null,
          totp_last_step: null,
        });
        await audit.record(trx, actor, { action: 'user.totp.reset', targetType: 'user', targetId: user.id });
      });
    },

    // ---- API clients for other systems ----

    async createApiClient(actor: Actor, input: { name: string; scopes: string[]; divisionCode: string }) {
      if (!actorAbilities(actor).manageApiClients) throw new ForbiddenError();
      if (input.divisionCode !== NATIONAL_SCOPE && !getDivision(input.divisionCode)) {
        throw new RoleScopeError('body.divisionCode', `行政区划代码 ${input.divisionCode} 不存在`);
      }
      const prefix = randomBytes(4).toString('hex');
      const token = `azk_${prefix}_${randomBytes(32).toString('base64url')}`;
      const client = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('api_client')
          .values({
            public_id: randomUUID(),
            name: input.name,
            token_hash: sha256Hex(token),
            token_prefix: `azk_${prefix}`,
            scopes: input.scopes,
            division_code: input.divisionCode,
            created_by: actor.id,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, {
          action: 'api-client.create',
          targetType: 'api_client',
          targetId: row.id,
          details: { name: input.name, scopes: input.scopes, divisionCode: input.divisionCode },
        });
        return row;
      });
      return { client: apiClientView(client), token };
    },

    async listApiClients(actor: Actor) {
      if (!actorAbilities(actor).manageApiClients) throw new ForbiddenError();
      const rows = await db.selectFrom('api_client').selectAll().orderBy('id').execute();
      return rows.map(apiClientView);
    },

    async revokeApiClient(actor: Actor, publicId: string) {
      if (!actorAbilities(actor).manageApiClients) throw new ForbiddenError();
      if (!/^[0-9a-f-]{36}$/i.test(publicId)) throw new ApiClientNotFoundError();
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('api_client')
          .set({ revoked_at: clock() })
          .where('public_id', '=', publicId)
          .where('revoked_at', 'is', null)
          .returning(['id'])
          .executeTakeFirst();
        if (!row) throw new ApiClientNotFoundError();
        await audit.record(trx, actor, {
          action: 'api-client.revoke',
          targetType: 'api_client',
          targetId: row.id,
        });
      });
    },

    /** Demo/bootstrap: a user with roles and (optionally) a known TOTP secret, no actor. */
    async bootstrapUser(
      trx: Kysely<Database>,
      input: {
        username: string;
        displayName: string;
        password: string;
        roles: RoleGrantInput[];
        totpSecret?: string;
      },
    ) {
      const grants = input.roles.map((g, i) => validateGrant(g, `roles.${i}`));
      assertAdminSeparation([], grants);
      const needsTotp = requiresTotp(grants);
      return insertUserWithRoles(
        trx,
        {
          username: input.username,
          displayName: input.displayName,
          passwordHash: await hashPassword(input.password),
          mustChangePassword: false,
          ...(needsTotp && input.totpSecret ? { totpSecret: input.totpSecret } : {}),
        },
        grants,
        null,
      );
    },
  };
}

function apiClientView(row: {
  public_id: string;
  name: string;
  token_prefix: string;
  scopes: string[];
  division_code: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}) {
  return {
    id: row.public_id,
    name: row.name,
    tokenPrefix: row.token_prefix,
    scopes: row.scopes,
    divisionCode: row.division_code,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
