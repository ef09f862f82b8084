import { AppError } from '@anzheng/contracts';
import { isWithin } from '@anzheng/identifiers';
import type { Role } from './roles.ts';

/** One role grant of a user, with its scope. */
export interface RoleGrant {
  role: Role;
  /** GB/T 2260 code of the subtree a regulator/inspector acts on ('000000' = national). */
  divisionCode: string | null;
  /** Unified social credit code of the enterprise an enterprise role acts for. */
  enterpriseCreditCode: string | null;
}

/** Who is calling: a person with a session, or another system with an API client token. */
export interface Actor {
  kind: 'user' | 'api_client';
  /** Internal id of the user or API client. */
  id: number;
  publicId: string;
  username: string;
  roles: RoleGrant[];
  /** API client scopes (e.g. 'certificates:read'); empty for users. */
  scopes: string[];
  sessionId: string | null;
  /** A user who must still enrol TOTP may only reach the enrolment endpoints. */
  mfaEnrolmentRequired: boolean;
  ip: string;
  requestId: string;
}

/** Context of an anonymous request (for audit of failed logins and public actions). */
export interface RequestContext {
  ip: string;
  requestId: string;
  userAgent?: string | undefined;
}

export class UnauthenticatedError extends AppError {
  constructor(message = '请先登录') {
    super({ statusCode: 401, code: 'UNAUTHENTICATED', message, error: 'Unauthorized' });
  }
}

export class ForbiddenError extends AppError {
  constructor(message = '没有执行此操作的权限') {
    super({ statusCode: 403, code: 'FORBIDDEN', message, error: 'Forbidden' });
  }
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((g) => roles.includes(g.role));
}

/** Division subtrees the actor acts on through any of `roles`. */
export function divisionScopes(actor: Actor, roles: readonly Role[]): string[] {
  return actor.roles.filter((g) => roles.includes(g.role) && g.divisionCode).map((g) => g.divisionCode!);
}

/** True when `divisionCode` lies in a subtree the actor holds through one of `roles`. */
export function inDivisionScope(actor: Actor, divisionCode: string, roles: readonly Role[]): boolean {
  return divisionScopes(actor, roles).some((scope) => isWithin(divisionCode, scope));
}

/** Enterprises the actor acts for through any of `roles`. */
export function enterpriseScopes(actor: Actor, roles: readonly Role[]): string[] {
  return actor.roles
    .filter((g) => roles.includes(g.role) && g.enterpriseCreditCode)
    .map((g) => g.enterpriseCreditCode!);
}
