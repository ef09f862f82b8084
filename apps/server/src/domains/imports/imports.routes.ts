import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  IMPORT_KINDS,
  IMPORT_MODES,
  ImportCreated,
  ImportIdParams,
  type ImportKindCode,
  ImportListQuery,
  type ImportModeCode,
  ImportPage,
  ImportTemplateParams,
  ImportView,
} from '@anzheng/contracts';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { HttpServer } from '../../http.ts';
import { requireActor, requireRole } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import type { Role } from '../identity/roles.ts';
import { ImportEmptyUploadError, ImportFormError, ImportTooLargeError } from './imports.errors.ts';
import type { ImportsService, StoredUpload } from './imports.service.ts';
import { csvTemplate, TEMPLATE_NAMES, xlsxTemplate } from './imports.templates.ts';

export interface ImportRouteSettings {
  /** ANZHENG_IMPORT_MAX_BYTES */
  maxBytes: number;
}

/** Roles that may upload at all; which kinds and rows each may import is the service's policy. */
const IMPORTERS: readonly Role[] = [
  'system_admin',
  'regulator_officer',
  'regulator_approver',
  'enterprise_admin',
  'enterprise_archivist',
];

/** Room for the multipart envelope and the small fields around the file. */
const ENVELOPE_BYTES = 64 * 1024;

/** RFC 6266: an ASCII fallback plus the UTF-8 name (RFC 8187) for Chinese file names. */
function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'download';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function registerImportRoutes(
  app: HttpServer,
  imports: ImportsService,
  settings: ImportRouteSettings,
) {
  const tags = ['imports'];

  app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: settings.maxBytes, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
    });
    scope.post(
      '/api/v1/imports',
      {
        schema: {
          tags,
          summary: '上传批量导入文件（multipart/form-data：kind、mode、file）',
          description:
            'kind：persons | enterprises | work-records | training-records；mode：valid-rows（默认）| all-or-nothing；' +
            'file：CSV（UTF-8 或 GB18030）或 XLSX，表头用导入模板的中文列名。文件先保存，后台任务逐行校验并写入，' +
            '返回 202 与导入编号，用 GET /api/v1/imports/{id} 查看进度和错误。超过大小上限（ANZHENG_IMPORT_MAX_BYTES，' +
            '默认 50 MB）返回 413 IMPORT_TOO_LARGE；空文件 400 IMPORT_EMPTY。企业用户导入的人员成为本企业从业人员，' +
            '可选字段 enterprise 指定企业（管理多家企业时必填）。',
          consumes: ['multipart/form-data'],
          response: { 202: ImportCreated, ...errorResponses },
        },
      },
      async (request, reply) => {
        const actor = await requireRole(request, IMPORTERS);
        // Refuse an oversized upload from its declared length, before reading any of it.
        const declared = Number(request.headers['content-length'] ?? Number.NaN);
        if (Number.isFinite(declared) && declared > settings.maxBytes + ENVELOPE_BYTES) {
          reply.header('connection', 'close');
          throw new ImportTooLargeError(settings.maxBytes);
        }
        const form = await readImportForm(request, imports.uploadDir, settings.maxBytes);
        try {
          const created = await imports.createImport(actor, form);
          return reply.status(202).send(created);
        } finally {
          await fs.promises.rm(form.upload.path, { force: true });
        }
      },
    );
  });

  app.get(
    '/api/v1/imports',
    {
      schema: {
        tags,
        summary: '我的导入任务（最新的在前）',
        querystring: ImportListQuery,
        response: { 200: ImportPage, ...errorResponses },
      },
    },
    async (request) => imports.listImports(requireActor(request), request.query),
  );

  app.get(
    '/api/v1/imports/templates/:file',
    {
      schema: {
        tags,
        summary: '下载导入模板（persons|enterprises|work-records|training-records，.csv 或 .xlsx）',
        params: ImportTemplateParams,
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: '模板文件' }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const [kind, ext] = request.params.file.split('.') as [ImportKindCode, 'csv' | 'xlsx'];
      const name = `${TEMPLATE_NAMES[kind]}.${ext}`;
      reply
        .header('content-disposition', contentDisposition(name))
        .header('cache-control', 'private, max-age=3600');
      if (ext === 'csv') return reply.type('text/csv; charset=utf-8').send(csvTemplate(kind));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await xlsxTemplate(kind));
    },
  );

  app.get(
    '/api/v1/imports/:id',
    {
      schema: {
        tags,
        summary: '导入任务的状态、计数和前 200 条错误（仅创建者或系统管理员可见）',
        params: ImportIdParams,
        response: { 200: ImportView, ...errorResponses },
      },
    },
    async (request) => imports.getImport(requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/imports/:id/errors.csv',
    {
      schema: {
        tags,
        summary: '全部错误（CSV，UTF-8 带 BOM；列：行号,列,错误码,说明）',
        params: ImportIdParams,
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'CSV' }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { fileName, lines } = await imports.errorsCsv(requireActor(request), request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition(fileName))
        .header('cache-control', 'private, no-store')
        .send(Readable.from(lines));
    },
  );
}

/**
 * Reads the multipart form, streaming the file to a temporary file (hashing it on the way)
 * so memory stays flat whatever the size; the size limit stops the stream (413).
 */
async function readImportForm(
  request: FastifyRequest,
  uploadDir: string,
  maxBytes: number,
): Promise<{ kind: ImportKindCode; mode: ImportModeCode; enterprise?: string; upload: StoredUpload }> {
  if (!request.isMultipart()) {
    throw new ImportFormError([
      {
        field: 'body',
        code: 'MULTIPART_REQUIRED',
        message: '请以 multipart/form-data 上传（字段 kind、mode、file）',
      },
    ]);
  }
  const tmpDir = path.join(uploadDir, 'tmp');
  await fs.promises.mkdir(tmpDir, { recursive: true });
  const fields: Record<string, string> = {};
  const details: { field: string; code: string; message: string }[] = [];
  let upload: StoredUpload | undefined;
  const tmpFiles: string[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || upload) {
          details.push({ field: `body.${part.fieldname}`, code: 'UNKNOWN_FIELD', message: '不允许的字段' });
          part.file.resume();
          continue;
        }
        const tmp = path.join(tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}`);
        tmpFiles.push(tmp);
        const hash = createHash('sha256');
        let bytes = 0;
        await pipeline(
          part.file,
          new Transform({
            transform(chunk: Buffer, _enc, done) {
              hash.update(chunk);
              bytes += chunk.length;
              done(null, chunk);
            },
          }),
          fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 }),
        );
        if (part.file.truncated) throw new ImportTooLargeError(maxBytes);
        upload = { path: tmp, fileName: part.filename || 'import', sha256: hash.digest('hex'), bytes };
      } else if (['kind', 'mode', 'enterprise'].includes(part.fieldname)) {
        fields[part.fieldname] = String(part.value).trim();
      } else {
        details.push({ field: `body.${part.fieldname}`, code: 'UNKNOWN_FIELD', message: '不允许的字段' });
      }
    }
    if (fields.kind === undefined)
      details.push({ field: 'body.kind', code: 'REQUIRED', message: '必填字段缺失' });
    else if (!(IMPORT_KINDS as readonly string[]).includes(fields.kind))
      details.push({
        field: 'body.kind',
        code: 'INVALID_VALUE',
        message: `取值应为 ${IMPORT_KINDS.join(' / ')}`,
      });
    const mode = fields.mode || 'valid-rows';
    if (!(IMPORT_MODES as readonly string[]).includes(mode))
      details.push({
        field: 'body.mode',
        code: 'INVALID_VALUE',
        message: `取值应为 ${IMPORT_MODES.join(' / ')}`,
      });
    if (fields.enterprise !== undefined && !/^[0-9A-Z]{18}$/.test(fields.enterprise))
      details.push({
        field: 'body.enterprise',
        code: 'INVALID_FORMAT',
        message: '应为 18 位统一社会信用代码',
      });
    if (!upload) details.push({ field: 'body.file', code: 'REQUIRED', message: '必填字段缺失' });
    if (details.length > 0) throw new ImportFormError(details);
    if (upload!.bytes === 0) throw new ImportEmptyUploadError();
    return {
      kind: fields.kind as ImportKindCode,
      mode: mode as ImportModeCode,
      ...(fields.enterprise ? { enterprise: fields.enterprise } : {}),
      upload: upload!,
    };
  } catch (error) {
    await Promise.all(tmpFiles.map((f) => fs.promises.rm(f, { force: true })));
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new ImportTooLargeError(maxBytes);
    throw error;
  }
}
