import type { FieldCipher } from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import type { Kysely } from 'kysely';
import { type AppConfig, ConfigError } from '../../config.ts';
import type { HttpServer } from '../../http.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CertificateDomain } from '../certificate/index.ts';
import type { RegistryDomain } from '../registry/index.ts';
import { registerVerificationRoutes } from './verification.routes.ts';
import { createVerificationService, type VerificationService } from './verification.service.ts';

export { type BatchInputRow, MAX_BATCH_ROWS, readBatchFile } from './verification.batch-file.ts';
export * from './verification.errors.ts';
export { checkCertificateNumber, normalizeName, normalizeNumberInput } from './verification.input.ts';
export {
  createVerificationService,
  effectiveStatus,
  type PublicQuery,
  type VerificationCertificates,
  type VerificationService,
} from './verification.service.ts';

export interface VerificationDomainDeps {
  db: Kysely<Database>;
  audit: AuditService;
  config: AppConfig;
  clock: () => Date;
  certificates: CertificateDomain;
  registry?: RegistryDomain;
  cipher?: FieldCipher;
}

export interface VerificationSettings {
  /** ANZHENG_PUBLIC_RATE_LIMIT: public queries per IP per minute (default 120). */
  publicRateLimit: number;
}

export const DEFAULT_PUBLIC_RATE_LIMIT = 120;

/** Settings from the environment; throws ConfigError naming a bad value. */
export function loadVerificationSettings(
  env: Record<string, string | undefined> = process.env,
): VerificationSettings {
  const raw = env.ANZHENG_PUBLIC_RATE_LIMIT?.trim();
  if (!raw) return { publicRateLimit: DEFAULT_PUBLIC_RATE_LIMIT };
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 1_000_000) {
    throw new ConfigError([
      `ANZHENG_PUBLIC_RATE_LIMIT=${raw}：必须是 1–1000000 之间的整数（每分钟每 IP 次数）`,
    ]);
  }
  return { publicRateLimit: n };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Public query and batch verification, for code beside HTTP (tests, CLI). */
    verification: VerificationService;
  }
}

/** Public query, status document, employer batch verification (docs/verification.md). */
export async function registerVerificationDomain(
  app: HttpServer,
  deps: VerificationDomainDeps,
  settings: VerificationSettings = loadVerificationSettings(),
): Promise<VerificationService> {
  const verification = createVerificationService({
    db: deps.db,
    audit: deps.audit,
    clock: deps.clock,
    certificates: deps.certificates,
  });
  registerVerificationRoutes(app, verification, settings);
  app.decorate('verification', verification);
  return verification;
}
