import type { SharedCertificateView, ShareLinkView } from '@anzheng/contracts';
import { generateNoteKeys } from '@anzheng/ledger';
import { expectError, login, loginAs, requestJson } from '@anzheng/test-kit';
import { describe, expect, it, vi } from 'vitest';
import { checkBundle } from './outputs.verify.ts';
import { PUBLIC_BASE_URL } from './testing/fake-certificates.ts';
import { createHolder, createOutputsTestApp } from './testing/setup.ts';

// The certificate core is built in parallel: its domain is replaced by a fake over real rows.
vi.mock('../index.ts', async (importOriginal) => {
  const { registerFakeCertificateDomain } = await import('./testing/fake-certificates.ts');
  return { ...(await importOriginal<object>()), registerCertificateDomain: registerFakeCertificateDomain };
});

// A low public limit so the 429 is reachable (DESIGN §5: public endpoints are rate-limited per IP).
process.env.ANZHENG_PUBLIC_RATE_LIMIT = '25';
const t = await createOutputsTestApp();
const { app, certificates, clock } = t;
const DAY = 86_400_000;

async function holderWithCertificate(name: string) {
  const holder = await createHolder(t, name);
  const cert = await certificates.issue({
    personId: holder.person.id,
    idNumber: holder.idNumber,
    holderName: name,
  });
  return { ...holder, cert };
}

const tokenOf = (url: string) => url.slice(`${PUBLIC_BASE_URL}/s/`.length);
const open = (token: string) =>
  requestJson<SharedCertificateView>(app, 'GET', `/api/v1/public/shared/${token}`);

describe('share links (holder only)', () => {
  it('creates a 30-day link shown once, opens it without login and counts every use', async () => {
    const h = await holderWithCertificate('张安全');
    const created = await requestJson<ShareLinkView>(
      app,
      'POST',
      `/api/v1/certificates/${h.cert.number}/share-links`,
      {
        cookies: h.cookies,
        body: { purpose: '应聘某公司安全主管' },
      },
    );
    expect(created.statusCode).toBe(200);
    const link = created.body;
    expect(link).toMatchObject({
      certificateNumber: h.cert.number,
      purpose: '应聘某公司安全主管',
      useCount: 0,
      state: 'active',
    });
    expect(link.url).toMatch(new RegExp(`^${PUBLIC_BASE_URL}/s/[A-Za-z0-9_-]{43}$`));
    const days = (Date.parse(link.expiresAt) - clock.now().getTime()) / DAY;
    expect(days).toBeGreaterThan(29.99);
    expect(days).toBeLessThanOrEqual(30);
    // Only the hash is stored.
    const stored = await t.database.db
      .selectFrom('share_link')
      .selectAll()
      .where('public_id', '=', link.publicId)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(stored.token_hash).toString('base64url')).not.toBe(tokenOf(link.url!));
    expect(stored.token_hash.length).toBe(32);

    const first = await open(tokenOf(link.url!));
    expect(first.statusCode).toBe(200);
    expect(first.body).toMatchObject({
      number: h.cert.number,
      holderName: '张安全',
      holderNameMasked: '张**',
      level: 'senior',
      status: 'valid',
      purpose: '应聘某公司安全主管',
      expiresAt: link.expiresAt,
      verification: { signatureValid: true, includedInLog: true },
    });
    expect(first.body.verification.checkpointSize).toBeGreaterThan(0);
    expect(JSON.stringify(first.body)).not.toContain(h.idNumber);
    await open(tokenOf(link.url!));

    const list = await requestJson<ShareLinkView[]>(
      app,
      'GET',
      `/api/v1/certificates/${h.cert.number}/share-links`,
      {
        cookies: h.cookies,
      },
    );
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ publicId: link.publicId, useCount: 2, state: 'active' });
    expect(list.body[0]!.lastUsedAt).not.toBeNull();
    expect(list.body[0]).not.toHaveProperty('url');

    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['action'])
      .where('action', 'like', 'share-link.%')
      .execute();
    expect(audit.map((a) => a.action)).toContain('share-link.create');
  });

  it('withdraws a link: it answers 404 at once, like an unknown or a malformed token', async () => {
    const h = await holderWithCertificate('李撤回');
    const { body: link } = await requestJson<ShareLinkView>(
      app,
      'POST',
      `/api/v1/certificates/${h.cert.number}/share-links`,
      {
        cookies: h.cookies,
        body: { purpose: '投标资格审查', expiresInDays: 7 },
      },
    );
    expect((await open(tokenOf(link.url!))).statusCode).toBe(200);

    const stranger = await holderWithCertificate('钱旁人');
    expectError(
      await requestJson(app, 'POST', `/api/v1/share-links/${link.publicId}/withdraw`, {
        cookies: stranger.cookies,
      }),
      404,
      'SHARE_LINK_NOT_FOUND',
    );
    const withdrawn = await requestJson<ShareLinkView>(
      app,
      'POST',
      `/api/v1/share-links/${link.publicId}/withdraw`,
      {
        cookies: h.cookies,
      },
    );
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', useCount: 1 });
    expect(withdrawn.body.withdrawnAt).not.toBeNull();

    const gone = expectError(await open(tokenOf(link.url!)), 404, 'SHARE_LINK_NOT_FOUND');
    const unknown = expectError(await open('A'.repeat(43)), 404, 'SHARE_LINK_NOT_FOUND');
    const malformed = expectError(await open('not-a-token'), 404, 'SHARE_LINK_NOT_FOUND');
    expect(unknown.message).toBe(gone.message);
    expect(malformed.message).toBe(gone.message);

    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'share-link.withdraw')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
    expectError(
      await requestJson(app, 'POST', '/api/v1/share-links/not-a-uuid/withdraw', { cookies: h.cookies }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('refuses: no session 401, another holder 404, a regulator in scope 403, bad bodies 400', async () => {
    const h = await holderWithCertificate('赵规则');
    const url = `/api/v1/certificates/${h.cert.number}/share-links`;
    expectError(await requestJson(app, 'POST', url, { body: { purpose: '查验' } }), 401, 'UNAUTHENTICATED');
    expectError(await requestJson(app, 'GET', url), 401, 'UNAUTHENTICATED');
    const stranger = await holderWithCertificate('孙他人');
    expectError(
      await requestJson(app, 'POST', url, { cookies: stranger.cookies, body: { purpose: '查验' } }),
      404,
      'CERTIFICATE_NOT_FOUND',
    );
    const officer = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '440300' }]);
    expectError(
      await requestJson(app, 'POST', url, { cookies: officer.cookies, body: { purpose: '查验' } }),
      403,
      'SHARE_HOLDER_ONLY',
    );
    expectError(await requestJson(app, 'GET', url, { cookies: officer.cookies }), 403, 'SHARE_HOLDER_ONLY');

    for (const body of [
      { purpose: '' },
      { purpose: '查验', expiresInDays: 91 },
      { purpose: '查验', expiresInDays: 0 },
      {},
      { purpose: '查验', extra: 1 },
    ]) {
      const res = expectError(
        await requestJson(app, 'POST', url, { cookies: h.cookies, body }),
        400,
        'VALIDATION_FAILED',
      );
      expect(res.details?.length).toBeGreaterThan(0);
    }
  });

  it('a link expires after its days (test clock); the list then shows it expired', async () => {
    const h = await holderWithCertificate('周到期');
    const { body: link } = await requestJson<ShareLinkView>(
      app,
      'POST',
      `/api/v1/certificates/${h.cert.number}/share-links`,
      {
        cookies: h.cookies,
        body: { purpose: '年度核查', expiresInDays: 1 },
      },
    );
    expect((await open(tokenOf(link.url!))).statusCode).toBe(200);
    clock.advance(DAY + 1000);
    expectError(await open(tokenOf(link.url!)), 404, 'SHARE_LINK_NOT_FOUND');
    // The session idled out meanwhile: log in again.
    const cookies = await login(app, h.user, clock.now());
    const list = await requestJson<ShareLinkView[]>(
      app,
      'GET',
      `/api/v1/certificates/${h.cert.number}/share-links`,
      { cookies },
    );
    expect(list.body[0]).toMatchObject({ publicId: link.publicId, state: 'expired', useCount: 1 });
  });

  it('rate-limits the public route per IP (429 RATE_LIMITED)', async () => {
    clock.advance(60_000);
    let limited: Awaited<ReturnType<typeof open>> | undefined;
    for (let i = 0; i < 30 && !limited; i += 1) {
      const res = await open('B'.repeat(43));
      if (res.statusCode === 429) limited = res;
      else expect(res.statusCode).toBe(404);
    }
    expect(limited).toBeDefined();
    expectError(limited!, 429, 'RATE_LIMITED');
  });
});

describe('checkBundle (the verification block of the shared view)', () => {
  it('fails the signature for changed claims, the log for a foreign log key or a wrong proof', async () => {
    const h = await holderWithCertificate('吴核验');
    const bundle = await certificates.bundle(h.cert.number);
    const trust = await certificates.trustList();
    expect(checkBundle(bundle, trust)).toMatchObject({ signatureValid: true, includedInLog: true });

    const renamed = structuredClone(bundle);
    renamed.claims.holder.name = '冒名者';
    expect(checkBundle(renamed, trust)).toMatchObject({ signatureValid: false, includedInLog: false });

    const untrusted = { ...trust, keys: [] };
    expect(checkBundle(bundle, untrusted).signatureValid).toBe(false);

    // Same log name, another key: the checkpoint signature does not verify.
    const otherLog = {
      ...trust,
      log: { ...trust.log, verifierKey: generateNoteKeys(trust.log.verifierKey.split('+')[0]!).verifierKey },
    };
    expect(checkBundle(bundle, otherLog).includedInLog).toBe(false);

    const wrongIndex = structuredClone(bundle);
    wrongIndex.log.index = bundle.log.index + 1;
    expect(checkBundle(wrongIndex, trust).includedInLog).toBe(false);
  });
});
