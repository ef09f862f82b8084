import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromBase64, fromHex, toBase64, toHex, utf8Encode } from './encoding.ts';
import { SigningKeyError } from './errors.ts';
import { sha256 } from './hash.ts';
import {
  derivePublicKey,
  generateSigningKey,
  type SigningSuite,
  sign,
  signingKeyId,
  verify,
} from './signing.ts';

const hexToBase64 = (hex: string) => toBase64(fromHex(hex));

describe('ed25519 — RFC 8032 §7.1 known answers', () => {
  it.each([
    {
      name: 'TEST 1',
      secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      message: '',
      signature:
        'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    },
    {
      name: 'TEST 2',
      secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
      publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
      message: '72',
      signature:
        '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    },
  ])('$name: derives the public key, signs deterministically and verifies', (v) => {
    const privateKey = hexToBase64(v.secret);
    const publicKey = derivePublicKey('ed25519', privateKey);
    expect(publicKey).toBe(hexToBase64(v.publicKey));
    const signature = sign('ed25519', privateKey, fromHex(v.message));
    expect(toHex(signature)).toBe(v.signature);
    expect(verify('ed25519', publicKey, fromHex(v.message), fromHex(v.signature))).toBe(true);
  });
});

describe('sm2-sm3 — known answers', () => {
  // GM/T 0003.5-2012 (= GB/T 32918.5-2017) Annex A, signature example on the recommended curve sm2p256v1:
  // message "message digest", default user id 1234567812345678. (The ALICE123@YAHOO.COM example of
  // GB/T 32918.2 Annex A uses a 256-bit *test* curve that sm-crypto-v2 cannot be given, so it is not used.)
  const privateKey = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
  const publicKey =
    '04' +
    '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' +
    'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13';
  const message = utf8Encode('message digest');
  const r = 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3';
  const s = 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa';
  // DER SEQUENCE of two 33-byte INTEGERs (both values have the top bit set, hence the 00 pad).
  const annexSignature = fromHex(`3046022100${r}022100${s}`);

  it('derives the Annex A public key from its private key', () => {
    expect(derivePublicKey('sm2-sm3', privateKey)).toBe(publicKey);
  });

  it('verifies the Annex A signature (r, s)', () => {
    expect(verify('sm2-sm3', publicKey, message, annexSignature)).toBe(true);
    expect(verify('sm2-sm3', publicKey, utf8Encode('message digesT'), annexSignature)).toBe(false);
  });

  // Produced once by hand with OpenSSL 3.0.19 from the Annex A key (key.pem = SEC1 DER of the key above):
  //   openssl pkeyutl -sign -rawin -digest sm3 -inkey key.pem -pkeyopt distid:1234567812345678 -in msg
  // and checked back with `openssl pkeyutl -verify …`. The binary message is 00 ff 80 0a, which is not
  // UTF-8: it shows the exact bytes are signed, not a string re-encoding of them.
  it.each([
    [
      'message digest',
      message,
      '304502200cd72da8333e4c356c39aeaec0ee1bf44dd39ad88ca21c6d400c3c31b9879ab6022100abad792eb145f0d9925f30534a6d0cc480cc8eef7123184ce8d6c0d80016fcf7',
    ],
    [
      'bytes 00 ff 80 0a',
      fromHex('00ff800a'),
      '304502203c40d829e7dd14ad8489001d23f6234c08176b68a06c0edfe12ec92afdc24235022100d51763be3085a799c656884289d6ddeaf61a43c1074925ad07cc553e6515826e',
    ],
  ])('verifies an OpenSSL signature over %s', (_label, msg, sigHex) => {
    expect(verify('sm2-sm3', publicKey, msg, fromHex(sigHex))).toBe(true);
  });

  it('produces signatures that the Annex A public key verifies', () => {
    const signature = sign('sm2-sm3', privateKey, message);
    expect(verify('sm2-sm3', publicKey, message, signature)).toBe(true);
  });

  it('rejects other encodings of the same (r, s) (sm-crypto-v2 alone accepts all but s + n)', () => {
    const n = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
    const sPlusN = (BigInt(`0x${s}`) + n).toString(16).padStart(66, '0');
    const variants = {
      's + n': `3046022100${r}0221${sPlusN}`,
      'non-minimal INTEGER': `3047022100${r}02220000${s}`,
      'unpadded (negative) INTEGERs': `30440220${r}0220${s}`,
      'trailing byte': `3046022100${r}022100${s}00`,
      'trailing byte inside the SEQUENCE length': `3047022100${r}022100${s}00`,
      'BER long-form length': `308146022100${r}022100${s}`,
    };
    for (const [label, hex] of Object.entries(variants)) {
      expect(verify('sm2-sm3', publicKey, message, fromHex(hex)), label).toBe(false);
    }
  });
});

describe.each(['ed25519', 'sm2-sm3'] as SigningSuite[])('%s', (suite) => {
  const keys = generateSigningKey(suite);

  it('generates keys in the documented encodings', () => {
    if (suite === 'ed25519') {
      expect(fromBase64(keys.publicKey)).toHaveLength(32);
      expect(fromBase64(keys.privateKey)).toHaveLength(32);
    } else {
      expect(keys.publicKey).toMatch(/^04[0-9a-f]{128}$/);
      expect(keys.privateKey).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(derivePublicKey(suite, keys.privateKey)).toBe(keys.publicKey);
  });

  it('derives the key id from SHA-256(suite ‖ 0x00 ‖ public key)', () => {
    const raw = suite === 'ed25519' ? fromBase64(keys.publicKey) : fromHex(keys.publicKey);
    const expected = toHex(sha256(concatBytes(utf8Encode(suite), Uint8Array.of(0), raw))).slice(0, 16);
    expect(keys.keyId).toBe(expected);
    expect(signingKeyId(suite, keys.publicKey)).toBe(expected);
  });

  it('round-trips, and any flipped bit in message or signature fails', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), (message, position) => {
        const signature = sign(suite, keys.privateKey, message);
        expect(verify(suite, keys.publicKey, message, signature)).toBe(true);

        const badSignature = Uint8Array.from(signature);
        const bit = position % (badSignature.length * 8);
        badSignature[bit >> 3] = badSignature[bit >> 3]! ^ (1 << (bit & 7));
        expect(verify(suite, keys.publicKey, message, badSignature)).toBe(false);

        if (message.length > 0) {
          const badMessage = Uint8Array.from(message);
          const at = position % (badMessage.length * 8);
          badMessage[at >> 3] = badMessage[at >> 3]! ^ (1 << (at & 7));
          expect(verify(suite, keys.publicKey, badMessage, signature)).toBe(false);
        }
      }),
      { numRuns: suite === 'sm2-sm3' ? 25 : 100 },
    );
  });

  it('fails under another key', () => {
    const other = generateSigningKey(suite);
    const message = utf8Encode('{"kind":"certificate.issued"}');
    expect(verify(suite, other.publicKey, message, sign(suite, keys.privateKey, message))).toBe(false);
  });

  it('returns false, never throws, on malformed keys and signatures', () => {
    const message = utf8Encode('x');
    const signature = sign(suite, keys.privateKey, message);
    for (const badKey of ['', 'not a key', `04${'00'.repeat(64)}`, keys.publicKey.slice(0, -2)]) {
      expect(verify(suite, badKey, message, signature)).toBe(false);
    }
    for (const badSignature of [
      new Uint8Array(0),
      new Uint8Array(64),
      signature.subarray(1),
      new Uint8Array(200),
    ]) {
      expect(verify(suite, keys.publicKey, message, badSignature)).toBe(false);
    }
    expect(verify('rsa' as SigningSuite, keys.publicKey, message, signature)).toBe(false);
  });

  it('refuses to sign with a malformed private key', () => {
    const bad = suite === 'ed25519' ? toBase64(new Uint8Array(31)) : '00'.repeat(32);
    expect(() => sign(suite, bad, utf8Encode('x'))).toThrow(SigningKeyError);
  });
});
