import { type Static, Type } from '@sinclair/typebox';
import { Page, StrictObject } from './common.ts';

/**
 * Bulk import (批量导入, docs/imports.md): a CSV (UTF-8 or GB18030) or XLSX file of persons,
 * enterprises, work records or training records, uploaded as multipart and processed by a
 * background job; rows are validated one by one and problems reported per cell.
 */

export const IMPORT_KINDS = ['persons', 'enterprises', 'work-records', 'training-records'] as const;
export type ImportKindCode = (typeof IMPORT_KINDS)[number];
export const ImportKind = Type.Union(
  IMPORT_KINDS.map((k) => Type.Literal(k)),
  {
    description:
      'persons 人员档案（含学历）；enterprises 生产经营单位；work-records 工作经历；training-records 培训记录',
  },
);

export const IMPORT_MODES = ['valid-rows', 'all-or-nothing'] as const;
export type ImportModeCode = (typeof IMPORT_MODES)[number];
export const ImportMode = Type.Union(
  IMPORT_MODES.map((m) => Type.Literal(m)),
  {
    description: 'valid-rows 导入正确的行并报告错误行；all-or-nothing 任一行有错则整个文件不导入',
  },
);

export const IMPORT_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export const ImportStatus = Type.Union(
  IMPORT_STATUSES.map((s) => Type.Literal(s)),
  {
    description:
      'queued 排队中；running 处理中；succeeded 已完成（valid-rows 模式下可能有被拒绝的行）；failed 文件级错误或 all-or-nothing 模式下有错误行',
  },
);

export const ImportRowError = Type.Object({
  row: Type.Integer({ description: '行号（与表格软件中的行号一致，表头为第 1 行；0 表示整个文件）' }),
  column: Type.Union([Type.String(), Type.Null()], { description: '列名（模板中的中文表头）' }),
  code: Type.String({ description: '错误码，如 INVALID_ID_NUMBER、DUPLICATE_IN_FILE' }),
  message: Type.String(),
});
export type ImportRowError = Static<typeof ImportRowError>;

const Timestamp = Type.String({ format: 'date-time' });

export const ImportSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: ImportKind,
  mode: ImportMode,
  status: ImportStatus,
  fileName: Type.String(),
  total: Type.Integer({ description: '数据行数（不含表头）；处理完成前为已读取的行数' }),
  processed: Type.Integer(),
  accepted: Type.Integer({ description: '写入了新记录的行' }),
  unchanged: Type.Integer({ description: '记录已存在、未作改动的行（重复导入同一文件时）' }),
  rejected: Type.Integer({ description: '有错误的行' }),
  failure: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()], {
    description: '文件级错误（如 IMPORT_MISSING_COLUMNS、IMPORT_EMPTY、IMPORT_BAD_ENCODING）',
  }),
  createdAt: Timestamp,
  finishedAt: Type.Union([Timestamp, Type.Null()]),
});
export type ImportSummary = Static<typeof ImportSummary>;

export const ImportView = Type.Composite([
  ImportSummary,
  Type.Object({
    errors: Type.Array(ImportRowError, { description: '前 200 条错误；全部错误见 errors.csv' }),
    errorCount: Type.Integer({ description: '错误总条数' }),
  }),
]);
export type ImportView = Static<typeof ImportView>;

export const ImportPage = Page(ImportSummary);

export const ImportCreated = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: ImportStatus,
});

export const ImportIdParams = StrictObject({ id: Type.String({ maxLength: 64 }) });

export const ImportListQuery = StrictObject({
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const ImportTemplateParams = StrictObject({
  file: Type.String({
    pattern: '^(persons|enterprises|work-records|training-records)\\.(csv|xlsx)$',
    description: '如 persons.csv、enterprises.xlsx',
  }),
});
