import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  iso7064Mod11_2,
  iso7064Mod37_36,
  MOD37_36_ALPHABET,
  verifyIso7064Mod11_2,
  verifyIso7064Mod37_36,
} from './iso7064.ts';
import { IdentifierError } from './issues.ts';

const digitString = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 30 });
const alnumString = fc.string({ unit: fc.constantFrom(...MOD37_36_ALPHABET), minLength: 1, maxLength: 30 });

function swapAt(s: string, i: number): string {
  return `${s.slice(0, i)}${s[i + 1]}${s[i]}${s.slice(i + 2)}`;
}

describe('ISO 7064 MOD 11-2', () => {
  it('gives the check characters of published examples', () => {
    // ISO 7064 §7 example: 0794 → 0. Hand: P=0; (0+0)·2=0; (0+7)·2=14≡3; (3+9)·2=24≡2;
    // (2+4)·2=12≡1; check = (12−1) mod 11 = 0.
    expect(iso7064Mod11_2('0794')).toBe('0');
    // ISNI 0000 0002 1825 0097 (ISO 27729 uses MOD 11-2).
    expect(iso7064Mod11_2('000000021825009')).toBe('7');
    // GB 11643-1999 appendix example 11010519491231002X. Hand: Σ a_i·W_i with W = 7 9 10 5 8 4 2 1 6 3
    // 7 9 10 5 8 4 2 is 167; 167 mod 11 = 2; 10X98765432[2] = X.
    expect(iso7064Mod11_2('11010519491231002')).toBe('X');
    // Hand: P=0; (0+0)·2=0; (0+7)·2=14≡3; (3+9)·2=24≡2; check = (12−2) mod 11 = 10 → X.
    expect(iso7064Mod11_2('079')).toBe('X');
  });

  it('rejects anything but digits', () => {
    expect(() => iso7064Mod11_2('12A')).toThrow(IdentifierError);
    expect(() => iso7064Mod11_2('')).toThrow(IdentifierError);
  });

  it('detects every single substitution', () => {
    fc.assert(
      fc.property(digitString, fc.nat(), fc.constantFrom(...'0123456789X'), (body, at, replacement) => {
        const valid = `${body}${iso7064Mod11_2(body)}`;
        const i = at % valid.length;
        fc.pre(valid[i] !== replacement && (i === valid.length - 1 || replacement !== 'X'));
        expect(verifyIso7064Mod11_2(`${valid.slice(0, i)}${replacement}${valid.slice(i + 1)}`)).toBe(false);
      }),
    );
  });

  it('detects every adjacent transposition', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 2, maxLength: 30 }),
        fc.nat(),
        (body, at) => {
          const valid = `${body}${iso7064Mod11_2(body)}`;
          const i = at % (valid.length - 1);
          fc.pre(valid[i] !== valid[i + 1]);
          expect(verifyIso7064Mod11_2(swapAt(valid, i))).toBe(false);
        },
      ),
    );
  });
});

describe('ISO 7064 MOD 37,36', () => {
  it('gives the check character of the GRid example A1-2425G-ABC1234002-M', () => {
    // Hand trace, S = (P + a) mod 36 (0 → 36), P' = 2S mod 37, start P = 36:
    // A(10) S=10 P=20 | 1 S=21 P=5 | 2 S=7 P=14 | 4 S=18 P=36 | 2 S=2 P=4 | 5 S=9 P=18 | G(16) S=34 P=31
    // A S=5 P=10 | B(11) S=21 P=5 | C(12) S=17 P=34 | 1 S=35 P=33 | 2 S=35 P=33 | 3 S=36 P=35 | 4 S=3 P=6
    // 0 S=6 P=12 | 0 S=12 P=24 | 2 S=26 P=15. Check c with (15 + c) mod 36 = 1 → c = 22 = M.
    expect(iso7064Mod37_36('A12425GABC1234002')).toBe('M');
    // Hand: A: S=10, P=20; c = (37 − 20) mod 36 = 17 = H.
    expect(iso7064Mod37_36('A')).toBe('H');
    expect(verifyIso7064Mod37_36('A12425GABC1234002M')).toBe(true);
  });

  it('rejects characters outside 0-9A-Z', () => {
    expect(() => iso7064Mod37_36('a1')).toThrow(IdentifierError);
    expect(verifyIso7064Mod37_36('A1-M')).toBe(false);
  });

  it('detects every single substitution', () => {
    fc.assert(
      fc.property(alnumString, fc.nat(), fc.constantFrom(...MOD37_36_ALPHABET), (body, at, replacement) => {
        const valid = `${body}${iso7064Mod37_36(body)}`;
        const i = at % valid.length;
        fc.pre(valid[i] !== replacement);
        expect(verifyIso7064Mod37_36(`${valid.slice(0, i)}${replacement}${valid.slice(i + 1)}`)).toBe(false);
      }),
    );
  });

  it('misses an adjacent transposition only for one pair of cyclically neighbouring values per state', () => {
    // ISO 7064 promises hybrid systems catch all single substitutions but not all transpositions.
    // One leading character puts the recursion in each of its 36 states (P = 2·(x or 36) mod 37);
    // then every pair a ≠ b is swapped. A swap goes unnoticed only when the two intermediate sums
    // are 18 and 19 (2·18 ≡ 36, 2·19 ≡ 1 mod 37), so the values differ by 1 (or are 0 and Z).
    const undetected: string[] = [];
    for (const lead of MOD37_36_ALPHABET) {
      for (let a = 0; a < 36; a++) {
        for (let b = a + 1; b < 36; b++) {
          const ab = `${lead}${MOD37_36_ALPHABET[a]}${MOD37_36_ALPHABET[b]}`;
          if (verifyIso7064Mod37_36(`${swapAt(ab, 1)}${iso7064Mod37_36(ab)}`)) undetected.push(`${a},${b}`);
        }
      }
    }
    expect(undetected).toHaveLength(36);
    for (const pair of undetected) {
      const [a, b] = pair.split(',').map(Number) as [number, number];
      expect(b - a === 1 || (a === 0 && b === 35)).toBe(true);
    }
  });
});
