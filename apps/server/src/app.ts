import { type DatabaseHandle, openDatabase } from '@anzheng/db';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import type { AppConfig } from './config.ts';
import { createSystemService, registerSystemRoutes } from './domains/system/index.ts';
import type { HttpServer } from './http.ts';
import { registerErrorHandling } from './plugins/errors.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { genRequestId, registerRequestContext } from './plugins/request-context.ts';
import { registerStaticWeb } from './plugins/static-web.ts';

export interface AppDependencies {
  /** An open database; when absent `buildApp` opens one from the config and closes it with the app. */
  database?: DatabaseHandle;
  /** Close the database when the app closes (default: only when `buildApp` opened it). */
  closeDatabase?: boolean;
  /** Extra routes registered before the app is sealed (embedding, and tests of the plugins). */
  extraRoutes?: (app: HttpServer) => void;
}

export type App = HttpServer & { database: DatabaseHandle };

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

  app.decorate('database', database);
  registerRequestContext(app);
  registerErrorHandling(app);
  await registerOpenApi(app);

  // Domains
  registerSystemRoutes(app, createSystemService(database));

  deps.extraRoutes?.(app);
  await registerStaticWeb(app, config.webDistDir);

  if (closeDatabase) app.addHook('onClose', async () => database.close());
  await app.ready();
  return app as unknown as App;
}
