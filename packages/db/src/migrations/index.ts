import type { Migration } from 'kysely/migration';
import * as foundation from './2026-11-29-0001-foundation.ts';
import * as identityAudit from './2026-11-29-0002-identity-audit.ts';
import * as reference from './2026-11-29-0003-reference.ts';
import * as ledger from './2026-11-29-0004-ledger.ts';
import * as registry from './2026-11-29-0005-registry.ts';
import * as jobsImports from './2026-11-29-0006-jobs-imports.ts';
import * as applications from './2026-11-29-0007-applications.ts';
import * as certificates from './2026-11-29-0008-certificates.ts';
import * as exam from './2026-11-29-0009-exam.ts';
import * as examDelivery from './2026-11-29-0010-exam-delivery.ts';

/**
 * Every migration, in order. Names are dated; a migration is never edited after it lands
 * (CONVENTIONS) — add a new file and list it here.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-29-0001-foundation': foundation,
  '2026-11-29-0002-identity-audit': identityAudit,
  '2026-11-29-0003-reference': reference,
  '2026-11-29-0004-ledger': ledger,
  '2026-11-29-0005-registry': registry,
  '2026-11-29-0006-jobs-imports': jobsImports,
  '2026-11-29-0007-applications': applications,
  '2026-11-29-0008-certificates': certificates,
  '2026-11-29-0009-exam': exam,
  '2026-11-29-0010-exam-delivery': examDelivery,
};
