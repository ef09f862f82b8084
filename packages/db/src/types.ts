/**
 * Hand-written table types (CONVENTIONS), one file per domain under `tables/`. Each table
 * also has a runtime column description there; `schema.test.ts` checks both against the
 * database the migrations build.
 *
 * Driver conventions (set in `open.ts`, identical for PGlite and PostgreSQL):
 * bigint → number, date → 'YYYY-MM-DD' string, timestamptz → Date, numeric → string,
 * json/jsonb → parsed value.
 */
import type { ApplicationTables } from './tables/application.ts';
import type { AuditTables } from './tables/audit.ts';
import type { CertificateTables } from './tables/certificate.ts';
import type { ExamTables } from './tables/exam.ts';
import type { ExamDeliveryTables } from './tables/exam-delivery.ts';
import type { FoundationTables } from './tables/foundation.ts';
import type { IdentityTables } from './tables/identity.ts';
import type { JobsTables } from './tables/jobs.ts';
import type { LedgerTables } from './tables/ledger.ts';
import type { ReferenceTables } from './tables/reference.ts';
import type { RegistryTables } from './tables/registry.ts';

export type * from './tables/application.ts';
export type * from './tables/audit.ts';
export type * from './tables/certificate.ts';
export type * from './tables/exam.ts';
export type * from './tables/exam-delivery.ts';
export type * from './tables/foundation.ts';
export type * from './tables/identity.ts';
export type * from './tables/jobs.ts';
export type * from './tables/ledger.ts';
export type * from './tables/reference.ts';
export type * from './tables/registry.ts';
export type { JsonValue } from './tables/spec.ts';

export interface Database
  extends FoundationTables,
    IdentityTables,
    AuditTables,
    ReferenceTables,
    LedgerTables,
    RegistryTables,
    JobsTables,
    ApplicationTables,
    CertificateTables,
    ExamTables,
    ExamDeliveryTables {}
