// Client-side check of a certificate number before it is sent (docs/certificate-number.md):
// 16 characters, 15 digits and an ISO 7064 MOD 11-2 check character (0–9 or X).

/** Weights 2^(16−i) mod 11 for positions 1–15. */
const WEIGHTS = [10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The check character for the first 15 digits. */
export function checkCharFor(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += Number(first15[i]) * (WEIGHTS[i] ?? 0);
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

export type CertificateNumberProblem = 'length' | 'character' | 'check';

/** Upper-case, no spaces (people type a lower-case x and copy numbers with spaces). */
export function normalizeCertificateNumber(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/** null when well-formed, otherwise what is wrong (for a translated message). */
export function certificateNumberProblem(input: string): CertificateNumberProblem | null {
  const no = normalizeCertificateNumber(input);
  if (no.length !== 16) return 'length';
  if (!/^[0-9]{15}[0-9X]$/.test(no)) return 'character';
  return checkCharFor(no.slice(0, 15)) === no[15] ? null : 'check';
}

/** Holder name as the public query accepts it: 2–30 characters after trimming. */
export function holderNameProblem(input: string): 'length' | null {
  const n = [...input.trim()].length;
  return n >= 2 && n <= 30 ? null : 'length';
}
