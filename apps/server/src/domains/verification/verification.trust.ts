import { canonicalBytes, fromBase64, sha256, toHex, verify } from '@anzheng/crypto';
import {
  type Checkpoint,
  checkRecord,
  leafHash,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
} from '@anzheng/ledger';
import type { CertificateClaims, DetachedSignature, TrustedKey, TrustList } from '@anzheng/verifier';

/**
 * The two checks behind the public query's `verification` (DESIGN §4): the issuer's signature
 * over JCS(claims) with a key of the trust list valid when the claims were signed, and the
 * certificate's latest log entry proven (RFC 9162) to be in the latest signed checkpoint.
 * Pure functions: the service feeds them rows and caches what they conclude.
 */

/** A trust list parsed once per version: issuer keys by id and the log's note verifier. */
export interface ParsedTrustList {
  version: number;
  issuerKeys: Map<string, TrustedKey>;
  logVerifier: ReturnType<typeof parseVerifierKey> | null;
}

export function parseTrustList(list: TrustList): ParsedTrustList {
  const issuerKeys = new Map<string, TrustedKey>();
  for (const key of list.keys) if (key.purpose === 'issuer') issuerKeys.set(key.keyId, key);
  let logVerifier: ParsedTrustList['logVerifier'] = null;
  try {
    logVerifier = parseVerifierKey(list.log.verifierKey);
  } catch {
    // A trust list without a usable log key cannot vouch for any inclusion: every check says false.
  }
  return { version: list.version, issuerKeys, logVerifier };
}

/** node:crypto / sm-crypto encodings of a trust-list key (base64 raw; SM2 points as hex `04…`). */
function cryptoPublicKey(key: TrustedKey): string {
  return key.suite === 'sm2-sm3' ? toHex(fromBase64(key.publicKey)) : key.publicKey;
}

/** True when `signature` over JCS(claims) verifies with a trusted issuer key valid at `claims.issuedAt`. */
export function checkClaimsSignature(
  trust: ParsedTrustList,
  claims: CertificateClaims,
  signature: DetachedSignature,
): boolean {
  const key = trust.issuerKeys.get(signature.keyId);
  if (!key || key.suite !== signature.suite) return false;
  // The key must belong to the issuer named in the claims (a province cannot sign for another).
  if (key.issuer && key.issuer.code !== claims.issuer.code) return false;
  const signedAt = Date.parse(claims.issuedAt);
  if (Number.isNaN(signedAt) || signedAt < Date.parse(key.validFrom)) return false;
  if (key.validUntil !== null && signedAt >= Date.parse(key.validUntil)) return false;
  let message: Uint8Array;
  let value: Uint8Array;
  try {
    message = canonicalBytes(claims);
    value = fromBase64(signature.value);
  } catch {
    return false;
  }
  return verify(key.suite, cryptoPublicKey(key), message, value);
}

/** The checkpoint note opened with the log key of the trust list; undefined when it does not verify. */
export function openCheckpoint(trust: ParsedTrustList, note: string): Checkpoint | undefined {
  if (!trust.logVerifier) return undefined;
  try {
    return parseCheckpoint(openNote(note, [trust.logVerifier]).text);
  } catch {
    return undefined;
  }
}

/** hex SHA-256 of JCS(claims): what `certificate.*` entries record as `claimsDigest`. */
export function claimsDigest(claims: CertificateClaims): string {
  return toHex(sha256(canonicalBytes(claims)));
}

/**
 * The entry is about `number`, records the digest of the claims in force, and its leaf is
 * record `index` of the checkpoint's tree by the audit path `proof`.
 */
export function checkLoggedEntry(args: {
  number: string;
  claims: CertificateClaims;
  entry: Uint8Array;
  index: number;
  proof: readonly Uint8Array[];
  checkpoint: Checkpoint;
}): boolean {
  let parsed: { subject?: unknown; data?: { claimsDigest?: unknown } | null };
  try {
    parsed = JSON.parse(new TextDecoder().decode(args.entry)) as typeof parsed;
  } catch {
    return false;
  }
  if (parsed.subject !== args.number) return false;
  if (parsed.data?.claimsDigest !== claimsDigest(args.claims)) return false;
  return checkRecord(
    args.proof,
    args.checkpoint.size,
    args.checkpoint.rootHash,
    args.index,
    leafHash(args.entry),
  );
}
