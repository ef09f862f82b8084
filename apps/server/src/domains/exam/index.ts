import type { FieldCipher } from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../config.ts';
import type { HttpServer } from '../../http.ts';
import type { ApplicationDomain } from '../application/index.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { LedgerService } from '../ledger/index.ts';
import type { ReferenceDomain } from '../reference/index.ts';
import type { RegistryDomain } from '../registry/index.ts';
import { registerExamDelivery } from './delivery/index.ts';

export interface ExamDomainDeps {
  db: Kysely<Database>;
  audit: AuditService;
  cipher: FieldCipher;
  config: AppConfig;
  clock: () => Date;
  registry: RegistryDomain;
  reference: ReferenceDomain;
  ledger: LedgerService;
  applications: ApplicationDomain;
}

/** Examination: item bank, blueprints, papers, sessions, attempts, grading, statistics (docs/exam.md). */
export async function registerExamDomain(app: HttpServer, deps: ExamDomainDeps): Promise<void> {
  await registerExamDelivery(app, deps);
}
