import { randomBytes } from 'node:crypto';
import { NotFoundError } from '@anzheng/contracts';
import {
  canonicalBytes,
  concatBytes,
  fromBase64,
  generateSigningKey,
  type SigningKeyPair,
  sha256,
  sign,
  toBase64,
  toBase64url,
  toHex,
  utf8Encode,
} from '@anzheng/crypto';
import { formatCertificateNumber } from '@anzheng/identifiers';
import type {
  CertificateBundle,
  CertificateClaims,
  CertificateEntryData,
  TrustList,
} from '@anzheng/verifier';
import type { HttpServer } from '../../../../http.ts';
import { type Actor, hasRole, inDivisionScope } from '../../../identity/actor.ts';
import { DIVISION_ROLES } from '../../../identity/roles.ts';
import { appendEntry } from '../../../ledger/index.ts';
import type { CertificateDomain, CertificateRecord } from '../../certificate.domain.ts';
import type { CertificateDomainDeps } from '../../index.ts';

/**
 * A CertificateDomain over rows this helper writes itself (person → certificate + signing key +
 * status list + ledger entry), so the outputs' tests do not wait for the certificate core.
 * Tests swap it in with `vi.mock('../index.ts', …)`; after integration they can move to the
 * real issuance path.
 */
export interface FakeCertificates extends CertificateDomain {
  issue(input: FakeIssueInput): Promise<CertificateRecord>;
  setStatus(number: string, status: CertificateRecord['status']): Promise<void>;
  keyOf(issuerCode: string): Promise<SigningKeyPair>;
}

export interface FakeIssueInput {
  personId: number;
  idNumber: string;
  holderName: string;
  level?: 'junior' | 'intermediate' | 'senior';
  divisionCode?: string;
  issuerCode?: string;
  issuerName?: string;
  status?: CertificateRecord['status'];
  photoDocumentId?: number | null;
}

export const PUBLIC_BASE_URL = 'https://anzheng.test';
const LEVEL_DIGIT = { junior: 1, intermediate: 2, senior: 3 } as const;
const ISSUER_NAMES: Record<string, string> = { '000000': '应急管理部', '440000': '广东省应急管理厅' };

/** The current fake (set when the app is built). */
export const fake: { current?: FakeCertificates } = {};

export async function registerFakeCertificateDomain(
  _app: HttpServer,
  deps: CertificateDomainDeps,
): Promise<CertificateDomain> {
  const { db, ledger, clock } = deps;
  const keys = new Map<string, SigningKeyPair>();
  const photos = new Map<number, number | null>();
  const checkKey = randomBytes(32);
  let serial = Math.floor(Math.random() * 900_000);

  async function keyOf(issuerCode: string): Promise<SigningKeyPair> {
    let key = keys.get(issuerCode);
    if (!key) {
      key = generateSigningKey('ed25519');
      keys.set(issuerCode, key);
      await db
        .insertInto('signing_key')
        .values({
          id: key.keyId,
          purpose: 'issuer',
          issuer_code: issuerCode,
          suite: 'ed25519',
          public_key: key.publicKey,
          valid_from: new Date(clock().getTime() - 86_400_000),
          valid_until: null,
          retired_at: null,
        })
        .execute();
    }
    return key;
  }

  async function statusListId(): Promise<{ id: number; index: number }> {
    return db.transaction().execute(async (trx) => {
      let list = await trx
        .selectFrom('status_list')
        .select(['id', 'allocated'])
        .where(({ eb, ref }) => eb('allocated', '<', ref('length')))
        .orderBy('id')
        .forUpdate()
        .executeTakeFirst();
      list ??= await trx
        .insertInto('status_list')
        .values({ length: 131_072 })
        .returning(['id', 'allocated'])
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('status_list')
        .set({ allocated: list.allocated + 1 })
        .where('id', '=', list.id)
        .execute();
      return { id: list.id, index: list.allocated };
    });
  }

  async function load(number: string): Promise<CertificateRecord | undefined> {
    const row = await db
      .selectFrom('certificate')
      .innerJoin('person', 'person.id', 'certificate.person_id')
      .innerJoin('certificate_type', 'certificate_type.code', 'certificate.certificate_type_code')
      .selectAll('certificate')
      .select([
        'person.public_id as person_public_id',
        'person.name as holder_name',
        'person.id_number_masked',
        'certificate_type.name as type_name',
      ])
      .where('certificate.number', '=', number)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      publicId: row.public_id,
      number: row.number,
      elicenseId: row.elicense_id,
      personId: row.person_id,
      personPublicId: row.person_public_id,
      holderName: row.holder_name,
      holderIdMasked: row.id_number_masked,
      holderPhotoDocumentId: photos.get(row.id) ?? null,
      certificateTypeCode: row.certificate_type_code,
      certificateTypeName: row.type_name,
      level: row.level,
      industryCode: row.industry_code,
      divisionCode: row.division_code,
      issuerCode: row.issuer_code,
      issuerName: row.issuer_name,
      status: row.status as CertificateRecord['status'],
      statusReason: row.status_reason,
      firstIssuedOn: row.first_issued_on,
      validFrom: row.valid_from,
      validUntil: row.valid_until,
      statusListId: row.status_list_id,
      statusListIndex: row.status_list_index,
      claims: row.claims as unknown as CertificateClaims,
      signature: { suite: 'ed25519', keyId: row.key_id, value: row.signature },
    };
  }

  const domain: FakeCertificates = {
    publicBaseUrl: PUBLIC_BASE_URL,
    keyOf,
    findByNumber: load,

    async getForActor(actor: Actor, number: string) {
      const record = await load(number);
      const holder =
        record &&
        (await db
          .selectFrom('person')
          .select('user_id')
          .where('id', '=', record.personId)
          .executeTakeFirst());
      const mayRead =
        record &&
        (inDivisionScope(actor, record.divisionCode, DIVISION_ROLES) ||
          (hasRole(actor, 'holder') && holder?.user_id === actor.id));
      if (!record || !mayRead) throw new NotFoundError('CERTIFICATE_NOT_FOUND', '证书不存在');
      return record;
    },

    async issue(input) {
      const level = input.level ?? 'senior';
      const issuerCode = input.issuerCode ?? '440000';
      const issuerName = input.issuerName ?? ISSUER_NAMES[issuerCode] ?? '发证机关';
      const key = await keyOf(issuerCode);
      const now = clock();
      const today = now.toISOString().slice(0, 10);
      const until = `${Number(today.slice(0, 4)) + 3}${today.slice(4)}`;
      serial += 1;
      const number = formatCertificateNumber({
        provinceCode: '44',
        year: Number(today.slice(0, 4)),
        level: LEVEL_DIGIT[level],
        typeCode: '00',
        serial: serial % 1_000_000,
      });
      const salt = randomBytes(16);
      const commitment = toHex(
        sha256(concatBytes(salt, utf8Encode(input.idNumber), utf8Encode(input.holderName))),
      );
      const claims: CertificateClaims = {
        v: 1,
        number,
        elicenseId: `TEST.${number}`,
        type: { code: '00', name: '安全生产管理人员职业资格证书' },
        level,
        industryCode: null,
        holder: { name: input.holderName, commitment },
        issuer: { code: issuerCode, name: issuerName },
        firstIssuedOn: today,
        validFrom: today,
        validUntil: until,
        issuedAt: now.toISOString(),
        claimsVersion: 1,
      };
      const signature = toBase64(sign('ed25519', key.privateKey, canonicalBytes(claims)));
      const slot = await statusListId();
      const status = input.status ?? 'valid';
      const id = await db.transaction().execute(async (trx) => {
        const data: CertificateEntryData = {
          claimsDigest: toHex(sha256(canonicalBytes(claims))),
          holderCommitment: commitment,
          status,
          validFrom: today,
          validUntil: until,
          issuer: issuerCode,
          keyId: key.keyId,
        };
        const entryId = await appendEntry(trx, {
          kind: 'certificate.issued',
          subject: number,
          data: data as never,
          at: now,
        });
        const row = await trx
          .insertInto('certificate')
          .values({
            public_id: crypto.randomUUID(),
            number,
            elicense_id: claims.elicenseId,
            person_id: input.personId,
            certificate_type_code: '00',
            level,
            industry_code: null,
            division_code: input.divisionCode ?? '440305',
            province_code: '44',
            issuer_code: issuerCode,
            issuer_name: issuerName,
            status,
            status_reason: null,
            first_issued_on: today,
            valid_from: today,
            valid_until: until,
            application_id: null,
            assessment: null,
            replaces_id: null,
            holder_commitment: commitment,
            holder_salt: toBase64url(salt),
            claims: claims as never,
            signature,
            suite: 'ed25519',
            key_id: key.keyId,
            status_list_id: slot.id,
            status_list_index: slot.index,
            ledger_entry_id: entryId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      });
      photos.set(id, input.photoDocumentId ?? null);
      return (await load(number))!;
    },

    async setStatus(number, status) {
      await db.updateTable('certificate').set({ status }).where('number', '=', number).execute();
    },

    async bundle(number) {
      const record = await load(number);
      if (!record) throw new NotFoundError('CERTIFICATE_NOT_FOUND', '证书不存在');
      const row = await db
        .selectFrom('certificate')
        .select(['ledger_entry_id', 'holder_salt'])
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
      // On a shared PostgreSQL other databases' transactions can hold the sequencer's horizon back.
      const deadline = Date.now() + 60_000;
      for (;;) {
        await ledger.sequenceAndCheckpoint();
        if ((await ledger.findEntryIndex(row.ledger_entry_id)) !== undefined) break;
        if (Date.now() > deadline)
          throw new Error('the log did not integrate the certificate entry within 60 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const proof = await ledger.getInclusionProof({ entryId: row.ledger_entry_id });
      const entry = await db
        .selectFrom('ledger_entry')
        .select('entry')
        .where('id', '=', row.ledger_entry_id)
        .executeTakeFirstOrThrow();
      const logged = {
        entry: toBase64(new Uint8Array(entry.entry)),
        index: proof.index,
        treeSize: proof.treeSize,
        proof: proof.hashes.map(toBase64),
      };
      const checkpoint = proof.checkpoint ?? (await ledger.latestCheckpoint())!.note;
      return {
        type: 'anzheng-certificate-bundle/v1',
        claims: record.claims,
        signature: record.signature,
        holderSalt: row.holder_salt,
        log: { ...logged, checkpoint },
        status: await domain.statusStatement(number),
      } satisfies CertificateBundle;
    },

    async statusStatement(number) {
      const record = (await load(number))!;
      const checkpoint = (await ledger.latestCheckpoint())!.note;
      const key = await keyOf(record.issuerCode);
      const statement = {
        type: 'anzheng-certificate-status/v1' as const,
        number,
        status: record.status,
        asOf: clock().toISOString(),
        checkpoint,
        events: [],
      };
      const value = toBase64(sign('ed25519', key.privateKey, canonicalBytes(statement)));
      return { ...statement, signature: { suite: 'ed25519', keyId: key.keyId, value } };
    },

    async trustList(): Promise<TrustList> {
      const rows = await db.selectFrom('signing_key').selectAll().execute();
      const now = clock();
      return {
        type: 'anzheng-trust-list/v1',
        version: 1,
        issuedAt: now.toISOString(),
        validFrom: now.toISOString(),
        validUntil: new Date(now.getTime() + 86_400_000).toISOString(),
        log: { origin: ledger.origin, verifierKey: ledger.verifierKey },
        keys: rows.map((r) => ({
          keyId: r.id,
          purpose: r.purpose as 'issuer',
          suite: r.suite as 'ed25519',
          publicKey: r.public_key,
          issuer: { code: r.issuer_code!, name: ISSUER_NAMES[r.issuer_code!] ?? '发证机关' },
          validFrom: r.valid_from.toISOString(),
          validUntil: r.valid_until?.toISOString() ?? null,
        })),
        signatures: [],
      };
    },

    async ed25519Signer(issuerCode) {
      const key = await keyOf(issuerCode);
      return {
        keyId: key.keyId,
        suite: 'ed25519',
        issuerCode,
        publicKey: fromBase64(key.publicKey),
        sign: (message: Uint8Array) => sign('ed25519', key.privateKey, message),
      };
    },

    qrCheck(number) {
      return toBase64url(sha256(concatBytes(checkKey, utf8Encode(number)))).slice(0, 10);
    },
  };
  fake.current = domain;
  return domain;
}
