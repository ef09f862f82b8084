import { AppError, NotFoundError, ValidationError } from '@anzheng/contracts';
import type { IdIssue } from '@anzheng/identifiers';

/**
 * One answer for an unknown number, a name that does not match and a wrong QR check, so the
 * public query cannot be used to find out which numbers exist (REQ-PUB-1, docs/verification.md).
 */
export class CertificateNotFoundError extends NotFoundError {
  constructor() {
    super('CERTIFICATE_NOT_FOUND', '未查询到与证书编号和姓名（或二维码校验码）相符的证书，请核对后重试');
  }
}

/** The path parameter `no` is not a well-formed certificate number (format or check character). */
export class InvalidCertificateNumberError extends ValidationError {
  constructor(problems: IdIssue[]) {
    super(
      'INVALID_CERTIFICATE_NUMBER',
      `证书编号 no 无效：${problems.map((p) => p.message).join('；')}`,
      problems.map((p) => ({ field: 'params.no', code: p.code, message: p.message })),
    );
  }
}

/** Neither `name` nor `c` given (or both blank). */
export class VerificationQueryRequiredError extends ValidationError {
  constructor() {
    super('VERIFICATION_QUERY_REQUIRED', '请提供持证人姓名 name 或二维码校验码 c（二者之一）', [
      { field: 'query.name', code: 'REQUIRED', message: '姓名 name 与二维码校验码 c 必须提供其一' },
      { field: 'query.c', code: 'REQUIRED', message: '姓名 name 与二维码校验码 c 必须提供其一' },
    ]);
  }
}

export class BatchTooLargeError extends ValidationError {
  constructor(max: number, got: string) {
    super(
      'BATCH_TOO_LARGE',
      `一次最多核验 ${max.toLocaleString('en-US')} 行，收到 ${got} 行，请拆分后分批提交`,
    );
  }
}

export class BatchEmptyError extends ValidationError {
  constructor() {
    super('BATCH_EMPTY', '没有需要核验的行：文件或 rows 中至少需要一行证书编号和姓名');
  }
}

/** The header row lacks the number or the name column. */
export class BatchBadHeaderError extends ValidationError {
  constructor(missing: string[]) {
    super(
      'BATCH_BAD_HEADER',
      `文件第 1 行应为表头，缺少列：${missing.join('、')}（可用“证书编号,姓名”或“number,name”）`,
      missing.map((m) => ({ field: 'file', code: 'MISSING_COLUMN', message: `缺少“${m}”列` })),
    );
  }
}

export class BatchFileRequiredError extends ValidationError {
  constructor() {
    super('BATCH_FILE_REQUIRED', '请以 multipart/form-data 上传 CSV 文件（字段 file），或以 JSON 提交 rows');
  }
}

/** Too many public queries from one address (ANZHENG_PUBLIC_RATE_LIMIT per minute). */
export class RateLimitedError extends AppError {
  constructor(max: number, retryAfterSeconds: number) {
    super({
      statusCode: 429,
      code: 'RATE_LIMITED',
      error: 'Too Many Requests',
      message: `查询过于频繁：每个地址每分钟最多 ${max} 次，请 ${retryAfterSeconds} 秒后再试`,
    });
  }
}
