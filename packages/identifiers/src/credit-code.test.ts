import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_ALPHABET,
  creditCodeCheckChar,
  organisationCodeCheckChar,
  validateCreditCode,
} from './credit-code.ts';
import { generateCreditCode, mulberry32 } from './generators.ts';

/** Appends the GB 32100 check character, so a test can isolate one rule from the checksum. */
function withCheck(first17: string): string {
  return `${first17}${creditCodeCheckChar(first17)}`;
}

function codes(issues: { code: string }[]): string[] {
  return issues.map((i) => i.code);
}

describe('validateCreditCode — GB 32100 unified social credit codes', () => {
  it('accepts the widely cited example 91350100M000100Y43', () => {
    // Hand: values 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0 0 Y=30 4, weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24
    // 10 30 28: 9+3+27+135+26+420+8+900+112 = 1640; 1640 mod 31 = 28; 31 − 28 = 3.
    // Embedded GB 11714 code M0001000-4: 22·3+1·5+34·2 = 139; 139 mod 11 = 7; 11 − 7 = 4.
    expect(validateCreditCode('91350100M000100Y43')).toEqual({
      valid: true,
      normalized: '91350100M000100Y43',
      registrationAuthority: { code: '9', name: '工商' },
      organisationType: { code: '1', name: '企业' },
      divisionCode: '350100',
      errors: [],
      warnings: [],
    });
  });

  it('accepts 91110000600037341L', () => {
    // Hand: 9+3+9+27+6·20+3·8+7·24+3·10+4·30+1·28 = 538; 538 mod 31 = 11; 31 − 11 = 20 = L.
    // Embedded 60003734-1: 6·3+3·5+7·8+3·4+4·2 = 109; 109 mod 11 = 10; 11 − 10 = 1.
    expect(validateCreditCode('91110000600037341L')).toMatchObject({ valid: true, divisionCode: '110000' });
  });

  it('normalises case and surrounding whitespace', () => {
    expect(validateCreditCode(' 91350100m000100y43 ')).toMatchObject({
      valid: true,
      normalized: '91350100M000100Y43',
    });
  });

  it('rejects a mis-checked code strictly and accepts it leniently with a warning', () => {
    const strict = validateCreditCode('91350100M000100Y44');
    expect(strict.valid).toBe(false);
    expect(strict.errors).toEqual([{ code: 'INVALID_CHECK_CHARACTER', message: '校验码应为 3，实际为 4' }]);

    const lenient = validateCreditCode('91350100M000100Y44', { lenient: true });
    expect(lenient.valid).toBe(true);
    expect(codes(lenient.warnings)).toEqual(['CHECK_CHARACTER_MISMATCH_ACCEPTED']);
  });

  it('keeps other rules strict in lenient mode', () => {
    expect(validateCreditCode('94350100M000100Y40', { lenient: true }).valid).toBe(false);
  });

  it('rejects a wrong length', () => {
    expect(codes(validateCreditCode('91350100M000100Y4').errors)).toEqual(['INVALID_LENGTH']);
  });

  it('rejects I, O, Z, S and V', () => {
    for (const letter of 'IOZSV') {
      const result = validateCreditCode(`91350100M000100${letter}43`);
      expect(codes(result.errors)).toEqual(['INVALID_CHARACTER']);
      expect(result.errors[0]?.message).toContain(letter);
    }
  });

  it('rejects a registration authority outside table 1', () => {
    expect(codes(validateCreditCode(withCheck('B1350100M000100Y4')).errors)).toEqual([
      'UNKNOWN_REGISTRATION_AUTHORITY',
    ]);
  });

  it('rejects an organisation type the authority does not register', () => {
    // 工商 registers 1 企业, 2 个体工商户, 3 农民专业合作社 only.
    const result = validateCreditCode(withCheck('94350100M000100Y4'));
    expect(codes(result.errors)).toEqual(['INVALID_ORGANISATION_TYPE']);
    expect(result.registrationAuthority).toEqual({ code: '9', name: '工商' });
  });

  it('names authority and type for each family of registrations', () => {
    expect(validateCreditCode(withCheck('12440300M000100Y4'))).toMatchObject({
      registrationAuthority: { code: '1', name: '机构编制' },
      organisationType: { code: '2', name: '事业单位' },
    });
    expect(validateCreditCode(withCheck('53440300M000100Y4'))).toMatchObject({
      registrationAuthority: { code: '5', name: '民政' },
      organisationType: { code: '3', name: '基金会' },
    });
    expect(validateCreditCode(withCheck('Y1440300M000100Y4')).organisationType).toEqual({
      code: '1',
      name: '其他',
    });
    expect(validateCreditCode(withCheck('N2440300M000100Y4')).registrationAuthority).toEqual({
      code: 'N',
      name: '农业',
    });
  });

  it('only warns about an unknown division code', () => {
    const result = validateCreditCode(withCheck('91999999M000100Y4'));
    expect(result.valid).toBe(true);
    expect(codes(result.warnings)).toEqual(['UNKNOWN_DIVISION']);
  });

  it('accepts 100000 for registrations by central authorities', () => {
    expect(validateCreditCode(withCheck('51100000M000100Y4')).warnings).toEqual([]);
  });

  it('warns when the embedded organisation code fails its GB 11714 check', () => {
    const result = validateCreditCode(withCheck('91350100M000100Y5'));
    expect(result.valid).toBe(true);
    expect(codes(result.warnings)).toEqual(['ORGANISATION_CODE_CHECK_MISMATCH']);
  });

  it('computes GB 11714 check characters, including 0 and X', () => {
    // Weights 3 7 9 10 5 8 4 2; C9 = 11 − (Σ mod 11), 10 → X, 11 → 0.
    // 00000000: Σ = 0 → 11 → 0. 00000002: Σ = 4 → 7. 00010001: Σ = 10 + 2 = 12 ≡ 1 → 10 → X.
    expect(organisationCodeCheckChar('00000000')).toBe('0');
    expect(organisationCodeCheckChar('00000002')).toBe('7');
    expect(organisationCodeCheckChar('00010001')).toBe('X');
  });
});

describe('credit code properties', () => {
  const seed = fc.integer();

  it('accepts every generated code without warnings', () => {
    fc.assert(
      fc.property(seed, (s) => {
        const result = validateCreditCode(generateCreditCode(mulberry32(s)));
        expect(result).toMatchObject({ valid: true, warnings: [] });
      }),
    );
  });

  it('honours the requested authority and division', () => {
    fc.assert(
      fc.property(seed, fc.constantFrom('1', '5', '9', 'Y'), (s, authority) => {
        const code = generateCreditCode(mulberry32(s), { authority, divisionCode: '440305' });
        expect(validateCreditCode(code)).toMatchObject({
          valid: true,
          divisionCode: '440305',
          registrationAuthority: { code: authority },
        });
      }),
    );
  });

  it('detects any single changed character (MOD 31 with weights coprime to 31)', () => {
    fc.assert(
      fc.property(
        seed,
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...CREDIT_CODE_ALPHABET),
        (s, i, ch) => {
          const code = generateCreditCode(mulberry32(s));
          fc.pre(code[i] !== ch);
          const changed = `${code.slice(0, i)}${ch}${code.slice(i + 1)}`;
          expect(codes(validateCreditCode(changed).errors)).toContain('INVALID_CHECK_CHARACTER');
        },
      ),
    );
  });
});
