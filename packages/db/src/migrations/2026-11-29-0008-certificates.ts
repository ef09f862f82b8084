import { type Kysely, sql } from 'kysely';
import { makeAppendOnly } from '../append-only.ts';

/**
 * Certificates (docs/certificates.md): the certificate record and its signed claims, its
 * append-only event history, serial counters for numbering, issuer signing keys, the signed
 * trust list versions, Bitstring Status Lists and holder share links. Replaces the interim
 * `held_certificate` of 0007 (its rows are kept; the eligibility engine reads `certificate`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const STATUSES = `'valid', 'suspended', 'revoked', 'cancelled', 'expired', 'replaced'`;
  const EVENTS = `'issued', 'renewed', 'extended', 'suspended', 'reinstated', 'revoked', 'cancelled', 'expired', 'replaced'`;

  await db.schema
    .createTable('status_list')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // Number of entries (bits) in each purpose's bitstring; W3C minimum 131,072.
    .addColumn('length', 'integer', (c) => c.notNull().check(sql`length >= 131072`))
    .addColumn('allocated', 'integer', (c) => c.notNull().defaultTo(0).check(sql`allocated >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('status_list_capacity_check', sql`allocated <= length`)
    .execute();

  await db.schema
    .createTable('signing_key')
    // Key id as published in the trust list (e.g. `ed25519:<hex of first 8 bytes of SHA-256(public key)>`).
    .addColumn('id', 'text', (c) => c.primaryKey())
    // 'issuer' signs certificate claims and VCs; 'trust' signs trust-list versions.
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('issuer', 'trust')`))
    // Issuing authority: division code of the province (or '000000' national); null for 'trust'.
    .addColumn('issuer_code', 'text', (c) => c.check(sql`issuer_code ~ '^[0-9]{6}$'`))
    .addColumn('suite', 'text', (c) => c.notNull().check(sql`suite in ('ed25519', 'sm2-sm3')`))
    // Raw public key, base64 (32 bytes Ed25519; 65 bytes uncompressed SM2 point).
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'timestamptz', (c) => c.notNull())
    // Signatures by this key are accepted for objects signed before this instant; null = open.
    .addColumn('valid_until', 'timestamptz')
    // No longer used for new signatures (rotation); still trusted for what it signed.
    .addColumn('retired_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'signing_key_issuer_check',
      sql`(purpose = 'issuer' and issuer_code is not null) or (purpose = 'trust' and issuer_code is null)`,
    )
    .execute();
  // At most one active (not retired) key per issuer and suite.
  await sql`create unique index signing_key_active_key on signing_key (purpose, coalesce(issuer_code, ''), suite)
    where retired_at is null`.execute(db);

  await db.schema
    .createTable('trust_list_version')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    // The whole signed trust list document as served on /.well-known/anzheng/trust.json.
    .addColumn('document', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(document) = 'object'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await makeAppendOnly(db, 'trust_list_version');

  await db.schema
    .createTable('certificate_serial')
    .addColumn('province_code', 'text', (c) => c.notNull().check(sql`province_code ~ '^[0-9]{2}$'`))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 1990 and 2099`))
    .addColumn('last_serial', 'integer', (c) => c.notNull().check(sql`last_serial between 0 and 999999`))
    .addPrimaryKeyConstraint('certificate_serial_pkey', ['province_code', 'year'])
    .execute();

  await db.schema
    .createTable('certificate')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('number', 'text', (c) => c.notNull().unique().check(sql`number ~ '^[0-9]{15}[0-9X]$'`))
    .addColumn('elicense_id', 'text', (c) => c.notNull().unique())
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id'))
    .addColumn('certificate_type_code', 'text', (c) => c.notNull().references('certificate_type.code'))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('industry_code', 'text', (c) => c.references('industry.code'))
    // Division whose regulators manage the certificate (the application's division).
    .addColumn('division_code', 'text', (c) =>
      c.notNull().references('division.code').check(sql`division_code ~ '^[0-9]{6}$'`),
    )
    .addColumn('province_code', 'text', (c) => c.notNull().check(sql`province_code ~ '^[0-9]{2}$'`))
    // Issuing authority (division code, province level or '000000') and its name as printed.
    .addColumn('issuer_code', 'text', (c) => c.notNull().check(sql`issuer_code ~ '^[0-9]{6}$'`))
    .addColumn('issuer_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in (${STATUSES})`)))
    .addColumn('status_reason', 'text')
    .addColumn('status_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('first_issued_on', 'date', (c) => c.notNull())
    .addColumn('valid_from', 'date', (c) => c.notNull())
    .addColumn('valid_until', 'date', (c) => c.notNull())
    .addColumn('extension_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('application_id', 'bigint', (c) => c.references('application.id'))
    // Scores the issuance rests on ({ theory, practical, performance, composite, source }).
    .addColumn('assessment', 'jsonb')
    .addColumn('replaces_id', 'bigint', (c) => c.references('certificate.id'))
    // SHA-256(salt ‖ ID number ‖ name), hex; the salt (base64url, 16 bytes) is in the holder's bundle.
    .addColumn('holder_commitment', 'text', (c) =>
      c.notNull().check(sql`holder_commitment ~ '^[0-9a-f]{64}$'`),
    )
    .addColumn('holder_salt', 'text', (c) => c.notNull())
    // Current signed claims (canonical JSON object), signature (base64) and key.
    .addColumn('claims', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(claims) = 'object'`))
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('suite', 'text', (c) => c.notNull().check(sql`suite in ('ed25519', 'sm2-sm3')`))
    .addColumn('key_id', 'text', (c) => c.notNull().references('signing_key.id'))
    // Bumped whenever the claims are re-signed (renewal, extension).
    .addColumn('claims_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status_list_id', 'integer', (c) => c.notNull().references('status_list.id'))
    .addColumn('status_list_index', 'integer', (c) => c.notNull().check(sql`status_list_index >= 0`))
    // The ledger entry that logged the current claims (the bundle proves its inclusion).
    .addColumn('ledger_entry_id', 'bigint', (c) => c.notNull().references('ledger_entry.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('certificate_validity_check', sql`valid_until >= valid_from`)
    .addUniqueConstraint('certificate_status_slot_key', ['status_list_id', 'status_list_index'])
    .execute();
  await db.schema
    .createIndex('certificate_person_idx')
    .on('certificate')
    .columns(['person_id', 'id'])
    .execute();
  await sql`create index certificate_division_idx on certificate (division_code text_pattern_ops, id)`.execute(
    db,
  );
  await db.schema
    .createIndex('certificate_status_idx')
    .on('certificate')
    .columns(['status', 'valid_until'])
    .execute();
  await db.schema
    .createIndex('certificate_application_key')
    .on('certificate')
    .column('application_id')
    .unique()
    .where(sql.ref('application_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('certificate_event')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('certificate_id', 'bigint', (c) => c.notNull().references('certificate.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql.raw(`kind in (${EVENTS})`)))
    .addColumn('from_status', 'text', (c) => c.check(sql.raw(`from_status in (${STATUSES})`)))
    .addColumn('to_status', 'text', (c) => c.notNull().check(sql.raw(`to_status in (${STATUSES})`)))
    .addColumn('reason', 'text')
    // Legal basis / ground code, e.g. 'forgery' | 'lending' | 'major_accident' for revocations.
    .addColumn('basis', 'text')
    .addColumn('details', 'jsonb')
    // Several certificates acted on with one reason share a batch id.
    .addColumn('batch_id', 'uuid')
    .addColumn('actor_id', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('ledger_entry_id', 'bigint', (c) => c.notNull().references('ledger_entry.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('certificate_event_certificate_idx')
    .on('certificate_event')
    .columns(['certificate_id', 'id'])
    .execute();
  await makeAppendOnly(db, 'certificate_event');

  await db.schema
    .createTable('share_link')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique())
    // SHA-256 of the random token in the link; the token itself is shown once.
    .addColumn('token_hash', 'bytea', (c) => c.notNull().unique())
    .addColumn('certificate_id', 'bigint', (c) => c.notNull().references('certificate.id'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`length(trim(purpose)) between 1 and 200`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('use_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('share_link_certificate_idx')
    .on('share_link')
    .columns(['certificate_id', 'id'])
    .execute();
}
