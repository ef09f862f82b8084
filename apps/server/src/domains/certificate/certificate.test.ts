import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BatchResult, CertificateDetail, CertificatePage } from '@anzheng/contracts';
import { concatBytes, fromBase64url, sha256, toHex, utf8Encode } from '@anzheng/crypto';
import {
  generateCreditCode,
  mulberry32,
  parseCertificateNumber,
  parseElicenseId,
} from '@anzheng/identifiers';
import { createTestApp, expectError, loginAs, requestJson } from '@anzheng/test-kit';
import type { CertificateBundle, TrustList } from '@anzheng/verifier';
import { afterAll, describe, expect, it } from 'vitest';
import { createEnterpriseRecord } from '../registry/index.ts';
import {
  actorFor,
  makeApplication,
  makePerson,
  trustListSignedBy,
  verifyBundle,
} from './certificate.fixtures.ts';
import { addDays, addYears, validityEnd } from './certificate.service.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-certificate-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const { app, cipher } = await createTestApp({ dataDir });
const db = app.database.db;
const rand = mulberry32(7_2026);
const service = app.certificateService;

const gdOfficer = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '440000' }]);
const gdApprover = await loginAs(app, [{ role: 'regulator_approver', divisionCode: '440000' }]);
const szOfficer = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '440300' }]);
const bjOfficer = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '110000' }]);
const holder = await loginAs(app, [{ role: 'holder' }]);
const holderPerson = await makePerson(app, cipher, rand, { name: '张安全', userId: holder.user.id });
const officerActor = actorFor(gdOfficer.user, [{ role: 'regulator_officer', divisionCode: '440000' }]);

const enterpriseCode = generateCreditCode(rand, { divisionCode: '440305', authority: '9' });
const enterprise = await db.transaction().execute((trx) =>
  createEnterpriseRecord(trx, cipher, {
    creditCode: enterpriseCode,
    name: '深圳市证书测试有限公司',
    industryCode: 'hazardous_chemicals',
    employeeCount: 50,
  }),
);
const entAdmin = await loginAs(app, [{ role: 'enterprise_admin', enterpriseCreditCode: enterpriseCode }]);

const JUNIOR_PASS = { theory: 80, practical: 70 };
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

async function issue(
  user: { cookies: Record<string, string> },
  applicationPublicId: string,
  extra: Record<string, unknown> = {},
) {
  return requestJson<CertificateDetail>(app, 'POST', '/api/v1/certificates', {
    cookies: user.cookies,
    body: { applicationPublicId, assessment: JUNIOR_PASS, ...extra },
  });
}

/** A fresh person with an approved application, issued by the Guangdong officer. */
async function issued(opts: { divisionCode?: string; suite?: 'ed25519' | 'sm2-sm3'; level?: string } = {}) {
  const person = await makePerson(app, cipher, rand, { divisionCode: opts.divisionCode ?? '440305' });
  const application = await makeApplication(app, person.id, opts);
  const assessment =
    opts.level === 'intermediate' || opts.level === 'senior'
      ? { theory: 75, practical: 75, performance: 75 }
      : JUNIOR_PASS;
  const res = await issue(gdOfficer, application.public_id, {
    assessment,
    ...(opts.suite ? { suite: opts.suite } : {}),
  });
  expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
  return { person, application, certificate: res.body };
}

async function act(user: { cookies: Record<string, string> }, no: string, action: string, body: object = {}) {
  return requestJson<CertificateDetail>(app, 'POST', `/api/v1/certificates/${no}/${action}`, {
    cookies: user.cookies,
    body,
  });
}

async function trustList(): Promise<TrustList> {
  const res = await requestJson<TrustList>(app, 'GET', '/.well-known/anzheng/trust.json');
  expect(res.statusCode).toBe(200);
  return res.body;
}

async function bundleOf(user: { cookies: Record<string, string> }, no: string) {
  const res = await app.inject({
    method: 'GET',
    url: `/api/v1/certificates/${no}/bundle`,
    cookies: user.cookies,
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-disposition']).toBe(`attachment; filename="${no}.bundle.json"`);
  return JSON.parse(res.body) as CertificateBundle;
}

describe('issuance (REQ-CERT-1)', () => {
  it('issues a signed, numbered, logged certificate from an approved application', async () => {
    const application = await makeApplication(app, holderPerson.id, { divisionCode: '440305' });
    const res = await issue(gdOfficer, application.public_id);
    expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
    const c = res.body;
    const parsed = parseCertificateNumber(c.number);
    expect(parsed.valid).toBe(true);
    expect(parsed.parts).toMatchObject({
      provinceCode: '44',
      year: Number(today().slice(0, 4)),
      level: 1,
      typeCode: '00',
    });
    expect(parseElicenseId(c.elicenseId).valid).toBe(true);
    expect(c).toMatchObject({
      status: 'valid',
      holderName: '张安全',
      issuerCode: '440000',
      issuerName: '广东省应急管理厅',
      divisionCode: '440305',
      level: 'junior',
      validFrom: today(),
      validUntil: validityEnd(today(), 3),
      applicationPublicId: application.public_id,
      suite: 'ed25519',
    });
    // 0.6 × 80 + 0.4 × 70 (exam.weights, junior).
    expect(c.assessment).toMatchObject({ theory: 80, practical: 70, composite: 76 });
    expect(c.holderIdMasked).toMatch(/^\d{3}\*+\w{4}$/);
    expect(c.keyId).toMatch(/^ed25519:[0-9a-f]{16}$/);
    expect(c.qrUrl).toMatch(new RegExp(`/v/${c.number}\\?c=[A-Za-z0-9_-]{10}$`));
    expect(c.events).toHaveLength(1);
    expect(c.events[0]).toMatchObject({ kind: 'issued', fromStatus: null, toStatus: 'valid' });
    expect(c.abilities).toEqual(
      expect.arrayContaining(['suspend', 'cancel', 'replace', 'renew', 'download']),
    );
    expect(c.abilities).not.toContain('revoke'); // approvers only

    // The holder sees it at once, and so does the public query (same table, no lag).
    const own = await requestJson<CertificateDetail>(app, 'GET', `/api/v1/certificates/${c.number}`, {
      cookies: holder.cookies,
    });
    expect(own.statusCode).toBe(200);
    expect(own.body.abilities).toEqual(['cancel', 'download', 'share']);
    const record = await app.certificateService.findByNumber(c.number);
    expect(record?.claims.holder.name).toBe('张安全');

    // The ledger entry carries no personal data.
    const entries = await db
      .selectFrom('ledger_entry')
      .select(['kind', 'entry'])
      .where('subject', '=', c.number)
      .execute();
    expect(entries.map((e) => e.kind)).toEqual(['certificate.issued']);
    const text = new TextDecoder().decode(entries[0]!.entry);
    expect(text).not.toContain('张安全');
    expect(text).not.toContain(holderPerson.idNumber);
  });

  it('refuses an application that is not approved, out of scope, failed, incomplete or already issued', async () => {
    const person = await makePerson(app, cipher, rand);
    const pending = await makeApplication(app, person.id, { state: 'under_review' });
    expectError(await issue(gdOfficer, pending.public_id), 409, 'APPLICATION_NOT_APPROVED');

    const approved = await makeApplication(app, person.id, { level: 'junior' });
    expectError(await issue(bjOfficer, approved.public_id), 404, 'APPLICATION_NOT_FOUND');
    expectError(await issue(holder, approved.public_id), 404, 'APPLICATION_NOT_FOUND');
    expectError(await issue(gdOfficer, '01890000-0000-7000-8000-000000000000'), 404, 'APPLICATION_NOT_FOUND');

    const failed = expectError(
      await issue(gdOfficer, approved.public_id, { assessment: { theory: 90, practical: 55 } }),
      422,
      'ASSESSMENT_NOT_PASSED',
    );
    expect(failed.details?.map((d) => d.field)).toEqual(['body.assessment.practical']);
    expect(failed.message).toContain('实操考核 55 分');

    const missing = expectError(
      await issue(gdOfficer, approved.public_id, { assessment: { theory: 90 } }),
      400,
      'ASSESSMENT_REQUIRED',
    );
    expect(missing.details?.map((d) => d.field)).toEqual(['body.assessment.practical']);

    expect((await issue(szOfficer, approved.public_id)).statusCode).toBe(200);
    expectError(await issue(gdOfficer, approved.public_id), 409, 'CERTIFICATE_EXISTS');
  });

  it('requires performance for intermediate and applies the master-degree bonus (REQ-EXAM-6)', async () => {
    const person = await makePerson(app, cipher, rand, { master: true });
    const inter = await makeApplication(app, person.id, { level: 'intermediate' });
    expectError(await issue(gdOfficer, inter.public_id), 400, 'ASSESSMENT_REQUIRED');
    // Theory 56 + 5 bonus = 61 ≥ 60.
    const ok = await issue(gdOfficer, inter.public_id, {
      assessment: { theory: 56, practical: 70, performance: 70 },
    });
    expect(ok.statusCode, JSON.stringify(ok.body)).toBe(200);
    // 0.3 × 61 + 0.4 × 70 + 0.3 × 70 = 67.3
    expect(ok.body.assessment).toMatchObject({ theory: 61, composite: 67.3 });
    expect(parseCertificateNumber(ok.body.number).parts?.level).toBe(2);
  });

  it('gives 20 parallel issuances 20 distinct numbers (serial per province and year)', async () => {
    const apps = [];
    for (let i = 0; i < 20; i++) {
      const person = await makePerson(app, cipher, rand, { divisionCode: '440106' });
      apps.push(await makeApplication(app, person.id, { divisionCode: '440106' }));
    }
    const results = await Promise.all(apps.map((a) => issue(gdOfficer, a.public_id)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    const numbers = results.map((r) => r.body.number);
    expect(new Set(numbers).size).toBe(20);
    const serials = numbers.map((n) => parseCertificateNumber(n).parts!.serial);
    expect(new Set(serials).size).toBe(20);
    const slots = results.map((r) => r.body.number);
    const rows = await db
      .selectFrom('certificate')
      .select(['status_list_id', 'status_list_index'])
      .where('number', 'in', slots)
      .execute();
    expect(new Set(rows.map((r) => `${r.status_list_id}:${r.status_list_index}`)).size).toBe(20);
  });

  it('issues in a batch: each item on its own, one failure does not stop the rest', async () => {
    const p1 = await makePerson(app, cipher, rand);
    const p2 = await makePerson(app, cipher, rand);
    const a1 = await makeApplication(app, p1.id);
    const a2 = await makeApplication(app, p2.id, { state: 'submitted' });
    const res = await requestJson<BatchResult>(app, 'POST', '/api/v1/certificates/batch', {
      cookies: gdOfficer.cookies,
      body: {
        items: [
          { applicationPublicId: a1.public_id, assessment: JUNIOR_PASS },
          { applicationPublicId: a2.public_id, assessment: JUNIOR_PASS },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ succeeded: 1, failed: 1 });
    expect(res.body.items[0]).toMatchObject({ ref: a1.public_id, ok: true });
    expect(res.body.items[1]).toMatchObject({
      ref: a2.public_id,
      ok: false,
      error: { code: 'APPLICATION_NOT_APPROVED' },
    });
  });
});

describe('lifecycle (state machine)', () => {
  it('suspends, reinstates and refuses illegal transitions with the allowed list', async () => {
    const { certificate: c } = await issued();
    const wrong = expectError(
      await act(gdOfficer, c.number, 'reinstate'),
      409,
      'CERTIFICATE_TRANSITION_NOT_ALLOWED',
    );
    expect(wrong.details?.map((d) => d.code)).toEqual([
      'suspend',
      'revoke',
      'cancel',
      'replace',
      'renew',
      'extend',
    ]);
    const suspended = await act(gdOfficer, c.number, 'suspend', { reason: '涉嫌挂证，调查期间暂停' });
    expect(suspended.statusCode).toBe(200);
    expect(suspended.body).toMatchObject({ status: 'suspended', statusReason: '涉嫌挂证，调查期间暂停' });
    const again = expectError(
      await act(gdOfficer, c.number, 'suspend'),
      409,
      'CERTIFICATE_TRANSITION_NOT_ALLOWED',
    );
    expect(again.details?.map((d) => d.code)).toEqual(['reinstate', 'revoke', 'cancel', 'replace']);
    const back = await act(gdOfficer, c.number, 'reinstate');
    expect(back.body.status).toBe('valid');
    expect(back.body.events.map((e) => e.kind)).toEqual(['issued', 'suspended', 'reinstated']);
    const kinds = await db
      .selectFrom('ledger_entry')
      .select('kind')
      .where('subject', '=', c.number)
      .orderBy('id')
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual([
      'certificate.issued',
      'certificate.suspended',
      'certificate.reinstated',
    ]);
    // Out of scope: the certificate does not exist.
    expectError(await act(bjOfficer, c.number, 'suspend'), 404, 'CERTIFICATE_NOT_FOUND');
  });

  it('revokes (approver only, ground and basis), writes both sanctions, and eligibility then refuses (REQ-CERT-3)', async () => {
    const { certificate: c, person } = await issued();
    expectError(
      await act(gdApprover, c.number, 'revoke', { reason: '伪造' }),
      400,
      'REVOCATION_GROUND_REQUIRED',
    );
    expectError(
      await act(gdOfficer, c.number, 'revoke', { ground: 'forgery', basis: '粤应急罚〔2026〕1号' }),
      403,
      'FORBIDDEN',
    );
    const revoked = await act(gdApprover, c.number, 'revoke', {
      ground: 'lending',
      basis: '粤应急罚〔2026〕12号',
      reason: '非法挂证',
    });
    expect(revoked.statusCode, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    expect(revoked.body.abilities).toEqual(['download']);
    const sanctions = await db
      .selectFrom('person_sanction')
      .selectAll()
      .where('person_id', '=', person.id)
      .execute();
    expect(sanctions.map((s) => s.kind).sort()).toEqual(['dishonesty_list', 'exam_ban']);
    expect(sanctions[0]!.ends_on).toBe(validityEnd(today(), 3));
    const entry = await db
      .selectFrom('ledger_entry')
      .select('entry')
      .where('subject', '=', c.number)
      .where('kind', '=', 'certificate.revoked')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(new TextDecoder().decode(entry.entry)).data).toMatchObject({
      status: 'revoked',
      ground: 'lending',
    });

    const result = await app.applicationDomain.eligibility.evaluatePerson(db, person.id, {
      certificateTypeCode: '00',
      level: 'junior',
      divisionCode: '440305',
      industryCode: null,
      at: today(),
      schoolEnrolment: null,
    });
    expect(result.eligible).toBe(false);
    const failedKinds = result.results.filter((r) => !r.passed).map((r) => r.kind);
    expect(failedKinds).toEqual(expect.arrayContaining(['not_exam_banned', 'not_on_dishonesty_list']));
    expectError(await act(gdApprover, c.number, 'reinstate'), 409, 'CERTIFICATE_TRANSITION_NOT_ALLOWED');
  });

  it('lets the holder cancel their own certificate, but nothing else', async () => {
    const application = await makeApplication(app, holderPerson.id, {
      typeCode: '00',
      level: 'intermediate',
    });
    const res = await issue(gdOfficer, application.public_id, {
      assessment: { theory: 70, practical: 70, performance: 70 },
    });
    expect(res.statusCode).toBe(200);
    expectError(await act(holder, res.body.number, 'suspend'), 403, 'FORBIDDEN');
    const cancelled = await act(holder, res.body.number, 'cancel', { reason: '本人申请注销' });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expectError(await act(gdOfficer, res.body.number, 'renew'), 409, 'CERTIFICATE_TRANSITION_NOT_ALLOWED');
  });

  it('replaces: a new number with the same validity, the old one replaced (补发)', async () => {
    const { certificate: c } = await issued();
    const res = await act(gdOfficer, c.number, 'replace', { reason: '证书遗失补发' });
    expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('replaced');
    const newNumber = res.body.replacedByNumber!;
    expect(newNumber).not.toBe(c.number);
    const fresh = await requestJson<CertificateDetail>(app, 'GET', `/api/v1/certificates/${newNumber}`, {
      cookies: gdOfficer.cookies,
    });
    expect(fresh.body).toMatchObject({
      status: 'valid',
      replacesNumber: c.number,
      validFrom: c.validFrom,
      validUntil: c.validUntil,
      firstIssuedOn: c.firstIssuedOn,
      holderName: c.holderName,
    });
    const record = await service.findByNumber(newNumber);
    expect(record?.claims.replaces).toBe(c.number);
    const replacedEntry = await db
      .selectFrom('ledger_entry')
      .select('entry')
      .where('subject', '=', c.number)
      .where('kind', '=', 'certificate.replaced')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(new TextDecoder().decode(replacedEntry.entry)).data.replacedBy).toBe(newNumber);
  });

  it('renews (claims re-signed, version 2) and reports expiry before and after the scan', async () => {
    const { certificate: c } = await issued();
    const renewed = await act(gdOfficer, c.number, 'renew');
    expect(renewed.statusCode, JSON.stringify(renewed.body)).toBe(200);
    expect(renewed.body.validFrom).toBe(addDays(c.validUntil, 1));
    expect(renewed.body.validUntil).toBe(validityEnd(addDays(c.validUntil, 1), 3));
    expect((await service.findByNumber(c.number))?.claims.claimsVersion).toBe(2);

    // Issued 3 years and 10 days ago: past its last day, not yet scanned.
    const person = await makePerson(app, cipher, rand);
    const application = await makeApplication(app, person.id);
    const at = new Date(Date.now() - (3 * 365 + 11) * 86_400_000);
    const old = await service.issue(
      officerActor,
      { applicationPublicId: application.public_id, assessment: JUNIOR_PASS },
      { at },
    );
    expect(old.status).toBe('expired');
    const row = await db
      .selectFrom('certificate')
      .select('status')
      .where('number', '=', old.number)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('valid');
    const listed = await requestJson<CertificatePage>(
      app,
      'GET',
      `/api/v1/certificates?status=expired&q=${old.number}`,
      {
        cookies: gdOfficer.cookies,
      },
    );
    expect(listed.body.items.map((i) => i.number)).toEqual([old.number]);
    expect(await service.expireDue()).toBeGreaterThanOrEqual(1);
    const after = await requestJson<CertificateDetail>(app, 'GET', `/api/v1/certificates/${old.number}`, {
      cookies: gdOfficer.cookies,
    });
    expect(after.body.status).toBe('expired');
    expect(after.body.events.map((e) => e.kind)).toEqual(['issued', 'expired']);
    expect(after.body.abilities).toEqual(expect.arrayContaining(['replace', 'renew']));
    expectError(await act(gdOfficer, old.number, 'suspend'), 409, 'CERTIFICATE_TRANSITION_NOT_ALLOWED');
    // Within the 90-day grace: renewed from today.
    const back = await act(gdOfficer, old.number, 'renew');
    expect(back.body).toMatchObject({
      status: 'valid',
      validFrom: today(),
      validUntil: validityEnd(today(), 3),
    });

    // Beyond the grace period: refused.
    const p2 = await makePerson(app, cipher, rand);
    const a2 = await makeApplication(app, p2.id);
    const longAgo = new Date(Date.now() - (3 * 365 + 200) * 86_400_000);
    const stale = await service.issue(
      officerActor,
      { applicationPublicId: a2.public_id, assessment: JUNIOR_PASS },
      { at: longAgo },
    );
    const refused = expectError(
      await act(gdOfficer, stale.number, 'renew'),
      409,
      'CERTIFICATE_TRANSITION_NOT_ALLOWED',
    );
    expect(refused.message).toContain('90 天');
  });

  it('extends once per validity period, only accident-free for 3 years (REQ-CERT-2)', async () => {
    const { certificate: young } = await issued();
    expect(
      expectError(await act(gdOfficer, young.number, 'extend'), 422, 'EXTENSION_NOT_ALLOWED').message,
    ).toContain('持证未满 3 年');

    const person = await makePerson(app, cipher, rand);
    const application = await makeApplication(app, person.id);
    const at = new Date(Date.now() - (3 * 365 + 5) * 86_400_000);
    const old = await service.issue(
      officerActor,
      { applicationPublicId: application.public_id, assessment: JUNIOR_PASS },
      { at },
    );
    const renewed = await act(gdOfficer, old.number, 'renew');
    expect(renewed.body.status).toBe('valid');
    const extended = await act(gdOfficer, old.number, 'extend', { reason: '连续三年无事故' });
    expect(extended.statusCode, JSON.stringify(extended.body)).toBe(200);
    expect(extended.body.validUntil).toBe(addYears(renewed.body.validUntil, 1));
    expect(extended.body.extensionCount).toBe(1);
    expect(
      expectError(await act(gdOfficer, old.number, 'extend'), 422, 'EXTENSION_NOT_ALLOWED').message,
    ).toContain('只能延长一次');
  });

  it('acts on several certificates in one batch with one batch id', async () => {
    const { certificate: a } = await issued();
    const { certificate: b } = await issued();
    await act(gdOfficer, b.number, 'suspend');
    const res = await requestJson<BatchResult>(app, 'POST', '/api/v1/certificates/batch-actions', {
      cookies: gdOfficer.cookies,
      body: { action: 'suspend', numbers: [a.number, b.number], reason: '专项检查暂停' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ succeeded: 1, failed: 1 });
    expect(res.body.items[1]!.error?.code).toBe('CERTIFICATE_TRANSITION_NOT_ALLOWED');
    const event = await db
      .selectFrom('certificate_event')
      .select('batch_id')
      .where('kind', '=', 'suspended')
      .where('reason', '=', '专项检查暂停')
      .executeTakeFirstOrThrow();
    expect(event.batch_id).toBe(res.body.batchId);
  });
});

describe('bundle, status and keys', () => {
  it('produces a bundle that verifies offline (signature, inclusion, commitment, status)', async () => {
    const application = await makeApplication(app, holderPerson.id, { typeCode: '00', level: 'senior' });
    const res = await issue(gdOfficer, application.public_id, {
      assessment: { theory: 70, practical: 70, performance: 80 },
    });
    expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
    const bundle = await bundleOf(holder, res.body.number);
    const list = await trustList();
    const v = verifyBundle(bundle, list);
    expect(v).toMatchObject({
      signatureValid: true,
      included: true,
      statusEventsIncluded: true,
      statusSigned: true,
    });
    expect(v.entry).toMatchObject({ kind: 'certificate.issued', subject: res.body.number });
    expect(v.entry.data.claimsDigest).toBe(v.claimsDigest);
    const salt = fromBase64url(bundle.holderSalt);
    expect(salt).toHaveLength(16);
    const commitment = toHex(
      sha256(concatBytes(salt, utf8Encode(holderPerson.idNumber), utf8Encode('张安全'))),
    );
    expect(bundle.claims.holder.commitment).toBe(commitment);
    expect(v.entry.data.holderCommitment).toBe(commitment);
    expect(bundle.status).toMatchObject({ number: res.body.number, status: 'valid' });
    // Scope: someone else's certificate does not exist for the holder.
    const { certificate: other } = await issued();
    expectError(
      await requestJson(app, 'GET', `/api/v1/certificates/${other.number}/bundle`, {
        cookies: holder.cookies,
      }),
      404,
      'CERTIFICATE_NOT_FOUND',
    );
  });

  it('issues with sm2-sm3 (NFR-SEC-3) and the bundle verifies', async () => {
    const { certificate: c } = await issued({ suite: 'sm2-sm3' });
    expect(c.keyId).toMatch(/^sm2-sm3:/);
    const bundle = await bundleOf(gdOfficer, c.number);
    expect(bundle.signature.suite).toBe('sm2-sm3');
    const v = verifyBundle(bundle, await trustList());
    expect(v).toMatchObject({ signatureValid: true, included: true, statusSigned: true });
  });

  it('a status statement lists every event proven against one checkpoint', async () => {
    const { certificate: c } = await issued();
    await act(gdOfficer, c.number, 'suspend');
    const res = await requestJson<{ events: unknown[]; status: string }>(
      app,
      'GET',
      `/api/v1/certificates/${c.number}/status`,
      {
        cookies: gdOfficer.cookies,
      },
    );
    expect(res.statusCode).toBe(200);
    expect(res.body.status).toBe('suspended');
    expect(res.body.events).toHaveLength(2);
  });

  it('serves the trust list publicly, cached for 5 minutes', async () => {
    const res = await app.inject({ method: 'GET', url: '/.well-known/anzheng/trust.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('max-age=300');
    const list = JSON.parse(res.body) as TrustList;
    expect(list.type).toBe('anzheng-trust-list/v1');
    expect(list.keys.some((k) => k.purpose === 'trust')).toBe(true);
    expect(list.keys.find((k) => k.purpose === 'issuer' && k.issuer?.code === '440000')?.issuer?.name).toBe(
      '广东省应急管理厅',
    );
    expect(list.log.verifierKey).toMatch(/\+[0-9a-f]{8}\+/);
    expect(Date.parse(list.validUntil) - Date.parse(list.validFrom)).toBe(30 * 86_400_000);
  });

  it('rotation keeps old certificates verifiable; each trust-list version is signed by the previous one', async () => {
    const { certificate: before } = await issued({ divisionCode: '440604' });
    const listBefore = await trustList();
    const rotated = await service.rotateIssuerKey('440000', 'ed25519');
    expect(rotated.retired).toBe(before.keyId);
    const { certificate: after } = await issued({ divisionCode: '440604' });
    expect(after.keyId).toBe(rotated.active);
    expect(after.keyId).not.toBe(before.keyId);

    const list = await trustList();
    expect(list.version).toBeGreaterThan(listBefore.version);
    const retiredKey = list.keys.find((k) => k.keyId === before.keyId)!;
    expect(retiredKey.validUntil).not.toBeNull();
    expect(verifyBundle(await bundleOf(gdOfficer, before.number), list)).toMatchObject({
      signatureValid: true,
      included: true,
    });
    expect(verifyBundle(await bundleOf(gdOfficer, after.number), list)).toMatchObject({
      signatureValid: true,
      included: true,
    });

    // Trust key rotation: the next version is signed by the old and the new trust key.
    const trustRotated = await service.rotateTrustKey();
    const latest = await trustList();
    expect(latest.signatures.map((s) => s.keyId).sort()).toEqual(
      [trustRotated.active, trustRotated.retired].sort(),
    );

    // The whole chain: version 1 by its own trust key, N+1 by a trust key active in N.
    const versions: TrustList[] = [];
    for (let v = 1; v <= latest.version; v++) {
      const res = await requestJson<TrustList>(app, 'GET', `/.well-known/anzheng/trust/${v}`);
      expect(res.statusCode).toBe(200);
      versions.push(res.body);
    }
    expect(trustListSignedBy(versions[0]!, versions[0]!)).toBe(true);
    for (let i = 1; i < versions.length; i++)
      expect(trustListSignedBy(versions[i]!, versions[i - 1]!)).toBe(true);
    expectError(
      await requestJson(app, 'GET', `/.well-known/anzheng/trust/${latest.version + 5}`),
      404,
      'TRUST_LIST_NOT_FOUND',
    );
  });
});

describe('reads and scope', () => {
  it('lists what each caller may see: holder own, enterprise staff, regulators their subtree', async () => {
    const staff = await issued({ divisionCode: '440305' });
    await db
      .insertInto('enterprise_staff')
      .values({
        enterprise_id: enterprise.id,
        person_id: staff.person.id,
        post: '安全主管',
        safety_management: true,
        full_time: true,
        started_on: '2020-01-01',
      })
      .execute();
    const gz = await issued({ divisionCode: '440106' });

    const mine = await requestJson<CertificatePage>(app, 'GET', '/api/v1/certificates', {
      cookies: holder.cookies,
    });
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((i) => i.holderName === '张安全')).toBe(true);

    const ent = await requestJson<CertificatePage>(app, 'GET', '/api/v1/certificates', {
      cookies: entAdmin.cookies,
    });
    expect(ent.body.items.map((i) => i.number)).toEqual([staff.certificate.number]);

    const sz = await requestJson<CertificatePage>(app, 'GET', '/api/v1/certificates?limit=200', {
      cookies: szOfficer.cookies,
    });
    expect(sz.body.items.every((i) => i.divisionCode.startsWith('4403'))).toBe(true);
    expect(sz.body.items.map((i) => i.number)).not.toContain(gz.certificate.number);
    expectError(
      await requestJson(app, 'GET', `/api/v1/certificates/${gz.certificate.number}`, {
        cookies: szOfficer.cookies,
      }),
      404,
      'CERTIFICATE_NOT_FOUND',
    );

    const bj = await requestJson<CertificatePage>(app, 'GET', '/api/v1/certificates', {
      cookies: bjOfficer.cookies,
    });
    expect(bj.body.items).toEqual([]);

    // Cursor paging: stable, no overlap.
    const page1 = await requestJson<CertificatePage>(app, 'GET', '/api/v1/certificates?limit=5', {
      cookies: gdOfficer.cookies,
    });
    expect(page1.body.items).toHaveLength(5);
    const page2 = await requestJson<CertificatePage>(
      app,
      'GET',
      `/api/v1/certificates?limit=5&cursor=${page1.body.nextCursor}`,
      { cookies: gdOfficer.cookies },
    );
    const first = new Set(page1.body.items.map((i) => i.number));
    expect(page2.body.items.some((i) => first.has(i.number))).toBe(false);

    // Filters: name prefix and level.
    const byName = await requestJson<CertificatePage>(
      app,
      'GET',
      `/api/v1/certificates?q=${encodeURIComponent('张安')}`,
      {
        cookies: gdOfficer.cookies,
      },
    );
    expect(byName.body.items.every((i) => i.holderName.startsWith('张安'))).toBe(true);
    const seniors = await requestJson<CertificatePage>(app, 'GET', '/api/v1/certificates?level=senior', {
      cookies: gdOfficer.cookies,
    });
    expect(seniors.body.items.every((i) => i.level === 'senior')).toBe(true);
    expectError(
      await requestJson(app, 'GET', '/api/v1/certificates?cursor=bad!', { cookies: gdOfficer.cookies }),
      400,
      'INVALID_CURSOR',
    );
  });

  it('counts an issued certificate for the prior-certificate eligibility rule (held 3 years, still valid)', async () => {
    const person = await makePerson(app, cipher, rand);
    const application = await makeApplication(app, person.id);
    const at = new Date(Date.now() - (3 * 365 + 5) * 86_400_000);
    const old = await service.issue(
      officerActor,
      { applicationPublicId: application.public_id, assessment: JUNIOR_PASS },
      { at },
    );
    const question = {
      certificateTypeCode: '00',
      level: 'intermediate',
      divisionCode: '440305',
      industryCode: null,
      at: today(),
      schoolEnrolment: null,
    };
    const prior = async () =>
      (await app.applicationDomain.eligibility.evaluatePerson(db, person.id, question)).results.find(
        (r) => r.kind === 'prior_certificate_held',
      );
    // Past its last day: it no longer counts.
    expect((await prior())?.passed).toBe(false);
    expect((await act(gdOfficer, old.number, 'renew')).statusCode).toBe(200);
    // Renewed: held since the first issue, more than 3 years.
    expect((await prior())?.passed).toBe(true);
  });
});
