import { getDivision } from './divisions.ts';
import { iso7064Mod11_2 } from './iso7064.ts';
import { IdentifierError, type IdIssue, issue } from './issues.ts';

/** 证书等级 — 1 初级, 2 中级, 3 高级, 4 行业专项. */
export type CertificateLevel = 1 | 2 | 3 | 4;

export const CERTIFICATE_LEVEL_NAMES: Readonly<Record<CertificateLevel, string>> = {
  1: '初级',
  2: '中级',
  3: '高级',
  4: '行业专项',
};

/** 证书编号 — parts of anzheng's 16-character certificate number (docs/certificate-number.md). */
export interface CertificateNumberParts {
  /** First two digits of the issuing province's GB/T 2260 code. */
  provinceCode: string;
  year: number;
  level: CertificateLevel;
  /** Two digits from the certificate-type reference data; '00' is the general certificate. */
  typeCode: string;
  serial: number;
  checkChar: string;
}

export interface CertificateNumberResult {
  valid: boolean;
  normalized: string;
  errors: IdIssue[];
  parts?: CertificateNumberParts;
}

// docs/certificate-number.md §年份: certificates migrated from provincial systems keep their first
// year of issue, and none predates 1990.
const FIRST_YEAR = 1990;
const LAST_YEAR = 2099;
const MAX_SERIAL = 999_999;
// No issuing authority of this system sits in 台湾, 香港 or 澳门.
const NON_ISSUING_PROVINCES = new Set(['71', '81', '82']);

/** ISO 7064 MOD 11-2 over the first 15 digits (docs/certificate-number.md §校验码). */
export function certificateNumberCheckChar(first15: string): string {
  if (!/^\d{15}$/.test(first15)) {
    throw new IdentifierError('INVALID_CHARACTER', '证书编号前 15 位应为数字');
  }
  return iso7064Mod11_2(first15);
}

function provinceIssue(provinceCode: string): IdIssue | undefined {
  const province = getDivision(`${provinceCode}0000`);
  if (province?.level !== 1 || NON_ISSUING_PROVINCES.has(provinceCode)) {
    return issue('UNKNOWN_PROVINCE', `省级代码 ${provinceCode} 不是本系统的发证省份`);
  }
  return undefined;
}

function yearIssue(year: number): IdIssue | undefined {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    return issue('INVALID_YEAR', `初次发证年份 ${year} 不在 ${FIRST_YEAR}–${LAST_YEAR} 之间`);
  }
  return undefined;
}

function levelIssue(level: number): IdIssue | undefined {
  if (!(level in CERTIFICATE_LEVEL_NAMES)) {
    return issue('INVALID_LEVEL', `证书等级 ${level} 无效，应为 1 初级、2 中级、3 高级或 4 行业专项`);
  }
  return undefined;
}

function serialIssue(serial: number): IdIssue | undefined {
  if (!Number.isInteger(serial) || serial < 1 || serial > MAX_SERIAL) {
    return issue('INVALID_SERIAL', `流水号 ${serial} 应在 1–${MAX_SERIAL} 之间`);
  }
  return undefined;
}

export function formatCertificateNumber(parts: {
  provinceCode: string;
  year: number;
  level: CertificateLevel;
  typeCode: string;
  serial: number;
}): string {
  const problem =
    (/^\d{2}$/.test(parts.provinceCode)
      ? provinceIssue(parts.provinceCode)
      : issue('UNKNOWN_PROVINCE', `省级代码应为 2 位数字，收到「${parts.provinceCode}」`)) ??
    yearIssue(parts.year) ??
    levelIssue(parts.level) ??
    (/^\d{2}$/.test(parts.typeCode)
      ? undefined
      : issue('INVALID_TYPE_CODE', `证书类型代码应为 2 位数字，收到「${parts.typeCode}」`)) ??
    serialIssue(parts.serial);
  if (problem) throw new IdentifierError(problem.code, problem.message);
  const first15 = `${parts.provinceCode}${parts.year}${parts.level}${parts.typeCode}${String(parts.serial).padStart(6, '0')}`;
  return `${first15}${certificateNumberCheckChar(first15)}`;
}

export function parseCertificateNumber(input: string): CertificateNumberResult {
  const normalized = input.trim().replace(/x$/, 'X');
  if (normalized.length !== 16) {
    return {
      valid: false,
      normalized,
      errors: [issue('INVALID_LENGTH', `证书编号应为 16 位，实际为 ${normalized.length} 位`)],
    };
  }
  if (!/^\d{15}[\dX]$/.test(normalized)) {
    return {
      valid: false,
      normalized,
      errors: [issue('INVALID_CHARACTER', '证书编号前 15 位应为数字，第 16 位应为数字或 X')],
    };
  }
  const parts: CertificateNumberParts = {
    provinceCode: normalized.slice(0, 2),
    year: Number(normalized.slice(2, 6)),
    level: Number(normalized[6]) as CertificateLevel,
    typeCode: normalized.slice(7, 9),
    serial: Number(normalized.slice(9, 15)),
    checkChar: normalized[15]!,
  };
  const errors = [
    provinceIssue(parts.provinceCode),
    yearIssue(parts.year),
    levelIssue(parts.level),
    serialIssue(parts.serial),
  ].filter((problem): problem is IdIssue => problem !== undefined);
  const expected = certificateNumberCheckChar(normalized.slice(0, 15));
  if (parts.checkChar !== expected) {
    errors.push(issue('INVALID_CHECK_CHARACTER', `校验码应为 ${expected}，实际为 ${parts.checkChar}`));
  }
  return { valid: errors.length === 0, normalized, errors, parts };
}
