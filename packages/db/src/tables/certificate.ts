import type { Generated } from 'kysely';
import type { JsonValue, TablesSpec } from './spec.ts';

/** Bitstring Status List (W3C): one list of `length` slots, shared by the revocation and suspension purposes. */
export interface StatusListTable {
  id: Generated<number>;
  length: number;
  allocated: Generated<number>;
  created_at: Generated<Date>;
}

/** A public signing key; the private half lives in DATA_DIR/keys or the configuration, never here. */
export interface SigningKeyTable {
  id: string;
  /** 'issuer' | 'trust' */
  purpose: string;
  issuer_code: string | null;
  /** 'ed25519' | 'sm2-sm3' */
  suite: string;
  public_key: string;
  valid_from: Date;
  valid_until: Date | null;
  retired_at: Date | null;
  created_at: Generated<Date>;
}

/** One signed version of the trust list (append-only). */
export interface TrustListVersionTable {
  version: number;
  document: JsonValue;
  created_at: Generated<Date>;
}

/** Serial counter per province and year of first issue (docs/certificate-number.md). */
export interface CertificateSerialTable {
  province_code: string;
  year: number;
  last_serial: number;
}

/** 证书 — one certificate (REQ-CERT-1..5). */
export interface CertificateTable {
  id: Generated<number>;
  public_id: string;
  number: string;
  elicense_id: string;
  person_id: number;
  certificate_type_code: string;
  level: string;
  industry_code: string | null;
  division_code: string;
  province_code: string;
  issuer_code: string;
  issuer_name: string;
  /** 'valid' | 'suspended' | 'revoked' | 'cancelled' | 'expired' | 'replaced' */
  status: string;
  status_reason: string | null;
  status_changed_at: Generated<Date>;
  first_issued_on: string;
  valid_from: string;
  valid_until: string;
  extension_count: Generated<number>;
  application_id: number | null;
  assessment: JsonValue | null;
  replaces_id: number | null;
  holder_commitment: string;
  holder_salt: string;
  claims: JsonValue;
  signature: string;
  suite: string;
  key_id: string;
  claims_version: Generated<number>;
  status_list_id: number;
  status_list_index: number;
  ledger_entry_id: number;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One lifecycle event of a certificate (append-only), each also logged (`ledger_entry_id`). */
export interface CertificateEventTable {
  id: Generated<number>;
  certificate_id: number;
  /** 'issued' | 'renewed' | 'extended' | 'suspended' | 'reinstated' | 'revoked' | 'cancelled' | 'expired' | 'replaced' */
  kind: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  basis: string | null;
  details: JsonValue | null;
  batch_id: string | null;
  actor_id: number | null;
  actor_name: string;
  ledger_entry_id: number;
  at: Generated<Date>;
}

/** A holder's share link for a purpose (the token is shown once; only its hash is kept). */
export interface ShareLinkTable {
  id: Generated<number>;
  public_id: string;
  token_hash: Uint8Array;
  certificate_id: number;
  purpose: string;
  expires_at: Date;
  withdrawn_at: Date | null;
  use_count: Generated<number>;
  last_used_at: Date | null;
  created_by: number;
  created_at: Generated<Date>;
}

export interface CertificateTables {
  status_list: StatusListTable;
  signing_key: SigningKeyTable;
  trust_list_version: TrustListVersionTable;
  certificate_serial: CertificateSerialTable;
  certificate: CertificateTable;
  certificate_event: CertificateEventTable;
  share_link: ShareLinkTable;
}

const ts = { type: 'timestamp with time zone', nullable: false } as const;
const tsNull = { type: 'timestamp with time zone', nullable: true } as const;

export const certificateSpec: TablesSpec<CertificateTables> = {
  status_list: {
    id: { type: 'integer', nullable: false },
    length: { type: 'integer', nullable: false },
    allocated: { type: 'integer', nullable: false },
    created_at: ts,
  },
  signing_key: {
    id: { type: 'text', nullable: false },
    purpose: { type: 'text', nullable: false },
    issuer_code: { type: 'text', nullable: true },
    suite: { type: 'text', nullable: false },
    public_key: { type: 'text', nullable: false },
    valid_from: ts,
    valid_until: tsNull,
    retired_at: tsNull,
    created_at: ts,
  },
  trust_list_version: {
    version: { type: 'integer', nullable: false },
    document: { type: 'jsonb', nullable: false },
    created_at: ts,
  },
  certificate_serial: {
    province_code: { type: 'text', nullable: false },
    year: { type: 'integer', nullable: false },
    last_serial: { type: 'integer', nullable: false },
  },
  certificate: {
    id: { type: 'bigint', nullable: false },
    public_id: { type: 'uuid', nullable: false },
    number: { type: 'text', nullable: false },
    elicense_id: { type: 'text', nullable: false },
    person_id: { type: 'bigint', nullable: false },
    certificate_type_code: { type: 'text', nullable: false },
    level: { type: 'text', nullable: false },
    industry_code: { type: 'text', nullable: true },
    division_code: { type: 'text', nullable: false },
    province_code: { type: 'text', nullable: false },
    issuer_code: { type: 'text', nullable: false },
    issuer_name: { type: 'text', nullable: false },
    status: { type: 'text', nullable: false },
    status_reason: { type: 'text', nullable: true },
    status_changed_at: ts,
    first_issued_on: { type: 'date', nullable: false },
    valid_from: { type: 'date', nullable: false },
    valid_until: { type: 'date', nullable: false },
    extension_count: { type: 'integer', nullable: false },
    application_id: { type: 'bigint', nullable: true },
    assessment: { type: 'jsonb', nullable: true },
    replaces_id: { type: 'bigint', nullable: true },
    holder_commitment: { type: 'text', nullable: false },
    holder_salt: { type: 'text', nullable: false },
    claims: { type: 'jsonb', nullable: false },
    signature: { type: 'text', nullable: false },
    suite: { type: 'text', nullable: false },
    key_id: { type: 'text', nullable: false },
    claims_version: { type: 'integer', nullable: false },
    status_list_id: { type: 'integer', nullable: false },
    status_list_index: { type: 'integer', nullable: false },
    ledger_entry_id: { type: 'bigint', nullable: false },
    created_at: ts,
    updated_at: ts,
  },
  certificate_event: {
    id: { type: 'bigint', nullable: false },
    certificate_id: { type: 'bigint', nullable: false },
    kind: { type: 'text', nullable: false },
    from_status: { type: 'text', nullable: true },
    to_status: { type: 'text', nullable: false },
    reason: { type: 'text', nullable: true },
    basis: { type: 'text', nullable: true },
    details: { type: 'jsonb', nullable: true },
    batch_id: { type: 'uuid', nullable: true },
    actor_id: { type: 'bigint', nullable: true },
    actor_name: { type: 'text', nullable: false },
    ledger_entry_id: { type: 'bigint', nullable: false },
    at: ts,
  },
  share_link: {
    id: { type: 'bigint', nullable: false },
    public_id: { type: 'uuid', nullable: false },
    token_hash: { type: 'bytea', nullable: false },
    certificate_id: { type: 'bigint', nullable: false },
    purpose: { type: 'text', nullable: false },
    expires_at: ts,
    withdrawn_at: tsNull,
    use_count: { type: 'integer', nullable: false },
    last_used_at: tsNull,
    created_by: { type: 'bigint', nullable: false },
    created_at: ts,
  },
};
