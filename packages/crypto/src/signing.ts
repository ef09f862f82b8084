import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { asBytes, concatBytes, fromBase64, fromHex, toBase64, toHex, utf8Encode } from './encoding.ts';
import { SigningKeyError } from './errors.ts';
import { sha256 } from './hash.ts';

/**
 * Signature suites for certificates and the transparency log (DESIGN §4). `sm2-sm3` is SM2 (GB/T 32918.2)
 * over SM3 with the Z_A prefix for the default user id (GB/T 35276-2017, formerly GM/T 0009-2012).
 */
export type SigningSuite = 'ed25519' | 'sm2-sm3';

export const SIGNING_SUITES: readonly SigningSuite[] = ['ed25519', 'sm2-sm3'];

/** GB/T 35276-2017 default signer identity, used whenever no other id is agreed. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

export interface SigningKeyPair {
  suite: SigningSuite;
  /** First 8 bytes of SHA-256(suite ‖ 0x00 ‖ public key bytes), hex. */
  keyId: string;
  /** ed25519: raw 32 bytes, base64. sm2-sm3: uncompressed point, hex `04…` (130 chars). */
  publicKey: string;
  /** ed25519: 32-byte seed (RFC 8032 private key), base64. sm2-sm3: scalar, 64 hex chars. */
  privateKey: string;
}

// RFC 8410 DER wrappers that turn raw Ed25519 keys into PKCS#8 / SPKI for node:crypto.
const ED25519_PKCS8_PREFIX = fromHex('302e020100300506032b657004220420');
const ED25519_SPKI_PREFIX = fromHex('302a300506032b6570032100');

const SM2_ORDER = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const SM2_PRIVATE_KEY = /^[0-9a-f]{64}$/;
const SM2_PUBLIC_KEY = /^04[0-9a-f]{128}$/;

// Verification keys are few (issuers, log, witnesses) and reused constantly; parsing or precomputing them
// once matters, most of all for SM2 where a precomputed window table makes verify several times faster.
const ed25519PublicKeys = new Map<string, KeyObject>();
const sm2PublicPoints = new Map<string, ReturnType<typeof sm2.precomputePublicKey>>();
const MAX_CACHED_ED25519 = 256;
const MAX_CACHED_SM2 = 16;

export function generateSigningKey(suite: SigningSuite): SigningKeyPair {
  if (suite === 'ed25519') {
    const { privateKey } = generateKeyPairSync('ed25519');
    const seed = asBytes(privateKey.export({ format: 'der', type: 'pkcs8' })).slice(-32);
    return keyPair(suite, toBase64(seed));
  }
  assertSuite(suite);
  return keyPair(suite, sm2.generateKeyPairHex().privateKey.toLowerCase().padStart(64, '0'));
}

/** Public key (in the suite's encoding) belonging to a private key. */
export function derivePublicKey(suite: SigningSuite, privateKey: string): string {
  if (suite === 'ed25519') {
    const spki = asBytes(
      createPublicKey(ed25519PrivateKey(privateKey)).export({ format: 'der', type: 'spki' }),
    );
    return toBase64(spki.slice(-32));
  }
  assertSuite(suite);
  return sm2.getPublicKeyFromPrivateKey(sm2PrivateKey(privateKey)).toLowerCase();
}

/** Stable key id for trust lists and signature headers. */
export function signingKeyId(suite: SigningSuite, publicKey: string): string {
  const digest = sha256(concatBytes(utf8Encode(suite), Uint8Array.of(0), publicKeyBytes(suite, publicKey)));
  return toHex(digest.subarray(0, 8));
}

/**
 * Signs the exact message bytes. ed25519: 64-byte RFC 8032 signature. sm2-sm3: DER SEQUENCE { r, s } over
 * SM3(Z_A ‖ message) — the GB/T 35276 encoding that OpenSSL and GmSSL produce.
 */
export function sign(suite: SigningSuite, privateKey: string, message: Uint8Array): Uint8Array {
  if (suite === 'ed25519') return asBytes(nodeSign(null, message, ed25519PrivateKey(privateKey)));
  assertSuite(suite);
  const rs = sm2.doSignature(message, sm2PrivateKey(privateKey), {
    hash: true,
    der: false,
    userId: SM2_DEFAULT_USER_ID,
  });
  return encodeSm2Signature(BigInt(`0x${rs.slice(0, 64)}`), BigInt(`0x${rs.slice(64)}`));
}

/** False for a wrong signature and for any malformed key or signature: it never throws on bad input. */
export function verify(
  suite: SigningSuite,
  publicKey: string,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    if (suite === 'ed25519') {
      if (signature.length !== 64) return false;
      return nodeVerify(null, message, ed25519PublicKey(publicKey), signature);
    }
    if (suite !== 'sm2-sm3') return false;
    const rs = decodeSm2Signature(signature);
    if (!rs) return false;
    const rsHex = rs.r.toString(16).padStart(64, '0') + rs.s.toString(16).padStart(64, '0');
    return sm2.doVerifySignature(message, rsHex, sm2PublicPoint(publicKey), {
      hash: true,
      der: false,
      userId: SM2_DEFAULT_USER_ID,
    });
  } catch {
    return false;
  }
}

function keyPair(suite: SigningSuite, privateKey: string): SigningKeyPair {
  const publicKey = derivePublicKey(suite, privateKey);
  return { suite, keyId: signingKeyId(suite, publicKey), publicKey, privateKey };
}

function assertSuite(suite: string): asserts suite is SigningSuite {
  if (!(SIGNING_SUITES as readonly string[]).includes(suite)) {
    throw new SigningKeyError(`unknown signing suite "${suite}"`);
  }
}

function publicKeyBytes(suite: SigningSuite, publicKey: string): Uint8Array {
  assertSuite(suite);
  if (suite === 'ed25519') {
    const raw = decodeOr(() => fromBase64(publicKey), 'Ed25519 public key is not base64');
    if (raw.length !== 32) throw new SigningKeyError('an Ed25519 public key is 32 bytes');
    return raw;
  }
  if (!SM2_PUBLIC_KEY.test(publicKey.toLowerCase())) {
    throw new SigningKeyError('an SM2 public key is an uncompressed point: "04" followed by 128 hex digits');
  }
  return fromHex(publicKey);
}

/** Parsed private keys by their base64 seed: parsing costs more than the signature itself. */
const ed25519PrivateKeys = new Map<string, KeyObject>();

function ed25519PrivateKey(privateKey: string): KeyObject {
  let key = ed25519PrivateKeys.get(privateKey);
  if (!key) {
    const seed = decodeOr(() => fromBase64(privateKey), 'Ed25519 private key is not base64');
    if (seed.length !== 32) throw new SigningKeyError('an Ed25519 private key is a 32-byte seed');
    key = createPrivateKey({
      key: Buffer.from(concatBytes(ED25519_PKCS8_PREFIX, seed)),
      format: 'der',
      type: 'pkcs8',
    });
    if (ed25519PrivateKeys.size >= MAX_CACHED_ED25519) ed25519PrivateKeys.clear();
    ed25519PrivateKeys.set(privateKey, key);
  }
  return key;
}

function ed25519PublicKey(publicKey: string): KeyObject {
  let key = ed25519PublicKeys.get(publicKey);
  if (!key) {
    const spki = concatBytes(ED25519_SPKI_PREFIX, publicKeyBytes('ed25519', publicKey));
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    if (ed25519PublicKeys.size >= MAX_CACHED_ED25519) ed25519PublicKeys.clear();
    ed25519PublicKeys.set(publicKey, key);
  }
  return key;
}

function sm2PrivateKey(privateKey: string): string {
  const hex = privateKey.toLowerCase();
  // GB/T 32918 key-pair generation draws d from [1, n−2].
  const d = SM2_PRIVATE_KEY.test(hex) ? BigInt(`0x${hex}`) : 0n;
  if (d < 1n || d > SM2_ORDER - 2n)
    throw new SigningKeyError('an SM2 private key is 64 hex digits in [1, n−2]');
  return hex;
}

function sm2PublicPoint(publicKey: string): ReturnType<typeof sm2.precomputePublicKey> {
  const hex = publicKey.toLowerCase();
  let point = sm2PublicPoints.get(hex);
  if (!point) {
    publicKeyBytes('sm2-sm3', hex);
    point = sm2.precomputePublicKey(hex);
    if (sm2PublicPoints.size >= MAX_CACHED_SM2) sm2PublicPoints.clear();
    sm2PublicPoints.set(hex, point);
  }
  return point;
}

function decodeOr(decode: () => Uint8Array, message: string): Uint8Array {
  try {
    return decode();
  } catch (cause) {
    throw new SigningKeyError(message, { cause });
  }
}

/** DER SEQUENCE { INTEGER r, INTEGER s } (SM2Signature of GB/T 35276), minimal encoding. */
function encodeSm2Signature(r: bigint, s: bigint): Uint8Array {
  const body = concatBytes(derInteger(r), derInteger(s));
  return concatBytes(Uint8Array.of(0x30, body.length), body);
}

function derInteger(n: bigint): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = fromHex(hex);
  if ((bytes[0] ?? 0) & 0x80) bytes = concatBytes(Uint8Array.of(0), bytes);
  return concatBytes(Uint8Array.of(0x02, bytes.length), bytes);
}

/**
 * Strict DER. sm-crypto-v2's own decoder accepts trailing bytes, non-minimal and even negative INTEGERs,
 * so one signature would verify in many byte forms; r and s are also range-checked here (GB/T 32918.2
 * verification steps B1–B2). Returns undefined for anything but the one canonical encoding.
 */
function decodeSm2Signature(sig: Uint8Array): { r: bigint; s: bigint } | undefined {
  // Two INTEGERs of at most 33 bytes each: the SEQUENCE always fits a short-form length.
  if (sig.length < 8 || sig[0] !== 0x30 || sig[1] !== sig.length - 2) return undefined;
  const r = readDerInteger(sig, 2);
  if (!r) return undefined;
  const s = readDerInteger(sig, r.end);
  if (!s || s.end !== sig.length) return undefined;
  const inRange = (v: bigint) => v >= 1n && v < SM2_ORDER;
  return inRange(r.value) && inRange(s.value) ? { r: r.value, s: s.value } : undefined;
}

function readDerInteger(buf: Uint8Array, at: number): { value: bigint; end: number } | undefined {
  const length = buf[at + 1];
  if (buf[at] !== 0x02 || length === undefined || length < 1 || length > 33) return undefined;
  const bytes = buf.subarray(at + 2, at + 2 + length);
  if (bytes.length !== length) return undefined;
  const first = bytes[0]!;
  if (first & 0x80) return undefined; // negative
  if (first === 0 && length > 1 && !(bytes[1]! & 0x80)) return undefined; // not minimal
  return { value: BigInt(`0x${toHex(bytes)}`), end: at + 2 + length };
}
