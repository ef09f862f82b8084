import type { CertificateAction, CertificateStatus } from '@anzheng/contracts';

/**
 * 证书状态机 — the allowed transitions as data (like application.state.ts). Who may fire one
 * is the policy's business (certificate.policy.ts); this file only knows states.
 *
 *   valid ──suspend──▶ suspended ──reinstate──▶ valid
 *   valid | suspended ──revoke──▶ revoked        (REQ-CERT-3: ground + basis, sanctions)
 *   valid | suspended ──cancel──▶ cancelled      (注销)
 *   valid | suspended | expired ──replace──▶ replaced  (a new number is issued)
 *   valid | expired (grace) ──renew──▶ valid     (REQ-CERT-1, claimsVersion + 1)
 *   valid ──extend──▶ valid                      (REQ-CERT-2, once per validity period)
 *   valid ──(date passes valid_until)──▶ expired (expireDue scan; reads report it at once)
 */
export interface CertificateTransition {
  action: CertificateAction;
  from: readonly CertificateStatus[];
  to: CertificateStatus;
}

export const CERTIFICATE_TRANSITIONS: readonly CertificateTransition[] = [
  { action: 'suspend', from: ['valid'], to: 'suspended' },
  { action: 'reinstate', from: ['suspended'], to: 'valid' },
  { action: 'revoke', from: ['valid', 'suspended'], to: 'revoked' },
  { action: 'cancel', from: ['valid', 'suspended'], to: 'cancelled' },
  { action: 'replace', from: ['valid', 'suspended', 'expired'], to: 'replaced' },
  { action: 'renew', from: ['valid', 'expired'], to: 'valid' },
  { action: 'extend', from: ['valid'], to: 'valid' },
];

/** An expired certificate may be renewed within this many days after valid_until. */
export const RENEWAL_GRACE_DAYS = 90;

export function nextCertificateStatus(
  status: CertificateStatus,
  action: CertificateAction,
): CertificateStatus | undefined {
  return CERTIFICATE_TRANSITIONS.find((t) => t.action === action && t.from.includes(status))?.to;
}

export function allowedCertificateActions(status: CertificateStatus): CertificateAction[] {
  return CERTIFICATE_TRANSITIONS.filter((t) => t.from.includes(status)).map((t) => t.action);
}

/** The status a reader sees: a 'valid' certificate past its last day is expired, scan or not. */
export function effectiveStatus(status: string, validUntil: string, today: string): CertificateStatus {
  if (status === 'valid' && validUntil < today) return 'expired';
  return status as CertificateStatus;
}

/** Event kind written for an action. */
export const EVENT_KIND: Record<CertificateAction, string> = {
  suspend: 'suspended',
  reinstate: 'reinstated',
  revoke: 'revoked',
  cancel: 'cancelled',
  replace: 'replaced',
  renew: 'renewed',
  extend: 'extended',
};
