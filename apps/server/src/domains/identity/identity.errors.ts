import { AppError, ConflictError, NotFoundError, ValidationError } from '@anzheng/contracts';

export class InvalidCredentialsError extends AppError {
  constructor() {
    // Same answer for an unknown username and a wrong password (no account enumeration).
    super({
      statusCode: 401,
      code: 'INVALID_CREDENTIALS',
      message: '用户名或密码错误',
      error: 'Unauthorized',
    });
  }
}

export class TotpRequiredError extends AppError {
  constructor() {
    super({
      statusCode: 401,
      code: 'TOTP_REQUIRED',
      message: '请输入动态口令（TOTP）',
      error: 'Unauthorized',
    });
  }
}

export class InvalidTotpError extends AppError {
  constructor() {
    super({ statusCode: 401, code: 'INVALID_TOTP', message: '动态口令错误或已使用', error: 'Unauthorized' });
  }
}

export class AccountLockedError extends AppError {
  constructor(until: Date) {
    const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
    super({
      statusCode: 423,
      code: 'ACCOUNT_LOCKED',
      message: `登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试`,
      error: 'Locked',
    });
  }
}

export class AccountDisabledError extends AppError {
  constructor() {
    super({
      statusCode: 403,
      code: 'ACCOUNT_DISABLED',
      message: '账号已停用，请联系系统管理员',
      error: 'Forbidden',
    });
  }
}

export class UserNotFoundError extends NotFoundError {
  constructor() {
    super('USER_NOT_FOUND', '用户不存在');
  }
}

export class UsernameTakenError extends ConflictError {
  constructor(username: string) {
    super('USERNAME_TAKEN', `用户名 ${username} 已被使用`, [
      { field: 'body.username', code: 'USERNAME_TAKEN', message: '用户名已被使用' },
    ]);
  }
}

/** 三员分立: one person holds at most one of the system / security / audit administrator roles. */
export class AdminRoleConflictError extends ConflictError {
  constructor(existing: string, requested: string) {
    super(
      'ADMIN_ROLE_CONFLICT',
      `三员分立：系统管理员、安全管理员、审计管理员不能由同一人兼任（已有 ${existing}，申请 ${requested}）`,
    );
  }
}

export class RoleScopeError extends ValidationError {
  constructor(field: string, message: string) {
    super('INVALID_ROLE_SCOPE', message, [{ field, code: 'INVALID_ROLE_SCOPE', message }]);
  }
}

export class PasswordPolicyError extends ValidationError {}

export class ApiClientNotFoundError extends NotFoundError {
  constructor() {
    super('API_CLIENT_NOT_FOUND', '接口客户端不存在');
  }
}
