import { execFileSync } from 'node:child_process';
import { inflateSync } from 'node:zlib';
import { generateCitizenId, mulberry32 } from '@anzheng/identifiers';
import { createTestApp, createUser, login, type TestApp } from '@anzheng/test-kit';
import type { App } from '../../../../app.ts';
import { createPersonRecord } from '../../../registry/index.ts';
import { type FakeCertificates, fake } from './fake-certificates.ts';

const rand = mulberry32(7_2026);

/** The real app with the fake certificate domain swapped in (see fake-certificates.ts). */
export async function createOutputsTestApp(): Promise<TestApp & { certificates: FakeCertificates }> {
  const testApp = await createTestApp();
  if (!fake.current) throw new Error('vi.mock of the certificate domain is missing in this test file');
  return { ...testApp, certificates: fake.current };
}

/** A holder account linked to a new person record, logged in. */
export async function createHolder(t: TestApp, name = '张安全') {
  const user = await createUser(t.app, [{ role: 'holder' }]);
  const idNumber = generateCitizenId(rand, { divisionCode: '440305', birthDate: '1985-03-04' });
  const person = await createPersonRecord(t.database.db, t.cipher, { name, idNumber, userId: user.id });
  return { user, person, idNumber, cookies: await login(t.app, user) };
}

/** GET with the session, raw bytes out (PDF). */
export async function getBytes(app: App, url: string, cookies?: Record<string, string>) {
  const res = await app.inject({ method: 'GET', url, ...(cookies ? { cookies } : {}) });
  return { statusCode: res.statusCode, headers: res.headers, bytes: res.rawPayload };
}

/** The `/Type /EmbeddedFile` streams of a PDF (what the offline verifier extracts), inflated. */
export function embeddedFiles(pdf: Buffer): Buffer[] {
  const text = pdf.toString('latin1');
  const files: Buffer[] = [];
  let at = text.indexOf('/Type /EmbeddedFile');
  while (at >= 0) {
    const dictStart = text.lastIndexOf('<<', at);
    const streamAt = text.indexOf('stream\n', at);
    const length = Number(/\/Length (\d+)/.exec(text.slice(dictStart, streamAt))?.[1]);
    const raw = pdf.subarray(streamAt + 'stream\n'.length, streamAt + 'stream\n'.length + length);
    files.push(/\/Filter \/FlateDecode/.test(text.slice(dictStart, streamAt)) ? inflateSync(raw) : raw);
    at = text.indexOf('/Type /EmbeddedFile', streamAt);
  }
  return files;
}

/** Text of a PDF via poppler's pdftotext; undefined when the tool is not installed. */
export function pdfText(pdf: Buffer): string | undefined {
  try {
    return execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString('utf8');
  } catch {
    return undefined;
  }
}
