/**
 * The published formats checked by this package (packages/verifier/README.md, docs/certificates.md). The server
 * produces them; anyone can check them with this package alone (no server, no database).
 * All signed objects are signed over their RFC 8785 canonical JSON bytes (JCS).
 */

export type SigningSuiteName = 'ed25519' | 'sm2-sm3';

/** A detached signature over the JCS bytes of an object. */
export interface DetachedSignature {
  suite: SigningSuiteName;
  /** Key id as listed in the trust list. */
  keyId: string;
  /** base64 (standard, padded): raw 64 bytes for Ed25519, DER for SM2. */
  value: string;
}

/** The signed statement of one certificate (what the issuing authority vouches for). */
export interface CertificateClaims {
  /** Format version. */
  v: 1;
  number: string;
  /** 电子证照 identifier. */
  elicenseId: string;
  type: { code: string; name: string };
  /** 'junior' | 'intermediate' | 'senior' | 'special' */
  level: string;
  industryCode: string | null;
  holder: {
    /** Full name as printed on the certificate (the holder's own file; never logged). */
    name: string;
    /** hex SHA-256(salt ‖ UTF-8(ID number) ‖ UTF-8(name)); the salt is in the bundle. */
    commitment: string;
  };
  issuer: { code: string; name: string };
  firstIssuedOn: string;
  validFrom: string;
  validUntil: string;
  /** When these claims were signed (ISO 8601 UTC); the key must have been valid then. */
  issuedAt: string;
  /** Bumped on every re-signing (renewal, extension, reissue). */
  claimsVersion: number;
  /** Set on a replacement certificate (补发/换发): the number it replaces. */
  replaces?: string;
}

/** The data of a `certificate.*` ledger entry (entry = JCS of {kind, subject, data, at}; subject = number). */
export interface CertificateEntryData {
  /** hex SHA-256 of the JCS bytes of the claims in force after this event. */
  claimsDigest: string;
  holderCommitment: string;
  /** Status after the event. */
  status: 'valid' | 'suspended' | 'revoked' | 'cancelled' | 'expired' | 'replaced';
  validFrom: string;
  validUntil: string;
  issuer: string;
  keyId: string;
  /** Revocation ground / reason code where there is one (never personal data). */
  ground?: string;
  /** For `certificate.replaced`: the new number. */
  replacedBy?: string;
}

/** One logged entry with its RFC 9162 inclusion proof against a checkpoint. */
export interface LoggedEntry {
  /** base64 of the exact entry bytes. */
  entry: string;
  /** Leaf index. */
  index: number;
  /** Tree size the proof is for (= the checkpoint's size). */
  treeSize: number;
  /** RFC 9162 §2.1.3 inclusion path, base64 hashes, leaf upward. */
  proof: string[];
}

/**
 * Issuer-signed status of a certificate as of a time, tied to a checkpoint; with every
 * logged entry of the certificate proven against that checkpoint.
 */
export interface StatusStatement {
  type: 'anzheng-certificate-status/v1';
  number: string;
  status: CertificateEntryData['status'];
  /** ISO 8601 UTC. */
  asOf: string;
  /** The C2SP signed note (tlog-checkpoint body) the entries are proven against. */
  checkpoint: string;
  /** Every `certificate.*` entry with subject = number, in log order. */
  events: LoggedEntry[];
  /** Issuer's signature over the JCS of this object without `signature`. */
  signature?: DetachedSignature;
}

/** The certificate bundle: the holder's e-certificate file (JSON; also attached to the PDF). */
export interface CertificateBundle {
  type: 'anzheng-certificate-bundle/v1';
  claims: CertificateClaims;
  /** Issuer signature over JCS(claims). */
  signature: DetachedSignature;
  /** Salt of the holder commitment, base64url (16 bytes). */
  holderSalt: string;
  /** The entry logging these claims (kind certificate.issued / renewed / extended / reinstated …). */
  log: LoggedEntry & { checkpoint: string };
  /** Status as of the bundle's creation. */
  status: StatusStatement;
}

export interface TrustedKey {
  keyId: string;
  /** 'issuer' signs claims, statuses and VCs; 'trust' signs trust-list versions. */
  purpose: 'issuer' | 'trust';
  suite: SigningSuiteName;
  /** base64 raw public key (32 bytes Ed25519; 65 bytes uncompressed SM2). */
  publicKey: string;
  /** Issuer division code and name (issuer keys). */
  issuer?: { code: string; name: string };
  /** Signatures made in [validFrom, validUntil) are accepted; validUntil null = open. */
  validFrom: string;
  validUntil: string | null;
}

/** `/.well-known/anzheng/trust.json` */
export interface TrustList {
  type: 'anzheng-trust-list/v1';
  version: number;
  issuedAt: string;
  /** The list itself is valid in [validFrom, validUntil]. */
  validFrom: string;
  validUntil: string;
  /** Log checkpoint verifier key, C2SP note format `<name>+<hex id>+<base64(0x01 ‖ key)>`. */
  log: { origin: string; verifierKey: string };
  keys: TrustedKey[];
  /** Signature(s) over JCS(list without `signatures`) by a 'trust' key of the *previous* version (or, for version 1, of this one). */
  signatures: DetachedSignature[];
}
