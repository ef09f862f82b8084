import type { FieldCipher } from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import type { Kysely } from 'kysely';
import { type AppConfig, ConfigError } from '../../config.ts';
import type { HttpServer } from '../../http.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { createBlobStore } from './registry.blobs.ts';
import { createDocumentService, type DocumentService } from './registry.documents.ts';
import { registerRegistryRoutes } from './registry.routes.ts';
import { createRegistryService, type RegistryService } from './registry.service.ts';

export { type BlobStore, createBlobStore, sniffMediaType } from './registry.blobs.ts';
export type { DocumentOwnerAccess, DocumentOwnerType, DocumentService } from './registry.documents.ts';
export * from './registry.errors.ts';
export {
  canOnEnterprise,
  canOnPerson,
  type EnterpriseAction,
  type PersonAction,
  REGISTRY_EDITORS,
} from './registry.policy.ts';
export {
  AAD,
  checkCreditCode,
  checkIdNumber,
  createEnterpriseRecord,
  createPersonRecord,
  type EnterpriseRecordInput,
  idNumberIndex,
  linkPersonAccount,
  type PersonRecordInput,
  uuidv7,
} from './registry.records.ts';
export type {
  DocumentRow,
  EducationRow,
  EnterpriseRow,
  OrganisationRow,
  PersonRow,
  StaffRow,
  TrainingRow,
  WorkRow,
} from './registry.repository.ts';
export { createRegistryService, type PersonProfile, type RegistryService } from './registry.service.ts';

export interface RegistryDomainDeps {
  db: Kysely<Database>;
  audit: AuditService;
  cipher: FieldCipher;
  config: AppConfig;
  clock: () => Date;
}

export interface RegistryDomain {
  registry: RegistryService;
  documents: DocumentService;
}

export interface RegistrySettings {
  /** Upper bound of one uploaded document in bytes (ANZHENG_UPLOAD_MAX_BYTES, default 10 MB). */
  uploadMaxBytes: number;
}

export const DEFAULT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

/** Registry settings from the environment; throws ConfigError naming a bad value. */
export function loadRegistrySettings(
  env: Record<string, string | undefined> = process.env,
): RegistrySettings {
  const raw = env.ANZHENG_UPLOAD_MAX_BYTES?.trim();
  if (!raw) return { uploadMaxBytes: DEFAULT_UPLOAD_MAX_BYTES };
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 1024 * 1024 * 1024) {
    throw new ConfigError([`ANZHENG_UPLOAD_MAX_BYTES=${raw}：必须是 1–1073741824 之间的整数（字节）`]);
  }
  return { uploadMaxBytes: n };
}

/**
 * Persons (一人一档), enterprises and their staff, training providers / assessment bodies,
 * and uploaded documents (docs/registry.md). Returns the services for other domains.
 */
export async function registerRegistryDomain(
  app: HttpServer,
  deps: RegistryDomainDeps,
): Promise<RegistryDomain> {
  const settings = loadRegistrySettings();
  const registry = createRegistryService(deps);
  const documents = createDocumentService({
    db: deps.db,
    audit: deps.audit,
    blobs: createBlobStore(deps.config.dataDir),
    registry,
  });
  registerRegistryRoutes(app, registry, documents, settings);
  return { registry, documents };
}
