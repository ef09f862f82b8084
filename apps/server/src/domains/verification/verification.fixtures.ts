import { createHash, randomBytes } from 'node:crypto';
import {
  canonicalBytes,
  type FieldCipher,
  generateSigningKey,
  type SigningKeyPair,
  sign,
  toBase64,
  toBase64url,
  toHex,
} from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import {
  buildElicenseId,
  type CertificateLevel,
  formatCertificateNumber,
  generateCitizenId,
  generateCreditCode,
  mulberry32,
  type RandomSource,
} from '@anzheng/identifiers';
import type { CertificateClaims, CertificateEntryData, StatusStatement, TrustList } from '@anzheng/verifier';
import type { Kysely } from 'kysely';
import {
  appendEntry,
  createLedgerService,
  type LedgerService,
  loadLogKey,
  readLedgerSettings,
} from '../ledger/index.ts';
import { createPersonRecord } from '../registry/index.ts';
import type { VerificationCertificates } from './verification.service.ts';

/**
 * Test and benchmark fixtures: certificates written the way issuance writes them — claims
 * signed with a real Ed25519 issuer key over JCS(claims), a signing_key row, a status-list
 * slot, a real ledger entry sequenced into a signed checkpoint — and a CertificateDomain-shaped
 * object over them (trust list, QR check, signed status statement). Used until the
 * certificate core's issuance path lands; kept small on purpose.
 */

export const ISSUER = { code: '440000', name: '广东省应急管理厅' } as const;
const LEVEL_DIGITS: Record<string, CertificateLevel> = { junior: 1, intermediate: 2, senior: 3, special: 4 };

/** `<suite>:<signingKeyId>` — the id form of signing_key rows and trust-list entries. */
export function trustListKeyId(key: SigningKeyPair): string {
  return `${key.suite}:${key.keyId}`;
}

export interface SignedCertificate {
  number: string;
  elicenseId: string;
  claims: CertificateClaims;
  signature: string;
  holderSalt: string;
  holderCommitment: string;
  entryData: CertificateEntryData;
}

/** hex SHA-256(salt ‖ UTF-8(ID number) ‖ UTF-8(name)) — the holder commitment of DESIGN §4. */
export function holderCommitment(salt: Uint8Array, idNumber: string, name: string): string {
  return createHash('sha256').update(salt).update(idNumber, 'utf8').update(name, 'utf8').digest('hex');
}

/** Claims for one certificate, signed by `key` (pure apart from the random salt). */
export function signCertificate(args: {
  key: SigningKeyPair;
  /** Key id as listed in signing_key and the trust list (`ed25519:<hex>`). */
  keyId: string;
  issuerCreditCode: string;
  serial: number;
  year?: number;
  level?: string;
  name: string;
  idNumber: string;
  validFrom: string;
  validUntil: string;
  issuedAt: string;
  status?: CertificateEntryData['status'];
  /** Signs with a prepared key (bulk loaders); default: @anzheng/crypto `sign` with `key`. */
  signer?: (message: Uint8Array) => Uint8Array;
}): SignedCertificate {
  const level = args.level ?? 'junior';
  const year = args.year ?? 2026;
  const number = formatCertificateNumber({
    provinceCode: ISSUER.code.slice(0, 2),
    year,
    level: LEVEL_DIGITS[level] ?? 1,
    typeCode: '00',
    serial: args.serial,
  });
  const elicenseId = buildElicenseId({
    typeCode: 'AQGL00',
    issuerCreditCode: args.issuerCreditCode,
    serial: number.slice(0, 15),
    version: '1',
  });
  const salt = randomBytes(16);
  const commitment = holderCommitment(salt, args.idNumber, args.name);
  const claims: CertificateClaims = {
    v: 1,
    number,
    elicenseId,
    type: { code: '00', name: '安全生产管理人员职业资格证书' },
    level,
    industryCode: null,
    holder: { name: args.name, commitment },
    issuer: { code: ISSUER.code, name: ISSUER.name },
    firstIssuedOn: args.validFrom,
    validFrom: args.validFrom,
    validUntil: args.validUntil,
    issuedAt: args.issuedAt,
    claimsVersion: 1,
  };
  const claimBytes = canonicalBytes(claims);
  const signature = toBase64(
    args.signer ? args.signer(claimBytes) : sign('ed25519', args.key.privateKey, claimBytes),
  );
  return {
    number,
    elicenseId,
    claims,
    signature,
    holderSalt: toBase64url(salt),
    holderCommitment: commitment,
    entryData: {
      claimsDigest: toHex(createHash('sha256').update(claimBytes).digest()),
      holderCommitment: commitment,
      status: args.status ?? 'valid',
      validFrom: args.validFrom,
      validUntil: args.validUntil,
      issuer: ISSUER.code,
      keyId: args.keyId,
    },
  };
}

export interface FixtureCertificate {
  number: string;
  name: string;
  idNumber: string;
  id: number;
}

export interface CertificateFixtures {
  /** The CertificateDomain-shaped object the verification service is built over. */
  certificates: VerificationCertificates;
  ledger: LedgerService;
  issuerKey: SigningKeyPair;
  /** Its id in signing_key and the trust list. */
  issuerKeyId: string;
  issue(input: {
    name: string;
    level?: string;
    validFrom?: string;
    validUntil?: string;
  }): Promise<FixtureCertificate>;
  /** A lifecycle event (suspend, revoke, …): status changed, event row and log entry written together. */
  changeStatus(number: string, status: CertificateEntryData['status'], kind: string): Promise<void>;
  /** Sequences pending entries and signs a checkpoint (what the timer does every few seconds). */
  checkpoint(): Promise<void>;
}

export async function createCertificateFixtures(options: {
  db: Kysely<Database>;
  cipher: FieldCipher;
  dataDir: string;
  seed?: number;
}): Promise<CertificateFixtures> {
  const { db, cipher } = options;
  const rand: RandomSource = mulberry32(options.seed ?? 7_2026);
  const settings = readLedgerSettings();
  const logKey = loadLogKey({ dataDir: options.dataDir, origin: settings.origin });
  const ledger = createLedgerService({
    db,
    origin: settings.origin,
    signer: logKey.signer,
    verifierKey: logKey.verifierKey,
    batchSize: settings.batchSize,
  });
  const issuerKey = generateSigningKey('ed25519');
  const keyId = trustListKeyId(issuerKey);
  const issuerCreditCode = generateCreditCode(rand);
  const keyValidFrom = new Date(Date.now() - 86_400_000).toISOString();
  await db
    .insertInto('signing_key')
    .values({
      id: keyId,
      purpose: 'issuer',
      issuer_code: ISSUER.code,
      suite: 'ed25519',
      public_key: issuerKey.publicKey,
      valid_from: new Date(keyValidFrom),
      valid_until: null,
      retired_at: null,
    })
    .execute();
  const statusList = await db
    .insertInto('status_list')
    .values({ length: 131_072 })
    .returning('id')
    .executeTakeFirstOrThrow();
  let serial = 0;

  const trustList: TrustList = {
    type: 'anzheng-trust-list/v1',
    version: 1,
    issuedAt: keyValidFrom,
    validFrom: keyValidFrom,
    validUntil: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    log: { origin: settings.origin, verifierKey: logKey.verifierKey },
    keys: [
      {
        keyId,
        purpose: 'issuer',
        suite: 'ed25519',
        publicKey: issuerKey.publicKey,
        issuer: { code: ISSUER.code, name: ISSUER.name },
        validFrom: keyValidFrom,
        validUntil: null,
      },
    ],
    signatures: [],
  };
  async function statusStatement(number: string): Promise<StatusStatement> {
    const cert = await db
      .selectFrom('certificate')
      .select(['status'])
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    const checkpoint = await ledger.latestCheckpoint();
    if (!checkpoint) throw new Error('no checkpoint yet');
    const entries = await db
      .selectFrom('ledger_entry as e')
      .innerJoin('ledger_sequence as s', 's.entry_id', 'e.id')
      .select(['e.id', 'e.entry', 's.idx'])
      .where('e.subject', '=', number)
      .where('s.idx', '<', checkpoint.treeSize)
      .orderBy('s.idx')
      .execute();
    const events = await Promise.all(
      entries.map(async (e) => {
        const proof = await ledger.getInclusionProof({ index: e.idx }, checkpoint.treeSize);
        return {
          entry: toBase64(new Uint8Array(e.entry)),
          index: e.idx,
          treeSize: proof.treeSize,
          proof: proof.hashes.map((h) => toBase64(h)),
        };
      }),
    );
    const unsigned: StatusStatement = {
      type: 'anzheng-certificate-status/v1',
      number,
      status: cert.status as StatusStatement['status'],
      asOf: new Date().toISOString(),
      checkpoint: checkpoint.note,
      events,
    };
    const value = sign('ed25519', issuerKey.privateKey, canonicalBytes(unsigned));
    return { ...unsigned, signature: { suite: 'ed25519', keyId, value: toBase64(value) } };
  }

  const certificates: VerificationCertificates = {
    trustList: async () => trustList,
    // DESIGN §4: a keyed check so the QR URL cannot be forged for other numbers.
    qrCheck: (number) =>
      toBase64url(fromHexToBytes(cipher.blindIndex(number, 'certificate.qr'))).slice(0, 10),
    statusStatement,
  };

  return {
    certificates,
    ledger,
    issuerKey,
    issuerKeyId: keyId,
    async issue(input) {
      serial++;
      const idNumber = generateCitizenId(rand, { divisionCode: '440305' });
      const validFrom = input.validFrom ?? '2026-01-10';
      const validUntil = input.validUntil ?? '2029-01-09';
      const signed = signCertificate({
        key: issuerKey,
        keyId,
        issuerCreditCode,
        serial,
        level: input.level ?? 'junior',
        name: input.name,
        idNumber,
        validFrom,
        validUntil,
        issuedAt: new Date().toISOString(),
      });
      const id = await db.transaction().execute(async (trx) => {
        const person = await createPersonRecord(trx, cipher, { name: input.name, idNumber });
        const entryId = await appendEntry(trx, {
          kind: 'certificate.issued',
          subject: signed.number,
          data: { ...signed.entryData },
          at: new Date(),
        });
        const row = await trx
          .insertInto('certificate')
          .values({
            public_id: crypto.randomUUID(),
            number: signed.number,
            elicense_id: signed.elicenseId,
            person_id: person.id,
            certificate_type_code: '00',
            level: input.level ?? 'junior',
            industry_code: null,
            division_code: '440305',
            province_code: '44',
            issuer_code: ISSUER.code,
            issuer_name: ISSUER.name,
            status: 'valid',
            status_reason: null,
            first_issued_on: validFrom,
            valid_from: validFrom,
            valid_until: validUntil,
            application_id: null,
            assessment: null,
            replaces_id: null,
            holder_commitment: signed.holderCommitment,
            holder_salt: signed.holderSalt,
            claims: JSON.parse(JSON.stringify(signed.claims)),
            signature: signed.signature,
            suite: 'ed25519',
            key_id: keyId,
            status_list_id: statusList.id,
            status_list_index: serial,
            ledger_entry_id: entryId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('certificate_event')
          .values({
            certificate_id: row.id,
            kind: 'issued',
            from_status: null,
            to_status: 'valid',
            reason: null,
            basis: null,
            details: null,
            batch_id: null,
            actor_id: null,
            actor_name: 'fixture',
            ledger_entry_id: entryId,
          })
          .execute();
        return row.id;
      });
      return { number: signed.number, name: input.name, idNumber, id };
    },

    async changeStatus(number, status, kind) {
      await db.transaction().execute(async (trx) => {
        const cert = await trx
          .selectFrom('certificate')
          .select(['id', 'status', 'claims', 'holder_commitment', 'valid_from', 'valid_until'])
          .where('number', '=', number)
          .executeTakeFirstOrThrow();
        const claimBytes = canonicalBytes(cert.claims);
        const data: CertificateEntryData = {
          claimsDigest: toHex(createHash('sha256').update(claimBytes).digest()),
          holderCommitment: cert.holder_commitment,
          status,
          validFrom: cert.valid_from,
          validUntil: cert.valid_until,
          issuer: ISSUER.code,
          keyId,
        };
        const entryId = await appendEntry(trx, {
          kind: `certificate.${kind}`,
          subject: number,
          data: { ...data },
          at: new Date(),
        });
        await trx
          .updateTable('certificate')
          .set({ status, status_reason: kind })
          .where('id', '=', cert.id)
          .execute();
        await trx
          .insertInto('certificate_event')
          .values({
            certificate_id: cert.id,
            kind,
            from_status: cert.status,
            to_status: status,
            reason: '测试',
            basis: null,
            details: null,
            batch_id: null,
            actor_id: null,
            actor_name: 'fixture',
            ledger_entry_id: entryId,
          })
          .execute();
      });
    },

    async checkpoint() {
      await ledger.sequenceAndCheckpoint();
    },
  };
}

function fromHexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}
