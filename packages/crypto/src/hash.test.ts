import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8Encode } from './encoding.ts';
import { bytesEqual, hkdf, hmac, sha256, sm3 } from './hash.ts';

describe('hash helpers', () => {
  it('computes the GB/T 32905-2016 Appendix A SM3 examples', () => {
    expect(toHex(sm3(utf8Encode('abc')))).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
    expect(toHex(sm3(utf8Encode('abcd'.repeat(16))))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  it('computes the FIPS 180-4 SHA-256 example', () => {
    expect(toHex(sha256(utf8Encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('computes RFC 4231 test case 2 (HMAC-SHA-256)', () => {
    const mac = hmac('sha256', utf8Encode('Jefe'), utf8Encode('what do ya want for nothing?'));
    expect(toHex(mac)).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('computes RFC 5869 test case 1 (HKDF-SHA-256)', () => {
    const ikm = fromHex('0b'.repeat(22));
    const salt = fromHex('000102030405060708090a0b0c');
    const info = fromHex('f0f1f2f3f4f5f6f7f8f9');
    expect(toHex(hkdf('sha256', ikm, info, 42, salt))).toBe(
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    );
  });

  it('compares in constant time and treats different lengths as unequal', () => {
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(bytesEqual(Uint8Array.of(1), Uint8Array.of(1, 0))).toBe(false);
  });
});
