export { chinaCalendarDate } from './birth-date.ts';
export type {
  CertificateLevel,
  CertificateNumberParts,
  CertificateNumberResult,
} from './certificate-number.ts';
export {
  CERTIFICATE_LEVEL_NAMES,
  certificateNumberCheckChar,
  formatCertificateNumber,
  parseCertificateNumber,
} from './certificate-number.ts';
export type { CitizenIdKind, CitizenIdResult } from './citizen-id.ts';
export { convertLegacyCitizenId, validateCitizenId } from './citizen-id.ts';
export type { CreditCodeResult } from './credit-code.ts';
export {
  CREDIT_CODE_ALPHABET,
  creditCodeCheckChar,
  organisationCodeCheckChar,
  validateCreditCode,
} from './credit-code.ts';
export type { RegistrationAuthority } from './credit-code-authorities.ts';
export { REGISTRATION_AUTHORITIES } from './credit-code-authorities.ts';
export type { Division } from './divisions.ts';
export {
  ancestors,
  DIVISION_DATA_SOURCE,
  divisionExists,
  getDivision,
  isWithin,
  listChildren,
  listDivisions,
  NATIONAL_SCOPE,
  provinceCodeOf,
} from './divisions.ts';
export type { ElicenseIdParts, ElicenseIdResult } from './elicense-id.ts';
export { buildElicenseId, ELICENSE_ID_PREFIX, elicenseIdCheckChar, parseElicenseId } from './elicense-id.ts';
export type { RandomSource } from './generators.ts';
export {
  generateCitizenId,
  generateCreditCode,
  generateLegacyCitizenId,
  mulberry32,
} from './generators.ts';
export {
  iso7064Mod11_2,
  iso7064Mod37_36,
  MOD37_36_ALPHABET,
  verifyIso7064Mod11_2,
  verifyIso7064Mod37_36,
} from './iso7064.ts';
export type { IdIssue } from './issues.ts';
export { IdentifierError } from './issues.ts';
export { maskCitizenId, maskName, maskPhone } from './masking.ts';
