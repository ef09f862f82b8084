// REQ-TECH (DESIGN §4): an e-certificate bundle is checked fully offline; every tampered field is
// reported by its specific stable code.
import { toBase64 } from '@anzheng/crypto';
import { describe, expect, it } from 'vitest';
import type { CertificateBundle, TrustList } from './formats.ts';
import type { CheckCode } from './result.ts';
import {
  createFixture,
  detachedSign,
  fixedNoteKeys,
  fixedSigningKey,
  HOLDER,
  NOW,
  signTrustList,
  trustedKey,
} from './testing/fixtures.ts';
import { trustListPayload } from './trust.ts';
import { verifyBundle } from './verify.ts';

const f = createFixture();
const issued = f.issue();
// More history after the certificate, so its proof has hashes on both sides.
for (let i = 0; i < 7; i++) {
  f.log.append({
    kind: 'training.recorded',
    subject: `T-${i}`,
    data: { hours: i },
    at: '2026-11-29T07:10:00Z',
  });
}
const good = f.bundle(issued);
const trust = f.trustList();
const clone = <T>(v: T): T => structuredClone(v);
const codes = (r: { failures: { code: CheckCode }[] }) => r.failures.map((x) => x.code);

/** Flips one base64 character of a hash/signature, keeping it valid base64 of the same length. */
const flip = (b64: string, at = 2) => b64.slice(0, at) + (b64[at] === 'A' ? 'B' : 'A') + b64.slice(at + 1);

describe('verifyBundle: a genuine bundle', () => {
  it('is valid, with the status time and checkpoint size, and the holder data matches', () => {
    const r = verifyBundle(good, trust, { now: NOW, holder: HOLDER });
    expect(r.failures).toEqual([]);
    expect(r.outcome).toBe('valid');
    expect(r.status).toMatchObject({
      status: 'valid',
      asOf: '2026-11-29T07:30:00Z',
      checkpointSize: 19,
      source: 'bundle',
    });
    expect(r.summary).toBe(
      '有效（截至 2026-11-29T07:30:00Z，检查点 19）: 4420242000001234 中级 金属非金属矿山安全生产管理人员 张安全 广东省应急管理厅 有效期至 2029-11-28',
    );
  });

  it('never throws on garbage: reports BUNDLE_MALFORMED / TRUST_LIST_MALFORMED', () => {
    expect(codes(verifyBundle(null, trust, { now: NOW }))).toContain('BUNDLE_MALFORMED');
    expect(codes(verifyBundle({ ...good, log: { ...good.log, index: -1 } }, trust, { now: NOW }))).toContain(
      'BUNDLE_MALFORMED',
    );
    expect(codes(verifyBundle(good, { type: 'x' }, { now: NOW }))).toContain('TRUST_LIST_MALFORMED');
    expect(verifyBundle(good, 'nonsense', { now: NOW }).outcome).toBe('invalid');
  });
});

type Tamper = [name: string, mutate: (b: CertificateBundle) => void, code: CheckCode];

const claimTampers: Tamper[] = (
  [
    ['number', (b) => (b.claims.number = '4420242000001235')],
    ['elicenseId', (b) => (b.claims.elicenseId = '44000020241234568X')],
    ['type.code', (b) => (b.claims.type.code = 'SPM-CHEM')],
    ['type.name', (b) => (b.claims.type.name = '危险化学品安全生产管理人员')],
    ['level', (b) => (b.claims.level = 'senior')],
    ['industryCode', (b) => (b.claims.industryCode = null)],
    ['holder.name', (b) => (b.claims.holder.name = '李安全')],
    ['holder.commitment', (b) => (b.claims.holder.commitment = '00'.repeat(32))],
    ['issuer.name', (b) => (b.claims.issuer.name = '北京市应急管理局')],
    ['firstIssuedOn', (b) => (b.claims.firstIssuedOn = '2020-01-01')],
    ['validFrom', (b) => (b.claims.validFrom = '2026-11-30')],
    ['validUntil', (b) => (b.claims.validUntil = '2039-11-28')],
    ['issuedAt', (b) => (b.claims.issuedAt = '2026-11-29T07:00:01Z')],
    ['claimsVersion', (b) => (b.claims.claimsVersion = 2)],
    ['replaces (added)', (b) => (b.claims.replaces = '4420242000000001')],
  ] as [string, (b: CertificateBundle) => void][]
).map(([n, m]) => [`claims.${n}`, m, 'SIGNATURE_INVALID']);

const tampers: Tamper[] = [
  ...claimTampers,
  // Another authority's code: the signing key does not belong to it.
  ['claims.issuer.code', (b) => (b.claims.issuer.code = '110000'), 'KEY_NOT_TRUSTED'],
  ['signature.value', (b) => (b.signature.value = flip(b.signature.value)), 'SIGNATURE_INVALID'],
  ['signature.keyId', (b) => (b.signature.keyId = '0123456789abcdef'), 'KEY_NOT_TRUSTED'],
  ['signature.keyId → the trust key', (b) => (b.signature.keyId = f.trustKey.keyId), 'KEY_NOT_TRUSTED'],
  ['signature.suite', (b) => (b.signature.suite = 'sm2-sm3'), 'KEY_NOT_TRUSTED'],
  ['holderSalt', (b) => (b.holderSalt = 'AAAAAAAAAAAAAAAAAAAAAA'), 'HOLDER_MISMATCH'],
  ['log.entry → another entry', (b) => (b.log.entry = f.log.prove(0).entry), 'INCLUSION_PROOF_INVALID'],
  ['log.entry → another entry (content)', (b) => (b.log.entry = f.log.prove(0).entry), 'ENTRY_MISMATCH'],
  ['log.index', (b) => (b.log.index += 1), 'INCLUSION_PROOF_INVALID'],
  ['log.treeSize', (b) => (b.log.treeSize -= 1), 'TREE_SIZE_MISMATCH'],
  ['log.proof dropped', (b) => b.log.proof.pop(), 'INCLUSION_PROOF_INVALID'],
  [
    'log.checkpoint size line',
    (b) => (b.log.checkpoint = b.log.checkpoint.replace('\n19\n', '\n18\n')),
    'CHECKPOINT_SIGNATURE_INVALID',
  ],
  [
    'log.checkpoint root line',
    (b) =>
      (b.log.checkpoint = b.log.checkpoint.replace(/\n19\n(.)/, (_m, c) => `\n19\n${c === 'A' ? 'B' : 'A'}`)),
    'CHECKPOINT_SIGNATURE_INVALID',
  ],
  [
    'log.checkpoint signature',
    (b) => (b.log.checkpoint = b.log.checkpoint.replace(/(— \S+ )(.{10})/, (_m, p, s) => p + flip(s, 8))),
    'CHECKPOINT_SIGNATURE_INVALID',
  ],
  ['status.status', (b) => (b.status.status = 'revoked'), 'SIGNATURE_INVALID'],
  ['status.asOf', (b) => (b.status.asOf = '2026-11-29T07:59:00Z'), 'SIGNATURE_INVALID'],
  ['status.number', (b) => (b.status.number = '4420242000001235'), 'STATUS_INCONSISTENT'],
  ['status.type', (b) => ((b.status as { type: string }).type = 'x'), 'BUNDLE_MALFORMED'],
  ['status.signature removed', (b) => delete b.status.signature, 'SIGNATURE_INVALID'],
  [
    'status.signature.value',
    (b) => (b.status.signature!.value = flip(b.status.signature!.value)),
    'SIGNATURE_INVALID',
  ],
  ['status.signature.keyId', (b) => (b.status.signature!.keyId = 'ffffffffffffffff'), 'KEY_NOT_TRUSTED'],
  [
    'status.checkpoint',
    (b) => (b.status.checkpoint = b.status.checkpoint.replace('\n19\n', '\n20\n')),
    'CHECKPOINT_SIGNATURE_INVALID',
  ],
  [
    'status.events[0].proof[0]',
    (b) => (b.status.events[0]!.proof[0] = flip(b.status.events[0]!.proof[0]!)),
    'INCLUSION_PROOF_INVALID',
  ],
  ['status.events[0].index', (b) => (b.status.events[0]!.index += 2), 'INCLUSION_PROOF_INVALID'],
  ['status.events[0].treeSize', (b) => (b.status.events[0]!.treeSize = 18), 'TREE_SIZE_MISMATCH'],
  ['status.events emptied', (b) => (b.status.events = []), 'BUNDLE_MALFORMED'],
];

describe('verifyBundle: every tampered bundle field gives its specific failure', () => {
  // Each proof hash of the inclusion path.
  const proofTampers: Tamper[] = good.log.proof.map((_h, i) => [
    `log.proof[${i}]`,
    (b: CertificateBundle) => (b.log.proof[i] = flip(b.log.proof[i]!)),
    'INCLUSION_PROOF_INVALID',
  ]);
  const rows = [...tampers, ...proofTampers].map(([name, mutate, code]) => [name, code, mutate] as const);
  it.each(rows)('%s → %s', (_name, code, mutate) => {
    const b = clone(good);
    mutate(b);
    const r = verifyBundle(b, trust, { now: NOW, holder: HOLDER });
    expect(r.outcome).toBe('invalid');
    expect(codes(r)).toContain(code);
    expect(r.summary).toContain(`[${code}]`);
    // The message is Chinese and names a field.
    const failure = r.failures.find((x) => x.code === code)!;
    expect(failure.message).toMatch(/[\u4e00-\u9fff]/);
    expect(failure.field).not.toBe('');
  });

  it('the proof path has hashes on both sides of the leaf', () => {
    expect(good.log.proof.length).toBeGreaterThanOrEqual(4);
  });
});

describe('verifyBundle: every tampered trust-list field gives its specific failure', () => {
  const trustTampers: [string, (t: TrustList) => void, CheckCode][] = [
    ['version', (t) => (t.version = 2), 'TRUST_LIST_SIGNATURE_INVALID'],
    ['issuedAt', (t) => (t.issuedAt = '2026-11-02T00:00:00Z'), 'TRUST_LIST_SIGNATURE_INVALID'],
    ['validFrom', (t) => (t.validFrom = '2026-10-01T00:00:00Z'), 'TRUST_LIST_SIGNATURE_INVALID'],
    ['validUntil', (t) => (t.validUntil = '2030-01-01T00:00:00Z'), 'TRUST_LIST_SIGNATURE_INVALID'],
    ['log.origin', (t) => (t.log.origin = 'evil.example/log'), 'TRUST_LIST_SIGNATURE_INVALID'],
    [
      'log.verifierKey',
      (t) => (t.log.verifierKey = fixedNoteKeys('anzheng.test/log', 'evil').verifierKey),
      'TRUST_LIST_SIGNATURE_INVALID',
    ],
    [
      'keys[1].validUntil',
      (t) => (t.keys[1]!.validUntil = '2030-01-01T00:00:00Z'),
      'TRUST_LIST_SIGNATURE_INVALID',
    ],
    [
      'keys[1] replaced by another key',
      (t) => (t.keys[1] = trustedKey(fixedSigningKey('ed25519', 'evil'), 'issuer')),
      'TRUST_LIST_SIGNATURE_INVALID',
    ],
    ['keys[1].keyId', (t) => (t.keys[1]!.keyId = '0011223344556677'), 'TRUST_LIST_MALFORMED'],
    ['keys[0].purpose', (t) => ((t.keys[0] as { purpose: string }).purpose = 'root'), 'TRUST_LIST_MALFORMED'],
    [
      'signatures[0].value',
      (t) => (t.signatures[0]!.value = flip(t.signatures[0]!.value)),
      'TRUST_LIST_SIGNATURE_INVALID',
    ],
    ['signatures removed', (t) => (t.signatures = []), 'TRUST_LIST_MALFORMED'],
    ['type', (t) => ((t as { type: string }).type = 'anzheng-trust-list/v2'), 'TRUST_LIST_MALFORMED'],
  ];
  const rows = trustTampers.map(([name, mutate, code]) => [name, code, mutate] as const);
  it.each(rows)('trust.%s → %s', (_name, code, mutate) => {
    const t = clone(trust);
    mutate(t);
    const r = verifyBundle(good, t, { now: NOW });
    expect(r.outcome).toBe('invalid');
    expect(codes(r)).toContain(code);
  });

  it('an expired trust list is refused (TRUST_LIST_EXPIRED), even though correctly signed', () => {
    const r = verifyBundle(good, trust, { now: new Date('2027-11-02T00:00:00Z') });
    expect(codes(r)).toContain('TRUST_LIST_EXPIRED');
    expect(r.outcome).toBe('invalid');
  });

  it('a correctly signed list naming another origin: CHECKPOINT_ORIGIN_MISMATCH', () => {
    const t = f.trustList({ log: { origin: 'other.example/log', verifierKey: f.log.verifierKey } });
    expect(codes(verifyBundle(good, t, { now: NOW }))).toContain('CHECKPOINT_ORIGIN_MISMATCH');
  });

  it('a correctly signed list with another log key: CHECKPOINT_SIGNATURE_INVALID', () => {
    const t = f.trustList({
      log: { origin: f.log.origin, verifierKey: fixedNoteKeys(f.log.origin, 'x').verifierKey },
    });
    expect(codes(verifyBundle(good, t, { now: NOW }))).toContain('CHECKPOINT_SIGNATURE_INVALID');
  });

  it('an issuer key valid only from after the signing time: KEY_NOT_VALID_AT_SIGNING_TIME', () => {
    const t = f.trustList({
      keys: [trustedKey(f.trustKey, 'trust'), trustedKey(f.issuerKey, 'issuer', '2026-11-29T07:00:01Z')],
    });
    const r = verifyBundle(good, t, { now: NOW });
    expect(r.failures.find((x) => x.code === 'KEY_NOT_VALID_AT_SIGNING_TIME')?.field).toBe('signature.keyId');
  });
});

describe('verifyBundle: an issuer key signs only its own authority’s certificates', () => {
  it('a Guangdong key signing a Beijing certificate: KEY_NOT_TRUSTED', () => {
    const g = createFixture({ label: 'other-issuer' });
    const bj = g.issue({ issuer: { code: '110000', name: '北京市应急管理局' } });
    const r = verifyBundle(g.bundle(bj), g.trustList(), { now: NOW });
    expect(r.failures.map((x) => [x.code, x.field])).toContainEqual(['KEY_NOT_TRUSTED', 'signature.keyId']);
    expect(r.failures.find((x) => x.field === 'signature.keyId')?.message).toContain('不能为发证机关 110000');
  });
});

describe('verifyBundle: a renewed certificate', () => {
  it('an older bundle stays valid, marked superseded, with the validity now logged', () => {
    const g = createFixture({ label: 'renewed' });
    const iss = g.issue();
    const old = g.bundle(iss);
    const { claims: renewed } = g.claimsFor({
      claimsVersion: 2,
      validUntil: '2032-11-28',
      issuedAt: '2026-11-29T07:40:00Z',
    });
    g.logEvent('certificate.renewed', renewed, g.issuerKey, 'valid', '2026-11-29T07:40:00Z');
    const st = g.statusStatement(iss.claims.number, 'valid', '2026-11-29T07:50:00Z');
    const r = verifyBundle(old, g.trustList({ validUntil: '2031-01-01T00:00:00Z' }), {
      now: new Date('2030-01-01T00:00:00Z'),
      status: st,
      maxStatusAgeMs: 1e12,
    });
    expect(r.failures).toEqual([]);
    expect(r.outcome).toBe('valid');
    expect(r.superseded).toBe(true);
    expect(r.certificate?.validUntil).toBe('2032-11-28');
    expect(r.summary).toContain('日志中已有更新版本的证书声明');
  });
});

describe('verifyBundle: the log entry must log exactly these claims (ENTRY_MISMATCH naming the field)', () => {
  const g = createFixture({ label: 'entry' });
  const cases: [string, (c: typeof issued.claims) => typeof issued.claims, string, string][] = [
    [
      'validUntil',
      (c) => ({ ...c, validUntil: '2030-11-28' }),
      'certificate.issued',
      'log.entry.data.validUntil',
    ],
    [
      'validFrom',
      (c) => ({ ...c, validFrom: '2026-11-01' }),
      'certificate.issued',
      'log.entry.data.validFrom',
    ],
    [
      'claimsDigest',
      (c) => ({ ...c, claimsVersion: 9 }),
      'certificate.issued',
      'log.entry.data.claimsDigest',
    ],
    [
      'holderCommitment',
      (c) => ({ ...c, holder: { ...c.holder, commitment: 'ab'.repeat(32) } }),
      'certificate.issued',
      'log.entry.data.holderCommitment',
    ],
    ['kind', (c) => c, 'exam.result', 'log.entry.kind'],
  ];
  it.each(cases)('%s', (_n, alter, kind, field) => {
    const { claims, holderSalt } = g.claimsFor();
    const signature = detachedSign(g.issuerKey, claims);
    const index = g.logEvent(kind, alter(claims), g.issuerKey);
    const b = g.bundle({ claims, signature, holderSalt, index });
    const r = verifyBundle(b, g.trustList(), { now: NOW });
    expect(r.failures.filter((x) => x.code === 'ENTRY_MISMATCH').map((x) => x.field)).toContain(field);
  });

  it('an entry for another subject', () => {
    const { claims, holderSalt } = g.claimsFor();
    const signature = detachedSign(g.issuerKey, claims);
    const index = g.logEvent('certificate.issued', { ...claims, number: '4420242000009999' }, g.issuerKey);
    const r = verifyBundle(g.bundle({ claims, signature, holderSalt, index }), g.trustList(), { now: NOW });
    expect(r.failures.map((x) => x.field)).toContain('log.entry.subject');
  });

  it('entry bytes that are JSON but not JCS', () => {
    const b = clone(good);
    const text = Buffer.from(b.log.entry, 'base64').toString('utf8');
    b.log.entry = toBase64(Buffer.from(JSON.stringify(JSON.parse(text), null, 1)));
    expect(
      verifyBundle(b, trust, { now: NOW }).failures.find((x) => x.code === 'ENTRY_MISMATCH')?.message,
    ).toContain('JCS');
  });
});

describe('verifyBundle: holder data', () => {
  it('matches only the right ID number and name (HOLDER_MISMATCH otherwise)', () => {
    expect(verifyBundle(good, trust, { now: NOW, holder: HOLDER }).outcome).toBe('valid');
    const wrongId = verifyBundle(good, trust, {
      now: NOW,
      holder: { ...HOLDER, idNumber: '440305199001011235' },
    });
    expect(wrongId.failures.map((x) => [x.code, x.field])).toEqual([
      ['HOLDER_MISMATCH', 'claims.holder.commitment'],
    ]);
    expect(codes(verifyBundle(good, trust, { now: NOW, holder: { ...HOLDER, name: '张安' } }))).toEqual([
      'HOLDER_MISMATCH',
    ]);
  });
});

describe('verifyBundle: status', () => {
  it('revoked via a newer status statement (the bundle itself still says valid)', () => {
    const g = createFixture({ label: 'revoke' });
    const iss = g.issue();
    const b = g.bundle(iss);
    expect(verifyBundle(b, g.trustList(), { now: NOW }).outcome).toBe('valid');
    g.logEvent('certificate.revoked', iss.claims, g.issuerKey, 'revoked', '2026-11-29T07:45:00Z', {
      ground: 'FRAUD',
    });
    const newer = g.statusStatement(iss.claims.number, 'revoked', '2026-11-29T07:50:00Z');
    const r = verifyBundle(b, g.trustList(), { now: NOW, status: newer });
    expect(r.outcome).toBe('revoked');
    expect(r.status).toMatchObject({ status: 'revoked', source: 'option', checkpointSize: 13 });
    expect(r.summary).toMatch(/^已吊销（截至 2026-11-29T07:50:00Z，检查点 13）\[REVOKED\]: 4420242000001234/);
  });

  it('suspended, cancelled and replaced are reported as such', () => {
    for (const status of ['suspended', 'cancelled', 'replaced'] as const) {
      const g = createFixture({ label: `s-${status}` });
      const iss = g.issue();
      const b = g.bundle(iss);
      g.logEvent(`certificate.${status}`, iss.claims, g.issuerKey, status, '2026-11-29T07:45:00Z');
      const r = verifyBundle(b, g.trustList(), {
        now: NOW,
        status: g.statusStatement(iss.claims.number, status),
      });
      expect(r.outcome).toBe(status);
    }
  });

  it('a signed statement whose status disagrees with the last logged event: STATUS_INCONSISTENT', () => {
    const g = createFixture({ label: 'lie' });
    const iss = g.issue();
    const b = g.bundle(iss);
    g.logEvent('certificate.revoked', iss.claims, g.issuerKey, 'revoked', '2026-11-29T07:45:00Z');
    const lie = g.statusStatement(iss.claims.number, 'valid', '2026-11-29T07:50:00Z');
    const r = verifyBundle(b, g.trustList(), { now: NOW, status: lie });
    expect(r.outcome).toBe('invalid');
    expect(r.failures.map((x) => [x.code, x.field])).toContainEqual([
      'STATUS_INCONSISTENT',
      'statusOption.status',
    ]);
  });

  it('"expired" stated after the last day, before certificate.expired is logged, is consistent', () => {
    const g = createFixture({ label: 'expired-by-date' });
    const iss = g.issue({ validUntil: '2027-11-28' });
    const b = g.bundle(iss);
    const t = g.trustList({ validUntil: '2028-06-01T00:00:00Z' });
    const after = g.statusStatement(iss.claims.number, 'expired', '2027-11-28T16:00:01Z');
    const r = verifyBundle(b, t, { now: new Date('2027-11-29T01:00:00Z'), status: after });
    expect(r.failures).toEqual([]);
    expect(r.outcome).toBe('expired');
    // Stating "expired" while the logged validity has not ended is not.
    const early = g.statusStatement(iss.claims.number, 'expired', '2027-11-28T15:00:00Z');
    const r2 = verifyBundle(b, t, { now: new Date('2027-11-28T15:30:00Z'), status: early });
    expect(r2.failures.map((x) => x.code)).toEqual(['STATUS_INCONSISTENT']);
  });

  it('a statement leaving out the bundle entry, or with another certificate’s event: STATUS_INCONSISTENT', () => {
    const g = createFixture({ label: 'omit' });
    const iss = g.issue();
    const other = g.issue({ number: '4420242000005678' });
    const b = g.bundle(iss);
    const st = g.statusStatement(iss.claims.number, 'valid', '2026-11-29T07:50:00Z', null);
    const foreign = { ...st, events: [g.log.prove(iss.index), g.log.prove(other.index)] };
    const signedForeign = { ...foreign, signature: detachedSign(g.issuerKey, foreign) };
    expect(codes(verifyBundle(b, g.trustList(), { now: NOW, status: signedForeign }))).toContain(
      'STATUS_INCONSISTENT',
    );
    const omitted = { ...st, events: [g.log.prove(other.index)] };
    const signedOmitted = { ...omitted, signature: detachedSign(g.issuerKey, omitted) };
    expect(codes(verifyBundle(b, g.trustList(), { now: NOW, status: signedOmitted }))).toContain(
      'STATUS_INCONSISTENT',
    );
  });

  it('a "newer" statement on an older checkpoint than the bundle’s: CHECKPOINT_OLDER', () => {
    const g = createFixture({ label: 'older' });
    const iss = g.issue();
    const early = g.statusStatement(iss.claims.number, 'valid', '2026-11-29T07:55:00Z');
    g.log.append({ kind: 'exam.result', subject: 'E-late', data: {}, at: '2026-11-29T07:20:00Z' });
    const b = g.bundle(iss);
    const r = verifyBundle(b, g.trustList(), { now: NOW, status: early });
    expect(codes(r)).toEqual(['CHECKPOINT_OLDER']);
  });

  it('status unknown when the freshest statement is older than the maximum age; never "valid"', () => {
    const later = new Date(Date.parse('2026-11-29T07:30:00Z') + 25 * 3600_000);
    const r = verifyBundle(good, trust, { now: later });
    expect(r.outcome).toBe('status_unknown');
    expect(r.summary).toMatch(
      /^状态未知（最新状态声明截至 2026-11-29T07:30:00Z，已超过 24 小时，无法确认未被吊销/,
    );
    expect(verifyBundle(good, trust, { now: NOW, maxStatusAgeMs: 20 * 60_000 }).summary).toContain(
      '已超过 20 分钟',
    );
    expect(verifyBundle(good, trust, { now: later, maxStatusAgeMs: 26 * 3600_000 }).outcome).toBe('valid');
    // A fresh statement fetched later makes it valid again.
    const fresh = f.statusStatement(good.claims.number, 'valid', '2026-11-30T08:00:00Z');
    const r2 = verifyBundle(good, trust, { now: later, status: fresh });
    expect(r2.outcome).toBe('valid');
    expect(r2.summary).toContain('截至 2026-11-30T08:00:00Z');
  });

  it('expired by date (after validUntil in China time, or before validFrom)', () => {
    const longTrust = f.trustList({ validUntil: '2031-01-01T00:00:00Z' });
    const lastDay = new Date('2029-11-28T23:59:00+08:00');
    const st = f.statusStatement(good.claims.number, 'valid', '2029-11-28T15:00:00Z');
    expect(verifyBundle(good, longTrust, { now: lastDay, status: st }).outcome).toBe('valid');
    const after = new Date('2029-11-29T00:00:00+08:00');
    // Expiry is known even when the status statement is stale.
    const r = verifyBundle(good, longTrust, { now: after });
    expect(r.outcome).toBe('expired');
    expect(r.summary).toContain('有效期 2026-11-29 至 2029-11-28');
    expect(verifyBundle(good, trust, { now: new Date('2026-11-28T15:59:00Z') }).outcome).toBe('expired');
  });
});

describe('key rotation', () => {
  const g = createFixture({ label: 'rotation' });
  const key1 = g.issuerKey;
  const key2 = fixedSigningKey('ed25519', 'rotation/issuer-2');
  const old = g.issue(); // signed by key1 on 2026-11-29
  const oldBundle = g.bundle(old);
  const rotated = signTrustList(
    {
      ...trustListPayload(g.trustList()),
      version: 2,
      issuedAt: '2027-01-01T00:00:00Z',
      validFrom: '2027-01-01T00:00:00Z',
      validUntil: '2028-01-01T00:00:00Z',
      keys: [
        trustedKey(g.trustKey, 'trust'),
        trustedKey(key1, 'issuer', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'),
        trustedKey(key2, 'issuer', '2027-01-01T00:00:00Z'),
      ],
    },
    [g.trustKey],
  );
  const later = new Date('2027-06-01T00:00:00Z');

  it('an old certificate stays valid under the rotated list, with a status signed by the new key', () => {
    const st = g.statusStatement(old.claims.number, 'valid', '2027-05-31T12:00:00Z', key2);
    const r = verifyBundle(oldBundle, rotated, { now: later, status: st, previousTrust: g.trustList() });
    expect(r.failures).toEqual([]);
    expect(r.outcome).toBe('valid');
  });

  it('the retired key cannot sign anything new (KEY_NOT_VALID_AT_SIGNING_TIME)', () => {
    const fresh = g.issue({ number: '4420242000007777', issuedAt: '2027-02-01T00:00:00Z' }, key1);
    const st = g.statusStatement(fresh.claims.number, 'valid', '2027-05-31T12:00:00Z', key2);
    const b = { ...g.bundle(fresh), status: st };
    expect(codes(verifyBundle(b, rotated, { now: later }))).toEqual(['KEY_NOT_VALID_AT_SIGNING_TIME']);
  });
});

describe('SM2 (sm2-sm3) suite', () => {
  const g = createFixture({ suite: 'sm2-sm3', label: 'sm2' });
  const b = g.bundle(g.issue());
  it('a bundle signed with SM2 verifies', () => {
    expect(b.signature.suite).toBe('sm2-sm3');
    const r = verifyBundle(b, g.trustList(), { now: NOW, holder: HOLDER });
    expect(r.failures).toEqual([]);
    expect(r.outcome).toBe('valid');
  });
  it('and a changed claim breaks it', () => {
    const t = clone(b);
    t.claims.validUntil = '2031-01-01';
    expect(codes(verifyBundle(t, g.trustList(), { now: NOW }))).toContain('SIGNATURE_INVALID');
  });
});
