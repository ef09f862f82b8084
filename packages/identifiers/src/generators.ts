import { CREDIT_CODE_ALPHABET, creditCodeCheckChar, organisationCodeCheckChar } from './credit-code.ts';
import { REGISTRATION_AUTHORITIES } from './credit-code-authorities.ts';
import { listDivisions } from './divisions.ts';
import { iso7064Mod11_2 } from './iso7064.ts';
import { IdentifierError } from './issues.ts';

/** A source of uniform numbers in [0, 1), like `Math.random`; pass `mulberry32(seed)` for repeatable data. */
export type RandomSource = () => number;

/** Mulberry32 (Tommy Ettinger, public domain): a tiny 32-bit PRNG, adequate for test data, never for secrets. */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: RandomSource, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function randomDigits(rand: RandomSource, length: number): string {
  return Array.from({ length }, () => String(Math.floor(rand() * 10))).join('');
}

const CURRENT_COUNTIES = listDivisions().filter((d) => d.level === 3);

const DAY_MS = 86_400_000;

function randomDate(rand: RandomSource, fromYear: number, toYear: number): string {
  const start = Date.UTC(fromYear, 0, 1);
  const days = (Date.UTC(toYear, 11, 31) - start) / DAY_MS + 1;
  return new Date(start + Math.floor(rand() * days) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A valid 18-digit resident identity number from a current county code.
 * `birthDate` is 'YYYY-MM-DD'; by default 1950–2005, the working-age holders of a certificate.
 */
export function generateCitizenId(
  rand: RandomSource,
  opts: { divisionCode?: string; birthDate?: string; sex?: 'male' | 'female' } = {},
): string {
  const divisionCode = opts.divisionCode ?? pick(rand, CURRENT_COUNTIES).code;
  const birthDate = opts.birthDate ?? randomDate(rand, 1950, 2005);
  const sequence = randomDigits(rand, 2);
  const sexDigit =
    Math.floor(rand() * 5) * 2 + ((opts.sex ?? (rand() < 0.5 ? 'male' : 'female')) === 'male' ? 1 : 0);
  const first17 = `${divisionCode}${birthDate.replaceAll('-', '')}${sequence}${sexDigit}`;
  return `${first17}${iso7064Mod11_2(first17)}`;
}

/** A valid legacy 15-digit number (born 1950–1999), for testing the upgrade path. */
export function generateLegacyCitizenId(rand: RandomSource): string {
  const id18 = generateCitizenId(rand, { birthDate: randomDate(rand, 1950, 1999) });
  return `${id18.slice(0, 6)}${id18.slice(8, 17)}`;
}

/** A valid unified social credit code with a valid embedded GB 11714 organisation code. */
export function generateCreditCode(
  rand: RandomSource,
  opts: { divisionCode?: string; authority?: string } = {},
): string {
  const authority = REGISTRATION_AUTHORITIES[opts.authority ?? pick(rand, ['9', '9', '9', '1', '5'])];
  if (!authority) {
    throw new IdentifierError(
      'UNKNOWN_REGISTRATION_AUTHORITY',
      `登记管理部门代码 ${opts.authority} 不在 GB 32100 表 1 中`,
    );
  }
  const type = pick(rand, Object.keys(authority.organisationTypes));
  const divisionCode = opts.divisionCode ?? pick(rand, CURRENT_COUNTIES).code;
  const body = Array.from({ length: 8 }, () => pick(rand, [...CREDIT_CODE_ALPHABET])).join('');
  const first17 = `${authority.code}${type}${divisionCode}${body}${organisationCodeCheckChar(body)}`;
  return `${first17}${creditCodeCheckChar(first17)}`;
}
