import type { CertificateAction, CertificateStatus } from '@anzheng/contracts';
import { type Actor, enterpriseScopes, hasRole, inDivisionScope } from '../identity/actor.ts';
import { ENTERPRISE_ROLES, type Role } from '../identity/roles.ts';
import { allowedCertificateActions } from './certificate.state.ts';

/**
 * Who may do what with a certificate (docs/certificates.md "Who may act"). Readers: the
 * holder, the admins/archivists of an enterprise where the holder currently works, and the
 * regulators and inspectors of a division subtree containing the certificate's division.
 * Anyone else: the certificate does not exist (404).
 */

/** Issue and every lifecycle action but revoke. */
export const OFFICERS: readonly Role[] = ['regulator_officer', 'regulator_approver'];
/** Revoke (REQ-CERT-3: a decision with legal consequences). */
export const APPROVERS: readonly Role[] = ['regulator_approver'];
/** Regulators who read certificates of their subtree. */
export const READERS: readonly Role[] = ['regulator_officer', 'regulator_approver', 'inspector'];

export interface CertificateScopeRecord {
  status: CertificateStatus;
  divisionCode: string;
  holderUserId: number | null;
  employerCreditCodes: readonly string[];
}

export type CertificatePermission = CertificateAction | 'read' | 'share';

export function isHolder(actor: Actor, r: CertificateScopeRecord): boolean {
  return actor.kind === 'user' && hasRole(actor, 'holder') && r.holderUserId === actor.id;
}

function isEmployer(actor: Actor, r: CertificateScopeRecord): boolean {
  const codes = enterpriseScopes(actor, ENTERPRISE_ROLES);
  return r.employerCreditCodes.some((c) => codes.includes(c));
}

export function canOnCertificate(
  actor: Actor,
  action: CertificatePermission,
  r: CertificateScopeRecord,
): boolean {
  switch (action) {
    case 'read':
      return inDivisionScope(actor, r.divisionCode, READERS) || isHolder(actor, r) || isEmployer(actor, r);
    case 'share':
      return isHolder(actor, r);
    case 'revoke':
      return inDivisionScope(actor, r.divisionCode, APPROVERS);
    case 'cancel':
      return inDivisionScope(actor, r.divisionCode, OFFICERS) || isHolder(actor, r);
    default:
      return inDivisionScope(actor, r.divisionCode, OFFICERS);
  }
}

/** Lifecycle actions the caller may fire now, plus 'download' (bundle) and 'share'. */
export function certificateAbilities(actor: Actor, r: CertificateScopeRecord): string[] {
  const legal = allowedCertificateActions(r.status);
  const out: string[] = legal.filter((a) => canOnCertificate(actor, a, r));
  if (canOnCertificate(actor, 'read', r)) out.push('download');
  if (canOnCertificate(actor, 'share', r) && r.status === 'valid') out.push('share');
  return out;
}

/** Issuing from an application of `divisionCode`. */
export function canIssue(actor: Actor, divisionCode: string): boolean {
  return inDivisionScope(actor, divisionCode, OFFICERS);
}
