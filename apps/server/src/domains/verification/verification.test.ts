import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ErrorDetail, ErrorResponse, type PublicCertificateView } from '@anzheng/contracts';
import { createTestApp, expectError, type JsonResponse, loginAs, multipart } from '@anzheng/test-kit';
import type { StatusStatement } from '@anzheng/verifier';
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../http.ts';
import { registerAuth } from '../../plugins/auth.ts';
import { registerErrorHandling } from '../../plugins/errors.ts';
import { genRequestId, registerRequestContext } from '../../plugins/request-context.ts';
import { createCertificateFixtures } from './verification.fixtures.ts';
import { checkCertificateNumber, normalizeName, normalizeNumberInput } from './verification.input.ts';
import { registerVerificationRoutes } from './verification.routes.ts';
import { createVerificationService } from './verification.service.ts';

// REQ-PUB-1: public query (masked, no ID number, no enumeration), status document, employer batch checks.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-verification-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const { app, database, cipher, clock } = await createTestApp({ dataDir });
const db = database.db;
const fixtures = await createCertificateFixtures({ db, cipher, dataDir });
const RATE_LIMIT = 8;

/**
 * The verification routes over the fixtures' CertificateDomain-shaped object, with the app's
 * own error handling, request ids, sessions and audit — until the certificate core lands, the
 * app's stub domain cannot sign or list keys.
 */
async function verificationServer(): Promise<HttpServer> {
  const server = Fastify({
    logger: false,
    genReqId: genRequestId,
    ajv: {
      customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array', useDefaults: true },
    },
  }) as unknown as HttpServer;
  registerRequestContext(server);
  registerErrorHandling(server);
  await server.register(cookie);
  server.addSchema(ErrorDetail);
  server.addSchema(ErrorResponse);
  registerAuth(server, app.services.identity.resolveActor, app.services.audit);
  const verification = createVerificationService({
    db,
    audit: app.services.audit,
    clock: clock.now,
    certificates: fixtures.certificates,
  });
  registerVerificationRoutes(server, verification, { publicRateLimit: RATE_LIMIT });
  await server.ready();
  afterAll(() => server.close());
  return server;
}
const server = await verificationServer();

let ipCounter = 0;
/** Each test asks from its own address so the rate limit only bites where it is tested. */
const freshIp = () => `10.20.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

async function send<T>(
  method: 'GET' | 'POST',
  url: string,
  options: {
    ip?: string;
    cookies?: Record<string, string>;
    body?: unknown;
    payload?: Buffer;
    headers?: Record<string, string>;
  } = {},
): Promise<JsonResponse<T> & { text: string }> {
  const res = await server.inject({
    method,
    url,
    remoteAddress: options.ip ?? freshIp(),
    ...(options.cookies ? { cookies: options.cookies } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.payload
      ? { payload: options.payload }
      : options.body !== undefined
        ? { payload: options.body as object }
        : {}),
  });
  const text = res.body;
  const json = res.headers['content-type']?.toString().includes('json') && text.length > 0;
  return {
    statusCode: res.statusCode,
    headers: res.headers,
    body: (json ? JSON.parse(text) : undefined) as T,
    text,
  };
}

const q = (no: string, query: Record<string, string>) =>
  `/api/v1/public/certificates/${encodeURIComponent(no)}?${new URLSearchParams(query).toString()}`;

const holder = await fixtures.issue({ name: '张安全' });
const other = await fixtures.issue({ name: '李明', level: 'intermediate' });
const revoked = await fixtures.issue({ name: '王五' });
const expired = await fixtures.issue({ name: '赵六', validFrom: '2020-03-01', validUntil: '2023-02-28' });
await fixtures.checkpoint();

/** A number with a correct check character that was never issued. */
function withCheck(first15: string): string {
  for (const c of '0123456789X') if (checkCertificateNumber(first15 + c).ok) return first15 + c;
  throw new Error('no check character');
}
const unknownNumber = withCheck(`${holder.number.slice(0, 9)}999999`);

describe('public certificate query', () => {
  it('answers number + name with the masked name, status, validity and both trust checks', async () => {
    const res = await send<PublicCertificateView>('GET', q(holder.number, { name: '张安全' }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({
      number: holder.number,
      holderNameMasked: '张**',
      certificateTypeName: '安全生产管理人员职业资格证书',
      level: 'junior',
      status: 'valid',
      validFrom: '2026-01-10',
      validUntil: '2029-01-09',
      issuerName: '广东省应急管理厅',
      verification: { signatureValid: true, includedInLog: true },
    });
    const checkpoint = await fixtures.ledger.latestCheckpoint();
    expect(res.body.verification.checkpointSize).toBe(checkpoint!.treeSize);
    expect(res.body.verification.checkpointNote).toBe(checkpoint!.note);
    // Neither the full name nor any part of the ID number leaves the server.
    expect(res.text).not.toContain('张安全');
    expect(res.text).not.toContain(holder.idNumber);
    expect(res.text).not.toContain(holder.idNumber.slice(-4));
    expect(res.text).not.toMatch(/idNumber|id_number|holderId/);
  });

  it('normalises what people type: spaces, full-width digits, full-width name characters', async () => {
    const spaced = `${holder.number.slice(0, 6)} ${holder.number.slice(6, 12)}　${holder.number.slice(12)}`;
    const fullWidth = spaced.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const res = await send<PublicCertificateView>('GET', q(fullWidth, { name: ' 张安全　' }));
    expect(res.statusCode).toBe(200);
    expect(res.body.number).toBe(holder.number);
    expect(normalizeNumberInput('44 2026 1 00 000012x')).toBe('442026100000012X');
    expect(normalizeName('Ｊｏｈｎ　')).toBe('John');
  });

  it('answers number + QR check c without a name', async () => {
    const c = fixtures.certificates.qrCheck(other.number);
    const res = await send<PublicCertificateView>('GET', q(other.number, { c }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ holderNameMasked: '李*', level: 'intermediate', status: 'valid' });
  });

  it('gives the same 404 for an unknown number, a wrong name and a wrong check', async () => {
    const answers = [
      await send<ErrorResponse>('GET', q(unknownNumber, { name: '张安全' })),
      await send<ErrorResponse>('GET', q(holder.number, { name: '张安' })),
      await send<ErrorResponse>('GET', q(holder.number, { name: '李明' })),
      await send<ErrorResponse>('GET', q(holder.number, { c: fixtures.certificates.qrCheck(other.number) })),
      await send<ErrorResponse>('GET', q(unknownNumber, { c: 'AAAAAAAAAA' })),
    ];
    const bodies = answers.map((a) => {
      const body = expectError(a, 404, 'CERTIFICATE_NOT_FOUND');
      const { requestId: _, ...rest } = body;
      return rest;
    });
    for (const b of bodies) expect(b).toEqual(bodies[0]);
    for (const a of answers)
      expect(Object.keys(a.headers).sort()).toEqual(Object.keys(answers[0]!.headers).sort());
  });

  it('refuses a malformed number naming the field, and a query without name or c', async () => {
    const wrongCheck = holder.number.slice(0, 15) + (holder.number.endsWith('1') ? '2' : '1');
    const bad = expectError(
      await send('GET', q(wrongCheck, { name: '张安全' })),
      400,
      'INVALID_CERTIFICATE_NUMBER',
    );
    expect(bad.details).toEqual([
      expect.objectContaining({ field: 'params.no', code: 'INVALID_CHECK_CHARACTER' }),
    ]);
    expect(bad.message).toContain('no');
    const none = expectError(await send('GET', q(holder.number, {})), 400, 'VERIFICATION_QUERY_REQUIRED');
    expect(none.details?.map((d) => d.field)).toEqual(['query.name', 'query.c']);
    expectError(await send('GET', q(holder.number, { name: '   ' })), 400, 'VERIFICATION_QUERY_REQUIRED');
  });

  it('shows a revoked certificate as revoked, its revocation proven in the log', async () => {
    await fixtures.changeStatus(revoked.number, 'revoked', 'revoked');
    const before = await send<PublicCertificateView>('GET', q(revoked.number, { name: '王五' }));
    expect(before.body.status).toBe('revoked');
    await fixtures.checkpoint();
    // The cached answer is keyed by checkpoint size; the service re-reads the checkpoint after 1 s.
    await new Promise((r) => setTimeout(r, 1100));
    const after = await send<PublicCertificateView>('GET', q(revoked.number, { name: '王五' }));
    expect(after.body).toMatchObject({
      status: 'revoked',
      verification: { signatureValid: true, includedInLog: true },
    });
    const checkpoint = await fixtures.ledger.latestCheckpoint();
    expect(after.body.verification.checkpointSize).toBe(checkpoint!.treeSize);
  });

  it('shows a valid certificate past its last day as expired', async () => {
    const res = await send<PublicCertificateView>('GET', q(expired.number, { name: '赵六' }));
    expect(res.body).toMatchObject({ status: 'expired', validUntil: '2023-02-28' });
  });

  it('reports a tampered record: claims that no longer match the signature', async () => {
    const victim = await fixtures.issue({ name: '钱七' });
    await fixtures.checkpoint();
    await sql`update certificate set claims = jsonb_set(claims, '{validUntil}', '"2039-01-09"') where number = ${victim.number}`.execute(
      db,
    );
    const res = await send<PublicCertificateView>('GET', q(victim.number, { name: '钱七' }));
    expect(res.statusCode).toBe(200);
    expect(res.body.verification).toMatchObject({ signatureValid: false, includedInLog: false });
  });

  it('limits queries per address, with the project error shape and a Chinese message', async () => {
    const ip = freshIp();
    for (let i = 0; i < RATE_LIMIT; i++) {
      expect((await send('GET', q(holder.number, { name: '张安全' }), { ip })).statusCode).toBe(200);
    }
    const limited = expectError(
      await send('GET', q(holder.number, { name: '张安全' }), { ip }),
      429,
      'RATE_LIMITED',
    );
    expect(limited.message).toContain(`${RATE_LIMIT}`);
    // Wrong guesses count against the same limit.
    expectError(await send('GET', q(unknownNumber, { name: 'x' }), { ip }), 429, 'RATE_LIMITED');
    // Another address is unaffected.
    expect((await send('GET', q(holder.number, { name: '张安全' }))).statusCode).toBe(200);
  });
});

describe('status document', () => {
  it('returns the issuer-signed status statement with every event proven, same anti-enumeration', async () => {
    const res = await send<StatusStatement>(
      'GET',
      `${q(revoked.number, { name: '王五' }).replace('?', '/status?')}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({
      type: 'anzheng-certificate-status/v1',
      number: revoked.number,
      status: 'revoked',
    });
    expect(res.body.events).toHaveLength(2);
    expect(res.body.signature).toMatchObject({ suite: 'ed25519', keyId: fixtures.issuerKeyId });
    const wrong = await send('GET', `${q(revoked.number, { name: '王' }).replace('?', '/status?')}`);
    expectError(wrong, 404, 'CERTIFICATE_NOT_FOUND');
    const c = fixtures.certificates.qrCheck(revoked.number);
    expect((await send('GET', `${q(revoked.number, { c }).replace('?', '/status?')}`)).statusCode).toBe(200);
  });
});

/** GB18030 bytes of a string (Node can decode GB18030 but not encode it): the inverse of TextDecoder over the two-byte range. */
function gb18030(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.of(lead, trail));
      if (!table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else bytes.push(...(table.get(ch) ?? []));
  }
  return Buffer.from(bytes);
}

describe('employer batch verification', () => {
  const url = '/api/v1/verifications/batch';
  const enterprise = () =>
    loginAs(app, [{ role: 'enterprise_admin', enterpriseCreditCode: '91440300LK46MQ915L' }]);
  const upload = (content: Buffer, format = '') => {
    const form = multipart([
      { name: 'file', filename: 'staff.csv', contentType: 'text/csv', value: content },
    ]);
    return { payload: form.payload, headers: form.headers, url: `${url}${format}` };
  };
  const csvText = [
    '证书编号,姓名',
    `${holder.number},张安全`,
    `${other.number.toLowerCase()}, 李明 `,
    `${revoked.number},王五`,
    `${expired.number},赵六`,
    `${holder.number},张三`,
    `${unknownNumber},张安全`,
    `${holder.number.slice(0, 15)}${holder.number.endsWith('1') ? '2' : '1'},张安全`,
    `12345,某人`,
    `${holder.number},`,
  ].join('\r\n');
  const expectedOutcomes = [
    'valid',
    'valid',
    'revoked',
    'expired',
    'not_found',
    'not_found',
    'invalid_input',
    'invalid_input',
    'invalid_input',
  ];

  it('needs a session and a verifier role', async () => {
    expectError(await send('POST', url, { body: { rows: [] } }), 401, 'UNAUTHENTICATED');
    const { cookies } = await loginAs(app, [{ role: 'holder' }]);
    expectError(
      await send('POST', url, { cookies, body: { rows: [{ number: holder.number, name: '张安全' }] } }),
      403,
      'FORBIDDEN',
    );
  });

  it('checks a UTF-8 CSV with BOM row by row, one audit event with the counts', async () => {
    const { cookies } = await enterprise();
    const u = upload(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText)]));
    const res = await send<{
      total: number;
      counts: Record<string, number>;
      rows: {
        line: number;
        outcome: string;
        message: string | null;
        certificateTypeName: string | null;
        validUntil: string | null;
        level: string | null;
      }[];
    }>('POST', u.url, { cookies, payload: u.payload, headers: u.headers });
    expect(res.statusCode).toBe(200);
    expect(res.body.total).toBe(9);
    expect(res.body.rows.map((r) => r.outcome)).toEqual(expectedOutcomes);
    expect(res.body.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(res.body.rows[1]).toMatchObject({
      level: 'intermediate',
      certificateTypeName: '安全生产管理人员职业资格证书',
      validUntil: '2029-01-09',
    });
    // A mismatched name tells nothing about the certificate.
    expect(res.body.rows[4]).toMatchObject({ certificateTypeName: null, level: null, validUntil: null });
    expect(res.body.rows[6]!.message).toContain('校验码');
    expect(res.body.rows[7]!.message).toContain('16 位');
    expect(res.body.rows[8]!.message).toBe('姓名为空');
    expect(res.body.counts).toMatchObject({
      valid: 2,
      revoked: 1,
      expired: 1,
      not_found: 2,
      invalid_input: 3,
      suspended: 0,
    });
    const events = await db
      .selectFrom('audit_event')
      .select(['details', 'actor_name'])
      .where('action', '=', 'verification.batch')
      .execute();
    expect(events.at(-1)?.details).toMatchObject({
      source: 'csv',
      total: 9,
      counts: { valid: 2, not_found: 2 },
    });
  });

  it('reads a GB18030 CSV (Excel on a Chinese Windows) and English headers', async () => {
    const { cookies } = await enterprise();
    const gb = upload(gb18030(csvText));
    const res = await send<{ rows: { outcome: string }[] }>('POST', gb.url, {
      cookies,
      payload: gb.payload,
      headers: gb.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body.rows.map((r) => r.outcome)).toEqual(expectedOutcomes);
    const en = upload(Buffer.from(`name,number\n张安全,${holder.number}\n`));
    const res2 = await send<{ rows: { outcome: string }[] }>('POST', en.url, {
      cookies,
      payload: en.payload,
      headers: en.headers,
    });
    expect(res2.body.rows.map((r) => r.outcome)).toEqual(['valid']);
  });

  it('accepts JSON rows', async () => {
    const { cookies } = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '440300' }]);
    const res = await send<{ rows: { line: number; outcome: string }[] }>('POST', url, {
      cookies,
      body: {
        rows: [
          { number: holder.number, name: '张安全' },
          { number: revoked.number, name: '王五' },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body.rows).toMatchObject([
      { line: 1, outcome: 'valid' },
      { line: 2, outcome: 'revoked' },
    ]);
  });

  it('refuses 10,001 rows and a file without the columns', async () => {
    const { cookies } = await enterprise();
    const lines = ['证书编号,姓名', ...Array.from({ length: 10_001 }, () => `${holder.number},张安全`)];
    const big = upload(Buffer.from(lines.join('\n')));
    expectError(
      await send('POST', big.url, { cookies, payload: big.payload, headers: big.headers }),
      400,
      'BATCH_TOO_LARGE',
    );
    const rows = Array.from({ length: 10_001 }, () => ({ number: holder.number, name: '张安全' }));
    expectError(await send('POST', url, { cookies, body: { rows } }), 400, 'BATCH_TOO_LARGE');
    // Exactly 10,000 is fine.
    const ok = await send<{ total: number }>('POST', url, { cookies, body: { rows: rows.slice(1) } });
    expect(ok.body.total).toBe(10_000);
    const headerless = upload(Buffer.from(`编号,名字\n${holder.number},张安全\n`));
    const bad = expectError(
      await send('POST', headerless.url, {
        cookies,
        payload: headerless.payload,
        headers: headerless.headers,
      }),
      400,
      'BATCH_BAD_HEADER',
    );
    expect(bad.message).toContain('证书编号');
    expectError(await send('POST', url, { cookies, body: { rows: [] } }), 400, 'BATCH_EMPTY');
  });

  it('returns the rows as a CSV download with BOM and Chinese headers', async () => {
    const { cookies } = await enterprise();
    const u = upload(Buffer.from(csvText), '?format=csv');
    const res = await send('POST', u.url, { cookies, payload: u.payload, headers: u.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename=.*filename\*=UTF-8''/);
    expect(
      res.text.startsWith('\uFEFF行号,证书编号,姓名,核验结果,结果代码,证书类型,等级,有效期至,说明'),
    ).toBe(true);
    const lines = res.text.trim().split('\r\n');
    expect(lines).toHaveLength(10);
    expect(lines[1]).toBe(
      `2,${holder.number},张安全,有效,valid,安全生产管理人员职业资格证书,初级,2029-01-09,`,
    );
    expect(lines[3]).toContain('撤销');
    // Accept: text/csv works the same for a JSON request.
    const viaAccept = await send('POST', url, {
      cookies,
      body: { rows: [{ number: holder.number, name: '=cmd|1' }] },
      headers: { accept: 'text/csv' },
    });
    expect(viaAccept.headers['content-type']).toMatch(/^text\/csv/);
    // A formula-looking cell is neutralised.
    expect(viaAccept.text).toContain(`,'=cmd|1,`);
  });
});

// The real app wires the domain too (its certificate core is still a stub here).
it('is wired into the app', () => {
  expect(app.verification).toBeDefined();
});
