import {
  AppError,
  ConflictError,
  type ErrorDetail,
  NotFoundError,
  ValidationError,
} from '@anzheng/contracts';

/** Errors of the item bank, blueprints, papers and sessions (docs/exam.md). */

export class ItemNotFoundError extends NotFoundError {
  constructor() {
    super('ITEM_NOT_FOUND', '试题不存在');
  }
}

export class ItemVersionNotFoundError extends NotFoundError {
  constructor() {
    super('ITEM_VERSION_NOT_FOUND', '试题版本不存在');
  }
}

export class BlueprintNotFoundError extends NotFoundError {
  constructor() {
    super('BLUEPRINT_NOT_FOUND', '考试蓝图不存在');
  }
}

export class SessionNotFoundError extends NotFoundError {
  constructor() {
    super('EXAM_SESSION_NOT_FOUND', '考试场次不存在');
  }
}

export class RegistrationNotFoundError extends NotFoundError {
  constructor() {
    super('EXAM_REGISTRATION_NOT_FOUND', '考试安排不存在');
  }
}

/** 400 with one detail per problem of an item's content, each naming the field. */
export class InvalidItemError extends ValidationError {
  constructor(details: ErrorDetail[]) {
    super('INVALID_ITEM', `试题内容有误：${details.map((d) => d.message).join('；')}`, details);
  }
}

export class InvalidBlueprintError extends ValidationError {
  constructor(details: ErrorDetail[]) {
    super('INVALID_BLUEPRINT', `考试蓝图有误：${details.map((d) => d.message).join('；')}`, details);
  }
}

export class UnknownCertificateTypeError extends ValidationError {
  constructor(field: string, code: string) {
    super('UNKNOWN_CERTIFICATE_TYPE', `${field}：证书类型“${code}”不存在或已停用`, [
      { field, code: 'UNKNOWN_CERTIFICATE_TYPE', message: `证书类型“${code}”不存在或已停用` },
    ]);
  }
}

export class InvalidLevelError extends ValidationError {
  constructor(field: string, level: string, typeCode: string) {
    super('INVALID_LEVEL', `${field}：证书类型“${typeCode}”没有等级“${level}”`, [
      { field, code: 'INVALID_LEVEL', message: `证书类型“${typeCode}”没有等级“${level}”` },
    ]);
  }
}

export class InvalidModuleError extends ValidationError {
  constructor(field: string, module: string, allowed: string[]) {
    super('INVALID_MODULE', `${field}：模块“${module}”不属于该证书类型；可选：${allowed.join('、')}`, [
      { field, code: 'INVALID_MODULE', message: `模块“${module}”不属于该证书类型` },
    ]);
  }
}

export class InvalidCompetencyError extends ValidationError {
  constructor(field: string, code: string) {
    super('INVALID_COMPETENCY', `${field}：能力项“${code}”既不是该证书类型的模块，也不在该等级的能力模型中`, [
      { field, code: 'INVALID_COMPETENCY', message: `能力项“${code}”不在能力模型中` },
    ]);
  }
}

const ITEM_STATE_NAMES: Record<string, string> = {
  draft: '草稿',
  in_review: '待审核',
  approved: '已通过',
  retired: '已停用',
};
const ITEM_ACTION_NAMES: Record<string, string> = {
  submit: '提交审核',
  approve: '审核通过',
  reject: '退回修改',
  retire: '停用',
};

export class ItemInvalidTransitionError extends ConflictError {
  constructor(state: string, action: string) {
    super(
      'ITEM_INVALID_TRANSITION',
      `试题当前状态为“${ITEM_STATE_NAMES[state] ?? state}”，不能执行“${ITEM_ACTION_NAMES[action] ?? action}”`,
    );
  }
}

/** REQ-EXAM-3: the author of a version never approves it (four-eyes). */
export class SelfReviewError extends AppError {
  constructor() {
    super({
      statusCode: 403,
      code: 'ITEM_SELF_REVIEW',
      message: '不能审核自己编写的试题，请由其他考评员审核',
      error: 'Forbidden',
    });
  }
}

export class ReviewNoteRequiredError extends ValidationError {
  constructor() {
    super('REVIEW_NOTE_REQUIRED', 'note：退回修改时必须填写审核意见', [
      { field: 'body.note', code: 'REQUIRED', message: '退回修改时必须填写审核意见' },
    ]);
  }
}

/** Paper assembly could not meet a quota: the paper is never short (REQ-EXAM-1). */
export class BankTooSmallError extends ConflictError {
  constructor(
    readonly section: string,
    readonly quotaLabel: string,
    readonly needed: number,
    readonly available: number,
  ) {
    super(
      'BANK_TOO_SMALL',
      `题库不足：第“${section}”部分的配额“${quotaLabel}”需要 ${needed} 道已通过试题，仅有 ${available} 道可用`,
      [
        {
          field: `sections.${section}`,
          code: 'BANK_TOO_SMALL',
          message: `${quotaLabel}：需要 ${needed}，可用 ${available}`,
        },
      ],
    );
  }
}

export class BlueprintNotActiveError extends ConflictError {
  constructor() {
    super('BLUEPRINT_NOT_ACTIVE', 'blueprintId：考试蓝图未启用，不能用于安排考试');
  }
}

export class SessionFullError extends ConflictError {
  constructor(capacity: number) {
    super('SESSION_FULL', `考场容量已满（${capacity} 人）`);
  }
}

export class SessionClosedError extends ConflictError {
  constructor() {
    super('EXAM_SESSION_CLOSED', '考试场次已结束，不能再安排或签到');
  }
}

export class SessionStartInPastError extends ValidationError {
  constructor() {
    super('SESSION_START_IN_PAST', 'startsAt：考试开始时间必须晚于当前时间', [
      { field: 'body.startsAt', code: 'IN_PAST', message: '考试开始时间必须晚于当前时间' },
    ]);
  }
}

export class InvalidSessionDivisionError extends ValidationError {
  constructor(code: string) {
    super('INVALID_DIVISION_CODE', `divisionCode：行政区划代码“${code}”不存在或已撤销`, [
      { field: 'body.divisionCode', code: 'INVALID_DIVISION_CODE', message: `行政区划代码“${code}”无效` },
    ]);
  }
}

export class CheckInMismatchError extends AppError {
  constructor() {
    super({
      statusCode: 422,
      code: 'CHECK_IN_MISMATCH',
      message: '准考证号与身份证件号码不匹配，或该考生不在本场次',
      error: 'Unprocessable Entity',
    });
  }
}

export class AlreadyCheckedInError extends ConflictError {
  constructor(at: Date) {
    super('ALREADY_CHECKED_IN', `该考生已于 ${at.toISOString()} 签到`);
  }
}

export class RegistrationCancelledError extends ConflictError {
  constructor() {
    super('EXAM_REGISTRATION_CANCELLED', '该考试安排已取消');
  }
}

export class ItemImportFileError extends ValidationError {
  constructor(message: string) {
    super('ITEM_IMPORT_FILE', message);
  }
}
