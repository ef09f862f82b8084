import type { Database, JsonValue } from '@anzheng/db';
import type { Kysely } from 'kysely';
import type { Actor, RequestContext } from '../identity/actor.ts';
import { type AuditChainFields, auditEventHash, GENESIS_HASH } from './audit.chain.ts';
import {
  type AuditEventFilter,
  type AuditEventRow,
  insertAuditEvent,
  iterateAuditEvents,
  listAuditEvents,
  lockChainHead,
} from './audit.repository.ts';

export type AuditResult = 'success' | 'failure' | 'denied';

/** What happened; the actor and request context come from the caller. */
export interface AuditEntry {
  /** dotted verb, e.g. 'auth.login', 'user.create', 'certificate-type.update' */
  action: string;
  targetType?: string | undefined;
  targetId?: string | number | undefined;
  result?: AuditResult;
  details?: Record<string, JsonValue | null>;
}

/** An authenticated actor, or just the request context of an anonymous caller. */
export type AuditSubject = Actor | (RequestContext & { username?: string });

function isActor(s: AuditSubject): s is Actor {
  return 'kind' in s && 'roles' in s;
}

export interface AuditService {
  /** Appends one event inside the caller's transaction (NFR-SEC-2: audit with the change). */
  record(trx: Kysely<Database>, subject: AuditSubject, entry: AuditEntry): Promise<void>;
  /** Appends one event in its own transaction (failed logins, denials: nothing else to commit). */
  recordAlone(subject: AuditSubject, entry: AuditEntry): Promise<void>;
  list(filter: AuditEventFilter): Promise<AuditEventRow[]>;
  verify(): Promise<AuditVerifyResult>;
}

export type AuditVerifyResult =
  | { ok: true; count: number; headHash: string }
  | { ok: false; count: number; brokenId: number; reason: string };

export function rowToChainFields(row: AuditEventRow): AuditChainFields {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorRoles: row.actor_roles,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    result: row.result,
    ip: row.ip,
    requestId: row.request_id,
    details: row.details,
    prevHash: row.prev_hash,
  };
}

export function createAuditService(db: Kysely<Database>): AuditService {
  async function record(trx: Kysely<Database>, subject: AuditSubject, entry: AuditEntry): Promise<void> {
    const head = await lockChainHead(trx);
    // Millisecond precision so the hashed ISO string survives the round trip through timestamptz.
    const occurredAt = new Date(Math.floor(Date.now()));
    const actor = isActor(subject) ? subject : undefined;
    const fields: AuditChainFields = {
      id: (head?.id ?? 0) + 1,
      occurredAt: occurredAt.toISOString(),
      actorKind: actor?.kind ?? null,
      actorId: actor?.id ?? null,
      actorName: actor?.username ?? (!isActor(subject) ? (subject.username ?? null) : null),
      actorRoles: actor ? [...new Set(actor.roles.map((r) => r.role))].sort() : [],
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId === undefined ? null : String(entry.targetId),
      result: entry.result ?? 'success',
      ip: subject.ip || null,
      requestId: subject.requestId || null,
      details: entry.details ?? {},
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    await insertAuditEvent(trx, {
      id: fields.id,
      occurred_at: occurredAt,
      actor_kind: fields.actorKind,
      actor_id: fields.actorId,
      actor_name: fields.actorName,
      actor_roles: fields.actorRoles,
      action: fields.action,
      target_type: fields.targetType,
      target_id: fields.targetId,
      result: fields.result,
      ip: fields.ip,
      request_id: fields.requestId,
      details: (entry.details ?? {}) as JsonValue,
      prev_hash: fields.prevHash,
      hash: auditEventHash(fields),
    });
  }

  return {
    record,
    recordAlone: (subject, entry) => db.transaction().execute((trx) => record(trx, subject, entry)),
    list: (filter) => listAuditEvents(db, filter),
    async verify() {
      let prev = GENESIS_HASH;
      let expectedId = 1;
      let count = 0;
      for await (const row of iterateAuditEvents(db)) {
        if (row.id !== expectedId) {
          return {
            ok: false,
            count,
            brokenId: row.id,
            reason: `编号不连续：应为 ${expectedId}，实际为 ${row.id}（有事件被删除）`,
          };
        }
        if (row.prev_hash !== prev) {
          return { ok: false, count, brokenId: row.id, reason: 'prev_hash 与上一条事件的哈希不一致' };
        }
        const hash = auditEventHash(rowToChainFields(row));
        if (hash !== row.hash) {
          return { ok: false, count, brokenId: row.id, reason: '事件内容与其哈希不一致（内容被篡改）' };
        }
        prev = row.hash;
        expectedId++;
        count++;
      }
      return { ok: true, count, headHash: prev };
    },
  };
}
