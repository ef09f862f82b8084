import {
  AppError,
  type ApplicationAction,
  type ApplicationState,
  ConflictError,
  NotFoundError,
  ValidationError,
} from '@anzheng/contracts';
import type { RuleOutcome } from './eligibility.evaluate.ts';

export class ApplicationNotFoundError extends NotFoundError {
  constructor() {
    super('APPLICATION_NOT_FOUND', '报考申请不存在');
  }
}

const STATE_NAMES: Record<ApplicationState, string> = {
  draft: '草稿',
  submitted: '已提交',
  under_review: '审核中',
  returned: '退回补正',
  approved: '审核通过',
  rejected: '不予通过',
};

const ACTION_NAMES: Record<ApplicationAction, string> = {
  submit: '提交',
  'start-review': '开始审核',
  return: '退回补正',
  approve: '审核通过',
  reject: '不予通过',
};

/** An action the state machine does not allow from the current state; details list the legal ones. */
export class InvalidTransitionError extends ConflictError {
  constructor(state: ApplicationState, action: ApplicationAction, allowed: ApplicationAction[]) {
    super(
      'INVALID_TRANSITION',
      `申请当前状态为“${STATE_NAMES[state]}”，不能执行“${ACTION_NAMES[action]}”` +
        (allowed.length > 0 ? `；可执行：${allowed.map((a) => ACTION_NAMES[a]).join('、')}` : '；申请已办结'),
      allowed.map((a) => ({ field: 'action', code: a, message: ACTION_NAMES[a] })),
    );
  }
}

/** 422: submission refused because rules failed; details name each failed rule and why (REQ-APP-4). */
export class EligibilityFailedError extends AppError {
  constructor(failed: RuleOutcome[]) {
    super({
      statusCode: 422,
      code: 'ELIGIBILITY_FAILED',
      message: `不符合报考条件：${failed.map((f) => f.reason).join('；')}`,
      details: failed.map((f) => ({
        field: `rules.${f.ruleKey}`,
        code: f.kind.toUpperCase(),
        message: f.reason,
      })),
    });
  }
}

export class ReasonRequiredError extends ValidationError {
  constructor() {
    const message = '退回或不予通过时必须填写理由';
    super('REASON_REQUIRED', message, [{ field: 'body.reason', code: 'REQUIRED', message }]);
  }
}

export class ApplicationExistsError extends ConflictError {
  constructor() {
    super('APPLICATION_EXISTS', '该人员已有同一证书类型和等级的未办结申请');
  }
}

export class ApplicationClosedError extends ConflictError {
  constructor() {
    super('APPLICATION_CLOSED', '申请已办结，不能再添加材料');
  }
}

export class UnknownCertificateTypeError extends ValidationError {
  constructor(field: string, code: string) {
    const message = `证书类型 ${code} 不存在或已停用`;
    super('UNKNOWN_CERTIFICATE_TYPE', message, [{ field, code: 'UNKNOWN_CERTIFICATE_TYPE', message }]);
  }
}

export class LevelNotOfferedError extends ValidationError {
  constructor(field: string, typeCode: string, level: string) {
    const message = `证书类型 ${typeCode} 没有等级 ${level}`;
    super('LEVEL_NOT_OFFERED', message, [{ field, code: 'LEVEL_NOT_OFFERED', message }]);
  }
}

export class PersonIdRequiredError extends ValidationError {
  constructor() {
    const message = '企业为员工报名时须指定人员（personId）';
    super('PERSON_ID_REQUIRED', message, [{ field: 'body.personId', code: 'REQUIRED', message }]);
  }
}

export class NoLinkedPersonError extends AppError {
  constructor() {
    super({
      statusCode: 409,
      code: 'NO_LINKED_PERSON',
      message: '您的账号尚未关联人员档案，请联系所在单位或监管部门关联后再报名',
      error: 'Conflict',
    });
  }
}

export class InvalidSanctionPeriodError extends ValidationError {
  constructor() {
    const message = '结束日期不能早于开始日期';
    super('INVALID_PERIOD', message, [{ field: 'body.endsOn', code: 'INVALID_PERIOD', message }]);
  }
}

/** No rule applies to the question: a configuration gap, never a silent pass. */
export class EligibilityRulesMissingError extends AppError {
  constructor(typeCode: string, level: string, at: string) {
    super({
      statusCode: 500,
      code: 'ELIGIBILITY_RULES_MISSING',
      message: `没有适用于证书类型 ${typeCode}、等级 ${level} 在 ${at} 的报考条件规则，请联系系统管理员`,
    });
  }
}
