import type { FieldCipher } from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { type AppConfig, ConfigError } from '../../config.ts';
import type { HttpServer } from '../../http.ts';
import type { ApplicationDomain } from '../application/index.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { LedgerService } from '../ledger/index.ts';
import type { ReferenceDomain } from '../reference/index.ts';
import type { RegistryDomain } from '../registry/index.ts';
import type { CertificateDomain } from './certificate.domain.ts';
import { IssuerKeyConfigError } from './certificate.errors.ts';
import { createKeyStore } from './certificate.keys.ts';
import { registerCertificateRoutes } from './certificate.routes.ts';
import { type CertificateService, createCertificateService } from './certificate.service.ts';
import { createTrustListService } from './certificate.trust.ts';

export type * from './certificate.domain.ts';
export * from './certificate.errors.ts';
export { issuerCodeOf, issuerCreditCode, issuerNameOf } from './certificate.issuer.ts';
export { createKeyStore, ISSUER_KEYS_ENV, type KeyStore, keyIdOf } from './certificate.keys.ts';
export {
  addDays,
  addYears,
  type CertificateService,
  claimsDigest,
  createCertificateService,
  holderCommitment,
  type IssueOptions,
  validityEnd,
} from './certificate.service.ts';
export { allowedCertificateActions, CERTIFICATE_TRANSITIONS, effectiveStatus } from './certificate.state.ts';
export { createTrustListService, type TrustListService, trustListSigningBytes } from './certificate.trust.ts';

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

declare module 'fastify' {
  interface FastifyInstance {
    /** The certificate service, for code that runs beside HTTP (demo seed, CLI). */
    certificateService: CertificateService;
  }
}

export const EXPIRY_INTERVAL_ENV = 'ANZHENG_CERTIFICATE_EXPIRY_INTERVAL_MS';
const DEFAULT_EXPIRY_INTERVAL_MS = 3_600_000;

/** `ANZHENG_PUBLIC_URL` without a trailing slash, else `http://127.0.0.1:<PORT>`. */
export function publicBaseUrl(config: Pick<AppConfig, 'port'>, env = process.env): string {
  const raw = env.ANZHENG_PUBLIC_URL?.trim();
  if (!raw) return `http://127.0.0.1:${config.port}`;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new ConfigError([`ANZHENG_PUBLIC_URL=${raw}：应为 http:// 或 https:// 开头的网址`]);
  }
  return raw.replace(/\/+$/, '');
}

function expiryInterval(env = process.env): number {
  const raw = env[EXPIRY_INTERVAL_ENV]?.trim();
  if (!raw) return DEFAULT_EXPIRY_INTERVAL_MS;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 7 * 86_400_000) {
    throw new ConfigError([
      `${EXPIRY_INTERVAL_ENV}=${raw}：应为 0–604800000 之间的整数（毫秒，0 表示不运行）`,
    ]);
  }
  return n;
}

/** Runs `expireDue` every `intervalMs` (unref'd chain of timeouts, never overlapping; stopped on close). */
export function startExpiryTimer(
  certificates: Pick<CertificateService, 'expireDue'>,
  intervalMs: number,
  log: FastifyBaseLogger,
): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = certificates
        .expireDue()
        .then(
          (n) => {
            if (n > 0) log.info({ expired: n }, 'certificates expired');
          },
          (error: unknown) => log.error({ err: error }, 'certificate expiry scan failed'),
        )
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** Certificates: numbering, issuance, lifecycle, signing, bundles, trust list (docs/certificates.md). */
export async function registerCertificateDomain(
  app: HttpServer,
  deps: CertificateDomainDeps,
): Promise<CertificateDomain> {
  let keys: ReturnType<typeof createKeyStore>;
  try {
    keys = createKeyStore({ db: deps.db, dataDir: deps.config.dataDir, clock: deps.clock });
  } catch (error) {
    if (error instanceof IssuerKeyConfigError) throw new ConfigError([error.message]);
    throw error;
  }
  const trust = createTrustListService({ db: deps.db, keys, ledger: deps.ledger, clock: deps.clock });
  const baseUrl = publicBaseUrl(deps.config);
  const certificates = createCertificateService({
    db: deps.db,
    audit: deps.audit,
    cipher: deps.cipher,
    clock: deps.clock,
    ledger: deps.ledger,
    keys,
    trust,
    publicBaseUrl: baseUrl,
  });
  registerCertificateRoutes(app, certificates, trust);
  app.decorate('certificateService', certificates);

  const interval = expiryInterval();
  if (interval > 0) {
    const timer = startExpiryTimer(certificates, interval, app.log);
    app.addHook('onClose', () => timer.stop());
  }

  return {
    findByNumber: certificates.findByNumber,
    getForActor: certificates.getForActor,
    bundle: certificates.bundle,
    statusStatement: certificates.statusStatement,
    trustList: () => trust.current(),
    ed25519Signer: (issuerCode) => keys.issuerSigner(issuerCode, 'ed25519'),
    qrCheck: certificates.qrCheck,
    publicBaseUrl: baseUrl,
  };
}
