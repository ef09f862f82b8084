import type { TFunction } from 'i18next';
import { NATIONAL_CODE } from '../api/divisions.ts';
import type { RoleCode, RoleView } from '../api/types.ts';

export const ROLE_CODES: readonly RoleCode[] = [
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
];

/** Roles scoped to a division subtree (they need a `divisionCode`). */
export const DIVISION_ROLES: readonly RoleCode[] = ['regulator_officer', 'regulator_approver', 'inspector'];
/** Roles scoped to one enterprise (they need an `enterpriseCreditCode`). */
export const ENTERPRISE_ROLES: readonly RoleCode[] = ['enterprise_admin', 'enterprise_archivist'];
/** Roles that work in the portal rather than the console. */
export const PORTAL_ROLES: readonly RoleCode[] = ['holder', 'enterprise_admin', 'enterprise_archivist'];

export function scopeKind(role: RoleCode | undefined): 'division' | 'enterprise' | 'none' {
  if (!role) return 'none';
  if (DIVISION_ROLES.includes(role)) return 'division';
  if (ENTERPRISE_ROLES.includes(role)) return 'enterprise';
  return 'none';
}

export function roleName(t: TFunction, role: RoleCode): string {
  return t(`roles.${role}`);
}

/** The scope of one grant in words: 广东省深圳市, 全国, or 企业 9144…; null when unscoped. */
export function scopeText(t: TFunction, role: RoleView): string | null {
  if (role.divisionCode === NATIONAL_CODE) return t('scope.national');
  if (role.divisionCode) return role.divisionName ?? role.divisionCode;
  if (role.enterpriseCreditCode) return t('scope.enterprise', { code: role.enterpriseCreditCode });
  return null;
}

/** "监管部门经办人 · 广东省深圳市" */
export function roleWithScope(t: TFunction, role: RoleView): string {
  const scope = scopeText(t, role);
  return scope ? `${roleName(t, role.role)} · ${scope}` : roleName(t, role.role);
}

export function onlyPortalRoles(roles: readonly RoleView[]): boolean {
  return roles.length > 0 && roles.every((r) => PORTAL_ROLES.includes(r.role));
}

export function hasPortalRole(roles: readonly RoleView[]): boolean {
  return roles.some((r) => PORTAL_ROLES.includes(r.role));
}
