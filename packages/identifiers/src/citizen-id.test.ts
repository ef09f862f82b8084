import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertLegacyCitizenId, validateCitizenId } from './citizen-id.ts';
import { generateCitizenId, generateLegacyCitizenId, mulberry32 } from './generators.ts';
import { iso7064Mod11_2 } from './iso7064.ts';
import { IdentifierError } from './issues.ts';

const today = new Date('2025-06-01T00:00:00Z');

/** Appends the GB 11643 check character, so a test can isolate one rule from the checksum. */
function withCheck(first17: string): string {
  return `${first17}${iso7064Mod11_2(first17)}`;
}

function codes(issues: { code: string }[]): string[] {
  return issues.map((i) => i.code);
}

describe('validateCitizenId — GB 11643 resident identity numbers', () => {
  it('accepts the standard example and reads birth date, sex and address code', () => {
    // GB 11643-1999 appendix A example; check character X verified by hand in iso7064.test.ts.
    expect(validateCitizenId('11010519491231002X', { today })).toEqual({
      valid: true,
      normalized: '11010519491231002X',
      kind: 'resident',
      birthDate: '1949-12-31',
      sex: 'female',
      divisionCode: '110105',
      errors: [],
      warnings: [],
    });
  });

  it('trims whitespace and upper-cases a trailing x', () => {
    const result = validateCitizenId('  11010519491231002x\n', { today });
    expect(result.valid).toBe(true);
    expect(result.normalized).toBe('11010519491231002X');
  });

  it('reads an odd 17th digit as male', () => {
    // 440305 19900101 123 → Σ = 4·7+4·9+0+3·5+0+5·4+1·2+9·1+9·6+0+0+1·9+0+1·5+1·8+2·4+3·2 = 200;
    // 200 mod 11 = 2 → X.
    const result = validateCitizenId('44030519900101123X', { today });
    expect(result).toMatchObject({
      valid: true,
      sex: 'male',
      birthDate: '1990-01-01',
      divisionCode: '440305',
    });
  });

  it('rejects a wrong length', () => {
    expect(codes(validateCitizenId('1101051949123100', { today }).errors)).toEqual(['INVALID_LENGTH']);
    expect(codes(validateCitizenId('', { today }).errors)).toEqual(['INVALID_LENGTH']);
  });

  it('rejects letters other than a final X', () => {
    expect(codes(validateCitizenId('11010519491231002Y', { today }).errors)).toEqual(['INVALID_CHARACTER']);
    expect(codes(validateCitizenId('1101051949123100X2', { today }).errors)).toEqual(['INVALID_CHARACTER']);
    expect(codes(validateCitizenId('11010549123100A', { today }).errors)).toEqual(['INVALID_CHARACTER']);
  });

  it('names the expected and the given check character', () => {
    const result = validateCitizenId('110105194912310021', { today });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([{ code: 'INVALID_CHECK_CHARACTER', message: '校验码应为 X，实际为 1' }]);
  });

  it('rejects impossible and pre-1900 birth dates', () => {
    expect(codes(validateCitizenId(withCheck('11010519490230002'), { today }).errors)).toEqual([
      'INVALID_BIRTH_DATE',
    ]);
    expect(codes(validateCitizenId(withCheck('11010519001329002'), { today }).errors)).toEqual([
      'INVALID_BIRTH_DATE',
    ]);
    // 1900 was not a leap year; 2000 was.
    expect(codes(validateCitizenId(withCheck('11010519000229002'), { today }).errors)).toEqual([
      'INVALID_BIRTH_DATE',
    ]);
    expect(validateCitizenId(withCheck('11010520000229002'), { today }).birthDate).toBe('2000-02-29');
    expect(codes(validateCitizenId(withCheck('11010518991231002'), { today }).errors)).toEqual([
      'INVALID_BIRTH_DATE',
    ]);
  });

  it('rejects a birth date after today in China', () => {
    expect(codes(validateCitizenId(withCheck('11010520250602002'), { today }).errors)).toEqual([
      'BIRTH_DATE_IN_FUTURE',
    ]);
    // 17:00 UTC on 1 June is already 2 June in Beijing.
    expect(
      validateCitizenId(withCheck('11010520250602002'), { today: new Date('2025-06-01T17:00:00Z') }).valid,
    ).toBe(true);
  });

  it('rejects an address code that never was a division', () => {
    const result = validateCitizenId(withCheck('44039919900101123'), { today });
    expect(codes(result.errors)).toEqual(['UNKNOWN_DIVISION']);
    expect(result.divisionCode).toBeUndefined();
  });

  it('accepts an abolished address code with a warning', () => {
    // 110103 崇文区, merged into 东城区 in 2010; people born there keep their number.
    const result = validateCitizenId(withCheck('11010319800101001'), { today });
    expect(result.valid).toBe(true);
    expect(codes(result.warnings)).toEqual(['DIVISION_ABOLISHED']);
    expect(result.warnings[0]?.message).toContain('北京市崇文区');
  });

  it('accepts province- and prefecture-level address codes', () => {
    expect(validateCitizenId(withCheck('44030019900101123'), { today }).valid).toBe(true);
    expect(validateCitizenId(withCheck('44000019900101123'), { today }).valid).toBe(true);
  });

  it('collects independent errors together', () => {
    const result = validateCitizenId('440399199002301231', { today });
    expect(codes(result.errors).sort()).toEqual([
      'INVALID_BIRTH_DATE',
      'INVALID_CHECK_CHARACTER',
      'UNKNOWN_DIVISION',
    ]);
  });
});

describe('legacy 15-digit numbers', () => {
  it('converts by inserting the century 19 and computing the check character', () => {
    expect(convertLegacyCitizenId('110105491231002')).toBe('11010519491231002X');
  });

  it('validates the converted number and says so in a warning', () => {
    const result = validateCitizenId('110105491231002', { today });
    expect(result).toMatchObject({ valid: true, normalized: '11010519491231002X', birthDate: '1949-12-31' });
    expect(codes(result.warnings)).toEqual(['LEGACY_15_DIGIT']);
  });

  it('still checks the birth date of a legacy number', () => {
    expect(codes(validateCitizenId('110105490230002', { today }).errors)).toEqual(['INVALID_BIRTH_DATE']);
  });

  it('refuses to convert malformed input', () => {
    expect(() => convertLegacyCitizenId('11010549123100')).toThrow(IdentifierError);
    expect(() => convertLegacyCitizenId('11010549123100X')).toThrow(
      expect.objectContaining({ code: 'INVALID_CHARACTER' }),
    );
  });
});

describe('residence permits and foreign permanent residents', () => {
  it('recognises Hong Kong, Macau and Taiwan residence permits', () => {
    expect(validateCitizenId(withCheck('81000019900101123'), { today })).toMatchObject({
      valid: true,
      kind: 'hk-macau-resident-permit',
      divisionCode: '810000',
    });
    expect(validateCitizenId(withCheck('82000019900101124'), { today })).toMatchObject({
      valid: true,
      kind: 'hk-macau-resident-permit',
      divisionCode: '820000',
      sex: 'female',
    });
    expect(validateCitizenId(withCheck('83000019900101123'), { today })).toMatchObject({
      valid: true,
      kind: 'taiwan-resident-permit',
      divisionCode: '710000',
    });
  });

  it('validates the 2023 foreign permanent resident ID', () => {
    // 9 | 11 北京 | 840 (USA, ISO 3166 numeric) | 19850315 | 120 | check.
    // Σ = 9·7+1·9+1·10+8·5+4·8+0+1·2+9·1+8·6+5·3+0+3·9+1·10+5·5+1·8+2·4+0 = 306; 306 mod 11 = 9 → 3.
    expect(validateCitizenId('911840198503151203', { today })).toEqual({
      valid: true,
      normalized: '911840198503151203',
      kind: 'foreign-permanent-resident',
      divisionCode: '110000',
      nationalityCode: '840',
      birthDate: '1985-03-15',
      sex: 'female',
      errors: [],
      warnings: [],
    });
  });

  it('checks the check character and birth date of a foreign permanent resident ID', () => {
    expect(codes(validateCitizenId('911840198503151204', { today }).errors)).toEqual([
      'INVALID_CHECK_CHARACTER',
    ]);
    expect(codes(validateCitizenId(withCheck('91184019850230120'), { today }).errors)).toEqual([
      'INVALID_BIRTH_DATE',
    ]);
  });

  it('warns about an unknown issuing province on a foreign permanent resident ID', () => {
    const result = validateCitizenId(withCheck('99984019850315120'), { today });
    expect(result.valid).toBe(true);
    expect(codes(result.warnings)).toEqual(['UNKNOWN_DIVISION']);
  });
});

describe('citizen ID properties', () => {
  const seed = fc.integer();

  it('accepts every generated number and reads back what it was generated from', () => {
    fc.assert(
      fc.property(seed, fc.constantFrom('male' as const, 'female' as const), (s, sex) => {
        const id = generateCitizenId(mulberry32(s), { sex, birthDate: '1988-08-08', divisionCode: '440305' });
        expect(validateCitizenId(id, { today })).toMatchObject({
          valid: true,
          sex,
          birthDate: '1988-08-08',
          divisionCode: '440305',
          warnings: [],
        });
        expect(validateCitizenId(generateCitizenId(mulberry32(s)), { today }).valid).toBe(true);
      }),
    );
  });

  it('accepts every generated legacy number after conversion', () => {
    fc.assert(
      fc.property(seed, (s) => {
        const result = validateCitizenId(generateLegacyCitizenId(mulberry32(s)), { today });
        expect(result.valid).toBe(true);
        expect(codes(result.warnings)).toEqual(['LEGACY_15_DIGIT']);
      }),
    );
  });

  it('detects any single changed character', () => {
    fc.assert(
      fc.property(
        seed,
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...'0123456789X'),
        (s, i, replacement) => {
          const id = generateCitizenId(mulberry32(s));
          fc.pre(id[i] !== replacement && (i === 17 || replacement !== 'X'));
          const changed = `${id.slice(0, i)}${replacement}${id.slice(i + 1)}`;
          expect(codes(validateCitizenId(changed, { today }).errors)).toContain('INVALID_CHECK_CHARACTER');
        },
      ),
    );
  });

  it('detects any swap of two adjacent different characters', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 0, max: 16 }), (s, i) => {
        const id = generateCitizenId(mulberry32(s));
        fc.pre(id[i] !== id[i + 1]);
        const swapped = `${id.slice(0, i)}${id[i + 1]}${id[i]}${id.slice(i + 2)}`;
        const errorCodes = codes(validateCitizenId(swapped, { today }).errors);
        expect(
          errorCodes.includes('INVALID_CHECK_CHARACTER') || errorCodes.includes('INVALID_CHARACTER'),
        ).toBe(true);
      }),
    );
  });
});
