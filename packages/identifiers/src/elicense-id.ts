import { validateCreditCode } from './credit-code.ts';
import { iso7064Mod37_36 } from './iso7064.ts';
import { IdentifierError, type IdIssue, issue } from './issues.ts';

/** OID arc of the national e-license identifier (GB/T 36904-style): 1.2.156 China, 3005 e-licences, 2 identifiers. */
export const ELICENSE_ID_PREFIX = '1.2.156.3005.2';

const SEGMENT = /^[0-9A-Z]{1,32}$/;
const VERSION = /^\d{1,4}$/;

/** 电子证照标识 — parts of a national e-license identifier. */
export interface ElicenseIdParts {
  typeCode: string;
  issuerCreditCode: string;
  serial: string;
  version: string;
  checkChar: string;
}

export interface ElicenseIdResult {
  valid: boolean;
  normalized: string;
  errors: IdIssue[];
  parts?: ElicenseIdParts;
}

/**
 * ISO 7064 MOD 37,36 over every preceding character with the dots removed (docs/certificate-number.md
 * §电子证照标识): the hybrid system is defined on 0-9A-Z only. The price is that a character moved
 * across a dot ('AB.C' → 'A.BC') keeps the same check; the fixed 18-character issuer segment
 * catches such a shift next to it.
 */
export function elicenseIdCheckChar(withoutCheck: string): string {
  return iso7064Mod37_36(withoutCheck.replaceAll('.', ''));
}

function partIssues(parts: Omit<ElicenseIdParts, 'checkChar'>): IdIssue[] {
  const errors: IdIssue[] = [];
  if (!SEGMENT.test(parts.typeCode)) {
    errors.push(
      issue('INVALID_TYPE_CODE', `证照类型代码应为 1–32 位数字或大写字母，收到「${parts.typeCode}」`),
    );
  }
  const issuer = validateCreditCode(parts.issuerCreditCode);
  if (!issuer.valid || issuer.normalized !== parts.issuerCreditCode) {
    const reasons = issuer.errors.map((e) => e.message).join('；') || '须为大写';
    errors.push(issue('INVALID_ISSUER_CREDIT_CODE', `发证机构统一社会信用代码无效：${reasons}`));
  }
  if (!SEGMENT.test(parts.serial)) {
    errors.push(issue('INVALID_SERIAL', `证照顺序号应为 1–32 位数字或大写字母，收到「${parts.serial}」`));
  }
  if (!VERSION.test(parts.version)) {
    errors.push(issue('INVALID_VERSION', `版本号应为 1–4 位数字，收到「${parts.version}」`));
  }
  return errors;
}

export function buildElicenseId(parts: {
  typeCode: string;
  issuerCreditCode: string;
  serial: string;
  version: string;
}): string {
  const [problem] = partIssues(parts);
  if (problem) throw new IdentifierError(problem.code, problem.message);
  const body = [ELICENSE_ID_PREFIX, parts.typeCode, parts.issuerCreditCode, parts.serial, parts.version].join(
    '.',
  );
  return `${body}.${elicenseIdCheckChar(body)}`;
}

export function parseElicenseId(input: string): ElicenseIdResult {
  const normalized = input.trim().toUpperCase();
  if (!normalized.startsWith(`${ELICENSE_ID_PREFIX}.`)) {
    return {
      valid: false,
      normalized,
      errors: [issue('INVALID_PREFIX', `电子证照标识应以 ${ELICENSE_ID_PREFIX}. 开头`)],
    };
  }
  const segments = normalized.slice(ELICENSE_ID_PREFIX.length + 1).split('.');
  if (segments.length !== 5) {
    return {
      valid: false,
      normalized,
      errors: [
        issue(
          'INVALID_STRUCTURE',
          `前缀之后应有 5 段（类型.发证机构.顺序号.版本.校验位），实际为 ${segments.length} 段`,
        ),
      ],
    };
  }
  const [typeCode, issuerCreditCode, serial, version, checkChar] = segments as [
    string,
    string,
    string,
    string,
    string,
  ];
  const parts: ElicenseIdParts = { typeCode, issuerCreditCode, serial, version, checkChar };
  const errors = partIssues(parts);
  if (!/^[0-9A-Z]$/.test(checkChar)) {
    errors.push(issue('INVALID_CHECK_CHARACTER', `校验位应为 1 位数字或大写字母，收到「${checkChar}」`));
  } else if (errors.length === 0) {
    const expected = elicenseIdCheckChar(normalized.slice(0, normalized.lastIndexOf('.')));
    if (checkChar !== expected) {
      errors.push(issue('INVALID_CHECK_CHARACTER', `校验位应为 ${expected}，实际为 ${checkChar}`));
    }
  }
  return { valid: errors.length === 0, normalized, errors, parts };
}
