import {
  AppError,
  ConflictError,
  type ErrorDetail,
  NotFoundError,
  ValidationError,
} from '@anzheng/contracts';
import type { IdIssue } from '@anzheng/identifiers';

function issueDetails(field: string, issues: IdIssue[]): ErrorDetail[] {
  return issues.map((i) => ({ field, code: i.code, message: i.message }));
}

/** GB 11643: bad length/characters, check character, impossible birth date, unknown division. */
export class InvalidIdNumberError extends ValidationError {
  constructor(field: string, issues: IdIssue[]) {
    super(
      'INVALID_ID_NUMBER',
      `身份证号无效：${issues.map((i) => i.message).join('；')}`,
      issueDetails(field, issues),
    );
  }
}

/** GB 32100: bad length/characters, check character, registration authority or type. */
export class InvalidCreditCodeError extends ValidationError {
  constructor(field: string, issues: IdIssue[]) {
    super(
      'INVALID_CREDIT_CODE',
      `统一社会信用代码无效：${issues.map((i) => i.message).join('；')}`,
      issueDetails(field, issues),
    );
  }
}

export class InvalidDivisionError extends ValidationError {
  constructor(field: string, code: string, reason = `行政区划代码 ${code} 不存在或已撤销`) {
    super('INVALID_DIVISION_CODE', reason, [{ field, code: 'INVALID_DIVISION_CODE', message: reason }]);
  }
}

/** Creating or moving a record into a division the caller does not administer. */
export class DivisionOutOfScopeError extends ValidationError {
  constructor(field: string, code: string) {
    const message = `行政区划 ${code} 不在您的管辖范围内`;
    super('DIVISION_OUT_OF_SCOPE', message, [{ field, code: 'DIVISION_OUT_OF_SCOPE', message }]);
  }
}

export class UnknownIndustryError extends ValidationError {
  constructor(field: string, code: string) {
    const message = `行业代码 ${code} 不存在`;
    super('UNKNOWN_INDUSTRY', message, [{ field, code: 'UNKNOWN_INDUSTRY', message }]);
  }
}

export { InvalidCursorError } from '../../lib/paging.ts';

export class InvalidPeriodError extends ValidationError {
  constructor(field: string) {
    const message = '结束日期不能早于开始日期';
    super('INVALID_PERIOD', message, [{ field, code: 'INVALID_PERIOD', message }]);
  }
}

export class DateInFutureError extends ValidationError {
  constructor(field: string) {
    const message = '日期不能晚于今天';
    super('DATE_IN_FUTURE', message, [{ field, code: 'DATE_IN_FUTURE', message }]);
  }
}

export class PersonNotFoundError extends NotFoundError {
  constructor() {
    super('PERSON_NOT_FOUND', '人员档案不存在');
  }
}

export class PersonExistsError extends ConflictError {
  constructor(field = 'body.idNumber') {
    super('PERSON_EXISTS', '该证件号码已有人员档案（一人一档）', [
      { field, code: 'PERSON_EXISTS', message: '该证件号码已有人员档案' },
    ]);
  }
}

/** Adding staff by identity number whose record carries another name (a typo, or the wrong number). */
export class PersonNameMismatchError extends ConflictError {
  constructor() {
    super('PERSON_NAME_MISMATCH', '该证件号码的人员档案姓名与填写的姓名不一致，请核对', [
      { field: 'body.name', code: 'PERSON_NAME_MISMATCH', message: '与档案中的姓名不一致' },
    ]);
  }
}

export class EnterpriseNotFoundError extends NotFoundError {
  constructor() {
    super('ENTERPRISE_NOT_FOUND', '企业不存在');
  }
}

export class EnterpriseExistsError extends ConflictError {
  constructor(creditCode: string) {
    super('ENTERPRISE_EXISTS', `统一社会信用代码 ${creditCode} 的企业已登记`, [
      { field: 'body.creditCode', code: 'ENTERPRISE_EXISTS', message: '该企业已登记' },
    ]);
  }
}

export class OrganisationNotFoundError extends NotFoundError {
  constructor() {
    super('ORGANISATION_NOT_FOUND', '机构不存在');
  }
}

export class OrganisationExistsError extends ConflictError {
  constructor() {
    super('ORGANISATION_EXISTS', '该机构已以同一类别登记', [
      { field: 'body.creditCode', code: 'ORGANISATION_EXISTS', message: '该机构已以同一类别登记' },
    ]);
  }
}

export class DocumentNotFoundError extends NotFoundError {
  constructor() {
    super('DOCUMENT_NOT_FOUND', '材料不存在');
  }
}

export class DocumentOwnerNotFoundError extends NotFoundError {
  constructor() {
    super('DOCUMENT_OWNER_NOT_FOUND', '材料所属的记录不存在');
  }
}

export class UnsupportedDocumentTypeError extends AppError {
  constructor(message = '只接受 PDF、JPEG、PNG 文件，且文件内容须与声明的类型一致') {
    super({ statusCode: 415, code: 'UNSUPPORTED_DOCUMENT_TYPE', message, error: 'Unsupported Media Type' });
  }
}

export class DocumentTooLargeError extends AppError {
  constructor(maxBytes: number) {
    super({
      statusCode: 413,
      code: 'DOCUMENT_TOO_LARGE',
      message: `文件超过大小上限（${formatBytes(maxBytes)}）`,
      error: 'Payload Too Large',
    });
  }
}

export class UploadFormError extends ValidationError {
  constructor(details: ErrorDetail[]) {
    super(
      'VALIDATION_FAILED',
      `请求参数校验失败：${details.map((d) => `${d.field} ${d.message}`).join('；')}`,
      details,
    );
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (n >= 1024) return `${Math.floor(n / 1024)} KB`;
  return `${n} 字节`;
}
