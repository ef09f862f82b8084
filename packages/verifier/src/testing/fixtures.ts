/**
 * Builds real certificate bundles for tests and the committed known-answer vector: fixed or fresh
 * keys (@anzheng/crypto), a small real log (@anzheng/ledger: entries, stored hashes, inclusion proofs,
 * a signed checkpoint note), signed claims, status statements and trust lists. Nothing is mocked.
 */
import {
  canonicalBytes,
  derivePublicKey,
  fromBase64,
  type SigningKeyPair,
  type SigningSuite,
  sha256,
  sign,
  signingKeyId,
  toBase64,
  toBase64url,
  toHex,
  utf8Encode,
} from '@anzheng/crypto';
import {
  formatCheckpoint,
  MemoryHashLog,
  noteKeyId,
  parseSignerKey,
  proveRecord,
  signNote,
  treeHash,
} from '@anzheng/ledger';
import type {
  CertificateBundle,
  CertificateClaims,
  CertificateEntryData,
  DetachedSignature,
  LoggedEntry,
  StatusStatement,
  TrustedKey,
  TrustList,
} from '../formats.ts';
import { trustListPayload } from '../trust.ts';
import { claimsDigest, holderCommitment } from '../verify.ts';

export const ORIGIN = 'anzheng.test/log';
export const HOLDER = { idNumber: '440305199001011234', name: '张安全' };
export const NOW = new Date('2026-11-29T08:00:00.000Z');

const seedOf = (label: string) => sha256(utf8Encode(`anzheng-verifier-fixture/${label}`));

/** A signing key pair derived from a label (same label → same key). */
export function fixedSigningKey(suite: SigningSuite, label: string): SigningKeyPair {
  const privateKey = suite === 'ed25519' ? toBase64(seedOf(label)) : toHex(seedOf(label));
  const publicKey = derivePublicKey(suite, privateKey);
  // The server's key id form: `<suite>:<signingKeyId>`.
  return { suite, privateKey, publicKey, keyId: `${suite}:${signingKeyId(suite, publicKey)}` };
}

/** C2SP signed-note signer/verifier key strings for an Ed25519 seed derived from a label. */
export function fixedNoteKeys(name: string, label: string): { signerKey: string; verifierKey: string } {
  const seed = seedOf(label);
  const pub = fromBase64(derivePublicKey('ed25519', toBase64(seed)));
  const id = noteKeyId(name, 0x01, pub).toString(16).padStart(8, '0');
  const typed = (raw: Uint8Array) => toBase64(Uint8Array.of(0x01, ...raw));
  return {
    signerKey: `PRIVATE+KEY+${name}+${id}+${typed(seed)}`,
    verifierKey: `${name}+${id}+${typed(pub)}`,
  };
}

/** The trust list's encoding of a key: base64 raw bytes (SM2: the 65-byte uncompressed point). */
export function trustedPublicKey(key: SigningKeyPair): string {
  return key.suite === 'ed25519' ? key.publicKey : toBase64(Buffer.from(key.publicKey, 'hex'));
}

export function detachedSign(key: SigningKeyPair, payload: unknown): DetachedSignature {
  return {
    suite: key.suite,
    keyId: key.keyId,
    value: toBase64(sign(key.suite, key.privateKey, canonicalBytes(payload))),
  };
}

export function trustedKey(
  key: SigningKeyPair,
  purpose: TrustedKey['purpose'],
  validFrom = '2026-01-01T00:00:00Z',
  validUntil: string | null = null,
): TrustedKey {
  return {
    keyId: key.keyId,
    purpose,
    suite: key.suite,
    publicKey: trustedPublicKey(key),
    ...(purpose === 'issuer' ? { issuer: { code: '440000', name: '广东省应急管理厅' } } : {}),
    validFrom,
    validUntil,
  };
}

/** Signs a trust list (without signatures) with each key. */
export function signTrustList(
  list: Omit<TrustList, 'signatures'>,
  signers: readonly SigningKeyPair[],
): TrustList {
  const payload = trustListPayload({ ...list, signatures: [] });
  return { ...payload, signatures: signers.map((k) => detachedSign(k, payload)) };
}

/** A real transparency log in memory: RFC 9162 tree (Go tlog stored hashes) and C2SP checkpoints. */
export class FixtureLog {
  readonly hashes = new MemoryHashLog();
  readonly entries: Uint8Array[] = [];
  readonly origin: string;
  readonly signerKey: string;
  readonly verifierKey: string;

  constructor(origin = ORIGIN, keys = fixedNoteKeys(origin, 'log')) {
    this.origin = origin;
    this.signerKey = keys.signerKey;
    this.verifierKey = keys.verifierKey;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Appends the JCS of {kind, subject, data, at}; returns the index. */
  append(entry: { kind: string; subject: string; data: unknown; at: string }): number {
    const bytes = canonicalBytes(entry);
    this.hashes.append(bytes);
    this.entries.push(bytes);
    return this.entries.length - 1;
  }

  /** The signed checkpoint note of the current tree. */
  checkpoint(): string {
    const text = formatCheckpoint({
      origin: this.origin,
      size: this.size,
      rootHash: treeHash(this.size, this.hashes),
    });
    return signNote(text, [parseSignerKey(this.signerKey)]);
  }

  prove(index: number, treeSize = this.size): LoggedEntry {
    return {
      entry: toBase64(this.entries[index]!),
      index,
      treeSize,
      proof: proveRecord(treeSize, index, this.hashes).map(toBase64),
    };
  }

  /** Indexes of `certificate.*` entries for a number, in log order. */
  eventsFor(number: string): number[] {
    return this.entries.flatMap((e, i) => {
      const parsed = JSON.parse(Buffer.from(e).toString('utf8')) as { kind: string; subject: string };
      return parsed.kind.startsWith('certificate.') && parsed.subject === number ? [i] : [];
    });
  }
}

export interface FixtureOptions {
  suite?: SigningSuite;
  /** Label for the key seeds; fixtures with the same label have the same keys. */
  label?: string;
}

export interface Issued {
  claims: CertificateClaims;
  signature: DetachedSignature;
  holderSalt: string;
  index: number;
}

/** Everything a test needs: keys, a log, and builders for claims, statements, bundles and trust lists. */
export function createFixture(options: FixtureOptions = {}) {
  const suite = options.suite ?? 'ed25519';
  const label = options.label ?? 'default';
  const issuerKey = fixedSigningKey(suite, `${label}/issuer`);
  const trustKey = fixedSigningKey('ed25519', `${label}/trust`);
  const log = new FixtureLog(ORIGIN, fixedNoteKeys(ORIGIN, `${label}/log`));
  // Some unrelated history first, so the certificate is not leaf 0 and proofs have length.
  for (let i = 0; i < 11; i++) {
    log.append({
      kind: 'exam.result',
      subject: `E-${i}`,
      data: { score: 60 + i },
      at: '2026-11-28T00:00:00Z',
    });
  }

  const trustList = (
    overrides: Partial<Omit<TrustList, 'signatures'>> = {},
    signers: readonly SigningKeyPair[] = [trustKey],
  ): TrustList =>
    signTrustList(
      {
        type: 'anzheng-trust-list/v1',
        version: 1,
        issuedAt: '2026-11-01T00:00:00Z',
        validFrom: '2026-11-01T00:00:00Z',
        validUntil: '2027-11-01T00:00:00Z',
        log: { origin: log.origin, verifierKey: log.verifierKey },
        keys: [trustedKey(trustKey, 'trust'), trustedKey(issuerKey, 'issuer')],
        ...overrides,
      },
      signers,
    );

  const claimsFor = (
    overrides: Partial<CertificateClaims> = {},
    salt = seedOf(`${label}/salt`).subarray(0, 16),
  ) => {
    const claims: CertificateClaims = {
      v: 1,
      number: '4420242000001234',
      elicenseId: '44000020241234567X',
      type: { code: 'SPM-MINE', name: '金属非金属矿山安全生产管理人员' },
      level: 'intermediate',
      industryCode: 'B09',
      holder: { name: HOLDER.name, commitment: holderCommitment(salt, HOLDER.idNumber, HOLDER.name) },
      issuer: { code: '440000', name: '广东省应急管理厅' },
      firstIssuedOn: '2026-11-29',
      validFrom: '2026-11-29',
      validUntil: '2029-11-28',
      issuedAt: '2026-11-29T07:00:00Z',
      claimsVersion: 1,
      ...overrides,
    };
    return { claims, holderSalt: toBase64url(salt) };
  };

  /** Logs a certificate event for the claims (entry data per CertificateEntryData). */
  const logEvent = (
    kind: string,
    claims: CertificateClaims,
    signer: SigningKeyPair,
    status: CertificateEntryData['status'] = 'valid',
    at = claims.issuedAt,
    extra: Partial<CertificateEntryData> = {},
  ): number =>
    log.append({
      kind,
      subject: claims.number,
      at,
      data: {
        claimsDigest: claimsDigest(claims),
        holderCommitment: claims.holder.commitment,
        status,
        validFrom: claims.validFrom,
        validUntil: claims.validUntil,
        issuer: claims.issuer.code,
        keyId: signer.keyId,
        ...extra,
      } satisfies CertificateEntryData,
    });

  /** Signs claims and logs `certificate.issued`. */
  const issue = (overrides: Partial<CertificateClaims> = {}, signer = issuerKey): Issued => {
    const { claims, holderSalt } = claimsFor(overrides);
    const signature = detachedSign(signer, claims);
    const index = logEvent('certificate.issued', claims, signer);
    return { claims, signature, holderSalt, index };
  };

  /** A status statement for `number` against the current checkpoint, signed (unless signer is null). */
  const statusStatement = (
    number: string,
    status: StatusStatement['status'],
    asOf = '2026-11-29T07:30:00Z',
    signer: SigningKeyPair | null = issuerKey,
  ): StatusStatement => {
    const unsigned: StatusStatement = {
      type: 'anzheng-certificate-status/v1',
      number,
      status,
      asOf,
      checkpoint: log.checkpoint(),
      events: log.eventsFor(number).map((i) => log.prove(i)),
    };
    return signer ? { ...unsigned, signature: detachedSign(signer, unsigned) } : unsigned;
  };

  /** The bundle of issued claims, proven against the current checkpoint, with a current status. */
  const bundle = (issued: Issued, asOf = '2026-11-29T07:30:00Z', signer = issuerKey): CertificateBundle => ({
    type: 'anzheng-certificate-bundle/v1',
    claims: issued.claims,
    signature: issued.signature,
    holderSalt: issued.holderSalt,
    log: { ...log.prove(issued.index), checkpoint: log.checkpoint() },
    status: statusStatement(issued.claims.number, 'valid', asOf, signer),
  });

  return { suite, issuerKey, trustKey, log, trustList, claimsFor, logEvent, issue, statusStatement, bundle };
}

export type Fixture = ReturnType<typeof createFixture>;

/**
 * The committed known-answer vector (test-vectors/): fixed keys, fixed dates, Ed25519 (deterministic).
 * A bundle valid at `now`, its trust list, and a later status statement revoking the certificate.
 */
export function knownAnswerVector(): {
  bundle: CertificateBundle;
  trust: TrustList;
  revokedStatus: StatusStatement;
  now: string;
} {
  const f = createFixture({ label: 'known-answer' });
  const issued = f.issue();
  for (let i = 0; i < 4; i++) {
    f.log.append({
      kind: 'training.recorded',
      subject: `T-${i}`,
      data: { hours: 8 },
      at: '2026-11-29T07:10:00Z',
    });
  }
  const bundle = f.bundle(issued);
  f.logEvent('certificate.revoked', issued.claims, f.issuerKey, 'revoked', '2026-11-29T07:40:00Z', {
    ground: 'EXAM_FRAUD',
  });
  const revokedStatus = f.statusStatement(issued.claims.number, 'revoked', '2026-11-29T07:45:00Z');
  return { bundle, trust: f.trustList(), revokedStatus, now: NOW.toISOString() };
}
