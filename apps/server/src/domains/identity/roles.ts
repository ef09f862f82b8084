import { ROLE_CODES } from '@anzheng/contracts';

/**
 * Roles (DESIGN §6). Regulator roles carry a division scope (their GB/T 2260 subtree);
 * enterprise roles carry an enterprise (unified social credit code).
 */
export const ROLES = ROLE_CODES;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  holder: '持证人',
  enterprise_admin: '企业管理员',
  enterprise_archivist: '企业档案管理员',
  training_provider: '培训机构',
  assessor: '评估机构考评员',
  inspector: '执法检查人员',
  regulator_officer: '监管部门经办人',
  regulator_approver: '监管部门审批人',
  system_admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
};

/** 三员 — system, security and audit administrators; one person holds at most one of them. */
export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

/** Roles whose scope is a division subtree. */
export const DIVISION_ROLES: readonly Role[] = ['regulator_officer', 'regulator_approver', 'inspector'];

/** Roles whose scope is one enterprise. */
export const ENTERPRISE_ROLES: readonly Role[] = ['enterprise_admin', 'enterprise_archivist'];

/** NFR-SEC-2 / DESIGN §6: a TOTP second factor is required for regulators and administrators. */
export const TOTP_REQUIRED_ROLES: readonly Role[] = [...DIVISION_ROLES, ...ADMIN_ROLES];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
