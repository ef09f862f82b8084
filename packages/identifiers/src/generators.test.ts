import { describe, expect, it } from 'vitest';
import { getDivision } from './divisions.ts';
import { generateCitizenId, generateCreditCode, mulberry32 } from './generators.ts';

describe('mulberry32', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const take = (seed: number) => {
      const rand = mulberry32(seed);
      return Array.from({ length: 5 }, () => rand());
    };
    expect(take(42)).toEqual(take(42));
    expect(take(42)).not.toEqual(take(43));
  });

  it('stays in [0, 1) and spreads over it', () => {
    const rand = mulberry32(7);
    const values = Array.from({ length: 10_000 }, () => rand());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});

describe('generators', () => {
  it('are deterministic for a seed', () => {
    expect(generateCitizenId(mulberry32(1))).toBe(generateCitizenId(mulberry32(1)));
    expect(generateCreditCode(mulberry32(1))).toBe(generateCreditCode(mulberry32(1)));
  });

  it('draw citizen IDs from current county codes', () => {
    const rand = mulberry32(99);
    for (let i = 0; i < 200; i++) {
      const division = getDivision(generateCitizenId(rand).slice(0, 6));
      expect(division?.level).toBe(3);
      expect(division?.abolishedOn).toBeUndefined();
    }
  });

  it('reject an unknown registration authority', () => {
    expect(() => generateCreditCode(mulberry32(1), { authority: 'Q' })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_REGISTRATION_AUTHORITY' }),
    );
  });
});
