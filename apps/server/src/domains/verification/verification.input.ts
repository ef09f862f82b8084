import { parseCertificateNumber } from '@anzheng/identifiers';

/**
 * Pure input normalisation for the public query and batch verification (docs/verification.md):
 * what a person types or pastes from a spreadsheet — full-width digits, spaces, a lower-case x —
 * is brought to the stored form before anything is compared.
 */

/** NFKC (full-width → half-width), every kind of white space removed, trailing x → X. */
export function normalizeNumberInput(input: string): string {
  return input.normalize('NFKC').replace(/\s+/gu, '').replace(/x$/, 'X');
}

export type NumberCheck =
  | { ok: true; number: string }
  | { ok: false; number: string; problems: { code: string; message: string }[] };

/** GB/T-style checks of docs/certificate-number.md (length, digits, province, year, level, check character). */
export function checkCertificateNumber(input: string): NumberCheck {
  const normalized = normalizeNumberInput(input);
  const parsed = parseCertificateNumber(normalized);
  return parsed.valid
    ? { ok: true, number: parsed.normalized }
    : { ok: false, number: parsed.normalized, problems: parsed.errors };
}

/**
 * Names compare exactly after NFKC and trimming (full-width letters and the ideographic space
 * become their half-width forms; `·` variants in minority names are left as typed).
 */
export function normalizeName(input: string): string {
  return input.normalize('NFKC').trim();
}
