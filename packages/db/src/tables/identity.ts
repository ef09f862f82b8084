import type { Generated } from 'kysely';
import type { TablesSpec } from './spec.ts';

/** 用户 — a person's account (holder, enterprise staff, assessor, regulator, administrator). */
export interface AppUserTable {
  id: Generated<number>;
  public_id: string;
  username: string;
  display_name: string;
  password_hash: string;
  /** 'active' | 'disabled' */
  status: string;
  must_change_password: boolean;
  password_changed_at: Date;
  /** TOTP secret (RFC 6238), field-encrypted; null until enrolled. */
  totp_secret_enc: string | null;
  totp_enabled: boolean;
  /** Last accepted TOTP time step, so a code is never accepted twice. */
  totp_last_step: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** 角色授权 — one role of a user with its scope. */
export interface UserRoleTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  division_code: string | null;
  enterprise_credit_code: string | null;
  granted_by: number | null;
  granted_at: Generated<Date>;
}

/** 会话 — a login session; the cookie carries a random token, the table its SHA-256. */
export interface UserSessionTable {
  id: string;
  user_id: number;
  created_at: Generated<Date>;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
  revoked_at: Date | null;
}

/**
 * Failed-login counter per username, kept whether or not the username exists, so that
 * lockout (5 failures → 15 min) never reveals which usernames are real.
 */
export interface LoginThrottleTable {
  username: string;
  failed_count: number;
  locked_until: Date | null;
  last_failed_at: Date | null;
}

/** 接口客户端 — another system (市场监管, 人社 …) calling the API with a bearer token. */
export interface ApiClientTable {
  id: Generated<number>;
  public_id: string;
  name: string;
  /** SHA-256 hex of the token; the token itself is shown once at creation. */
  token_hash: string;
  token_prefix: string;
  scopes: string[];
  division_code: string;
  created_by: number | null;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface IdentityTables {
  app_user: AppUserTable;
  user_role: UserRoleTable;
  user_session: UserSessionTable;
  login_throttle: LoginThrottleTable;
  api_client: ApiClientTable;
}

export const identitySpec: TablesSpec<IdentityTables> = {
  app_user: {
    id: { type: 'bigint', nullable: false },
    public_id: { type: 'uuid', nullable: false },
    username: { type: 'text', nullable: false },
    display_name: { type: 'text', nullable: false },
    password_hash: { type: 'text', nullable: false },
    status: { type: 'text', nullable: false },
    must_change_password: { type: 'boolean', nullable: false },
    password_changed_at: { type: 'timestamp with time zone', nullable: false },
    totp_secret_enc: { type: 'text', nullable: true },
    totp_enabled: { type: 'boolean', nullable: false },
    totp_last_step: { type: 'bigint', nullable: true },
    created_at: { type: 'timestamp with time zone', nullable: false },
    updated_at: { type: 'timestamp with time zone', nullable: false },
  },
  user_role: {
    id: { type: 'bigint', nullable: false },
    user_id: { type: 'bigint', nullable: false },
    role: { type: 'text', nullable: false },
    division_code: { type: 'text', nullable: true },
    enterprise_credit_code: { type: 'text', nullable: true },
    granted_by: { type: 'bigint', nullable: true },
    granted_at: { type: 'timestamp with time zone', nullable: false },
  },
  user_session: {
    id: { type: 'text', nullable: false },
    user_id: { type: 'bigint', nullable: false },
    created_at: { type: 'timestamp with time zone', nullable: false },
    last_seen_at: { type: 'timestamp with time zone', nullable: false },
    expires_at: { type: 'timestamp with time zone', nullable: false },
    ip: { type: 'text', nullable: true },
    user_agent: { type: 'text', nullable: true },
    revoked_at: { type: 'timestamp with time zone', nullable: true },
  },
  login_throttle: {
    username: { type: 'text', nullable: false },
    failed_count: { type: 'integer', nullable: false },
    locked_until: { type: 'timestamp with time zone', nullable: true },
    last_failed_at: { type: 'timestamp with time zone', nullable: true },
  },
  api_client: {
    id: { type: 'bigint', nullable: false },
    public_id: { type: 'uuid', nullable: false },
    name: { type: 'text', nullable: false },
    token_hash: { type: 'text', nullable: false },
    token_prefix: { type: 'text', nullable: false },
    scopes: { type: 'ARRAY', nullable: false },
    division_code: { type: 'text', nullable: false },
    created_by: { type: 'bigint', nullable: true },
    created_at: { type: 'timestamp with time zone', nullable: false },
    last_used_at: { type: 'timestamp with time zone', nullable: true },
    revoked_at: { type: 'timestamp with time zone', nullable: true },
  },
};
