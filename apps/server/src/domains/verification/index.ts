import type { Database } from '@anzheng/db';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../config.ts';
import type { HttpServer } from '../../http.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CertificateDomain } from '../certificate/index.ts';

export interface VerificationDomainDeps {
  db: Kysely<Database>;
  audit: AuditService;
  config: AppConfig;
  clock: () => Date;
  certificates: CertificateDomain;
}

/** Public query, QR landing data, employer batch verification (docs/verification.md). */
export async function registerVerificationDomain(
  _app: HttpServer,
  _deps: VerificationDomainDeps,
): Promise<void> {}
