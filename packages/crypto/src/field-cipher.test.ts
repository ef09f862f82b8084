import { createDecipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from './encoding.ts';
import { FieldDecryptionError, KeyConfigError } from './errors.ts';
import { createFieldCipher, type FieldSuite, type Keyring } from './field-cipher.ts';

const key = (seed: number) => Uint8Array.from({ length: 32 }, (_, i) => (seed + i) & 0xff);
const K1 = key(0); // 000102…1f
const K2 = key(100);
const suites: FieldSuite[] = ['aes-256-gcm', 'sm4'];

function cipherFor(suite: FieldSuite, keys: Record<string, Uint8Array>, activeKeyId: string) {
  return createFieldCipher({ keyring: { suite, keys, activeKeyId } });
}

/** Replaces one byte of the token's binary part. */
function tamperPayload(token: string, index: number): string {
  const parts = token.split('.');
  const payload = fromBase64url(parts[3]!);
  payload[index] = payload[index]! ^ 0x01;
  return [...parts.slice(0, 3), toBase64url(payload)].join('.');
}

describe.each(suites)('field encryption (%s)', (suite) => {
  const cipher = cipherFor(suite, { k1: K1 }, 'k1');

  it('round-trips any string, with or without AAD', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.option(fc.string(), { nil: undefined }), (text, aad) => {
        expect(cipher.decrypt(cipher.encrypt(text, aad), aad)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('writes a self-describing token with a fresh IV each time', () => {
    const a = cipher.encrypt('110101199003077777', 'person.id_number');
    const b = cipher.encrypt('110101199003077777', 'person.id_number');
    expect(a).toMatch(new RegExp(`^v1\\.${suite}\\.k1\\.[A-Za-z0-9_-]+$`));
    expect(a).not.toBe(b);
  });

  it('detects a change to any byte of the payload', () => {
    const token = cipher.encrypt('13800138000', 'person.phone');
    const length = fromBase64url(token.split('.')[3]!).length;
    for (let i = 0; i < length; i++) {
      expect(() => cipher.decrypt(tamperPayload(token, i), 'person.phone')).toThrow(FieldDecryptionError);
    }
  });

  it('detects truncation and extension', () => {
    const token = cipher.encrypt('13800138000');
    const payload = fromBase64url(token.split('.')[3]!);
    const head = token.split('.').slice(0, 3).join('.');
    for (const changed of [
      payload.subarray(0, payload.length - 1),
      payload.subarray(0, payload.length - 16),
    ]) {
      expect(() => cipher.decrypt(`${head}.${toBase64url(changed)}`)).toThrow(FieldDecryptionError);
    }
    const longer = new Uint8Array([...payload, ...new Uint8Array(16)]);
    expect(() => cipher.decrypt(`${head}.${toBase64url(longer)}`)).toThrow(FieldDecryptionError);
  });

  it('binds the AAD (e.g. the column), so a value cannot be moved to another column', () => {
    const token = cipher.encrypt('13800138000', 'person.phone');
    expect(() => cipher.decrypt(token, 'person.id_number')).toThrow('authentication failed');
    expect(() => cipher.decrypt(token)).toThrow(FieldDecryptionError);
    expect(() => cipher.decrypt(cipher.encrypt('x'), 'person.phone')).toThrow(FieldDecryptionError);
  });

  it('binds the key id in the header, so a token cannot be relabelled to another key', () => {
    const two = cipherFor(suite, { k1: K1, k2: K1 }, 'k1');
    const token = two.encrypt('secret');
    expect(() => two.decrypt(token.replace('.k1.', '.k2.'))).toThrow(FieldDecryptionError);
  });

  it('names an unknown key id', () => {
    const other = cipherFor(suite, { k9: K2 }, 'k9');
    expect(() => cipher.decrypt(other.encrypt('secret'))).toThrow('unknown key id "k9"');
  });

  it('rejects malformed tokens with FieldDecryptionError', () => {
    for (const bad of [
      '',
      'plain text',
      'v2.aes-256-gcm.k1.AAAA',
      `v1.des.k1.AAAA`,
      'v1.sm4.k 1.AAAA',
      'v1.sm4.k1.@@@',
    ]) {
      expect(() => cipher.decrypt(bad)).toThrow(FieldDecryptionError);
    }
  });

  it('never uses the master key directly', () => {
    const payload = fromBase64url(cipher.encrypt('secret').split('.')[3]!);
    const [algorithm, ivLength, tagLength, rawKey] =
      suite === 'sm4'
        ? (['sm4-cbc', 16, 32, K1.subarray(0, 16)] as const)
        : (['aes-256-gcm', 12, 16, K1] as const);
    const decipher = createDecipheriv(algorithm, rawKey, payload.subarray(0, ivLength));
    decipher.setAutoPadding(false);
    // Unauthenticated raw decryption: it would reveal the plaintext if the master key were the cipher key.
    const plain = decipher.update(payload.subarray(ivLength, payload.length - tagLength)).toString('latin1');
    expect(plain).not.toContain('secret');
  });

  it('refuses strings with lone surrogates, which UTF-8 cannot carry faithfully', () => {
    expect(() => cipher.encrypt('a\ud800')).toThrow(TypeError);
    expect(() => cipher.blindIndex('a\udc00', 'person.id_number')).toThrow(TypeError);
  });
});

describe('key rotation', () => {
  it.each(suites)(
    'keeps old tokens readable and blind indexes stable after a new key is added (%s)',
    (suite) => {
      const before = cipherFor(suite, { k1: K1 }, 'k1');
      const after = cipherFor(suite, { k1: K1, k2: K2 }, 'k2');
      const old = before.encrypt('110101199003077777', 'person.id_number');

      expect(after.decrypt(old, 'person.id_number')).toBe('110101199003077777');
      expect(after.needsReencryption(old)).toBe(true);
      const rotated = after.reencrypt(old, 'person.id_number');
      expect(rotated.startsWith(`v1.${suite}.k2.`)).toBe(true);
      expect(after.needsReencryption(rotated)).toBe(false);
      expect(after.decrypt(rotated, 'person.id_number')).toBe('110101199003077777');

      expect(after.indexKeyId).toBe('k1');
      expect(after.blindIndex('110101199003077777', 'person.id_number')).toBe(
        before.blindIndex('110101199003077777', 'person.id_number'),
      );
    },
  );

  it('decrypts tokens of the other suite, so a suite change can be migrated row by row', () => {
    const aes = cipherFor('aes-256-gcm', { k1: K1 }, 'k1');
    const sm = cipherFor('sm4', { k1: K1 }, 'k1');
    const token = aes.encrypt('13800138000', 'person.phone');
    expect(sm.decrypt(token, 'person.phone')).toBe('13800138000');
    expect(sm.needsReencryption(token)).toBe(true);
    expect(sm.reencrypt(token, 'person.phone').startsWith('v1.sm4.k1.')).toBe(true);
  });

  it('honours an explicit indexKeyId', () => {
    const pinned = createFieldCipher({
      keyring: { suite: 'sm4', keys: { k1: K1, k2: K2 }, activeKeyId: 'k1', indexKeyId: 'k2' },
    });
    const k2Only = cipherFor('sm4', { k2: K2 }, 'k2');
    expect(pinned.blindIndex('x', 'person.phone')).toBe(k2Only.blindIndex('x', 'person.phone'));
  });

  it('is not affected by later changes to the caller’s keyring object', () => {
    const keys = { k1: Uint8Array.from(K1) };
    const cipher = cipherFor('aes-256-gcm', keys, 'k1');
    const token = cipher.encrypt('secret');
    keys.k1.fill(0);
    expect(cipher.decrypt(token)).toBe('secret');
  });
});

describe('blind index', () => {
  // Independent vectors, produced with the OpenSSL 3.0 CLI:
  //   ik=$(openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt hexkey:000102…1f -kdfopt salt: \
  //        -kdfopt info:anzheng/blind-index/v1/person.id_number HKDF)
  //   printf 11010519491231002X | openssl dgst -sha256 -mac HMAC -macopt hexkey:$ik
  // and the same with digest:SM3 / -sm3 for the sm4 suite.
  it.each([
    ['aes-256-gcm', '0a01d27015d3c666a05435b23cfe4c3f7ce3a668fa8bd19f49edae285c855f60'],
    ['sm4', '6c06c986e463a1d9af689a27e8ff87b1abb02638a47d0aea739f29c1cdafcf8c'],
  ] as const)('matches the OpenSSL-computed HKDF + HMAC value (%s)', (suite, expected) => {
    expect(cipherFor(suite, { k1: K1 }, 'k1').blindIndex('11010519491231002X', 'person.id_number')).toBe(
      expected,
    );
  });

  it('separates purposes and keyrings', () => {
    const a = cipherFor('aes-256-gcm', { k1: K1 }, 'k1');
    const b = cipherFor('aes-256-gcm', { k1: K2 }, 'k1');
    expect(a.blindIndex('13800138000', 'person.phone')).not.toBe(
      a.blindIndex('13800138000', 'enterprise.phone'),
    );
    expect(a.blindIndex('13800138000', 'person.phone')).not.toBe(b.blindIndex('13800138000', 'person.phone'));
  });

  it('rejects an unusable purpose label', () => {
    const cipher = cipherFor('aes-256-gcm', { k1: K1 }, 'k1');
    for (const purpose of ['', 'Person', 'a/b', 'x'.repeat(65)]) {
      expect(() => cipher.blindIndex('v', purpose)).toThrow(TypeError);
    }
  });
});

describe('SM4 token interoperability', () => {
  // Built with the OpenSSL 3.0 CLI from K1 (000102…1f): HKDF-SM3 subkeys, `openssl enc -sm4-cbc` with
  // IV 202122…2f, HMAC-SM3 over len64(AD) ‖ AD ‖ IV ‖ C where AD = "v1.sm4.k1" ‖ 0x00 ‖ "person.phone".
  const token =
    'v1.sm4.k1.ICEiIyQlJicoKSorLC0uL0d1C4FBw9HhJsx1TqWkE0AaHgEXrw853eNT3wmPKAogIC2k5Q3vLrEnDRhIQVOpuA';

  it('decrypts a token produced independently of this code', () => {
    expect(cipherFor('aes-256-gcm', { k1: K1 }, 'k1').decrypt(token, 'person.phone')).toBe('13800138000');
  });
});

describe('keyring validation', () => {
  const valid: Keyring = { suite: 'aes-256-gcm', keys: { k1: K1 }, activeKeyId: 'k1' };
  it.each([
    ['no keys', { ...valid, keys: {} }, 'no keys'],
    ['a missing active key', { ...valid, activeKeyId: 'k2' }, 'active key k2'],
    ['a short key', { ...valid, keys: { k1: randomBytes(16) } }, 'not 32 bytes'],
    ['a key id with a dot', { ...valid, keys: { 'k.1': K1 }, activeKeyId: 'k.1' }, 'key id'],
    ['a missing index key', { ...valid, indexKeyId: 'k0' }, 'index key k0'],
    ['an unknown suite', { ...valid, suite: 'des' as FieldSuite }, 'unsupported suite'],
  ])('rejects %s', (_label, keyring, message) => {
    expect(() => createFieldCipher({ keyring })).toThrow(KeyConfigError);
    expect(() => createFieldCipher({ keyring })).toThrow(message);
  });
});
