import { creditCodeCheckChar, parseElicenseId, validateCreditCode } from '@anzheng/identifiers';
import { describe, expect, it } from 'vitest';
import { evaluateAssessment } from './certificate.assessment.ts';
import { issuerCodeOf, issuerCreditCode, issuerNameOf } from './certificate.issuer.ts';
import { keyIdOf, parseIssuerKeysEnv } from './certificate.keys.ts';
import { addYears, holderCommitment, validityEnd } from './certificate.service.ts';
import { allowedCertificateActions, effectiveStatus, nextCertificateStatus } from './certificate.state.ts';

const JUNIOR = { theory: 0.6, practical: 0.4, performance: 0 };
const SENIOR = { theory: 0.2, practical: 0.3, performance: 0.5 };
const PASS = { composite: 60, eachComponent: 60 };

describe('assessment (REQ-EXAM-2, REQ-EXAM-6)', () => {
  it('computes the weighted composite', () => {
    expect(evaluateAssessment({ theory: 80, practical: 70 }, JUNIOR, PASS, 0).composite).toBe(76);
    expect(
      evaluateAssessment({ theory: 60, practical: 70, performance: 90 }, SENIOR, PASS, 0).composite,
    ).toBe(78);
  });
  it('names the failing component and the missing ones', () => {
    expect(() => evaluateAssessment({ theory: 59, practical: 90 }, JUNIOR, PASS, 0)).toThrow(
      /理论考试 59 分低于合格线 60 分/,
    );
    expect(() => evaluateAssessment({ theory: 90 }, SENIOR, PASS, 0)).toThrow(/缺少实操考核、业绩评价/);
  });
  it('adds the master bonus to theory, capped at 100', () => {
    const r = evaluateAssessment({ theory: 56, practical: 60 }, JUNIOR, PASS, 5);
    expect(r).toMatchObject({ theory: 61, bonus: 5, composite: 60.6 });
    expect(evaluateAssessment({ theory: 98, practical: 60 }, JUNIOR, PASS, 5).theory).toBe(100);
  });
});

describe('issuer', () => {
  it('derives the authority from the division', () => {
    expect(issuerCodeOf('440305')).toBe('440000');
    expect(issuerNameOf('440000')).toBe('广东省应急管理厅');
    expect(issuerNameOf('110000')).toBe('北京市应急管理局');
    expect(issuerNameOf('000000')).toBe('应急管理部');
  });
  it('gives a GB 32100-valid credit code usable in the e-license id', () => {
    const code = issuerCreditCode('440000');
    expect(validateCreditCode(code).valid).toBe(true);
    expect(code.slice(0, 8)).toBe('11440000');
    expect(code[17]).toBe(creditCodeCheckChar(code.slice(0, 17)));
    expect(validateCreditCode(issuerCreditCode('000000')).valid).toBe(true);
    expect(
      parseElicenseId(`1.2.156.3005.2.AQGL001.${code}.4420242000001234.1.0`).errors.map((e) => e.code),
    ).not.toContain('INVALID_ISSUER_CREDIT_CODE');
  });
});

describe('dates and commitment', () => {
  it('ends a validity the day before the anniversary; 29 February rolls to 28', () => {
    expect(validityEnd('2026-11-29', 3)).toBe('2029-11-28');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });
  it('commits to salt ‖ ID number ‖ name with SHA-256 (known answer)', () => {
    // python3: hashlib.sha256(bytes(range(16)) + '11010519491231002X'.encode() + '张三'.encode())
    const salt = Uint8Array.from({ length: 16 }, (_, i) => i);
    expect(holderCommitment(salt, '11010519491231002X', '张三')).toBe(
      '3b12547e5f37cc7db1319ba33229d76feb058589f228cdead8d79606e24eeecf',
    );
  });
});

describe('state machine', () => {
  it('lists the legal actions per state', () => {
    expect(allowedCertificateActions('valid')).toEqual([
      'suspend',
      'revoke',
      'cancel',
      'replace',
      'renew',
      'extend',
    ]);
    expect(allowedCertificateActions('expired')).toEqual(['replace', 'renew']);
    expect(allowedCertificateActions('revoked')).toEqual([]);
    expect(nextCertificateStatus('suspended', 'reinstate')).toBe('valid');
    expect(nextCertificateStatus('revoked', 'reinstate')).toBeUndefined();
  });
  it('reports a valid certificate past its last day as expired', () => {
    expect(effectiveStatus('valid', '2026-01-01', '2026-01-02')).toBe('expired');
    expect(effectiveStatus('valid', '2026-01-02', '2026-01-02')).toBe('valid');
    expect(effectiveStatus('suspended', '2020-01-01', '2026-01-02')).toBe('suspended');
  });
});

describe('keys', () => {
  it('parses ANZHENG_ISSUER_KEYS and refuses bad entries without echoing key material', () => {
    const seed = Buffer.alloc(32, 7).toString('base64');
    const [k] = parseIssuerKeysEnv(
      JSON.stringify([{ issuerCode: '440000', suite: 'ed25519', privateKey: seed }]),
    );
    expect(k!.keyId).toBe(keyIdOf('ed25519', k!.publicKey));
    expect(k!.keyId).toMatch(/^ed25519:[0-9a-f]{16}$/);
    expect(() => parseIssuerKeysEnv('[{"issuerCode":"440300","suite":"ed25519","privateKey":"x"}]')).toThrow(
      /issuerCode/,
    );
    expect(() =>
      parseIssuerKeysEnv(`[{"issuerCode":"440000","suite":"rsa","privateKey":"${seed}"}]`),
    ).toThrow(/suite/);
    try {
      parseIssuerKeysEnv('[{"issuerCode":"440000","suite":"ed25519","privateKey":"c2VjcmV0"}]');
    } catch (error) {
      expect((error as Error).message).not.toContain('c2VjcmV0');
    }
  });
});
