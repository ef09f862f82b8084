import { isWithin } from '@anzheng/identifiers';
import { type Actor, divisionScopes, hasRole } from './actor.ts';
import { DIVISION_ROLES } from './roles.ts';

/** What an actor may do with user accounts (三员分立: only the system admin manages accounts). */
export type UserAction =
  | 'read'
  | 'create'
  | 'update'
  | 'reset_password'
  | 'assign_roles'
  | 'unlock'
  | 'reset_totp';

export interface UserScopeRecord {
  /** Division codes of the user's grants. */
  divisionCodes: string[];
}

export function canOnUser(actor: Actor, action: UserAction, record?: UserScopeRecord): boolean {
  if (hasRole(actor, 'system_admin')) return true;
  if (hasRole(actor, 'security_admin'))
    return action === 'read' || action === 'unlock' || action === 'reset_totp';
  if (action !== 'read') return false;
  if (!hasRole(actor, ...DIVISION_ROLES)) return false;
  if (!record) return true;
  const scopes = divisionScopes(actor, DIVISION_ROLES);
  return record.divisionCodes.some((code) => scopes.some((s) => isWithin(code, s)));
}

export function userAbilities(actor: Actor, record: UserScopeRecord) {
  return {
    update: canOnUser(actor, 'update', record),
    resetPassword: canOnUser(actor, 'reset_password', record),
    assignRoles: canOnUser(actor, 'assign_roles', record),
    unlock: canOnUser(actor, 'unlock', record),
    resetTotp: canOnUser(actor, 'reset_totp', record),
  };
}

/** Console-wide abilities shown by /auth/me, so the UI never guesses. */
export function actorAbilities(actor: Actor) {
  return {
    manageUsers: hasRole(actor, 'system_admin'),
    viewUsers: canOnUser(actor, 'read'),
    manageApiClients: hasRole(actor, 'system_admin'),
    readAudit: hasRole(actor, 'audit_admin'),
    manageReferenceData:
      hasRole(actor, 'system_admin') || divisionScopes(actor, ['regulator_approver']).includes('000000'),
  };
}
