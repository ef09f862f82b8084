import type { ApplicationAction, ApplicationState } from '@anzheng/contracts';
import { type Actor, enterpriseScopes, hasRole, inDivisionScope } from '../identity/actor.ts';
import { ENTERPRISE_ROLES, type Role } from '../identity/roles.ts';
import { isClosed, nextState } from './application.state.ts';

/**
 * Who may do what with an application (DESIGN §6). The applicant side is the person
 * themself (holder) and the admins/archivists of the enterprise that applied or where the
 * person currently works; the reviewing side is the regulators whose division subtree
 * contains the application's division. Anyone else: the application does not exist (404).
 */

/** Start review and return for supplements. */
export const REVIEWERS: readonly Role[] = ['regulator_officer', 'regulator_approver'];
/** Approve and reject. */
export const APPROVERS: readonly Role[] = ['regulator_approver'];

export interface ApplicationScopeRecord {
  state: ApplicationState;
  divisionCode: string;
  /** Holder account linked to the applicant's person record. */
  personUserId: number | null;
  /** Credit code of the enterprise that applied (null when the person applied). */
  enterpriseCreditCode: string | null;
  /** Credit codes of the enterprises where the person currently works. */
  employerCreditCodes: readonly string[];
}

export type ApplicationPermission = ApplicationAction | 'read' | 'upload_documents';

function isSelf(actor: Actor, r: ApplicationScopeRecord): boolean {
  return actor.kind === 'user' && hasRole(actor, 'holder') && r.personUserId === actor.id;
}

function isEmployer(actor: Actor, r: ApplicationScopeRecord): boolean {
  const codes = enterpriseScopes(actor, ENTERPRISE_ROLES);
  return (
    (r.enterpriseCreditCode !== null && codes.includes(r.enterpriseCreditCode)) ||
    r.employerCreditCodes.some((c) => codes.includes(c))
  );
}

export function isApplicantSide(actor: Actor, r: ApplicationScopeRecord): boolean {
  return isSelf(actor, r) || isEmployer(actor, r);
}

/** Whether the actor's role allows the action on this record (whatever its state). */
export function canOnApplication(actor: Actor, action: ApplicationPermission, r: ApplicationScopeRecord) {
  const reviewer = inDivisionScope(actor, r.divisionCode, REVIEWERS);
  switch (action) {
    case 'read':
      return reviewer || isApplicantSide(actor, r);
    case 'submit':
      return isApplicantSide(actor, r);
    case 'start-review':
    case 'return':
      return reviewer;
    case 'approve':
    case 'reject':
      return inDivisionScope(actor, r.divisionCode, APPROVERS);
    case 'upload_documents':
      return reviewer || isApplicantSide(actor, r);
  }
}

/** What the caller can do now: role and state together (feeds `abilities`, so the UI never guesses). */
export function applicationAbilities(actor: Actor, r: ApplicationScopeRecord) {
  const now = (action: ApplicationAction) =>
    canOnApplication(actor, action, r) && nextState(r.state, action) !== undefined;
  return {
    submit: now('submit'),
    startReview: now('start-review'),
    return: now('return'),
    approve: now('approve'),
    reject: now('reject'),
    uploadDocuments: canOnApplication(actor, 'upload_documents', r) && !isClosed(r.state),
  };
}

/** Creating an application: holders for themselves, enterprise admins/archivists for staff. */
export function canCreateApplications(actor: Actor): boolean {
  return hasRole(actor, 'holder', ...ENTERPRISE_ROLES);
}
