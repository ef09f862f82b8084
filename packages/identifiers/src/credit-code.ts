import { REGISTRATION_AUTHORITIES } from './credit-code-authorities.ts';
import { divisionExists } from './divisions.ts';
import { IdentifierError, type IdIssue, issue } from './issues.ts';

/** GB 32100-2015 §4.1: digits and capitals without I, O, Z, S, V; a character's value is its index. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// GB 32100-2015 §5: W_i = 3^(i−1) mod 31.
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);

// GB 11714-1997 §5: weights of the 8-character organisation code body.
const ORGANISATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
// Organisations registered by central authorities (e.g. 民政部 for national 社会团体) carry 100000.
const CENTRAL_REGISTRATION_DIVISION = '100000';

const ORGANISATION_CODE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** 统一社会信用代码 — the 18-character unified social credit code of an organisation (GB 32100). */
export interface CreditCodeResult {
  valid: boolean;
  normalized: string;
  registrationAuthority?: { code: string; name: string };
  organisationType?: { code: string; name: string };
  divisionCode?: string;
  errors: IdIssue[];
  warnings: IdIssue[];
}

/** GB 32100-2015 §5: C18 = 31 − (Σ C_i·W_i mod 31), with 31 written as 0. */
export function creditCodeCheckChar(first17: string): string {
  if (!new RegExp(`^[${CREDIT_CODE_ALPHABET}]{17}$`).test(first17)) {
    throw new IdentifierError('INVALID_CHARACTER', '统一社会信用代码前 17 位须由 GB 32100 字符集组成');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** GB 11714-1997 §5: check character of the 组织机构代码 embedded at positions 9–17. */
export function organisationCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++)
    sum += ORGANISATION_CODE_ALPHABET.indexOf(body8[i]!) * ORGANISATION_CODE_WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

export function validateCreditCode(input: string, opts: { lenient?: boolean } = {}): CreditCodeResult {
  const normalized = input.trim().toUpperCase();
  const errors: IdIssue[] = [];
  const warnings: IdIssue[] = [];
  if (normalized.length !== 18) {
    errors.push(issue('INVALID_LENGTH', `统一社会信用代码应为 18 位，实际为 ${normalized.length} 位`));
    return { valid: false, normalized, errors, warnings };
  }
  const badChars = [...new Set([...normalized].filter((ch) => !CREDIT_CODE_ALPHABET.includes(ch)))];
  if (badChars.length > 0) {
    errors.push(
      issue(
        'INVALID_CHARACTER',
        `统一社会信用代码含有不允许的字符：${badChars.join('、')}（不使用 I、O、Z、S、V）`,
      ),
    );
    return { valid: false, normalized, errors, warnings };
  }

  const expected = creditCodeCheckChar(normalized.slice(0, 17));
  if (normalized[17] !== expected) {
    const message = `校验码应为 ${expected}，实际为 ${normalized[17]}`;
    if (opts.lenient) {
      // Registers hold codes issued before the check was enforced everywhere; lenient mode is for
      // matching those records, never for issuing new ones.
      warnings.push(issue('CHECK_CHARACTER_MISMATCH_ACCEPTED', `${message}（宽松模式下接受）`));
    } else {
      errors.push(issue('INVALID_CHECK_CHARACTER', message));
    }
  }

  const result: CreditCodeResult = { valid: false, normalized, errors, warnings };
  const authority = REGISTRATION_AUTHORITIES[normalized[0]!];
  if (!authority) {
    errors.push(
      issue('UNKNOWN_REGISTRATION_AUTHORITY', `登记管理部门代码 ${normalized[0]} 不在 GB 32100 表 1 中`),
    );
  } else {
    result.registrationAuthority = { code: authority.code, name: authority.name };
    const typeName = authority.organisationTypes[normalized[1]!];
    if (typeName === undefined) {
      errors.push(
        issue(
          'INVALID_ORGANISATION_TYPE',
          `机构类别代码 ${normalized[1]} 不适用于登记管理部门「${authority.name}」（${authority.code}）`,
        ),
      );
    } else {
      result.organisationType = { code: normalized[1]!, name: typeName };
    }
  }

  const divisionCode = normalized.slice(2, 8);
  result.divisionCode = divisionCode;
  // A warning, not an error: registers carry codes of divisions since renamed or newer than our table.
  if (
    divisionCode !== CENTRAL_REGISTRATION_DIVISION &&
    !divisionExists(divisionCode, { includeAbolished: true })
  ) {
    warnings.push(issue('UNKNOWN_DIVISION', `登记管理机关行政区划码 ${divisionCode} 不是已知的行政区划代码`));
  }

  const organisationCode = normalized.slice(8, 17);
  if (organisationCodeCheckChar(organisationCode.slice(0, 8)) !== organisationCode[8]) {
    // Not fatal: GB 32100 treats positions 9–17 as opaque, and some registrations carry a
    // 主体标识码 that was never a valid GB 11714 code.
    warnings.push(
      issue(
        'ORGANISATION_CODE_CHECK_MISMATCH',
        `主体标识码 ${organisationCode} 不满足 GB 11714 组织机构代码校验`,
      ),
    );
  }

  result.valid = errors.length === 0;
  return result;
}
