import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildElicenseId, ELICENSE_ID_PREFIX, elicenseIdCheckChar, parseElicenseId } from './elicense-id.ts';
import { generateCreditCode, mulberry32 } from './generators.ts';
import { iso7064Mod37_36 } from './iso7064.ts';

function codes(issues: { code: string }[]): string[] {
  return issues.map((i) => i.code);
}

const example = {
  typeCode: 'AQ0001',
  issuerCreditCode: '91350100M000100Y43',
  serial: '2024000001',
  version: '1',
};
const exampleId = '1.2.156.3005.2.AQ0001.91350100M000100Y43.2024000001.1.O';

describe('电子证照标识', () => {
  it('appends ISO 7064 MOD 37,36 over all preceding characters without dots', () => {
    // The MOD 37,36 function itself is checked against the GRid example in iso7064.test.ts.
    expect(iso7064Mod37_36('1215630052AQ000191350100M000100Y4320240000011')).toBe('O');
    expect(elicenseIdCheckChar(exampleId.slice(0, -2))).toBe('O');
    expect(buildElicenseId(example)).toBe(exampleId);
  });

  it('parses an identifier into its parts', () => {
    expect(parseElicenseId(exampleId)).toEqual({
      valid: true,
      normalized: exampleId,
      errors: [],
      parts: { ...example, checkChar: 'O' },
    });
    expect(parseElicenseId(` ${exampleId.toLowerCase()} `)).toMatchObject({
      valid: true,
      normalized: exampleId,
    });
  });

  it('rejects a foreign prefix or a wrong number of segments', () => {
    expect(codes(parseElicenseId(exampleId.replace('3005', '3006')).errors)).toEqual(['INVALID_PREFIX']);
    expect(codes(parseElicenseId(`${ELICENSE_ID_PREFIX}.AQ0001.91350100M000100Y43.1.O`).errors)).toEqual([
      'INVALID_STRUCTURE',
    ]);
  });

  it('rejects a wrong check character, naming the expected one', () => {
    expect(parseElicenseId(exampleId.replace(/O$/, 'P')).errors).toEqual([
      { code: 'INVALID_CHECK_CHARACTER', message: '校验位应为 O，实际为 P' },
    ]);
  });

  it('rejects malformed segments', () => {
    const id = (parts: Partial<typeof example>) => {
      const p = { ...example, ...parts };
      const body = [ELICENSE_ID_PREFIX, p.typeCode, p.issuerCreditCode, p.serial, p.version].join('.');
      return `${body}.${elicenseIdCheckChar(body)}`;
    };
    expect(codes(parseElicenseId(id({ issuerCreditCode: '91350100M000100Y44' })).errors)).toEqual([
      'INVALID_ISSUER_CREDIT_CODE',
    ]);
    expect(codes(parseElicenseId(id({ version: '12345' })).errors)).toEqual(['INVALID_VERSION']);
    expect(codes(parseElicenseId(id({ serial: '' })).errors)).toEqual(['INVALID_SERIAL']);
    expect(codes(parseElicenseId(`${ELICENSE_ID_PREFIX}.A_1.91350100M000100Y43.1.1.0`).errors)).toEqual([
      'INVALID_TYPE_CODE',
    ]);
  });

  it('refuses to build from an invalid issuer', () => {
    expect(() => buildElicenseId({ ...example, issuerCreditCode: '91350100M000100Y44' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ISSUER_CREDIT_CODE' }),
    );
  });
});

describe('电子证照标识 properties', () => {
  const segment = fc.string({
    unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
    minLength: 1,
    maxLength: 20,
  });
  const parts = fc.record({
    typeCode: segment,
    issuerCreditCode: fc.integer().map((s) => generateCreditCode(mulberry32(s))),
    serial: segment,
    version: fc.integer({ min: 1, max: 9999 }).map(String),
  });

  it('round-trips build → parse', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const id = buildElicenseId(p);
        expect(parseElicenseId(id)).toMatchObject({ valid: true, parts: p });
      }),
    );
  });

  it('detects any single changed character', () => {
    fc.assert(
      fc.property(
        parts,
        fc.nat(),
        fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
        (p, at, ch) => {
          const id = buildElicenseId(p);
          const positions = [...id].flatMap((c, i) => (c === '.' ? [] : [i]));
          const i = positions[at % positions.length]!;
          fc.pre(id[i] !== ch);
          expect(parseElicenseId(`${id.slice(0, i)}${ch}${id.slice(i + 1)}`).valid).toBe(false);
        },
      ),
    );
  });
});
