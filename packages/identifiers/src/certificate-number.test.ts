import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CertificateLevel,
  certificateNumberCheckChar,
  formatCertificateNumber,
  parseCertificateNumber,
} from './certificate-number.ts';
import { IdentifierError } from './issues.ts';

function codes(issues: { code: string }[]): string[] {
  return issues.map((i) => i.code);
}

describe('certificate number PP YYYY L TT SSSSSS C', () => {
  it('formats the worked example of docs/certificate-number.md', () => {
    // 44 2024 2 00 000123. MOD 11-2 weights of positions 1–15 are 2^(16−i) mod 11:
    // 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2. Σ = 4·10+4·5+2·8+0+2·2+4·1+2·6+0+…+1·8+2·4+3·2 = 118;
    // 118 ≡ 8 (mod 11); check c with 8 + c ≡ 1 → c = 4.
    expect(certificateNumberCheckChar('442024200000123')).toBe('4');
    expect(
      formatCertificateNumber({ provinceCode: '44', year: 2024, level: 2, typeCode: '00', serial: 123 }),
    ).toBe('4420242000001234');
  });

  it('parses a number into its parts', () => {
    expect(parseCertificateNumber('4420242000001234')).toEqual({
      valid: true,
      normalized: '4420242000001234',
      errors: [],
      parts: { provinceCode: '44', year: 2024, level: 2, typeCode: '00', serial: 123, checkChar: '4' },
    });
  });

  it('accepts a lower-case x check character', () => {
    // 11 2023 1 00 000001: Σ = 1·10+1·5+2·8+0+2·2+3·1+1·6+0+…+1·2 = 46 ≡ 2; 2 + c ≡ 1 → c = 10 → X.
    const number = formatCertificateNumber({
      provinceCode: '11',
      year: 2023,
      level: 1,
      typeCode: '00',
      serial: 1,
    });
    expect(number).toBe('112023100000001X');
    expect(parseCertificateNumber(' 112023100000001x ')).toMatchObject({ valid: true, normalized: number });
  });

  it('rejects a wrong length or characters', () => {
    expect(codes(parseCertificateNumber('442024200000123').errors)).toEqual(['INVALID_LENGTH']);
    expect(codes(parseCertificateNumber('44202420000012A4').errors)).toEqual(['INVALID_CHARACTER']);
    expect(codes(parseCertificateNumber('442024200000123Y').errors)).toEqual(['INVALID_CHARACTER']);
  });

  it('names expected and given check characters', () => {
    expect(parseCertificateNumber('4420242000001235').errors).toEqual([
      { code: 'INVALID_CHECK_CHARACTER', message: '校验码应为 4，实际为 5' },
    ]);
  });

  it('rejects each malformed part', () => {
    const withCheck = (first15: string) => `${first15}${certificateNumberCheckChar(first15)}`;
    expect(codes(parseCertificateNumber(withCheck('992024200000123')).errors)).toEqual(['UNKNOWN_PROVINCE']);
    expect(codes(parseCertificateNumber(withCheck('812024200000123')).errors)).toEqual(['UNKNOWN_PROVINCE']);
    expect(codes(parseCertificateNumber(withCheck('441989200000123')).errors)).toEqual(['INVALID_YEAR']);
    expect(codes(parseCertificateNumber(withCheck('442024500000123')).errors)).toEqual(['INVALID_LEVEL']);
    expect(codes(parseCertificateNumber(withCheck('442024000000123')).errors)).toEqual(['INVALID_LEVEL']);
    expect(codes(parseCertificateNumber(withCheck('442024200000000')).errors)).toEqual(['INVALID_SERIAL']);
  });

  it('refuses to format invalid parts', () => {
    const good = { provinceCode: '44', year: 2024, level: 2 as CertificateLevel, typeCode: '00', serial: 1 };
    const attempts: [Partial<typeof good>, string][] = [
      [{ provinceCode: '4' }, 'UNKNOWN_PROVINCE'],
      [{ provinceCode: '99' }, 'UNKNOWN_PROVINCE'],
      [{ year: 2100 }, 'INVALID_YEAR'],
      [{ level: 5 as CertificateLevel }, 'INVALID_LEVEL'],
      [{ typeCode: '1' }, 'INVALID_TYPE_CODE'],
      [{ serial: 1_000_000 }, 'INVALID_SERIAL'],
      [{ serial: 1.5 }, 'INVALID_SERIAL'],
    ];
    for (const [change, code] of attempts) {
      expect(() => formatCertificateNumber({ ...good, ...change })).toThrow(
        expect.objectContaining({ code }),
      );
    }
    expect(() => formatCertificateNumber({ ...good, year: 1989 })).toThrow(IdentifierError);
  });
});

describe('certificate number properties', () => {
  const parts = fc.record({
    provinceCode: fc.constantFrom('11', '12', '31', '44', '50', '65'),
    year: fc.integer({ min: 1990, max: 2099 }),
    level: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<CertificateLevel>,
    typeCode: fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0')),
    serial: fc.integer({ min: 1, max: 999_999 }),
  });

  it('round-trips format → parse', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const number = formatCertificateNumber(p);
        expect(number).toHaveLength(16);
        expect(parseCertificateNumber(number)).toMatchObject({ valid: true, parts: p });
      }),
    );
  });

  it('detects any single changed character', () => {
    fc.assert(
      fc.property(parts, fc.integer({ min: 0, max: 15 }), fc.constantFrom(...'0123456789X'), (p, i, ch) => {
        const number = formatCertificateNumber(p);
        fc.pre(number[i] !== ch);
        expect(parseCertificateNumber(`${number.slice(0, i)}${ch}${number.slice(i + 1)}`).valid).toBe(false);
      }),
    );
  });

  it('detects any swap of two adjacent different characters', () => {
    fc.assert(
      fc.property(parts, fc.integer({ min: 0, max: 14 }), (p, i) => {
        const number = formatCertificateNumber(p);
        fc.pre(number[i] !== number[i + 1]);
        const swapped = `${number.slice(0, i)}${number[i + 1]}${number[i]}${number.slice(i + 2)}`;
        expect(parseCertificateNumber(swapped).valid).toBe(false);
      }),
    );
  });
});
