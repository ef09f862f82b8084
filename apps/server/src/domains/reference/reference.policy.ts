import { NATIONAL_SCOPE } from '@anzheng/identifiers';
import { type Actor, hasRole, inDivisionScope } from '../identity/actor.ts';

/** Who may change reference data. Pure: feeds both the services and `abilities`. */
export type ReferenceAction = 'certificate-type.create' | 'certificate-type.update' | 'rule-parameter.create';

export interface RuleScope {
  layer: 'national' | 'industry' | 'province';
  divisionCode?: string | null | undefined;
}

/** 系统管理员, or a 监管部门审批人 at the national level (scope 000000). */
export function isNationalReferenceAdmin(actor: Actor): boolean {
  return (
    hasRole(actor, 'system_admin') ||
    actor.roles.some((g) => g.role === 'regulator_approver' && g.divisionCode === NATIONAL_SCOPE)
  );
}

export function can(actor: Actor | null, action: ReferenceAction, record?: RuleScope): boolean {
  if (!actor) return false;
  switch (action) {
    case 'certificate-type.create':
    case 'certificate-type.update':
      return isNationalReferenceAdmin(actor);
    case 'rule-parameter.create': {
      if (isNationalReferenceAdmin(actor)) return true;
      // A provincial (or lower) approver sets overrides for their own subtree only.
      return (
        record?.layer === 'province' &&
        typeof record.divisionCode === 'string' &&
        inDivisionScope(actor, record.divisionCode, ['regulator_approver'])
      );
    }
  }
}
