import {
  ItemActionParams,
  ItemCreate,
  ItemIdParams,
  ItemImportResult,
  ItemListQuery,
  ItemPage,
  ItemReviewBody,
  ItemUpdate,
  ItemVersionList,
  ItemView,
  StandardRevisionCreate,
  StandardRevisionList,
  StandardRevisionView,
} from '@anzheng/contracts';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { HttpServer } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import type { BankExcel } from './bank.excel.ts';
import type { BankQti, QtiImportScope } from './bank.qti.ts';
import type { BankService } from './bank.service.ts';
import { ItemImportFileError } from './exam.errors.ts';

const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const QtiImportQuery = Type.Object(
  {
    certificateTypeCode: Type.String({ pattern: '^[0-9]{2}$' }),
    level: Type.String({ pattern: '^[a-z]{1,20}$' }),
    module: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }),
  },
  { additionalProperties: false },
);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Item bank uploads are small: 10 MB covers tens of thousands of rows. */
const MAX_UPLOAD = 10 * 1024 * 1024;

function attachment(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'download';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** 题库 API (docs/exam.md §Item bank). */
export function registerBankRoutes(app: HttpServer, bank: BankService, excel: BankExcel, qti: BankQti): void {
  const tags = ['exam-bank'];

  app.post(
    '/api/v1/items',
    {
      schema: {
        tags,
        summary: '新建试题（考评员；生成第 1 版草稿）',
        description:
          '按题型校验题目内容与答案（单选/多选/判断须有选项且答案在选项中，填空须逐空给出答案，简答须有评分要点与参考答案，' +
          '案例分析须有小题），错误逐项指明字段（400 INVALID_ITEM）。能力项为该证书类型等级能力模型中的 K1/S1/Q1 编号。',
        body: ItemCreate,
        response: { 200: ItemView, ...errorResponses },
      },
    },
    async (request) => bank.create(requireActor(request), request.body),
  );

  app.get(
    '/api/v1/items',
    {
      schema: {
        tags,
        summary: '题库检索（考评员、监管部门）：按题型、等级、模块、能力项、状态、标准、难度、题干文字筛选',
        description:
          '筛选作用于每道题的当前版本；`flagged=true` 列出因标准换版待复核的试题（REQ-EXAM-5）。游标分页。',
        querystring: ItemListQuery,
        response: { 200: ItemPage, ...errorResponses },
      },
    },
    async (request) => bank.list(requireActor(request), request.query),
  );

  app.get(
    '/api/v1/items/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出题库为 Excel（中文表头，与导入模板相同；筛选条件同列表）',
        querystring: ItemListQuery,
        produces: [XLSX],
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (request, reply) => {
      const bytes = await excel.exportXlsx(requireActor(request), request.query);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment('题库导出.xlsx'))
        .send(bytes);
    },
  );

  app.get(
    '/api/v1/items/export.qti.zip',
    {
      schema: {
        tags,
        summary: '导出题库为 QTI 3.0 内容包（zip；每题一个 qti-assessment-item，筛选条件同列表）',
        querystring: ItemListQuery,
        produces: ['application/zip'],
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (request, reply) => {
      const bytes = await qti.exportZip(requireActor(request), request.query);
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', attachment('题库-qti3.zip'))
        .send(bytes);
    },
  );

  app.get(
    '/api/v1/items/template.xlsx',
    {
      schema: {
        tags,
        summary: '下载题库导入模板（中文表头与填写说明）',
        produces: [XLSX],
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireActor(request);
      const bytes = await excel.template();
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment('题库导入模板.xlsx'))
        .send(bytes);
    },
  );

  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_UPLOAD, files: 1, fields: 2, parts: 3 } });
    scope.post(
      '/api/v1/items/import',
      {
        schema: {
          tags,
          summary: '从 Excel/CSV 导入试题（考评员；multipart 字段 file；每行一题，生成草稿）',
          description:
            '逐行校验，合格的行导入为草稿，不合格的行返回行号、字段与中文原因（不影响其他行）。表头见导入模板。',
          consumes: ['multipart/form-data'],
          response: { 200: ItemImportResult, ...errorResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const file = await request.file();
        if (!file) throw new ItemImportFileError('file：请上传 Excel（.xlsx）或 CSV 文件');
        const bytes = await file.toBuffer();
        if (bytes.length === 0) throw new ItemImportFileError('file：上传的文件为空');
        return excel.importFile(actor, bytes);
      },
    );
    scope.post(
      '/api/v1/items/import-qti',
      {
        schema: {
          tags,
          summary:
            '从 QTI 3.0 内容包导入试题（考评员；multipart：file 与查询参数 certificateTypeCode、level、module）',
          description: '每道可导入的试题成为草稿；无法导入的条目逐条返回文件与原因。',
          consumes: ['multipart/form-data'],
          querystring: QtiImportQuery,
          response: { 200: ItemImportResult, ...errorResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const file = await request.file();
        if (!file) throw new ItemImportFileError('file：请上传 QTI 3.0 内容包（.zip）');
        const bytes = await file.toBuffer();
        if (bytes.length === 0) throw new ItemImportFileError('file：上传的文件为空');
        // Validated by QtiImportQuery (the plugin scope does not carry the type provider).
        return qti.importZip(actor, bytes, request.query as QtiImportScope);
      },
    );
  });

  app.get(
    '/api/v1/items/:id',
    {
      schema: {
        tags,
        summary: '试题详情（当前版本、已通过版本号、可执行操作）',
        params: ItemIdParams,
        response: { 200: ItemView, ...errorResponses },
      },
    },
    async (request) => bank.get(requireActor(request), request.params.id),
  );

  app.put(
    '/api/v1/items/:id',
    {
      schema: {
        tags,
        summary: '修改试题内容（考评员）',
        description:
          '草稿直接修改；待审核的修改后退回草稿；已通过或已停用的版本不可更改（试卷引用确切版本）——修改生成下一版草稿，' +
          '旧版本在新版本通过前继续用于组卷。',
        params: ItemIdParams,
        body: ItemUpdate,
        response: { 200: ItemView, ...errorResponses },
      },
    },
    async (request) => bank.update(requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/items/:id/versions',
    {
      schema: {
        tags,
        summary: '试题的全部版本（新的在前）',
        params: ItemIdParams,
        response: { 200: ItemVersionList, ...errorResponses },
      },
    },
    async (request) => bank.versions(requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/items/:id/:action',
    {
      schema: {
        tags,
        summary: '审核流转：submit 提交审核 · approve 通过 · reject 退回（须填意见）· retire 停用（考评员）',
        description:
          '草稿 → 待审核 → 已通过 → 已停用。编写者不能审核自己的试题（403 ITEM_SELF_REVIEW）；状态不允许时 409 ITEM_INVALID_TRANSITION。' +
          '新版本通过后，旧的已通过版本自动停用。',
        params: ItemActionParams,
        body: Type.Optional(ItemReviewBody),
        response: { 200: ItemView, ...errorResponses },
      },
    },
    async (request) =>
      bank.transition(requireActor(request), request.params.id, request.params.action, request.body?.note),
  );

  app.post(
    '/api/v1/item-standards/revisions',
    {
      schema: {
        tags,
        summary: '登记标准换版（半年修订，REQ-EXAM-5）：依据旧版本的已通过试题全部标记待复核',
        description:
          '被标记的试题不再用于组卷，直至修改后的新版本审核通过；用 GET /api/v1/items?flagged=true 查看。',
        body: StandardRevisionCreate,
        response: { 200: StandardRevisionView, ...errorResponses },
      },
    },
    async (request) => bank.recordStandardRevision(requireActor(request), request.body),
  );

  app.get(
    '/api/v1/item-standards/revisions',
    {
      schema: {
        tags,
        summary: '标准换版记录',
        response: { 200: StandardRevisionList, ...errorResponses },
      },
    },
    async (request) => bank.listStandardRevisions(requireActor(request)),
  );
}
