import { fromEd25519Multikey } from '@anzheng/crypto';
import { expectError, loginAs, requestJson } from '@anzheng/test-kit';
import { decodeStatusList, getStatusBit, type JsonObject, verifyProof } from '@anzheng/verifier';
import { describe, expect, it, vi } from 'vitest';
import { PUBLIC_BASE_URL } from './testing/fake-certificates.ts';
import { createHolder, createOutputsTestApp } from './testing/setup.ts';

// The certificate core is built in parallel: its domain is replaced by a fake over real rows.
vi.mock('../index.ts', async (importOriginal) => {
  const { registerFakeCertificateDomain } = await import('./testing/fake-certificates.ts');
  return { ...(await importOriginal<object>()), registerCertificateDomain: registerFakeCertificateDomain };
});

const t = await createOutputsTestApp();
const { app, certificates, clock } = t;

type Signed = JsonObject & { proof: JsonObject & { verificationMethod: string } };

/** Resolves a verification method URL through `GET /issuers/:code` (what a verifier does). */
async function resolveKey(verificationMethod: string): Promise<Uint8Array> {
  const url = new URL(verificationMethod);
  expect(url.origin).toBe(PUBLIC_BASE_URL);
  const res = await requestJson<{
    verificationMethod: { id: string; type: string; publicKeyMultibase: string }[];
  }>(app, 'GET', url.pathname);
  expect(res.statusCode).toBe(200);
  const method = res.body.verificationMethod.find((m) => m.id === verificationMethod);
  expect(method?.type).toBe('Multikey');
  return fromEd25519Multikey(method!.publicKeyMultibase);
}

async function statusBit(id: string, index: number) {
  const res = await requestJson<Signed & { credentialSubject: { encodedList: string } }>(
    app,
    'GET',
    `/api/v1/status-lists/${id}`,
  );
  expect(res.statusCode).toBe(200);
  expect(verifyProof(res.body, await resolveKey(res.body.proof.verificationMethod)).verified).toBe(true);
  return getStatusBit(decodeStatusList(res.body.credentialSubject.encodedList), index);
}

describe('GET /api/v1/certificates/:no/vc (W3C VC 2.0, eddsa-jcs-2022; REQ-TECH-7)', () => {
  it('exports a credential whose proof verifies with the issuer key from /issuers/:code', async () => {
    const holder = await createHolder(t, '张安全');
    const cert = await certificates.issue({
      personId: holder.person.id,
      idNumber: holder.idNumber,
      holderName: '张安全',
    });
    const res = await requestJson<Signed>(app, 'GET', `/api/v1/certificates/${cert.number}/vc`, {
      cookies: holder.cookies,
    });
    expect(res.statusCode).toBe(200);
    const vc = res.body;
    expect(vc).toMatchObject({
      type: ['VerifiableCredential', 'SafetyManagementCertificate'],
      issuer: { id: `${PUBLIC_BASE_URL}/issuers/440000`, name: '广东省应急管理厅' },
      validFrom: `${cert.validFrom}T00:00:00+08:00`,
      validUntil: `${cert.validUntil}T23:59:59+08:00`,
      credentialSubject: {
        name: '张安全',
        certificateNumber: cert.number,
        level: 'senior',
        levelName: '高级',
      },
      credentialStatus: [
        {
          type: 'BitstringStatusListEntry',
          statusPurpose: 'revocation',
          statusListIndex: String(cert.statusListIndex),
          statusListCredential: `${PUBLIC_BASE_URL}/api/v1/status-lists/${cert.statusListId}-revocation`,
        },
        {
          type: 'BitstringStatusListEntry',
          statusPurpose: 'suspension',
          statusListIndex: String(cert.statusListIndex),
          statusListCredential: `${PUBLIC_BASE_URL}/api/v1/status-lists/${cert.statusListId}-suspension`,
        },
      ],
      proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', proofPurpose: 'assertionMethod' },
    });
    expect((vc['@context'] as unknown[])[0]).toBe('https://www.w3.org/ns/credentials/v2');
    expect(vc.proof.verificationMethod).toBe(
      `${PUBLIC_BASE_URL}/issuers/440000#${(await certificates.keyOf('440000')).keyId}`,
    );
    expect(JSON.stringify(vc)).not.toContain(holder.idNumber);

    const key = await resolveKey(vc.proof.verificationMethod);
    expect(verifyProof(vc, key).verified).toBe(true);

    // Any change to any field breaks the proof.
    const tamperings: ((d: Signed) => void)[] = [
      (d) => ((d.credentialSubject as JsonObject).name = '李四'),
      (d) => ((d.credentialSubject as JsonObject).level = 'junior'),
      (d) => (d.validUntil = '2099-12-31T23:59:59+08:00'),
      (d) => ((d.credentialStatus as JsonObject[])[0]!.statusListIndex = String(cert.statusListIndex + 1)),
      (d) => ((d.issuer as JsonObject).name = '某机关'),
      (d) => (d.proof.created = '2020-01-01T00:00:00Z'),
    ];
    for (const tamper of tamperings) {
      const copy = structuredClone(vc);
      tamper(copy);
      expect(verifyProof(copy, key).verified).toBe(false);
    }
  });

  it('401 without a session, 404 outside scope, 200 for the regulator in scope, 400 for a bad number', async () => {
    const holder = await createHolder(t, '赵范围');
    const cert = await certificates.issue({
      personId: holder.person.id,
      idNumber: holder.idNumber,
      holderName: '赵范围',
    });
    const url = `/api/v1/certificates/${cert.number}/vc`;
    expectError(await requestJson(app, 'GET', url), 401, 'UNAUTHENTICATED');
    const stranger = await createHolder(t, '钱旁人');
    expectError(
      await requestJson(app, 'GET', url, { cookies: stranger.cookies }),
      404,
      'CERTIFICATE_NOT_FOUND',
    );
    const beijing = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '110000' }]);
    expectError(
      await requestJson(app, 'GET', url, { cookies: beijing.cookies }),
      404,
      'CERTIFICATE_NOT_FOUND',
    );
    const guangdong = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '440000' }]);
    expect((await requestJson(app, 'GET', url, { cookies: guangdong.cookies })).statusCode).toBe(200);
    expectError(
      await requestJson(app, 'GET', '/api/v1/certificates/44202610000001X0/vc', { cookies: holder.cookies }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('GET /issuers/:code (controller document)', () => {
  it('lists the Ed25519 keys as Multikey; unknown issuer 404, malformed code 400', async () => {
    const key = await certificates.keyOf('440000');
    const res = await requestJson<JsonObject>(app, 'GET', '/issuers/440000');
    expect(res.body).toMatchObject({
      '@context': ['https://www.w3.org/ns/cid/v1'],
      id: `${PUBLIC_BASE_URL}/issuers/440000`,
      assertionMethod: [`${PUBLIC_BASE_URL}/issuers/440000#${key.keyId}`],
      verificationMethod: [
        {
          type: 'Multikey',
          controller: `${PUBLIC_BASE_URL}/issuers/440000`,
          publicKeyMultibase: expect.stringMatching(/^z6Mk/),
        },
      ],
    });
    expectError(await requestJson(app, 'GET', '/issuers/990000'), 404, 'ISSUER_NOT_FOUND');
    expectError(await requestJson(app, 'GET', '/issuers/44'), 400, 'VALIDATION_FAILED');
  });
});

describe('GET /api/v1/status-lists/:id (Bitstring Status List, national key)', () => {
  it('sets the revocation / suspension bit after a status change, once the cached copy expires', async () => {
    const holder = await createHolder(t, '孙状态');
    const a = await certificates.issue({
      personId: holder.person.id,
      idNumber: holder.idNumber,
      holderName: '孙状态',
    });
    const b = await certificates.issue({
      personId: holder.person.id,
      idNumber: holder.idNumber,
      holderName: '孙状态',
    });
    const revocation = `${a.statusListId}-revocation`;
    const suspension = `${b.statusListId}-suspension`;
    expect(await statusBit(revocation, a.statusListIndex)).toBe(false);
    expect(await statusBit(suspension, b.statusListIndex)).toBe(false);

    await certificates.setStatus(a.number, 'revoked');
    await certificates.setStatus(b.number, 'suspended');
    // Within the TTL the signed copy is reused (and says so in Cache-Control).
    const cached = await requestJson(app, 'GET', `/api/v1/status-lists/${revocation}`);
    expect(cached.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    expect(await statusBit(revocation, a.statusListIndex)).toBe(false);

    clock.advance(61_000);
    expect(await statusBit(revocation, a.statusListIndex)).toBe(true);
    expect(await statusBit(`${a.statusListId}-suspension`, a.statusListIndex)).toBe(false);
    expect(await statusBit(suspension, b.statusListIndex)).toBe(true);
    expect(await statusBit(`${b.statusListId}-revocation`, b.statusListIndex)).toBe(false);

    // Reinstated: the suspension bit clears again.
    await certificates.setStatus(b.number, 'valid');
    clock.advance(61_000);
    expect(await statusBit(suspension, b.statusListIndex)).toBe(false);
  });

  it('is signed by the national issuer (000000) and has the W3C shape', async () => {
    const holder = await createHolder(t, '周形状');
    const c = await certificates.issue({
      personId: holder.person.id,
      idNumber: holder.idNumber,
      holderName: '周形状',
    });
    const res = await requestJson<Signed>(app, 'GET', `/api/v1/status-lists/${c.statusListId}-revocation`);
    expect(res.body).toMatchObject({
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: `${PUBLIC_BASE_URL}/issuers/000000`,
      credentialSubject: {
        id: `${PUBLIC_BASE_URL}/api/v1/status-lists/${c.statusListId}-revocation#list`,
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
      },
    });
    expect(res.body.proof.verificationMethod.startsWith(`${PUBLIC_BASE_URL}/issuers/000000#`)).toBe(true);
  });

  it('404 for a list that does not exist, 400 for a malformed id', async () => {
    expectError(
      await requestJson(app, 'GET', '/api/v1/status-lists/99999-revocation'),
      404,
      'STATUS_LIST_NOT_FOUND',
    );
    expectError(await requestJson(app, 'GET', '/api/v1/status-lists/1-expiry'), 400, 'VALIDATION_FAILED');
  });
});

describe('OpenAPI', () => {
  it('documents every output route', async () => {
    const res = await requestJson<{ paths: Record<string, unknown> }>(app, 'GET', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    for (const path of [
      '/api/v1/certificates/{no}/pdf',
      '/api/v1/certificates/{no}/vc',
      '/issuers/{code}',
      '/api/v1/status-lists/{id}',
      '/api/v1/certificates/{no}/share-links',
      '/api/v1/share-links/{publicId}/withdraw',
      '/api/v1/public/shared/{token}',
    ]) {
      expect(res.body.paths).toHaveProperty([path]);
    }
  });
});
