import { canonicalBytes, fromBase64, signingKeyId, toHex, verify } from '@anzheng/crypto';
import type { DetachedSignature, SigningSuiteName, TrustedKey } from './formats.ts';
import type { Failures } from './result.ts';

export const SUITES: readonly SigningSuiteName[] = ['ed25519', 'sm2-sm3'];

/** The trust list's base64 raw public key in the encoding @anzheng/crypto takes (hex point for SM2). */
export function cryptoPublicKey(key: Pick<TrustedKey, 'suite' | 'publicKey'>): string {
  if (key.suite === 'ed25519') return key.publicKey;
  return toHex(fromBase64(key.publicKey));
}

/** The key id @anzheng/crypto derives for a trusted key (undefined when the key is malformed). */
export function derivedKeyId(key: Pick<TrustedKey, 'suite' | 'publicKey'>): string | undefined {
  try {
    return signingKeyId(key.suite, cryptoPublicKey(key));
  } catch {
    return undefined;
  }
}

function isDetachedSignature(sig: unknown): sig is DetachedSignature {
  const s = sig as DetachedSignature | undefined;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.keyId === 'string' &&
    typeof s.value === 'string' &&
    (SUITES as readonly string[]).includes(s.suite)
  );
}

/** Does the signature verify over JCS(payload) with this key? Never throws. */
export function signatureVerifies(key: TrustedKey, payload: unknown, sig: DetachedSignature): boolean {
  try {
    if (key.suite !== sig.suite) return false;
    return verify(key.suite, cryptoPublicKey(key), canonicalBytes(payload), fromBase64(sig.value));
  } catch {
    return false;
  }
}

/** Is `at` within [validFrom, validUntil) of the key? */
export function keyValidAt(key: TrustedKey, at: string): boolean {
  const t = Date.parse(at);
  if (Number.isNaN(t)) return false;
  if (t < Date.parse(key.validFrom)) return false;
  return key.validUntil === null || t < Date.parse(key.validUntil);
}

/**
 * Checks an issuer signature over JCS(payload): a trusted 'issuer' key of the signature's suite and
 * of the certificate's issuing authority (when the key names one), valid at `signedAt`, and a
 * signature that verifies. Records failures under `field`.
 */
export function checkIssuerSignature(
  failures: Failures,
  field: string,
  keys: readonly TrustedKey[],
  payload: unknown,
  sig: unknown,
  signedAt: string,
  issuerCode: string,
): void {
  if (!isDetachedSignature(sig)) {
    failures.add('SIGNATURE_INVALID', field, `${field} 缺少签名或格式不正确（需要 suite、keyId、value）`);
    return;
  }
  const key = keys.find((k) => k.keyId === sig.keyId && k.purpose === 'issuer');
  if (!key) {
    failures.add(
      'KEY_NOT_TRUSTED',
      `${field}.keyId`,
      `${field}.keyId「${sig.keyId}」不是信任列表中的发证密钥`,
    );
    return;
  }
  if (key.suite !== sig.suite) {
    failures.add(
      'KEY_NOT_TRUSTED',
      `${field}.suite`,
      `${field}.suite「${sig.suite}」与信任列表中该密钥的算法「${key.suite}」不符`,
    );
    return;
  }
  // An issuer key belongs to one issuing authority: it cannot vouch for another authority's certificates.
  if (key.issuer && key.issuer.code !== issuerCode) {
    failures.add(
      'KEY_NOT_TRUSTED',
      `${field}.keyId`,
      `${field}.keyId「${sig.keyId}」是发证机关 ${key.issuer.code} 的密钥，不能为发证机关 ${issuerCode} 的证书签名`,
    );
    return;
  }
  if (!keyValidAt(key, signedAt)) {
    failures.add(
      'KEY_NOT_VALID_AT_SIGNING_TIME',
      `${field}.keyId`,
      `${field}.keyId「${sig.keyId}」在签署时间 ${signedAt} 不在有效期内（${key.validFrom} 至 ${key.validUntil ?? '长期'}）`,
    );
  }
  if (!signatureVerifies(key, payload, sig)) {
    failures.add('SIGNATURE_INVALID', `${field}.value`, `${field} 签名验证失败：内容被改动或签名不正确`);
  }
}
