import type { Role } from '../identity/roles.ts';

/**
 * Who may verify certificates in bulk (REQ-PUB-1 "employers verify staff"): enterprise admins
 * and archivists (REQ-POST-5) for their staff, regulators and inspectors for supervision. The
 * single public query needs no login; it is rate limited instead.
 */
export const BATCH_VERIFIERS: readonly Role[] = [
  'enterprise_admin',
  'enterprise_archivist',
  'regulator_officer',
  'regulator_approver',
  'inspector',
];
