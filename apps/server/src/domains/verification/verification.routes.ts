import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  BatchVerifyResult,
  PublicCertificateView,
  StatusStatementDocument,
  StrictObject,
} from '@anzheng/contracts';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { HttpServer } from '../../http.ts';
import { requireRole } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { type BatchInputRow, MAX_BATCH_ROWS, readBatchFile } from './verification.batch-file.ts';
import { batchResultCsv } from './verification.csv.ts';
import { BatchFileRequiredError, BatchTooLargeError, RateLimitedError } from './verification.errors.ts';
import { BATCH_VERIFIERS } from './verification.policy.ts';
import type { VerificationService } from './verification.service.ts';

export interface VerificationRouteSettings {
  /** Public queries per IP per minute (ANZHENG_PUBLIC_RATE_LIMIT). */
  publicRateLimit: number;
}

const NumberParams = StrictObject({
  no: Type.String({
    minLength: 1,
    maxLength: 40,
    description: '证书编号（16 位；空格、全角数字与小写 x 自动规范）',
  }),
});
const KnowledgeQuery = StrictObject({
  name: Type.Optional(Type.String({ maxLength: 100, description: '持证人姓名（与 c 二选一）' })),
  c: Type.Optional(Type.String({ maxLength: 64, description: '证书二维码中的校验码（与 name 二选一）' })),
});
const BatchQuery = StrictObject({
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: '结果格式' })),
});
const BatchJsonBody = StrictObject({
  rows: Type.Array(
    StrictObject({
      number: Type.String({ maxLength: 40 }),
      name: Type.String({ maxLength: 100 }),
    }),
    { description: `至多 ${MAX_BATCH_ROWS} 行；更多返回 400 BATCH_TOO_LARGE` },
  ),
});
type BatchJsonBody = { rows: { number: string; name: string }[] };

/** A CSV of 10,000 rows is about 0.5 MB; room for wide files with extra columns. */
const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;

/** Streams the multipart `file` to a temporary file (the imports reader works on files). */
async function readUploadedRows(request: FastifyRequest): Promise<BatchInputRow[]> {
  const part = await request.file();
  if (part?.fieldname !== 'file') {
    part?.file.resume();
    throw new BatchFileRequiredError();
  }
  const tmp = path.join(os.tmpdir(), `anzheng-verify-${process.pid}-${randomBytes(8).toString('hex')}`);
  try {
    await pipeline(part.file, fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
    if (part.file.truncated) throw new BatchTooLargeError(MAX_BATCH_ROWS, '超过文件大小上限（8 MB）的');
    return await readBatchFile(tmp);
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
}

function wantsCsv(request: FastifyRequest, format: string | undefined): boolean {
  if (format) return format === 'csv';
  return /\btext\/csv\b/.test(request.headers.accept ?? '');
}

export function registerVerificationRoutes(
  app: HttpServer,
  verification: VerificationService,
  settings: VerificationRouteSettings,
): void {
  const tags = ['verification'];

  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    // Per-route limits only (global: false); in-process store — Redis when there is more than
    // one process (DESIGN §9).
    await scope.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        new RateLimitedError(context.max, Math.max(1, Math.ceil(context.ttl / 1000))),
    });
    const rateLimited = { max: settings.publicRateLimit, timeWindow: 60_000 };

    scope.get(
      '/api/v1/public/certificates/:no',
      {
        config: { public: true, rateLimit: rateLimited },
        schema: {
          tags,
          summary: '公众查询证书（无需登录；证书编号 + 姓名，或证书编号 + 二维码校验码 c）',
          description:
            '返回证书类型、等级、状态、有效期、发证机关、脱敏姓名（如“张*”），不含身份证号；' +
            'verification 给出发证机关签名核验结果和该证书最新日志条目在最新检查点中的包含证明结果。' +
            '编号不存在、姓名不符、校验码不符一律返回 404 CERTIFICATE_NOT_FOUND（防止枚举）。' +
            `每个 IP 每分钟限 ANZHENG_PUBLIC_RATE_LIMIT 次（默认 120），超出返回 429 RATE_LIMITED。`,
          params: NumberParams,
          querystring: KnowledgeQuery,
          response: { 200: PublicCertificateView, ...errorResponses },
        },
      },
      async (request) =>
        verification.publicQuery({ number: request.params.no, name: request.query.name, c: request.query.c }),
    );

    scope.get(
      '/api/v1/public/certificates/:no/status',
      {
        config: { public: true, rateLimit: rateLimited },
        schema: {
          tags,
          summary:
            '证书状态文件（发证机关签名，附全部日志条目的包含证明；供 anzheng-verify --checkpoint 使用）',
          description: '与公众查询相同：需姓名 name 或校验码 c，不符一律 404 CERTIFICATE_NOT_FOUND。',
          params: NumberParams,
          querystring: KnowledgeQuery,
          response: { 200: StatusStatementDocument, ...errorResponses },
        },
      },
      async (request) =>
        verification.statusDocument({
          number: request.params.no,
          name: request.query.name,
          c: request.query.c,
        }),
    );
  });

  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    await scope.register(multipart, {
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 2, parts: 3, fieldSize: 1024 },
    });
    scope.post(
      '/api/v1/verifications/batch',
      {
        bodyLimit: 4 * 1024 * 1024,
        schema: {
          tags,
          summary: '批量核验证书（企业管理员/档案员、监管部门；CSV 上传或 JSON）',
          description:
            'multipart/form-data 字段 file：CSV（UTF-8 含或不含 BOM，或 GB18030）或 XLSX，表头含“证书编号”“姓名”' +
            '（或 number、name）；或 JSON {rows:[{number,name}]}。至多 10,000 行，超出 400 BATCH_TOO_LARGE。' +
            '每行结果：valid / suspended / revoked / cancelled / expired / replaced / not_found（编号不存在或姓名不符）/ ' +
            'invalid_input（编号格式或校验码错误）。?format=csv 或 Accept: text/csv 返回带 BOM 的中文 CSV。',
          querystring: BatchQuery,
          body: { content: { 'application/json': { schema: BatchJsonBody } } },
          consumes: ['application/json', 'multipart/form-data'],
          response: { 200: BatchVerifyResult, ...errorResponses },
        },
      },
      async (request, reply) => {
        const actor = await requireRole(request, BATCH_VERIFIERS);
        let rows: BatchInputRow[];
        let source: 'csv' | 'json';
        if (request.isMultipart()) {
          rows = await readUploadedRows(request);
          source = 'csv';
        } else {
          const body = request.body as BatchJsonBody | undefined;
          if (!body) throw new BatchFileRequiredError();
          rows = body.rows.map((r, i) => ({ line: i + 1, number: r.number, name: r.name }));
          source = 'json';
        }
        const result = await verification.verifyBatch(actor, rows, source);
        if (wantsCsv(request, request.query.format)) {
          const day = new Date().toISOString().slice(0, 10);
          const name = `证书核验结果-${day}.csv`;
          return reply
            .type('text/csv; charset=utf-8')
            .header(
              'content-disposition',
              `attachment; filename="verification-${day}.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
            )
            .send(batchResultCsv(result));
        }
        return result;
      },
    );
  });
}
