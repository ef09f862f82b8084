import { AppError, ConflictError, NotFoundError, ValidationError } from '@anzheng/contracts';

export class AttemptNotFoundError extends NotFoundError {
  constructor() {
    super('ATTEMPT_NOT_FOUND', '考试作答记录不存在');
  }
}

export class RegistrationNotFoundError extends NotFoundError {
  constructor() {
    super('EXAM_REGISTRATION_NOT_FOUND', '考试安排（准考证）不存在');
  }
}

export class SessionNotFoundError extends NotFoundError {
  constructor() {
    super('EXAM_SESSION_NOT_FOUND', '考试场次不存在');
  }
}

export class AssessmentNotFoundError extends NotFoundError {
  constructor() {
    super('ASSESSMENT_NOT_FOUND', '考核评分任务不存在');
  }
}

export class ResultNotFoundError extends NotFoundError {
  constructor() {
    super('EXAM_RESULT_NOT_FOUND', '考试成绩不存在');
  }
}

export class AppealNotFoundError extends NotFoundError {
  constructor() {
    super('EXAM_APPEAL_NOT_FOUND', '成绩复核申请不存在');
  }
}

export class ItemNotOnPaperError extends NotFoundError {
  constructor(ref: string) {
    super('ITEM_NOT_ON_PAPER', `试卷中没有题目 ${ref}`);
  }
}

export class NotCheckedInError extends ConflictError {
  constructor() {
    super('NOT_CHECKED_IN', '尚未签到（验证准考证与身份证件）的考生不能开始考试');
  }
}

export class StartSlotError extends ConflictError {
  constructor(opensAt: Date, closesAt: Date, now: Date) {
    super(
      now < opensAt ? 'START_SLOT_NOT_OPEN' : 'START_SLOT_CLOSED',
      now < opensAt
        ? `未到您的开考时段，请于 ${opensAt.toISOString()} 后开始`
        : `您的开考时段已于 ${closesAt.toISOString()} 结束，请联系监考人员`,
    );
  }
}

export class NoPaperError extends ConflictError {
  constructor() {
    super('PAPER_NOT_ASSEMBLED', '该考生的试卷尚未生成，请联系监考人员');
  }
}

export class DeadlinePassedError extends ConflictError {
  constructor(deadline: Date) {
    super('ATTEMPT_DEADLINE_PASSED', `考试已于 ${deadline.toISOString()} 结束，答案不再接收`);
  }
}

export class AttemptSubmittedError extends ConflictError {
  constructor() {
    super('ATTEMPT_SUBMITTED', '试卷已交卷，答案不再接收');
  }
}

export class AttemptPausedError extends ConflictError {
  constructor() {
    super('ATTEMPT_PAUSED', '监考人员已暂停您的考试，暂停期间不计时也不能作答');
  }
}

export class AttemptNotPausedError extends ConflictError {
  constructor() {
    super('ATTEMPT_NOT_PAUSED', '该考生的考试未处于暂停状态');
  }
}

export class AttemptNotOpenError extends ConflictError {
  constructor() {
    super('ATTEMPT_NOT_IN_PROGRESS', '考试已结束（已交卷或已到时），不能执行此操作');
  }
}

/** 409: another login session (machine) — an invigilator must approve the resume first. */
export class ResumeApprovalRequiredError extends AppError {
  constructor() {
    super({
      statusCode: 409,
      code: 'RESUME_APPROVAL_REQUIRED',
      message: '您在新的设备或会话中继续考试，需要监考人员批准后才能继续作答',
      error: 'Conflict',
    });
  }
}

export class InvalidResponseError extends ValidationError {
  constructor(field: string, message: string) {
    super('INVALID_RESPONSE', message, [{ field, code: 'INVALID_RESPONSE', message }]);
  }
}

export class AttemptNotFinishedError extends ConflictError {
  constructor() {
    super('ATTEMPT_NOT_FINISHED', '考试尚未结束（未交卷且未到截止时间加宽限期），不能评分');
  }
}

export class MarkerNotNeededError extends ConflictError {
  constructor(ref: string) {
    super('ITEM_AUTO_SCORED', `题目 ${ref} 为客观题，由系统自动评分`);
  }
}

export class PointsOutOfRangeError extends ValidationError {
  constructor(field: string, max: number) {
    const message = `分数应在 0 到 ${max} 之间`;
    super('POINTS_OUT_OF_RANGE', message, [{ field, code: 'POINTS_OUT_OF_RANGE', message }]);
  }
}

export class UnknownAssessorError extends ValidationError {
  constructor(field: string) {
    const message = '指定的用户不存在或不是评估机构考评员';
    super('UNKNOWN_ASSESSOR', message, [{ field, code: 'UNKNOWN_ASSESSOR', message }]);
  }
}

export class SameAssessorError extends ValidationError {
  constructor(field: string) {
    const message = '双人评分的两名考评员与仲裁人必须是不同的人';
    super('SAME_ASSESSOR', message, [{ field, code: 'SAME_ASSESSOR', message }]);
  }
}

export class AssessmentExistsError extends ConflictError {
  constructor() {
    super('ASSESSMENT_EXISTS', '该考生的这一项考核已创建评分任务');
  }
}

export class AlreadyMarkedError extends ConflictError {
  constructor() {
    super('ALREADY_MARKED', '您已提交过评分，评分提交后不能修改（如有异议请走复核）');
  }
}

export class NotArbitrationError extends ConflictError {
  constructor() {
    super('ARBITRATION_NOT_NEEDED', '两名考评员的评分差未超过阈值或尚未都提交，不需要仲裁');
  }
}

export class ResultNotReadyError extends ConflictError {
  constructor(what: string) {
    super('RESULT_NOT_READY', `${what}，暂不能发布成绩`);
  }
}

export class ResultExistsError extends ConflictError {
  constructor() {
    super('RESULT_EXISTS', '该考生的成绩已发布；更正成绩请通过复核申请');
  }
}

export class AppealWindowClosedError extends ConflictError {
  constructor(until: string) {
    super('APPEAL_WINDOW_CLOSED', `复核申请期限已于 ${until} 截止`);
  }
}

export class AppealExistsError extends ConflictError {
  constructor() {
    super('APPEAL_EXISTS', '该成绩已有待处理的复核申请');
  }
}

export class AppealDecidedError extends ConflictError {
  constructor() {
    super('APPEAL_DECIDED', '该复核申请已有处理结论');
  }
}

export class ScoresRequiredError extends ValidationError {
  constructor() {
    const message = '复核更正成绩时须给出至少一项更正后的分数';
    super('SCORES_REQUIRED', message, [{ field: 'body.scores', code: 'REQUIRED', message }]);
  }
}
