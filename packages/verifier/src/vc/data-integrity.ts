import {
  canonicalBytes,
  canonicalize,
  concatBytes,
  fromMultibase,
  sha256,
  toBase64,
  toMultibase,
  verify,
} from '@anzheng/crypto';

/**
 * W3C Data Integrity EdDSA Cryptosuites v1.0, cryptosuite `eddsa-jcs-2022`
 * (https://www.w3.org/TR/vc-di-eddsa/#eddsa-jcs-2022): JCS (RFC 8785) canonical JSON, SHA-256,
 * Ed25519. Pure: the signer is a function so the private key never enters this package.
 */

export const EDDSA_JCS_2022 = 'eddsa-jcs-2022';

export type JsonObject = { [key: string]: unknown };

/** A `DataIntegrityProof` as it appears in a secured document. */
export interface DataIntegrityProof {
  type: 'DataIntegrityProof';
  cryptosuite: typeof EDDSA_JCS_2022;
  created?: string;
  verificationMethod: string;
  proofPurpose: string;
  '@context'?: unknown;
  /** Multibase base58btc ('z…') of the 64-byte Ed25519 signature. */
  proofValue: string;
}

export interface ProofOptions {
  /** URL of the Multikey that verifies the proof (`<controller>#<key id>`). */
  verificationMethod: string;
  /** XML Schema dateTime, e.g. `2026-11-29T08:00:00Z`. */
  created?: string;
  /** Default `assertionMethod`. */
  proofPurpose?: string;
}

/** Signs the hash data with Ed25519 (an `IssuerSigner.sign` fits). */
export type Ed25519SignFn = (message: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** Why a proof did not verify (stable codes; the caller words them for people). */
export type ProofFailure =
  | 'NO_PROOF'
  | 'WRONG_PROOF_TYPE'
  | 'CONTEXT_MISMATCH'
  | 'MALFORMED_PROOF_VALUE'
  | 'SIGNATURE_INVALID';

export type ProofVerification =
  | { verified: true; document: JsonObject; proof: DataIntegrityProof }
  | { verified: false; reason: ProofFailure };

/** §3.3.4 hashing: SHA-256(JCS(proofConfig)) ‖ SHA-256(JCS(document)) — 64 bytes. */
export function hashData(document: JsonObject, proofConfig: JsonObject): Uint8Array {
  return concatBytes(sha256(canonicalBytes(proofConfig)), sha256(canonicalBytes(document)));
}

/** §3.3.5 proof configuration: the proof options with `@context` copied from the document. */
function proofConfiguration(document: JsonObject, options: Omit<DataIntegrityProof, 'proofValue'>) {
  const config: JsonObject = { ...options };
  if (document['@context'] !== undefined) config['@context'] = document['@context'];
  return config;
}

/**
 * §3.3.1 Create Proof: returns a copy of `document` with `proof` added. An existing `proof`
 * on the input is not supported (proof sets and chains are out of scope here).
 */
export async function createProof<T extends JsonObject>(
  document: T,
  options: ProofOptions,
  signEd25519: Ed25519SignFn,
): Promise<T & { proof: DataIntegrityProof }> {
  if ('proof' in document) throw new TypeError('document already carries a proof');
  const proofOptions: Omit<DataIntegrityProof, 'proofValue'> = {
    type: 'DataIntegrityProof',
    cryptosuite: EDDSA_JCS_2022,
    ...(options.created !== undefined ? { created: options.created } : {}),
    verificationMethod: options.verificationMethod,
    proofPurpose: options.proofPurpose ?? 'assertionMethod',
  };
  const config = proofConfiguration(document, proofOptions);
  const signature = await signEd25519(hashData(document, config));
  const proof = { ...config, proofValue: toMultibase(signature) } as DataIntegrityProof;
  return { ...document, proof };
}

/**
 * §3.3.2 Verify Proof against a raw 32-byte Ed25519 public key (the caller resolves
 * `proof.verificationMethod` to that key and decides whether it trusts it). Any change to the
 * document or the proof options makes it fail.
 */
export function verifyProof(securedDocument: JsonObject, publicKey: Uint8Array): ProofVerification {
  const proof = securedDocument.proof as Partial<DataIntegrityProof> | undefined;
  if (!proof || typeof proof !== 'object' || Array.isArray(proof))
    return { verified: false, reason: 'NO_PROOF' };
  if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== EDDSA_JCS_2022)
    return { verified: false, reason: 'WRONG_PROOF_TYPE' };
  const { proof: _omit, ...unsecured } = securedDocument;
  const { proofValue, ...proofOptions } = proof;
  // §3.3.2 step 3: the proof's @context must be a prefix of (here: equal to) the document's.
  if (proofOptions['@context'] !== undefined) {
    if (!contextStartsWith(unsecured['@context'], proofOptions['@context']))
      return { verified: false, reason: 'CONTEXT_MISMATCH' };
    unsecured['@context'] = proofOptions['@context'];
  }
  let signature: Uint8Array;
  try {
    if (typeof proofValue !== 'string') throw new TypeError('proofValue');
    signature = fromMultibase(proofValue);
  } catch {
    return { verified: false, reason: 'MALFORMED_PROOF_VALUE' };
  }
  if (signature.length !== 64) return { verified: false, reason: 'MALFORMED_PROOF_VALUE' };
  let data: Uint8Array;
  try {
    data = hashData(unsecured, proofOptions as JsonObject);
  } catch {
    return { verified: false, reason: 'SIGNATURE_INVALID' };
  }
  if (!verify('ed25519', toBase64(publicKey), data, signature))
    return { verified: false, reason: 'SIGNATURE_INVALID' };
  return { verified: true, document: unsecured, proof: proof as DataIntegrityProof };
}

function contextStartsWith(documentContext: unknown, proofContext: unknown): boolean {
  const doc = Array.isArray(documentContext) ? documentContext : [documentContext];
  const pre = Array.isArray(proofContext) ? proofContext : [proofContext];
  if (pre.length > doc.length) return false;
  return pre.every((c, i) => {
    try {
      return canonicalize(c) === canonicalize(doc[i]);
    } catch {
      return false;
    }
  });
}
