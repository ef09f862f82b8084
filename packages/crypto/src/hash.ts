import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { asBytes } from './encoding.ts';

/** Digests available to the hash, HMAC and HKDF helpers. SM3 is GB/T 32905-2016. */
export type DigestName = 'sha256' | 'sm3';

export function digest(name: DigestName, data: Uint8Array): Uint8Array {
  return asBytes(createHash(name).update(data).digest());
}

export function sha256(data: Uint8Array): Uint8Array {
  return digest('sha256', data);
}

export function sm3(data: Uint8Array): Uint8Array {
  return digest('sm3', data);
}

/** HMAC (RFC 2104) with SHA-256 or SM3. */
export function hmac(name: DigestName, key: Uint8Array, data: Uint8Array): Uint8Array {
  return asBytes(createHmac(name, key).update(data).digest());
}

/** HKDF (RFC 5869) extract-and-expand; a string `info` is taken as UTF-8. */
export function hkdf(
  name: DigestName,
  ikm: Uint8Array,
  info: string | Uint8Array,
  length: number,
  salt: Uint8Array = new Uint8Array(0),
): Uint8Array {
  return new Uint8Array(hkdfSync(name, ikm, salt, info, length));
}

/** Constant-time equality; different lengths are simply unequal. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
