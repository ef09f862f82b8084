import {
  canonicalBytes,
  fromHex,
  generateSigningKey,
  type SigningKeyPair,
  sign,
  toBase64,
} from '@anzheng/crypto';
import type { CertificateClaims, TrustList } from '@anzheng/verifier';
import { describe, expect, it } from 'vitest';
import { loadVerificationSettings } from './index.ts';
import { LruCache } from './verification.cache.ts';
import { batchResultCsv } from './verification.csv.ts';
import { checkCertificateNumber, normalizeName, normalizeNumberInput } from './verification.input.ts';
import { effectiveStatus } from './verification.service.ts';
import { checkClaimsSignature, parseTrustList } from './verification.trust.ts';

describe('input normalisation', () => {
  it('brings typed numbers to the stored form and names the problem of a bad one', () => {
    expect(normalizeNumberInput(' ４４2026 1 00\u3000000012x ')).toBe('442026100000012X');
    const bad = checkCertificateNumber('4420261000000017');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((p) => p.code)).toContain('INVALID_CHECK_CHARACTER');
    const short = checkCertificateNumber('12345');
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.problems[0]!.message).toContain('16 位');
    expect(normalizeName('\u3000张安全 ')).toBe('张安全');
    expect(normalizeName('ＡＢＣ')).toBe('ABC');
  });

  it('shows a valid certificate past its last day as expired, and only a valid one', () => {
    expect(effectiveStatus('valid', '2026-11-28', '2026-11-29')).toBe('expired');
    expect(effectiveStatus('valid', '2026-11-29', '2026-11-29')).toBe('valid');
    expect(effectiveStatus('revoked', '2020-01-01', '2026-11-29')).toBe('revoked');
  });
});

describe('settings', () => {
  it('reads ANZHENG_PUBLIC_RATE_LIMIT and names a bad value', () => {
    expect(loadVerificationSettings({})).toEqual({ publicRateLimit: 120 });
    expect(loadVerificationSettings({ ANZHENG_PUBLIC_RATE_LIMIT: '30' })).toEqual({ publicRateLimit: 30 });
    expect(() => loadVerificationSettings({ ANZHENG_PUBLIC_RATE_LIMIT: 'lots' })).toThrow(
      /ANZHENG_PUBLIC_RATE_LIMIT=lots/,
    );
    expect(() => loadVerificationSettings({ ANZHENG_PUBLIC_RATE_LIMIT: '0' })).toThrow(
      /ANZHENG_PUBLIC_RATE_LIMIT/,
    );
  });
});

describe('LRU cache', () => {
  it('evicts the least recently used entry', () => {
    const cache = new LruCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.size).toBe(2);
  });
});

describe('issuer signature check', () => {
  const claims: CertificateClaims = {
    v: 1,
    number: '4420261000000016',
    elicenseId: 'x',
    type: { code: '00', name: '安全生产管理人员职业资格证书' },
    level: 'junior',
    industryCode: null,
    holder: { name: '张安全', commitment: '0'.repeat(64) },
    issuer: { code: '440000', name: '广东省应急管理厅' },
    firstIssuedOn: '2026-01-10',
    validFrom: '2026-01-10',
    validUntil: '2029-01-09',
    issuedAt: '2026-06-01T00:00:00Z',
    claimsVersion: 1,
  };
  const listWith = (key: SigningKeyPair, over: Partial<TrustList['keys'][number]> = {}): TrustList => ({
    type: 'anzheng-trust-list/v1',
    version: 1,
    issuedAt: '2026-01-01T00:00:00Z',
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: '2027-01-01T00:00:00Z',
    log: { origin: 'x', verifierKey: 'not-a-key' },
    keys: [
      {
        keyId: `${key.suite}:${key.keyId}`,
        purpose: 'issuer',
        suite: key.suite,
        // Trust lists carry raw public keys in base64 (SM2: the 65-byte uncompressed point).
        publicKey: key.suite === 'ed25519' ? key.publicKey : toBase64(fromHex(key.publicKey)),
        issuer: { code: '440000', name: '广东省应急管理厅' },
        validFrom: '2026-01-01T00:00:00Z',
        validUntil: null,
        ...over,
      },
    ],
    signatures: [],
  });
  const signed = (key: SigningKeyPair, c: CertificateClaims = claims) => ({
    suite: key.suite,
    keyId: `${key.suite}:${key.keyId}`,
    value: toBase64(sign(key.suite, key.privateKey, canonicalBytes(c))),
  });

  for (const suite of ['ed25519', 'sm2-sm3'] as const) {
    it(`accepts a ${suite} signature by a trusted key valid at issuedAt, and nothing else`, () => {
      const key = generateSigningKey(suite);
      const sig = signed(key);
      expect(checkClaimsSignature(parseTrustList(listWith(key)), claims, sig)).toBe(true);
      // Claims changed after signing.
      expect(
        checkClaimsSignature(parseTrustList(listWith(key)), { ...claims, validUntil: '2039-01-09' }, sig),
      ).toBe(false);
      // Key not yet valid when the claims say they were signed, or already expired.
      expect(
        checkClaimsSignature(
          parseTrustList(listWith(key, { validFrom: '2026-07-01T00:00:00Z' })),
          claims,
          sig,
        ),
      ).toBe(false);
      expect(
        checkClaimsSignature(
          parseTrustList(listWith(key, { validUntil: '2026-06-01T00:00:00Z' })),
          claims,
          sig,
        ),
      ).toBe(false);
      // A key of another issuer cannot vouch for these claims.
      expect(
        checkClaimsSignature(
          parseTrustList(listWith(key, { issuer: { code: '110000', name: '北京市' } })),
          claims,
          sig,
        ),
      ).toBe(false);
      // A key that is not in the list.
      expect(checkClaimsSignature(parseTrustList(listWith(generateSigningKey(suite))), claims, sig)).toBe(
        false,
      );
    });
  }
});

describe('CSV download (RFC 4180)', () => {
  it('quotes what needs quoting, neutralises formulas, starts with a BOM', () => {
    const csv = batchResultCsv({
      total: 2,
      counts: {},
      rows: [
        {
          line: 2,
          number: '4420261000000016',
          name: '张"三",李',
          outcome: 'valid',
          certificateTypeName: '安全生产管理人员职业资格证书',
          level: 'senior',
          validUntil: '2029-01-09',
          message: null,
        },
        {
          line: 3,
          number: '1',
          name: '@SUM(A1)',
          outcome: 'invalid_input',
          certificateTypeName: null,
          level: null,
          validUntil: null,
          message: '证书编号有误：证书编号应为 16 位，实际为 1 位',
        },
      ],
    });
    expect(csv.split('\r\n')).toEqual([
      '\uFEFF行号,证书编号,姓名,核验结果,结果代码,证书类型,等级,有效期至,说明',
      '2,4420261000000016,"张""三"",李",有效,valid,安全生产管理人员职业资格证书,高级,2029-01-09,',
      "3,1,'@SUM(A1),输入有误,invalid_input,,,,证书编号有误：证书编号应为 16 位，实际为 1 位",
      '',
    ]);
  });
});
