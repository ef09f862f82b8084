import {
  AppError,
  ConflictError,
  type ErrorDetail,
  NotFoundError,
  ValidationError,
} from '@anzheng/contracts';

export class CertificateTypeNotFoundError extends NotFoundError {
  constructor(code: string) {
    super('CERTIFICATE_TYPE_NOT_FOUND', `证书类型 ${code} 不存在`);
  }
}

export class CertificateTypeExistsError extends ConflictError {
  constructor(code: string) {
    super('CERTIFICATE_TYPE_EXISTS', `证书类型代码 ${code} 已被使用`, [
      { field: 'body.code', code: 'CERTIFICATE_TYPE_EXISTS', message: `代码 ${code} 已被使用` },
    ]);
  }
}

/** Semantic checks the request schema cannot express; one detail per bad field. */
export class ReferenceValidationError extends ValidationError {
  constructor(details: ErrorDetail[]) {
    super(
      'VALIDATION_FAILED',
      `请求参数校验失败：${details.map((d) => `${d.field} ${d.message}`).join('；')}`,
      details,
    );
  }
}

export class UnknownRuleKeyError extends ValidationError {
  constructor(field: string, key: string) {
    const message = `规则键 ${key} 不存在（可用的规则键见 docs/reference-data.md）`;
    super('UNKNOWN_RULE_KEY', message, [{ field, code: 'UNKNOWN_RULE_KEY', message }]);
  }
}

export class InvalidRuleValueError extends ValidationError {
  constructor(key: string, details: ErrorDetail[]) {
    super('INVALID_RULE_VALUE', `规则 ${key} 的取值不符合要求`, details);
  }
}

export class RuleVersionConflictError extends ConflictError {
  constructor(key: string, latest: string) {
    super(
      'RULE_PARAMETER_VERSION_CONFLICT',
      `规则 ${key} 在同一适用范围内已有 ${latest} 生效的版本；新版本的生效日期须晚于该日期`,
      [{ field: 'body.effectiveFrom', code: 'NOT_LATER', message: `须晚于 ${latest}` }],
    );
  }
}

/** Nothing configured applies: a configuration error, not the caller's (500-class). */
export class RuleParameterMissingError extends AppError {
  constructor(key: string, at: string) {
    super({
      statusCode: 500,
      code: 'RULE_PARAMETER_MISSING',
      message: `规则参数 ${key} 在 ${at} 没有适用的配置，请系统管理员补充国家层默认值`,
      error: 'Internal Server Error',
    });
  }
}
