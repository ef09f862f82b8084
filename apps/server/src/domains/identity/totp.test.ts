import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri } from './totp.ts';

// RFC 6238 Appendix B: seed "12345678901234567890" (ASCII), SHA-1, 8 digits.
const SEED = new TextEncoder().encode('12345678901234567890');

describe('TOTP (RFC 6238) known answers', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('T=%i → %s', (t, expected) => {
    expect(hotp(SEED, Math.floor(t / 30), 8)).toBe(expected);
  });

  it('RFC 4226 Appendix D HOTP values', () => {
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    for (const [counter, code] of expected.entries()) expect(hotp(SEED, counter)).toBe(code);
  });
});

describe('base32 (RFC 4648)', () => {
  it('encodes the RFC test vectors', () => {
    const enc = (s: string) => base32Encode(new TextEncoder().encode(s));
    expect(enc('f')).toBe('MY');
    expect(enc('foobar')).toBe('MZXW6YTBOI');
    expect(new TextDecoder().decode(base32Decode('MZXW6YTBOI======'))).toBe('foobar');
  });

  it('decodes the demo secret JBSWY3DPEHPK3PXP to "Hello!\\xde\\xad\\xbe\\xef"', () => {
    expect(Buffer.from(base32Decode('JBSWY3DPEHPK3PXP')).toString('hex')).toBe('48656c6c6f21deadbeef');
  });
});

describe('matchTotp', () => {
  const secret = base32Decode('JBSWY3DPEHPK3PXP');
  it('accepts the current code and one step of drift, rejects older ones and junk', () => {
    const now = 1_800_000_000;
    const step = Math.floor(now / 30);
    expect(matchTotp(secret, hotp(secret, step), now)).toBe(step);
    expect(matchTotp(secret, hotp(secret, step - 1), now)).toBe(step - 1);
    expect(matchTotp(secret, hotp(secret, step - 2), now)).toBeNull();
    expect(matchTotp(secret, '12345', now)).toBeNull();
    expect(matchTotp(secret, 'abcdef', now)).toBeNull();
  });

  it('builds an otpauth URI authenticator apps read', () => {
    expect(otpauthUri('JBSWY3DPEHPK3PXP', 'demo-admin')).toMatch(
      /^otpauth:\/\/totp\/.+demo-admin\?secret=JBSWY3DPEHPK3PXP&issuer=.+&digits=6&period=30$/,
    );
  });
});
