import { checkBirthDate } from './birth-date.ts';
import { getDivision } from './divisions.ts';
import { iso7064Mod11_2 } from './iso7064.ts';
import { IdentifierError, type IdIssue, issue } from './issues.ts';

/**
 * 公民身份号码 (GB 11643) and the numbers built the same way: 港澳台居民居住证 and
 * 外国人永久居留身份证 (2023 format).
 */
export type CitizenIdKind =
  | 'resident'
  | 'hk-macau-resident-permit'
  | 'taiwan-resident-permit'
  | 'foreign-permanent-resident';

export interface CitizenIdResult {
  valid: boolean;
  /** 18 characters, upper-case X; present once the input has a readable shape. */
  normalized?: string;
  kind?: CitizenIdKind;
  birthDate?: string;
  sex?: 'male' | 'female';
  /** GB/T 2260 code: the address code, the region of a permit holder, or the issuing province of a foreigner's card. */
  divisionCode?: string;
  /** Foreign permanent residents only: digits 4–6, the numeric nationality code. */
  nationalityCode?: string;
  errors: IdIssue[];
  warnings: IdIssue[];
}

// 《港澳台居民居住证申领发放办法》(国办发〔2018〕81号): address codes 810000 / 820000 / 830000.
// 830000 is not a GB/T 2260 code, so the Taiwan permit reports Taiwan's own code 710000.
const RESIDENCE_PERMITS: Record<string, { kind: CitizenIdKind; divisionCode: string }> = {
  '810000': { kind: 'hk-macau-resident-permit', divisionCode: '810000' },
  '820000': { kind: 'hk-macau-resident-permit', divisionCode: '820000' },
  '830000': { kind: 'taiwan-resident-permit', divisionCode: '710000' },
};

// 2023 外国人永久居留身份证: leading 9, then issuing province, nationality, birth date, sequence, check.
const FOREIGN_PERMANENT_RESIDENT_PREFIX = '9';

/** GB 11643-1999 §8.2 / appendix: the 15-digit numbers of 1984–1999 get century 19 and a check character. */
export function convertLegacyCitizenId(id15: string): string {
  const digits = id15.trim();
  if (digits.length !== 15) {
    throw new IdentifierError('INVALID_LENGTH', `15 位身份证号应为 15 位，实际为 ${digits.length} 位`);
  }
  if (!/^\d{15}$/.test(digits)) {
    throw new IdentifierError('INVALID_CHARACTER', '15 位身份证号只能由数字组成');
  }
  const first17 = `${digits.slice(0, 6)}19${digits.slice(6)}`;
  return `${first17}${iso7064Mod11_2(first17)}`;
}

export function validateCitizenId(input: string, opts: { today?: Date } = {}): CitizenIdResult {
  const errors: IdIssue[] = [];
  const warnings: IdIssue[] = [];
  const trimmed = input.trim().replace(/x$/, 'X');

  let id: string;
  if (trimmed.length === 15) {
    if (!/^\d{15}$/.test(trimmed)) {
      return { valid: false, errors: [issue('INVALID_CHARACTER', '15 位身份证号只能由数字组成')], warnings };
    }
    id = convertLegacyCitizenId(trimmed);
    warnings.push(issue('LEGACY_15_DIGIT', `15 位旧身份证号，已升位为 ${id}`));
  } else if (trimmed.length === 18) {
    if (!/^\d{17}[\dX]$/.test(trimmed)) {
      return {
        valid: false,
        errors: [issue('INVALID_CHARACTER', '身份证号前 17 位应为数字，第 18 位应为数字或 X')],
        warnings,
      };
    }
    id = trimmed;
  } else {
    return {
      valid: false,
      errors: [issue('INVALID_LENGTH', `身份证号应为 18 位（或 15 位旧号），实际为 ${trimmed.length} 位`)],
      warnings,
    };
  }

  const expected = iso7064Mod11_2(id.slice(0, 17));
  if (id[17] !== expected) {
    errors.push(issue('INVALID_CHECK_CHARACTER', `校验码应为 ${expected}，实际为 ${id[17]}`));
  }
  const birthDate = checkBirthDate(id.slice(6, 14), opts.today ?? new Date(), errors);
  const sex = Number(id[16]) % 2 === 1 ? 'male' : 'female';
  const placeOf = id.startsWith(FOREIGN_PERMANENT_RESIDENT_PREFIX)
    ? foreignPermanentResidentPlace(id, warnings)
    : residentPlace(id.slice(0, 6), errors, warnings);

  return {
    valid: errors.length === 0,
    normalized: id,
    ...placeOf,
    ...(birthDate ? { birthDate } : {}),
    sex,
    errors,
    warnings,
  };
}

function residentPlace(
  addressCode: string,
  errors: IdIssue[],
  warnings: IdIssue[],
): Pick<CitizenIdResult, 'kind' | 'divisionCode'> {
  const permit = RESIDENCE_PERMITS[addressCode];
  if (permit) return { ...permit };
  const division = getDivision(addressCode);
  if (!division) {
    errors.push(issue('UNKNOWN_DIVISION', `地址码 ${addressCode} 不是已知的行政区划代码`));
    return { kind: 'resident' };
  }
  if (division.abolishedOn) {
    warnings.push(
      issue(
        'DIVISION_ABOLISHED',
        `地址码 ${addressCode}（${division.fullName}）已于 ${division.abolishedOn} 撤销`,
      ),
    );
  }
  return { kind: 'resident', divisionCode: addressCode };
}

function foreignPermanentResidentPlace(
  id: string,
  warnings: IdIssue[],
): Pick<CitizenIdResult, 'kind' | 'divisionCode' | 'nationalityCode'> {
  const provinceCode = `${id.slice(1, 3)}0000`;
  const province = getDivision(provinceCode);
  if (province?.level !== 1) {
    // A warning, not an error: the public description of the 2023 card only says digits 2–3 name
    // the accepting province; a card must not be refused over a code our table lacks.
    warnings.push(issue('UNKNOWN_DIVISION', `受理地代码 ${id.slice(1, 3)} 不是已知的省级行政区划代码`));
  }
  return {
    kind: 'foreign-permanent-resident',
    ...(province?.level === 1 ? { divisionCode: provinceCode } : {}),
    nationalityCode: id.slice(3, 6),
  };
}
