import type { Database } from '@anzheng/db';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../../config.ts';
import type { HttpServer } from '../../../http.ts';
import type { AuditService } from '../../audit/audit.service.ts';
import { createBlobStore, type RegistryDomain } from '../../registry/index.ts';
import type { CertificateDomain } from '../certificate.domain.ts';
import { createRateLimiter } from './outputs.rate-limit.ts';
import { registerCertificateOutputRoutes } from './outputs.routes.ts';
import { type CertificateOutputsService, createCertificateOutputsService } from './outputs.service.ts';
import { loadOutputSettings } from './outputs.settings.ts';
import { createShareLinkService, type ShareLinkService } from './share-links.service.ts';

export * from './outputs.credentials.ts';
export * from './outputs.errors.ts';
export { loadOutputSettings, type OutputSettings } from './outputs.settings.ts';
export { renderCertificatePdf } from './pdf.render.ts';

export interface CertificateOutputsDeps {
  db: Kysely<Database>;
  audit: AuditService;
  config: AppConfig;
  clock: () => Date;
  registry: RegistryDomain;
  certificates: CertificateDomain;
}

export interface CertificateOutputs {
  outputs: CertificateOutputsService;
  shareLinks: ShareLinkService;
}

/**
 * E-certificate PDF, W3C VC 2.0 export, Bitstring Status Lists, share links
 * (docs/e-certificate.md).
 */
export async function registerCertificateOutputs(
  app: HttpServer,
  deps: CertificateOutputsDeps,
): Promise<CertificateOutputs> {
  const settings = loadOutputSettings();
  const outputs = createCertificateOutputsService({
    db: deps.db,
    audit: deps.audit,
    certificates: deps.certificates,
    // Holder photos are registry documents in the content-addressed blob store.
    blobs: createBlobStore(deps.config.dataDir),
    clock: deps.clock,
    statusListTtlSeconds: settings.statusListTtlSeconds,
  });
  const shareLinks = createShareLinkService({
    db: deps.db,
    audit: deps.audit,
    certificates: deps.certificates,
    clock: deps.clock,
  });
  const publicLimiter = createRateLimiter({ perMinute: settings.publicRateLimit, clock: deps.clock });
  registerCertificateOutputRoutes(app, outputs, shareLinks, publicLimiter);
  return { outputs, shareLinks };
}
