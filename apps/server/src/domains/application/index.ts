import type { FieldCipher } from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../config.ts';
import type { HttpServer } from '../../http.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { ReferenceDomain } from '../reference/index.ts';
import type { RegistryDomain } from '../registry/index.ts';
import { registerApplicationRoutes } from './application.routes.ts';
import { type ApplicationService, createApplicationService } from './application.service.ts';
import { referenceDataLoaded, syncEligibilityRules } from './eligibility.defaults.ts';
import { createEligibilityService, type EligibilityService } from './eligibility.service.ts';

export * from './application.errors.ts';
export { applicationAbilities, canOnApplication } from './application.policy.ts';
export { insertHeldCertificates } from './application.repository.ts';
export { type ApplicationService, createApplicationService } from './application.service.ts';
export { allowedActions, nextState, TRANSITIONS } from './application.state.ts';
export { defaultEligibilityRules, syncEligibilityRules } from './eligibility.defaults.ts';
export {
  type EligibilityProfile,
  type EligibilityRule,
  evaluateEligibility,
  experienceDays,
} from './eligibility.evaluate.ts';
export { checkRuleParams, RULE_PARAM_SCHEMAS } from './eligibility.kinds.ts';
export { selectEligibilityRules, toEligibilityRule } from './eligibility.resolution.ts';
export { createEligibilityService, type EligibilityService } from './eligibility.service.ts';

export interface ApplicationDomainDeps {
  db: Kysely<Database>;
  audit: AuditService;
  cipher: FieldCipher;
  config: AppConfig;
  clock: () => Date;
  registry: RegistryDomain;
  reference: ReferenceDomain;
}

export interface ApplicationDomain {
  eligibility: EligibilityService;
  applications: ApplicationService;
  /** For the demo seed, which builds person records (encrypted identity numbers) in bulk. */
  cipher: FieldCipher;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Eligibility and application services, for code that runs beside HTTP (demo seed, CLI). */
    applicationDomain: ApplicationDomain;
  }
}

/**
 * Eligibility engine (layered rules, sanctions) and applications (draft → submitted →
 * under review → approved / rejected, with returns): docs/eligibility.md. Registers the
 * 'application' document owner type with the registry. The default rules are written by
 * `prepareDatabase` (with the reference data); should they be missing, the first
 * evaluation inserts them — building the app never writes.
 */
export async function registerApplicationDomain(
  app: HttpServer,
  deps: ApplicationDomainDeps,
): Promise<ApplicationDomain> {
  let rulesReady = false;
  async function ensureDefaultRules(): Promise<void> {
    if (rulesReady) return;
    if (!(await referenceDataLoaded(deps.db))) return;
    await syncEligibilityRules(deps.db);
    rulesReady = true;
  }
  const eligibility = createEligibilityService({
    db: deps.db,
    audit: deps.audit,
    clock: deps.clock,
    ensureRules: ensureDefaultRules,
    registry: deps.registry.registry,
    divisions: deps.reference.divisions,
  });
  const applications = createApplicationService({
    db: deps.db,
    audit: deps.audit,
    registry: deps.registry.registry,
    divisions: deps.reference.divisions,
    eligibility,
  });
  deps.registry.documents.registerOwnerType('application', applications.documentAccess);
  registerApplicationRoutes(app, applications, eligibility);
  const domain: ApplicationDomain = { eligibility, applications, cipher: deps.cipher };
  app.decorate('applicationDomain', domain);
  return domain;
}
