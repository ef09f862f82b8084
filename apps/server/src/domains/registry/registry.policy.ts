import { type Actor, divisionScopes, enterpriseScopes, hasRole, inDivisionScope } from '../identity/actor.ts';
import { DIVISION_ROLES, ENTERPRISE_ROLES, type Role } from '../identity/roles.ts';

/**
 * Who may do what with registry records (DESIGN §6). Regulators act on their division
 * subtree; enterprise roles on their own enterprise and its current staff; a holder on the
 * person record linked to their account. Outside that, a record does not exist (404).
 */

/** Regulators who create and change registry records (inspectors only read). */
export const REGISTRY_EDITORS: readonly Role[] = ['regulator_officer', 'regulator_approver'];

export interface PersonScopeRecord {
  divisionCode: string;
  userId: number | null;
  /** Credit codes of the enterprises the person currently works at. */
  employerCreditCodes: readonly string[];
}

export type PersonAction =
  | 'read'
  /** name and division (identity data): regulators only */
  | 'update_identity'
  /** phone */
  | 'update_contact'
  /** `?reveal=idNumber,phone` (NFR-SEC-1: purpose-bound access) */
  | 'reveal'
  /** education, work and training records; documents */
  | 'add_records';

function isOwnStaff(actor: Actor, record: PersonScopeRecord): boolean {
  const codes = enterpriseScopes(actor, ENTERPRISE_ROLES);
  return record.employerCreditCodes.some((c) => codes.includes(c));
}

function isSelf(actor: Actor, record: PersonScopeRecord): boolean {
  return actor.kind === 'user' && hasRole(actor, 'holder') && record.userId === actor.id;
}

export function canOnPerson(actor: Actor, action: PersonAction, record: PersonScopeRecord): boolean {
  const editor = inDivisionScope(actor, record.divisionCode, REGISTRY_EDITORS);
  switch (action) {
    case 'read':
      return (
        inDivisionScope(actor, record.divisionCode, DIVISION_ROLES) ||
        isOwnStaff(actor, record) ||
        isSelf(actor, record)
      );
    case 'update_identity':
      return editor;
    case 'update_contact':
    case 'add_records':
      return editor || isOwnStaff(actor, record) || isSelf(actor, record);
    case 'reveal':
      // Regulators who handle the person's files, their employer's archivists, and the person
      // themself (PIPL art. 45: access to one's own data). Never inspectors or anyone else.
      return editor || isOwnStaff(actor, record) || isSelf(actor, record);
  }
}

/** Creating a person record in `divisionCode`. */
export function canCreatePerson(actor: Actor, divisionCode: string): boolean {
  return inDivisionScope(actor, divisionCode, REGISTRY_EDITORS);
}

export function personAbilities(actor: Actor, record: PersonScopeRecord) {
  return {
    update: canOnPerson(actor, 'update_contact', record),
    reveal: canOnPerson(actor, 'reveal', record),
    addRecords: canOnPerson(actor, 'add_records', record),
    uploadDocuments: canOnPerson(actor, 'add_records', record),
  };
}

export interface EnterpriseScopeRecord {
  creditCode: string;
  divisionCode: string;
}

export type EnterpriseAction =
  | 'read'
  /** name, employee count, contact */
  | 'update'
  /** industry and division: what decides who regulates it and whether it is high-risk */
  | 'update_registration'
  | 'manage_staff';

function isOwnEnterprise(actor: Actor, record: EnterpriseScopeRecord): boolean {
  return enterpriseScopes(actor, ENTERPRISE_ROLES).includes(record.creditCode);
}

export function canOnEnterprise(
  actor: Actor,
  action: EnterpriseAction,
  record: EnterpriseScopeRecord,
): boolean {
  const editor = inDivisionScope(actor, record.divisionCode, REGISTRY_EDITORS);
  switch (action) {
    case 'read':
      return inDivisionScope(actor, record.divisionCode, DIVISION_ROLES) || isOwnEnterprise(actor, record);
    case 'update':
    case 'manage_staff':
      // REQ-POST-5: the enterprise's own admins and archivists keep its record and staff list.
      return editor || isOwnEnterprise(actor, record);
    case 'update_registration':
      return editor;
  }
}

/** Regulators in scope, or an enterprise admin registering their own enterprise. */
export function canCreateEnterprise(actor: Actor, record: EnterpriseScopeRecord): boolean {
  return (
    inDivisionScope(actor, record.divisionCode, REGISTRY_EDITORS) ||
    enterpriseScopes(actor, ['enterprise_admin']).includes(record.creditCode)
  );
}

export function enterpriseAbilities(actor: Actor, record: EnterpriseScopeRecord) {
  return {
    update: canOnEnterprise(actor, 'update', record),
    manageStaff: canOnEnterprise(actor, 'manage_staff', record),
  };
}

/** Training providers and assessment bodies are public institutions: any signed-in caller reads them. */
export function canChangeOrganisation(actor: Actor, divisionCode: string): boolean {
  return inDivisionScope(actor, divisionCode, REGISTRY_EDITORS);
}

/** What a list query may return for `actor`: the SQL counterpart of the `read` rules above. */
export interface ReadScope {
  /** Division subtrees (regulators, inspectors). */
  divisionScopes: string[];
  /** Enterprises (enterprise roles). */
  enterpriseCodes: string[];
  /** The holder's own user id. */
  holderUserId: number | null;
}

export function readScope(actor: Actor): ReadScope {
  return {
    divisionScopes: divisionScopes(actor, DIVISION_ROLES),
    enterpriseCodes: enterpriseScopes(actor, ENTERPRISE_ROLES),
    holderUserId: actor.kind === 'user' && hasRole(actor, 'holder') ? actor.id : null,
  };
}

export function isEmptyScope(scope: ReadScope): boolean {
  return (
    scope.divisionScopes.length === 0 && scope.enterpriseCodes.length === 0 && scope.holderUserId === null
  );
}
