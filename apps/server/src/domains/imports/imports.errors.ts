import { AppError, type ErrorDetail, NotFoundError, ValidationError } from '@anzheng/contracts';

/**
 * A problem with the whole file, found while reading it in the background: the import ends
 * `failed` with this code (IMPORT_EMPTY, IMPORT_MISSING_COLUMNS, IMPORT_BAD_ENCODING,
 * IMPORT_UNREADABLE, IMPORT_UNSUPPORTED_FORMAT, IMPORT_DUPLICATE_COLUMNS).
 */
export class ImportFileError extends Error {
  readonly code: string;
  /** Columns named by the failure (missing or duplicated headers). */
  readonly columns: string[];
  constructor(code: string, message: string, columns: string[] = []) {
    super(message);
    this.name = 'ImportFileError';
    this.code = code;
    this.columns = columns;
  }
}

export class ImportNotFoundError extends NotFoundError {
  constructor() {
    super('IMPORT_NOT_FOUND', '导入任务不存在');
  }
}

export class ImportTooLargeError extends AppError {
  constructor(maxBytes: number) {
    super({
      statusCode: 413,
      code: 'IMPORT_TOO_LARGE',
      message: `导入文件不能超过 ${formatBytes(maxBytes)}，请拆分后分批导入`,
      error: 'Payload Too Large',
    });
  }
}

export class ImportEmptyUploadError extends ValidationError {
  constructor() {
    super('IMPORT_EMPTY', '文件为空', [{ field: 'body.file', code: 'IMPORT_EMPTY', message: '文件为空' }]);
  }
}

export class ImportFormError extends ValidationError {
  constructor(details: ErrorDetail[]) {
    super(
      'VALIDATION_FAILED',
      `请求参数校验失败：${details.map((d) => `${d.field} ${d.message}`).join('；')}`,
      details,
    );
  }
}

/** The caller's role may not import this kind of record. */
export class ImportNotAllowedError extends AppError {
  constructor(message = '您的角色不能导入此类数据') {
    super({ statusCode: 403, code: 'IMPORT_NOT_ALLOWED', message, error: 'Forbidden' });
  }
}

export class EnterpriseNotRegisteredError extends ValidationError {
  constructor(creditCode: string) {
    super('ENTERPRISE_NOT_REGISTERED', `企业 ${creditCode} 尚未建档，请先由监管部门登记企业信息`);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} 字节`;
}
