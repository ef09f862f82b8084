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
import type { CertificateDomain } from './certificate.domain.ts';

export type * from './certificate.domain.ts';

export interface CertificateDomainDeps {
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

/** Certificates: numbering, issuance, lifecycle, signing, bundles, trust list (docs/certificates.md). */
export async function registerCertificateDomain(
  _app: HttpServer,
  _deps: CertificateDomainDeps,
): Promise<CertificateDomain> {
  const notBuilt = async (): Promise<never> => {
    throw new Error('not built yet');
  };
  return {
    findByNumber: notBuilt,
    getForActor: notBuilt,
    bundle: notBuilt,
    statusStatement: notBuilt,
    trustList: notBuilt,
    ed25519Signer: notBuilt,
    qrCheck: () => '',
    publicBaseUrl: 'http://127.0.0.1:3000',
  };
}
