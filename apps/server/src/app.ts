import { createFieldCipher, type FieldCipher, loadKeyring } from '@anzheng/crypto';
import { type DatabaseHandle, openDatabase } from '@anzheng/db';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import type { AppConfig } from './config.ts';
import { registerApplicationDomain } from './domains/application/index.ts';
import { createAuditService, registerAuditRoutes } from './domains/audit/index.ts';
import { registerCertificateDomain } from './domains/certificate/index.ts';
import { registerCertificateOutputs } from './domains/certificate/outputs/index.ts';
import { registerExamDomain } from './domains/exam/index.ts';
import { createIdentityService, registerIdentityRoutes } from './domains/identity/index.ts';
import { registerImportsDomain } from './domains/imports/index.ts';
import { registerLedgerDomain } from './domains/ledger/index.ts';
import { registerReferenceDomain } from './domains/reference/index.ts';
import { registerRegistryDomain } from './domains/registry/index.ts';
import { createSystemService, registerSystemRoutes } from './domains/system/index.ts';
import { registerVerificationDomain } from './domains/verification/index.ts';
import type { HttpServer } from './http.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerErrorHandling } from './plugins/errors.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { genRequestId, registerRequestContext } from './plugins/request-context.ts';
import { registerStaticWeb } from './plugins/static-web.ts';

export interface AppDependencies {
  /** An open database; when absent `buildApp` opens one from the config and closes it with the app. */
  database?: DatabaseHandle;
  /** Close the database when the app closes (default: only when `buildApp` opened it). */
  closeDatabase?: boolean;
  /** Field encryption; default: keyring from ANZHENG_MASTER_KEY or DATA_DIR/keys. */
  fieldCipher?: FieldCipher;
  /** Current time (tests move it to check session expiry). */
  clock?: () => Date;
  /** Extra routes registered before the app is sealed (embedding, and tests of the plugins). */
  extraRoutes?: (app: HttpServer) => void;
}

/** Services other code (CLI, demo seeding, tests) may call directly, bypassing HTTP. */
export interface AppServices {
  audit: ReturnType<typeof createAuditService>;
  identity: ReturnType<typeof createIdentityService>;
}

export type App = HttpServer & { database: DatabaseHandle; services: AppServices };

/**
 * The whole wiring in one place (CONVENTIONS: reading order). Builds repositories and
 * services with plain factory functions and registers each domain's routes. Does not
 * listen: `main.ts` does, tests `inject`.
 */
export async function buildApp(config: AppConfig, deps: AppDependencies = {}): Promise<App> {
  const closeDatabase = deps.closeDatabase ?? deps.database === undefined;
  const database =
    deps.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));

  const app = Fastify({
    logger: { level: config.logLevel },
    genReqId: genRequestId,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: 1024 * 1024,
    ajv: {
      // Unknown body fields are errors, not silently removed (DESIGN §5).
      customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array', useDefaults: true },
    },
  }).withTypeProvider<TypeBoxTypeProvider>() as HttpServer;

  const clock = deps.clock ?? (() => new Date());
  const fieldCipher =
    deps.fieldCipher ??
    createFieldCipher({
      keyring: loadKeyring({
        env: process.env,
        dataDir: config.dataDir,
        production: config.nodeEnv === 'production',
      }).keyring,
    });

  app.decorate('database', database);
  registerRequestContext(app);
  registerErrorHandling(app);
  await app.register(cookie);
  await registerOpenApi(app);

  // Domains: repositories and services built here, dependencies passed in.
  const audit = createAuditService(database.db);
  const identity = createIdentityService({
    db: database.db,
    audit,
    cipher: fieldCipher,
    security: config.security,
    clock,
  });
  registerAuth(app, identity.resolveActor, audit);
  app.decorate('services', { audit, identity } satisfies AppServices);

  registerSystemRoutes(app, createSystemService(database));
  registerIdentityRoutes(app, identity, {
    secure: config.security.cookieSecure,
    maxAgeSeconds: config.security.sessionAbsoluteHours * 3600,
  });
  registerAuditRoutes(app, audit);
  const reference = await registerReferenceDomain(app, { db: database.db, audit });
  const ledger = await registerLedgerDomain(app, { db: database.db, audit, config, clock });
  const registry = await registerRegistryDomain(app, {
    db: database.db,
    audit,
    cipher: fieldCipher,
    config,
    clock,
  });
  const domainDeps = { db: database.db, audit, cipher: fieldCipher, config, clock, registry };
  await registerImportsDomain(app, domainDeps);
  const applications = await registerApplicationDomain(app, { ...domainDeps, reference });
  const certificates = await registerCertificateDomain(app, {
    ...domainDeps,
    reference,
    ledger,
    applications,
  });
  await registerCertificateOutputs(app, { ...domainDeps, certificates });
  await registerVerificationDomain(app, { ...domainDeps, certificates });
  await registerExamDomain(app, { ...domainDeps, reference, ledger, applications });

  deps.extraRoutes?.(app);
  await registerStaticWeb(app, config.webDistDir);

  if (closeDatabase) app.addHook('onClose', async () => database.close());
  await app.ready();
  return app as unknown as App;
}
