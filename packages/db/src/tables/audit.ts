import type { Generated } from 'kysely';
import type { JsonValue, TablesSpec } from './spec.ts';

/**
 * 审计事件 — one security or business event (NFR-SEC-2). Append-only and hash-chained:
 * `hash` = SHA-256 over the canonical JSON of the row's content and `prev_hash`.
 */
export interface AuditEventTable {
  id: Generated<number>;
  occurred_at: Date;
  actor_kind: string | null;
  actor_id: number | null;
  actor_name: string | null;
  actor_roles: string[];
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** 'success' | 'failure' | 'denied' */
  result: string;
  ip: string | null;
  request_id: string | null;
  details: JsonValue;
  prev_hash: string;
  hash: string;
}

export interface AuditTables {
  audit_event: AuditEventTable;
}

export const auditSpec: TablesSpec<AuditTables> = {
  audit_event: {
    id: { type: 'bigint', nullable: false },
    occurred_at: { type: 'timestamp with time zone', nullable: false },
    actor_kind: { type: 'text', nullable: true },
    actor_id: { type: 'bigint', nullable: true },
    actor_name: { type: 'text', nullable: true },
    actor_roles: { type: 'ARRAY', nullable: false },
    action: { type: 'text', nullable: false },
    target_type: { type: 'text', nullable: true },
    target_id: { type: 'text', nullable: true },
    result: { type: 'text', nullable: false },
    ip: { type: 'text', nullable: true },
    request_id: { type: 'text', nullable: true },
    details: { type: 'jsonb', nullable: false },
    prev_hash: { type: 'text', nullable: false },
    hash: { type: 'text', nullable: false },
  },
};
