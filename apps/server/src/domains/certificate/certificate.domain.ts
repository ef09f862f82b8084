import type { CertificateBundle, StatusStatement, TrustList } from '@anzheng/verifier';
import type { Actor } from '../identity/actor.ts';

/**
 * What the certificate core offers the rest of the server (outputs: PDF, VC, status lists,
 * share links; the verification domain; the demo seed). Implemented in certificate.service.ts.
 */

/** A certificate as stored, with what the outputs need of its holder (decrypted in memory only). */
export interface CertificateRecord {
  id: number;
  publicId: string;
  number: string;
  elicenseId: string;
  personId: number;
  personPublicId: string;
  holderName: string;
  /** `110***********1233`. */
  holderIdMasked: string;
  /** Photo document of the person, if any: read through the registry's blob store. */
  holderPhotoDocumentId: number | null;
  certificateTypeCode: string;
  certificateTypeName: string;
  level: string;
  industryCode: string | null;
  divisionCode: string;
  issuerCode: string;
  issuerName: string;
  status: 'valid' | 'suspended' | 'revoked' | 'cancelled' | 'expired' | 'replaced';
  statusReason: string | null;
  firstIssuedOn: string;
  validFrom: string;
  validUntil: string;
  statusListId: number;
  statusListIndex: number;
  /** Signed claims (JCS object) and its signature. */
  claims: CertificateBundle['claims'];
  signature: CertificateBundle['signature'];
}

/** An issuer key able to sign now (the private half loaded from DATA_DIR/keys or configuration). */
export interface IssuerSigner {
  keyId: string;
  suite: 'ed25519' | 'sm2-sm3';
  issuerCode: string;
  /** Raw public key bytes (32 bytes for Ed25519). */
  publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

export interface CertificateDomain {
  /** Not scope-checked: for public/verification code that applies its own rules. */
  findByNumber(number: string): Promise<CertificateRecord | undefined>;
  /** Scope-checked read: throws CERTIFICATE_NOT_FOUND (404) when the actor may not see it. */
  getForActor(actor: Actor, number: string): Promise<CertificateRecord>;
  /** The holder's bundle (sequences and checkpoints first when the entry is still pending). */
  bundle(number: string): Promise<CertificateBundle>;
  /** Issuer-signed status statement with every logged event proven against the latest checkpoint. */
  statusStatement(number: string): Promise<StatusStatement>;
  /** The current signed trust list. */
  trustList(): Promise<TrustList>;
  /** The active Ed25519 key of an issuer (VC `eddsa-jcs-2022` proofs, status list credentials). */
  ed25519Signer(issuerCode: string): Promise<IssuerSigner>;
  /**
   * Short keyed check (HMAC via the field cipher's blind index, base64url, 10 chars) for the QR
   * URL `/v/<no>?c=<check>` (DESIGN §4): the QR landing answers without a name only when the
   * check matches, so numbers cannot be enumerated through it.
   */
  qrCheck(number: string): string;
  /** `https://…` base of public links (QR `/v/<no>`, share links, VC ids); from ANZHENG_PUBLIC_URL. */
  publicBaseUrl: string;
}
