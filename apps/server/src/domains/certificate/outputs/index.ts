import type { Database } from '@anzheng/db';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../../config.ts';
import type { HttpServer } from '../../../http.ts';
import type { AuditService } from '../../audit/audit.service.ts';
import type { RegistryDomain } from '../../registry/index.ts';
import type { CertificateDomain } from '../certificate.domain.ts';

export interface CertificateOutputsDeps {
  db: Kysely<Database>;
  audit: AuditService;
  config: AppConfig;
  clock: () => Date;
  registry: RegistryDomain;
  certificates: CertificateDomain;
}

/** E-certificate PDF, W3C VC 2.0 export, Bitstring Status Lists, share links. */
export async function registerCertificateOutputs(
  _app: HttpServer,
  _deps: CertificateOutputsDeps,
): Promise<void> {}
