import {
  AppError,
  type CertificateAction,
  type CertificateStatus,
  ConflictError,
  NotFoundError,
  ValidationError,
} from '@anzheng/contracts';

export const STATUS_NAMES: Record<CertificateStatus, string> = {
  valid: '有效',
  suspended: '暂停',
  revoked: '撤销',
  cancelled: '注销',
  expired: '过期',
  replaced: '已补发/换发',
};

export const ACTION_NAMES: Record<CertificateAction, string> = {
  suspend: '暂停',
  reinstate: '恢复',
  revoke: '撤销',
  cancel: '注销',
  replace: '补发/换发',
  renew: '换证（延续注册）',
  extend: '延长有效期',
};

export class CertificateNotFoundError extends NotFoundError {
  constructor() {
    super('CERTIFICATE_NOT_FOUND', '证书不存在');
  }
}

/** 409: the state machine does not allow the action; details list the allowed actions (field 'allowed'). */
export class CertificateTransitionNotAllowedError extends ConflictError {
  constructor(
    status: CertificateStatus,
    action: CertificateAction,
    allowed: CertificateAction[],
    why?: string,
  ) {
    super(
      'CERTIFICATE_TRANSITION_NOT_ALLOWED',
      `证书当前状态为“${STATUS_NAMES[status]}”，不能执行“${ACTION_NAMES[action]}”` +
        (why ? `（${why}）` : '') +
        (allowed.length > 0
          ? `；可执行：${allowed.map((a) => ACTION_NAMES[a]).join('、')}`
          : '；该证书已不能再办理'),
      allowed.map((a) => ({ field: 'allowed', code: a, message: ACTION_NAMES[a] })),
    );
  }
}

export class CertificateApplicationNotFoundError extends NotFoundError {
  constructor() {
    super('APPLICATION_NOT_FOUND', '报考申请不存在');
  }
}

export class ApplicationNotApprovedError extends ConflictError {
  constructor(state: string) {
    super('APPLICATION_NOT_APPROVED', `申请尚未审核通过（当前状态：${state}），不能发证`, [
      { field: 'body.applicationPublicId', code: 'APPLICATION_NOT_APPROVED', message: '申请须为“审核通过”' },
    ]);
  }
}

export class CertificateExistsError extends ConflictError {
  constructor(number?: string) {
    super(
      'CERTIFICATE_EXISTS',
      number
        ? `该申请已发证（证书编号 ${number}），一份申请只能发一张证书`
        : '该申请已发证，一份申请只能发一张证书',
      [{ field: 'body.applicationPublicId', code: 'CERTIFICATE_EXISTS', message: '该申请已发证' }],
    );
  }
}

const COMPONENT_NAMES: Record<string, string> = {
  theory: '理论考试',
  practical: '实操考核',
  performance: '业绩评价',
  composite: '综合成绩',
};

export class AssessmentRequiredError extends ValidationError {
  constructor(components: string[]) {
    const names = components.map((c) => COMPONENT_NAMES[c] ?? c).join('、');
    super(
      'ASSESSMENT_REQUIRED',
      `发证须填写考核成绩：缺少${names}`,
      components.map((c) => ({
        field: `body.assessment.${c}`,
        code: 'REQUIRED',
        message: `缺少${COMPONENT_NAMES[c] ?? c}成绩`,
      })),
    );
  }
}

/** 422: the scores do not meet `exam.pass_rules`; details name each failing component. */
export class AssessmentNotPassedError extends AppError {
  constructor(failures: { component: string; score: number; required: number }[]) {
    const text = failures
      .map((f) => `${COMPONENT_NAMES[f.component] ?? f.component} ${f.score} 分低于合格线 ${f.required} 分`)
      .join('；');
    super({
      statusCode: 422,
      code: 'ASSESSMENT_NOT_PASSED',
      message: `考核不合格，不能发证：${text}`,
      details: failures.map((f) => ({
        field: `body.assessment.${f.component}`,
        code: 'BELOW_PASS_MARK',
        message: `${COMPONENT_NAMES[f.component] ?? f.component} ${f.score} 分低于合格线 ${f.required} 分`,
      })),
    });
  }
}

export class RevocationGroundRequiredError extends ValidationError {
  constructor(missing: ('ground' | 'basis')[]) {
    const what = missing.map((m) => (m === 'ground' ? '撤销事由（ground）' : '法律依据或决定文号（basis）'));
    super(
      'REVOCATION_GROUND_REQUIRED',
      `撤销证书须填写${what.join('和')}`,
      missing.map((m) => ({
        field: `body.${m}`,
        code: 'REQUIRED',
        message: `须填写${m === 'ground' ? '撤销事由' : '法律依据或决定文号'}`,
      })),
    );
  }
}

export class ExtensionNotAllowedError extends AppError {
  constructor(message: string) {
    super({ statusCode: 422, code: 'EXTENSION_NOT_ALLOWED', message });
  }
}

export class SigningKeyUnavailableError extends AppError {
  constructor(keyId: string) {
    super({
      statusCode: 500,
      code: 'SIGNING_KEY_UNAVAILABLE',
      message: `签名密钥 ${keyId} 的私钥不在本机（DATA_DIR/keys 或 ANZHENG_ISSUER_KEYS），无法签名`,
    });
  }
}

export class IssuerKeyConfigError extends Error {
  constructor(message: string) {
    super(`ANZHENG_ISSUER_KEYS：${message}`);
    this.name = 'IssuerKeyConfigError';
  }
}

export class InvalidIssuerCodeError extends ValidationError {
  constructor(code: string) {
    const message = `发证机关代码 ${code} 应为省级行政区划代码（如 440000）或 000000（全国）`;
    super('INVALID_ISSUER_CODE', message, [{ field: 'issuer', code: 'INVALID_ISSUER_CODE', message }]);
  }
}

export class TrustListNotFoundError extends NotFoundError {
  constructor(version: number) {
    super('TRUST_LIST_NOT_FOUND', `信任列表第 ${version} 版不存在`);
  }
}
