import { canonicalBytes, fromBase64, sha256, toHex, verify } from '@anzheng/crypto';
import { checkRecord, leafHash, openNote, parseCheckpoint, parseVerifierKey } from '@anzheng/ledger';
import type { CertificateBundle, TrustList } from '@anzheng/verifier';

export interface BundleCheck {
  signatureValid: boolean;
  includedInLog: boolean;
  checkpointSize: number | null;
  checkpointNote: string | null;
}

/**
 * What the shared view reports about a certificate (PublicCertificateView.verification): the
 * issuer signature over JCS(claims) by a trusted issuer key valid when signed, and the RFC 9162
 * inclusion of the entry that logged these claims under a checkpoint signed by the log key.
 */
export function checkBundle(bundle: CertificateBundle, trust: TrustList): BundleCheck {
  const key = trust.keys.find(
    (k) => k.keyId === bundle.signature.keyId && k.purpose === 'issuer' && k.suite === bundle.signature.suite,
  );
  const signedAt = Date.parse(bundle.claims.issuedAt);
  const keyValidThen =
    key !== undefined &&
    signedAt >= Date.parse(key.validFrom) &&
    (key.validUntil === null || signedAt < Date.parse(key.validUntil));
  let signatureValid = false;
  if (key && keyValidThen) {
    try {
      signatureValid = verify(
        key.suite,
        key.suite === 'ed25519' ? key.publicKey : toHex(fromBase64(key.publicKey)),
        canonicalBytes(bundle.claims),
        fromBase64(bundle.signature.value),
      );
    } catch {
      signatureValid = false;
    }
  }

  let includedInLog = false;
  let checkpointSize: number | null = null;
  try {
    const opened = openNote(bundle.log.checkpoint, [parseVerifierKey(trust.log.verifierKey)]);
    const checkpoint = parseCheckpoint(opened.text);
    checkpointSize = checkpoint.size;
    const entry = fromBase64(bundle.log.entry);
    const logged = JSON.parse(new TextDecoder().decode(entry)) as {
      subject?: string;
      data?: { claimsDigest?: string };
    };
    includedInLog =
      checkpoint.origin === trust.log.origin &&
      bundle.log.treeSize === checkpoint.size &&
      logged.subject === bundle.claims.number &&
      logged.data?.claimsDigest === toHex(sha256(canonicalBytes(bundle.claims))) &&
      checkRecord(
        bundle.log.proof.map((h) => fromBase64(h)),
        checkpoint.size,
        checkpoint.rootHash,
        bundle.log.index,
        leafHash(entry),
      );
  } catch {
    includedInLog = false;
  }
  return { signatureValid, includedInLog, checkpointSize, checkpointNote: bundle.log.checkpoint ?? null };
}
