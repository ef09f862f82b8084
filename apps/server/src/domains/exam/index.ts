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
import { type BankExcel, createBankExcel } from './bank.excel.ts';
import { type BankQti, createBankQti } from './bank.qti.ts';
import { registerBankRoutes } from './bank.routes.ts';
import { type BankService, createBankService } from './bank.service.ts';
import { registerBlueprintRoutes } from './blueprint.routes.ts';
import { type BlueprintService, createBlueprintService } from './blueprint.service.ts';
import { registerExamDelivery } from './delivery/index.ts';
import { registerSessionRoutes } from './session.routes.ts';
import { createSessionService, type SessionService } from './session.service.ts';

export {
  assemblePaper,
  blueprintCoverage,
  blueprintTotalPoints,
  matchesQuota,
  quotaLabel,
  seedToUint32,
} from './assembly.ts';
export { BANK_COLUMNS, rowToItem } from './bank.excel.ts';
export type { ItemVersionRow } from './bank.repository.ts';
export { type BankService, createBankService, versionView } from './bank.service.ts';
export { checkItemContent, competencyCodes, ITEM_TYPE_NAMES } from './bank.validate.ts';
export { DEFAULT_DURATION_MINUTES, defaultSections } from './blueprint.defaults.ts';
export {
  type BlueprintService,
  blueprintView,
  createBlueprintService,
  loadBank,
} from './blueprint.service.ts';
export * from './exam.errors.ts';
export {
  BANK_AUTHORS,
  canCheckIn,
  canManageSession,
  canReadRegistration,
  REGULATORS,
} from './exam.policy.ts';
export {
  createSessionService,
  type SessionService,
  startOffsetSeconds,
  ticketNumber,
} from './session.service.ts';

export interface ExamDomainDeps {
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

export interface ExamDomain {
  bank: BankService;
  bankExcel: BankExcel;
  bankQti: BankQti;
  blueprints: BlueprintService;
  sessions: SessionService;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Item bank, blueprints and sessions, for code beside HTTP (demo seed, CLI). */
    examDomain: ExamDomain;
  }
}

/** Base of public links (QR codes): ANZHENG_PUBLIC_URL, else a local placeholder. */
function publicUrl(): string {
  const v = process.env.ANZHENG_PUBLIC_URL?.trim();
  return v && /^https?:\/\//.test(v) ? v : 'https://anzheng.local';
}

/** Examination: item bank, blueprints, papers, sessions, attempts, grading, statistics (docs/exam.md). */
export async function registerExamDomain(app: HttpServer, deps: ExamDomainDeps): Promise<void> {
  const { db, audit, clock, cipher } = deps;
  const bank = createBankService({ db, audit, clock });
  const bankExcel = createBankExcel({ db, bank });
  const bankQti = createBankQti({ db, bank });
  const blueprints = createBlueprintService({ db, audit, clock });
  const sessions = createSessionService({ db, audit, cipher, clock, publicUrl: publicUrl() });
  registerBankRoutes(app, bank, bankExcel, bankQti);
  registerBlueprintRoutes(app, blueprints);
  registerSessionRoutes(app, sessions);
  app.decorate('examDomain', { bank, bankExcel, bankQti, blueprints, sessions } satisfies ExamDomain);
  await registerExamDelivery(app, deps);
}
