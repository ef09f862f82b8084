import { EncodingError } from './errors.ts';

// Node's Buffer decoders silently skip invalid characters; every decoder here validates first so a
// corrupted key or signature fails loudly instead of turning into different bytes.
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BASE58_INDEX = new Map([...BASE58_ALPHABET].map((ch, i) => [ch, i]));

/** Multicodec `ed25519-pub` (0xed) as an unsigned varint: 0xed 0x01. */
const ED25519_PUB_MULTICODEC = Uint8Array.of(0xed, 0x01);

/** A zero-copy Uint8Array view, so callers never get Buffer's different equality/toString semantics. */
export function asBytes(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

export function utf8Encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Strict UTF-8 decoding: invalid sequences throw instead of becoming U+FFFD. */
export function utf8Decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new EncodingError('invalid UTF-8', { cause });
  }
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Accepts upper- or lowercase hex; rejects odd length and non-hex characters. */
export function fromHex(hex: string): Uint8Array {
  if (!HEX.test(hex)) throw new EncodingError('invalid hex string');
  return asBytes(Buffer.from(hex, 'hex'));
}

/** Standard base64 (RFC 4648 §4) with padding. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Standard base64 with canonical padding required. */
export function fromBase64(text: string): Uint8Array {
  if (!BASE64.test(text)) throw new EncodingError('invalid base64 string');
  return asBytes(Buffer.from(text, 'base64'));
}

/** base64url (RFC 4648 §5) without padding, as used in JWK, tokens and C2SP tiles. */
export function toBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** base64url without padding; a length of 1 mod 4 cannot come from any byte string. */
export function fromBase64url(text: string): Uint8Array {
  if (!BASE64URL.test(text) || text.length % 4 === 1) throw new EncodingError('invalid base64url string');
  return asBytes(Buffer.from(text, 'base64url'));
}

/** Bitcoin-alphabet base58 (draft-msporny-base58); each leading zero byte becomes a leading '1'. */
export function toBase58btc(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  // Little-endian base-58 digits of the big-endian input, built by repeated multiply-and-add.
  const digits: number[] = [];
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i]!;
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j]! << 8;
      digits[j] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let out = '1'.repeat(zeros);
  for (let i = digits.length - 1; i >= 0; i--) out += BASE58_ALPHABET[digits[i]!];
  return out;
}

export function fromBase58btc(text: string): Uint8Array {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  const bytes: number[] = [];
  for (let i = zeros; i < text.length; i++) {
    const value = BASE58_INDEX.get(text[i]!);
    if (value === undefined) throw new EncodingError(`invalid base58btc character at position ${i}`);
    let carry = value;
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j]! * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  const out = new Uint8Array(zeros + bytes.length);
  for (let i = 0; i < bytes.length; i++) out[out.length - 1 - i] = bytes[i]!;
  return out;
}

/** Multibase base58btc: 'z' + base58btc (W3C Data Integrity `proofValue`, Multikey). */
export function toMultibase(bytes: Uint8Array): string {
  return `z${toBase58btc(bytes)}`;
}

/** Only the base58btc ('z') multibase prefix is accepted; Data Integrity requires nothing else. */
export function fromMultibase(text: string): Uint8Array {
  if (!text.startsWith('z'))
    throw new EncodingError('unsupported multibase prefix (expected "z", base58btc)');
  return fromBase58btc(text.slice(1));
}

/** Multikey encoding of a raw 32-byte Ed25519 public key: `z6Mk…` (also the did:key method-specific id). */
export function toEd25519Multikey(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new EncodingError('an Ed25519 public key is 32 bytes');
  return toMultibase(concatBytes(ED25519_PUB_MULTICODEC, publicKey));
}

export function fromEd25519Multikey(multikey: string): Uint8Array {
  const bytes = fromMultibase(multikey);
  if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) {
    throw new EncodingError('not an Ed25519 Multikey (expected multicodec 0xed01 followed by 32 bytes)');
  }
  return bytes.slice(2);
}
