import { type Actor, divisionScopes, hasRole, inDivisionScope } from '../identity/actor.ts';
import type { Role } from '../identity/roles.ts';

/**
 * Who may do what in the item bank, blueprints and sessions (DESIGN §6, REQ-EXAM-3). A record
 * outside the caller's scope does not exist for them (404), never 403.
 */

/** 第三方考评机构 write and review items (REQ-EXAM-3). */
export const BANK_AUTHORS: readonly Role[] = ['assessor'];
export const REGULATORS: readonly Role[] = ['regulator_officer', 'regulator_approver'];
export const NATIONAL = '000000';

/** Reading the bank (including answer keys): assessors and regulators. */
export function canReadBank(actor: Actor): boolean {
  return hasRole(actor, ...BANK_AUTHORS, ...REGULATORS);
}

export function canWriteBank(actor: Actor): boolean {
  return hasRole(actor, ...BANK_AUTHORS);
}

/** Review (approve / reject / retire): assessors; never the author of the version (checked by the service). */
export function canReviewBank(actor: Actor): boolean {
  return hasRole(actor, ...BANK_AUTHORS);
}

/** Recording a standard replacement (REQ-EXAM-5): assessors and national regulators. */
export function canRecordStandardRevision(actor: Actor): boolean {
  return hasRole(actor, ...BANK_AUTHORS) || inDivisionScope(actor, NATIONAL, REGULATORS);
}

/** Blueprints are national policy: national regulators write them; assessors and regulators read them. */
export function canWriteBlueprints(actor: Actor): boolean {
  return inDivisionScope(actor, NATIONAL, REGULATORS);
}

export function canReadBlueprints(actor: Actor): boolean {
  return hasRole(actor, ...BANK_AUTHORS, ...REGULATORS);
}

/** Sessions: regulators of the session's division subtree create, schedule and read. */
export function canManageSession(actor: Actor, divisionCode: string): boolean {
  return inDivisionScope(actor, divisionCode, REGULATORS);
}

export function canCreateSessions(actor: Actor): boolean {
  return divisionScopes(actor, REGULATORS).length > 0;
}

/** Check-in at the exam site: the session's regulators or an assessor (third-party exam body). */
export function canCheckIn(actor: Actor, divisionCode: string): boolean {
  return canManageSession(actor, divisionCode) || hasRole(actor, ...BANK_AUTHORS);
}

/** A registration: the candidate themself (holder linked to the person) or the session's regulators. */
export function canReadRegistration(
  actor: Actor,
  r: { divisionCode: string; personUserId: number | null },
): boolean {
  if (actor.kind === 'user' && hasRole(actor, 'holder') && r.personUserId === actor.id) return true;
  return canManageSession(actor, r.divisionCode);
}
