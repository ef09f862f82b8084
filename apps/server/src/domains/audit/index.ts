export { auditEventHash, GENESIS_HASH } from './audit.chain.ts';
export { registerAuditRoutes } from './audit.routes.ts';
export {
  type AuditEntry,
  type AuditService,
  type AuditSubject,
  type AuditVerifyResult,
  createAuditService,
} from './audit.service.ts';
