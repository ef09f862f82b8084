import { canonicalize, sha256, toHex, utf8Encode } from '@anzheng/crypto';

/** prev_hash of the first event: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** The hashed content of one audit event (every column but `hash`). */
export interface AuditChainFields {
  id: number;
  occurredAt: string;
  actorKind: string | null;
  actorId: number | null;
  actorName: string | null;
  actorRoles: string[];
  action: string;
  targetType: string | null;
  targetId: string | null;
  result: string;
  ip: string | null;
  requestId: string | null;
  details: unknown;
  prevHash: string;
}

/** SHA-256 (hex) over the RFC 8785 canonical JSON of the event and its predecessor's hash. */
export function auditEventHash(fields: AuditChainFields): string {
  return toHex(sha256(utf8Encode(canonicalize(fields))));
}
