import { type Actor, hasRole, inDivisionScope } from '../../identity/actor.ts';
import type { Role } from '../../identity/roles.ts';

/**
 * Who may do what in exam delivery (docs/exam-delivery.md §roles). Outside these rules a
 * record does not exist for the caller (404), never 403.
 *
 * - Candidate: the holder account linked to the registration's person — starts, reads,
 *   saves, signals, submits their own attempt, reads their results and appeals.
 * - Invigilator (监考): a regulator officer or approver whose division subtree contains the
 *   session's division — live list, extra time, pause/resume, resume approvals, end session.
 * - Marking: an assessor (评估机构考评员, third party per REQ-EXAM-3) scores subjective theory
 *   items and the practical/performance assessments they are assigned to (blind double marking).
 * - Regulators in scope create assessments, assign arbitrators, publish results and decide appeals.
 */

export const INVIGILATORS: readonly Role[] = ['regulator_officer', 'regulator_approver'];
export const MARKERS: readonly Role[] = ['assessor'];

export function isCandidate(actor: Actor, candidateUserId: number | null): boolean {
  return actor.kind === 'user' && candidateUserId !== null && candidateUserId === actor.id;
}

export function canInvigilate(actor: Actor, sessionDivisionCode: string): boolean {
  return inDivisionScope(actor, sessionDivisionCode, INVIGILATORS);
}

/** Subjective theory items: third-party assessors, or regulators of the session's division. */
export function canMarkItems(actor: Actor, sessionDivisionCode: string): boolean {
  return hasRole(actor, ...MARKERS) || canInvigilate(actor, sessionDivisionCode);
}

/** Reading an attempt: its candidate, an invigilator of the session, or a marker. */
export function canReadAttempt(actor: Actor, candidateUserId: number, sessionDivisionCode: string): boolean {
  return isCandidate(actor, candidateUserId) || canMarkItems(actor, sessionDivisionCode);
}

export type AssessmentRole = 'first' | 'second' | 'arbitrator';

export function assessmentRoleOf(
  actor: Actor,
  a: { first_assessor_id: number; second_assessor_id: number; arbitrator_id: number | null },
): AssessmentRole | null {
  if (actor.kind !== 'user') return null;
  if (a.first_assessor_id === actor.id) return 'first';
  if (a.second_assessor_id === actor.id) return 'second';
  if (a.arbitrator_id === actor.id) return 'arbitrator';
  return null;
}
