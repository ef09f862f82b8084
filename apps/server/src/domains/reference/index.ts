import type { Database } from '@anzheng/db';
import type { Kysely } from 'kysely';
import type { HttpServer } from '../../http.ts';
import type { AuditService } from '../audit/audit.service.ts';
import {
  createDivisionService,
  type DivisionService,
  registerJurisdictionRoutes,
} from '../jurisdiction/index.ts';
import { registerReferenceRoutes } from './reference.routes.ts';
import { createReferenceService, type ReferenceService } from './reference.service.ts';

export { LEVELS, type LevelCode, levelByCode } from '@anzheng/contracts';
export { can as canChangeReference, isNationalReferenceAdmin } from './reference.policy.ts';
export { RULE_PARAMETERS, SEED_EFFECTIVE_FROM } from './reference.seed.ts';
export {
  createReferenceService,
  type ReferenceService,
  type ResolvedRule,
  type ResolveRuleQuery,
  resolveRuleValue,
  todayInShanghai,
} from './reference.service.ts';
export { REFERENCE_DATA_VERSION_KEY, type SyncReport, syncReferenceData } from './reference.sync.ts';
export { EDUCATION_LEVELS, type EducationCode, RULE_KEYS } from './rule-keys.ts';
export { type RuleCandidate, type RuleQuery, selectRuleParameter } from './rule-resolution.ts';

export interface ReferenceDomainDeps {
  db: Kysely<Database>;
  audit: AuditService;
}

export interface ReferenceDomain {
  divisions: DivisionService;
  reference: ReferenceService;
}

/**
 * Divisions, industries, certificate types and rule parameters: registers the public
 * division, industry and certificate-type routes and the rule-parameter routes. The data
 * itself is loaded by `syncReferenceData` when the database is prepared (server start-up,
 * `anzheng migrate`, the test template), not here, so building an app never writes.
 */
export async function registerReferenceDomain(
  app: HttpServer,
  deps: ReferenceDomainDeps,
): Promise<ReferenceDomain> {
  const divisions = createDivisionService(deps.db);
  const reference = createReferenceService({ db: deps.db, audit: deps.audit, divisions });
  registerJurisdictionRoutes(app, divisions);
  registerReferenceRoutes(app, reference);
  return { divisions, reference };
}
