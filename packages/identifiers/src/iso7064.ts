import { IdentifierError } from './issues.ts';

/** Alphabet of ISO 7064 MOD 37,36: digits then Latin capitals, value = index. */
export const MOD37_36_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function assertDigits(digits: string): void {
  if (!/^\d+$/.test(digits)) {
    throw new IdentifierError('INVALID_CHARACTER', `ISO 7064 MOD 11-2 只接受数字，收到「${digits}」`);
  }
}

function mod11_2Remainder(digits: string): number {
  // ISO 7064 §7 pure system, recursive form: P = (P + a) × r mod M with r = 2, M = 11.
  let p = 0;
  for (const ch of digits) p = ((p + Number(ch)) * 2) % 11;
  return p;
}

/**
 * ISO 7064 MOD 11-2 check character for a digit string ('0'–'9' or 'X').
 * GB 11643 §8.2 is this system applied to the first 17 digits.
 */
export function iso7064Mod11_2(digits: string): string {
  assertDigits(digits);
  const check = (12 - mod11_2Remainder(digits)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** True when the last character is the MOD 11-2 check character of the preceding digits. */
export function verifyIso7064Mod11_2(withCheck: string): boolean {
  if (!/^\d+[\dX]$/.test(withCheck)) return false;
  return iso7064Mod11_2(withCheck.slice(0, -1)) === withCheck.slice(-1);
}

function mod37_36State(chars: string): number {
  // ISO 7064 §8 hybrid system with M = 36: S = (P + a) mod M (0 read as M), P = 2S mod (M + 1).
  let p = 36;
  for (const ch of chars) {
    const value = MOD37_36_ALPHABET.indexOf(ch);
    if (value < 0) {
      throw new IdentifierError('INVALID_CHARACTER', `ISO 7064 MOD 37,36 只接受 0-9、A-Z，收到「${ch}」`);
    }
    const s = (p + value) % 36 || 36;
    p = (s * 2) % 37;
  }
  return p;
}

/** ISO 7064 MOD 37,36 (hybrid) check character for a string over `0-9A-Z`. */
export function iso7064Mod37_36(chars: string): string {
  return MOD37_36_ALPHABET[(37 - mod37_36State(chars)) % 36]!;
}

/** True when the last character is the MOD 37,36 check character of the preceding characters. */
export function verifyIso7064Mod37_36(withCheck: string): boolean {
  if (!/^[0-9A-Z]{2,}$/.test(withCheck)) return false;
  return iso7064Mod37_36(withCheck.slice(0, -1)) === withCheck.slice(-1);
}
