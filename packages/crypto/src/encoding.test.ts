import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromBase58btc,
  fromBase64,
  fromBase64url,
  fromEd25519Multikey,
  fromHex,
  fromMultibase,
  toBase58btc,
  toBase64,
  toBase64url,
  toEd25519Multikey,
  toHex,
  toMultibase,
  utf8Decode,
  utf8Encode,
} from './encoding.ts';
import { EncodingError } from './errors.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('base58btc and multibase', () => {
  it.each([
    ['Hello World!', '2NEpo7TZRRrLZSi2U'],
    [
      'The quick brown fox jumps over the lazy dog.',
      'USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z',
    ],
  ])('encodes %j as %s (draft-msporny-base58 test vectors)', (text, encoded) => {
    expect(toBase58btc(utf8Encode(text))).toBe(encoded);
    expect(utf8Decode(fromBase58btc(encoded))).toBe(text);
  });

  it('keeps leading zero bytes as leading "1"s', () => {
    expect(toBase58btc(bytes(0, 0, 0x28, 0x7f, 0xb4, 0xcd))).toBe('11233QC4');
    expect(fromBase58btc('11233QC4')).toEqual(bytes(0, 0, 0x28, 0x7f, 0xb4, 0xcd));
    expect(toBase58btc(new Uint8Array(0))).toBe('');
    expect(toBase58btc(bytes(0))).toBe('1');
  });

  it('rejects characters outside the alphabet (0, O, I, l)', () => {
    for (const bad of ['0', 'O', 'I', 'l', 'abc+']) expect(() => fromBase58btc(bad)).toThrow(EncodingError);
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (data) => {
        expect(fromBase58btc(toBase58btc(data))).toEqual(data);
        expect(fromMultibase(toMultibase(data))).toEqual(data);
      }),
    );
  });

  it('accepts only the base58btc multibase prefix', () => {
    expect(toMultibase(utf8Encode('Hello World!'))).toBe('z2NEpo7TZRRrLZSi2U');
    expect(() => fromMultibase('uSGVsbG8')).toThrow('multibase');
  });
});

describe('Ed25519 Multikey (did:key)', () => {
  // RFC 8032 §7.1 TEST 1 / TEST 2 public keys and their did:key identifiers as published by other
  // did:key implementations.
  it.each([
    [
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      'z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw',
    ],
    [
      '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
      'z6MkiaMbhXHNA4eJVCCj8dbzKzTgYDKf6crKgHVHid1F1WCT',
    ],
  ])('encodes public key %s as %s', (hex, multikey) => {
    expect(toEd25519Multikey(fromHex(hex))).toBe(multikey);
    expect(toHex(fromEd25519Multikey(multikey))).toBe(hex);
  });

  it('agrees with a did:key document that lists the raw key as publicKeyBase58', () => {
    const did = 'did:key:z6MkmjY8GnV5i9YTDtPETC2uUAW6ejw3nk5mXF5yci5ab7th';
    const publicKeyBase58 = '8HH5gYEeNc3z7PYXmd54d4x6qAfCNrqQqEB3nS7Zfu7K';
    expect(`did:key:${toEd25519Multikey(fromBase58btc(publicKeyBase58))}`).toBe(did);
  });

  it('decodes the did:key specification example to an ed25519-pub multicodec key', () => {
    const id = 'z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
    const key = fromEd25519Multikey(id);
    expect(key).toHaveLength(32);
    expect(toEd25519Multikey(key)).toBe(id);
  });

  it('rejects other multicodecs and lengths', () => {
    expect(() => fromEd25519Multikey(toMultibase(bytes(0xec, 0x01, ...new Uint8Array(32))))).toThrow(
      EncodingError,
    );
    expect(() => fromEd25519Multikey(toMultibase(bytes(0xed, 0x01, 1, 2)))).toThrow(EncodingError);
    expect(() => toEd25519Multikey(new Uint8Array(31))).toThrow(EncodingError);
  });
});

describe('hex and base64', () => {
  it('encodes RFC 4648 §10 vectors', () => {
    expect(toBase64(utf8Encode('foobar'))).toBe('Zm9vYmFy');
    expect(toBase64(utf8Encode('fo'))).toBe('Zm8=');
    expect(toBase64url(bytes(0xfb, 0xff))).toBe('-_8');
    expect(toHex(bytes(0, 0xab, 0xff))).toBe('00abff');
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (data) => {
        expect(fromHex(toHex(data))).toEqual(data);
        expect(fromBase64(toBase64(data))).toEqual(data);
        expect(fromBase64url(toBase64url(data))).toEqual(data);
      }),
    );
  });

  it('refuses malformed input instead of silently dropping characters as Buffer does', () => {
    expect(() => fromHex('abc')).toThrow(EncodingError);
    expect(() => fromHex('zz')).toThrow(EncodingError);
    expect(() => fromBase64('Zm9v!mFy')).toThrow(EncodingError);
    expect(() => fromBase64('Zm8')).toThrow(EncodingError);
    expect(() => fromBase64url('Zm9v+')).toThrow(EncodingError);
    expect(() => fromBase64url('Z')).toThrow(EncodingError);
  });

  it('decodes UTF-8 strictly', () => {
    expect(() => utf8Decode(bytes(0xc3))).toThrow(EncodingError);
  });
});
