import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCitizenId, mulberry32 } from '@anzheng/identifiers';
import {
  createTestApp,
  expectError,
  type JsonResponse,
  loginAs,
  type MultipartPart,
  multipart,
  requestJson,
} from '@anzheng/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { createBlobStore } from './registry.blobs.ts';

const MAX_BYTES = 64 * 1024;
// Read by registerRegistryDomain when the app is built (each test file runs in its own process).
process.env.ANZHENG_UPLOAD_MAX_BYTES = String(MAX_BYTES);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-documents-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const { app, database } = await createTestApp({ dataDir });

const rand = mulberry32(7_2026);
const gdOfficer = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '440000' }]);
const bjOfficer = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '110000' }]);

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n'),
  Buffer.from(`1 0 obj << >> endobj ${rand()}\n%%EOF\n`),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`JFIF ${rand()}`)]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from(`IHDR ${rand()}`),
]);
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.from('This program cannot be run in DOS mode')]);

async function newPerson(): Promise<string> {
  const res = await requestJson<{ id: string }>(app, 'POST', '/api/v1/persons', {
    cookies: gdOfficer.cookies,
    body: { name: '材料人', idNumber: generateCitizenId(rand, { divisionCode: '440305' }) },
  });
  expect(res.statusCode).toBe(200);
  return res.body.id;
}

type DocumentBody = { id: string; sha256: string; mediaType: string; sizeBytes: number; ownerId: string };

async function upload(
  cookies: Record<string, string>,
  ownerId: string,
  file: { bytes: Buffer; name: string; type: string },
  extra: MultipartPart[] = [],
): Promise<JsonResponse<DocumentBody>> {
  const form = multipart([
    { name: 'ownerType', value: 'person' },
    { name: 'ownerId', value: ownerId },
    ...extra,
    { name: 'file', value: file.bytes, filename: file.name, contentType: file.type },
  ]);
  const res = await app.inject({ method: 'POST', url: '/api/v1/documents', cookies, ...form });
  return { statusCode: res.statusCode, headers: res.headers, body: JSON.parse(res.body) };
}

describe('document upload', () => {
  it('accepts PDF, JPEG and PNG, typed from the bytes, and audits the upload', async () => {
    const owner = await newPerson();
    for (const [bytes, name, type] of [
      [PDF, '学历证书.pdf', 'application/pdf'],
      [JPEG, 'photo.jpg', 'image/jpeg'],
      [PNG, 'scan.png', 'image/png'],
    ] as const) {
      const res = await upload(gdOfficer.cookies, owner, { bytes, name, type });
      expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ mediaType: type, sizeBytes: bytes.length, ownerId: owner });
    }
    const events = await database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'document.upload')
      .execute();
    expect(events).toHaveLength(3);
  });

  it('refuses an .exe renamed .pdf, and a real PNG declared as PDF (415)', async () => {
    const owner = await newPerson();
    expectError(
      await upload(gdOfficer.cookies, owner, { bytes: EXE, name: 'invoice.pdf', type: 'application/pdf' }),
      415,
      'UNSUPPORTED_DOCUMENT_TYPE',
    );
    expectError(
      await upload(gdOfficer.cookies, owner, { bytes: PNG, name: 'scan.pdf', type: 'application/pdf' }),
      415,
      'UNSUPPORTED_DOCUMENT_TYPE',
    );
    expectError(
      await upload(gdOfficer.cookies, owner, {
        bytes: EXE,
        name: 'setup.exe',
        type: 'application/octet-stream',
      }),
      415,
      'UNSUPPORTED_DOCUMENT_TYPE',
    );
  });

  it('refuses a file over ANZHENG_UPLOAD_MAX_BYTES (413)', async () => {
    const owner = await newPerson();
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_BYTES)]);
    expectError(
      await upload(gdOfficer.cookies, owner, { bytes: big, name: 'big.pdf', type: 'application/pdf' }),
      413,
      'DOCUMENT_TOO_LARGE',
    );
    const exact = Buffer.concat([PDF, Buffer.alloc(MAX_BYTES - PDF.length)]);
    expect(
      (await upload(gdOfficer.cookies, owner, { bytes: exact, name: 'ok.pdf', type: 'application/pdf' }))
        .statusCode,
    ).toBe(200);
  });

  it('stores the same bytes once (content-addressed) and never rewrites the blob', async () => {
    const a = await newPerson();
    const b = await newPerson();
    const bytes = Buffer.concat([PDF, Buffer.from(`unique ${rand()}`)]);
    const first = await upload(gdOfficer.cookies, a, { bytes, name: 'a.pdf', type: 'application/pdf' });
    const blobPath = createBlobStore(dataDir).pathOf(first.body.sha256);
    expect(blobPath).toBe(
      path.join(
        dataDir,
        'blobs',
        first.body.sha256.slice(0, 2),
        first.body.sha256.slice(2, 4),
        first.body.sha256,
      ),
    );
    const before = fs.statSync(blobPath);
    const second = await upload(gdOfficer.cookies, b, { bytes, name: 'b.pdf', type: 'application/pdf' });
    expect(second.body.sha256).toBe(first.body.sha256);
    expect(second.body.id).not.toBe(first.body.id);
    expect(fs.statSync(blobPath).ino).toBe(before.ino);
    expect(fs.readdirSync(path.dirname(blobPath))).toEqual([first.body.sha256]);
    expect(fs.readdirSync(path.join(dataDir, 'blobs', 'tmp'))).toEqual([]);
  });

  it('400 with field details for a bad form; 404 for an owner outside scope', async () => {
    const form = multipart([
      { name: 'ownerType', value: 'vehicle' },
      { name: 'extra', value: '1' },
    ]);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      cookies: gdOfficer.cookies,
      ...form,
    });
    const body = expectError(
      { statusCode: res.statusCode, headers: res.headers, body: JSON.parse(res.body) },
      400,
      'VALIDATION_FAILED',
    );
    expect(body.details?.map((d) => d.field).sort()).toEqual([
      'body.extra',
      'body.file',
      'body.ownerId',
      'body.ownerType',
    ]);
    const json = await requestJson(app, 'POST', '/api/v1/documents', {
      cookies: gdOfficer.cookies,
      body: { ownerType: 'person' },
    });
    expectError(json, 400, 'VALIDATION_FAILED');
    const owner = await newPerson();
    expectError(
      await upload(bjOfficer.cookies, owner, { bytes: PDF, name: 'x.pdf', type: 'application/pdf' }),
      404,
      'PERSON_NOT_FOUND',
    );
  });
});

describe('document download', () => {
  it('serves metadata and bytes with the right type and disposition, only in scope', async () => {
    const owner = await newPerson();
    const up = await upload(gdOfficer.cookies, owner, {
      bytes: JPEG,
      name: '身份证照片.jpg',
      type: 'image/jpeg',
    });
    const meta = await requestJson<DocumentBody>(app, 'GET', `/api/v1/documents/${up.body.id}`, {
      cookies: gdOfficer.cookies,
    });
    expect(meta.body).toMatchObject({ id: up.body.id, ownerId: owner, mediaType: 'image/jpeg' });

    const content = await app.inject({
      method: 'GET',
      url: `/api/v1/documents/${up.body.id}/content`,
      cookies: gdOfficer.cookies,
    });
    expect(content.statusCode).toBe(200);
    expect(content.headers['content-type']).toBe('image/jpeg');
    expect(content.headers['content-disposition']).toBe(
      `attachment; filename="_____.jpg"; filename*=UTF-8''${encodeURIComponent('身份证照片.jpg')}`,
    );
    expect(content.headers['x-content-type-options']).toBe('nosniff');
    expect(content.rawPayload.equals(JPEG)).toBe(true);

    for (const url of [`/api/v1/documents/${up.body.id}`, `/api/v1/documents/${up.body.id}/content`]) {
      expectError(
        await requestJson(app, 'GET', url, { cookies: bjOfficer.cookies }),
        404,
        'DOCUMENT_NOT_FOUND',
      );
    }
    const holder = await loginAs(app, [{ role: 'holder' }]);
    expectError(
      await requestJson(app, 'GET', `/api/v1/documents/${up.body.id}/content`, { cookies: holder.cookies }),
      404,
      'DOCUMENT_NOT_FOUND',
    );
    const downloads = await database.db
      .selectFrom('audit_event')
      .select('actor_id')
      .where('action', '=', 'document.download')
      .execute();
    expect(downloads.map((d) => d.actor_id)).toEqual([gdOfficer.user.id]);
  });
});
