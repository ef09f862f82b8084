import { loginAs, requestJson } from '@anzheng/test-kit';
import { extractBundleFromPdf } from '@anzheng/verifier';
import { describe, expect, it, vi } from 'vitest';
import { createBlobStore } from '../../registry/index.ts';
import { createHolder, createOutputsTestApp, embeddedFiles, getBytes, pdfText } from './testing/setup.ts';

// The certificate core is built in parallel: its domain is replaced by a fake over real rows.
vi.mock('../index.ts', async (importOriginal) => {
  const { registerFakeCertificateDomain } = await import('./testing/fake-certificates.ts');
  return { ...(await importOriginal<object>()), registerCertificateDomain: registerFakeCertificateDomain };
});

const t = await createOutputsTestApp();
const { app, certificates } = t;

// A 1×1 PNG (RFC 2083 signature + IHDR/IDAT/IEND).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('GET /api/v1/certificates/:no/pdf (REQ-CERT-5)', () => {
  it('gives the holder an A4 PDF with the bundle attached and no ID number', async () => {
    const holder = await createHolder(t, '张安全');
    const cert = await certificates.issue({
      personId: holder.person.id,
      idNumber: holder.idNumber,
      holderName: '张安全',
    });
    const started = performance.now();
    const res = await getBytes(app, `/api/v1/certificates/${cert.number}/pdf`, holder.cookies);
    const ms = performance.now() - started;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${cert.number}.pdf"`);
    expect(res.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Subset fonts: tens of KB, not the 10 MB font files.
    expect(res.bytes.length).toBeLessThan(150_000);
    console.info(`PDF ${res.bytes.length} bytes in ${ms.toFixed(0)} ms (first, with font load)`);

    const [attachment, ...others] = embeddedFiles(res.bytes);
    expect(others).toHaveLength(0);
    const attached = JSON.parse(attachment!.toString('utf8'));
    const bundle = JSON.parse(JSON.stringify(await certificates.bundle(cert.number)));
    // The status statement carries its own time; everything signed and logged is identical.
    expect({ ...attached, status: undefined }).toEqual({ ...bundle, status: undefined });
    expect(attached.status).toMatchObject({ number: cert.number, status: 'valid' });
    expect(res.bytes.toString('latin1')).toContain(`(${cert.number}.bundle.json)`);

    const text = pdfText(res.bytes);
    if (text !== undefined) {
      for (const expected of [
        '安全生产管理人员职业资格证书',
        '张安全',
        '高级',
        cert.number,
        '广东省应急管理厅',
        '有效',
      ]) {
        expect(text).toContain(expected);
      }
      expect(text).not.toContain(holder.idNumber);
      expect(text).not.toContain('已撤销');
    }
  });

  it('the offline verifier package extracts the attached bundle from the PDF', async () => {
    const holder = await createHolder(t, '陈离线');
    const cert = await certificates.issue({
      personId: holder.person.id,
      idNumber: holder.idNumber,
      holderName: '陈离线',
    });
    const res = await getBytes(app, `/api/v1/certificates/${cert.number}/pdf`, holder.cookies);
    const extracted = extractBundleFromPdf(new Uint8Array(res.bytes));
    expect(extracted).toEqual(JSON.parse(embeddedFiles(res.bytes)[0]!.toString('utf8')));
    expect(extracted).toMatchObject({
      type: 'anzheng-certificate-bundle/v1',
      claims: { number: cert.number },
    });
  });

  it('stamps a revoked certificate 「已撤销」 and a suspended one 「已暂停」', async () => {
    const holder = await createHolder(t, '李撤销');
    for (const [status, word] of [
      ['revoked', '已撤销'],
      ['suspended', '已暂停'],
    ] as const) {
      const cert = await certificates.issue({
        personId: holder.person.id,
        idNumber: holder.idNumber,
        holderName: '李撤销',
        status,
      });
      const res = await getBytes(app, `/api/v1/certificates/${cert.number}/pdf`, holder.cookies);
      expect(res.statusCode).toBe(200);
      const text = pdfText(res.bytes);
      if (text !== undefined) expect(text).toContain(`「${word}」`);
    }
  });

  it('prints the holder photo when the person has one', async () => {
    const holder = await createHolder(t, '王照片');
    const { sha256 } = await createBlobStore(t.config.dataDir).put(PNG);
    const doc = await t.database.db
      .insertInto('document')
      .values({
        public_id: crypto.randomUUID(),
        sha256,
        media_type: 'image/png',
        size_bytes: PNG.length,
        original_name: 'photo.png',
        owner_type: 'person',
        owner_id: holder.person.id,
        uploaded_by: holder.user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const withPhoto = await certificates.issue({
      personId: holder.person.id,
      idNumber: holder.idNumber,
      holderName: '王照片',
      photoDocumentId: doc.id,
    });
    const withoutPhoto = await certificates.issue({
      personId: holder.person.id,
      idNumber: holder.idNumber,
      holderName: '王照片',
    });
    const a = await getBytes(app, `/api/v1/certificates/${withPhoto.number}/pdf`, holder.cookies);
    const b = await getBytes(app, `/api/v1/certificates/${withoutPhoto.number}/pdf`, holder.cookies);
    expect(a.bytes.toString('latin1')).toContain('/Subtype /Image');
    expect(b.bytes.toString('latin1')).not.toContain('/Subtype /Image');
  });

  it('401 without a session, 404 for another holder or a regulator of another province, 400 for a bad number', async () => {
    const holder = await createHolder(t, '赵范围');
    const cert = await certificates.issue({
      personId: holder.person.id,
      idNumber: holder.idNumber,
      holderName: '赵范围',
    });
    const url = `/api/v1/certificates/${cert.number}/pdf`;
    expect((await getBytes(app, url)).statusCode).toBe(401);
    const stranger = await createHolder(t, '钱旁人');
    const other = await requestJson(app, 'GET', url, { cookies: stranger.cookies });
    expect(other).toMatchObject({ statusCode: 404, body: { code: 'CERTIFICATE_NOT_FOUND' } });
    const beijing = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '110000' }]);
    expect((await requestJson(app, 'GET', url, { cookies: beijing.cookies })).statusCode).toBe(404);
    const shenzhen = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '440300' }]);
    expect((await getBytes(app, url, shenzhen.cookies)).statusCode).toBe(200);
    const bad = await requestJson(app, 'GET', '/api/v1/certificates/12345/pdf', { cookies: holder.cookies });
    expect(bad).toMatchObject({ statusCode: 400, body: { code: 'VALIDATION_FAILED' } });
  });
});
