import {
  AnswerParams,
  AppealBody,
  AppealDecisionBody,
  AppealView,
  ArbitratorBody,
  AssessmentCreate,
  AssessmentMarkBody,
  AssessmentView,
  AttemptClock,
  AttemptView,
  CandidateList,
  DeliveryIdParams,
  DeliveryOptionalReasonBody,
  DeliveryReasonBody,
  EndSessionResult,
  ExamResultList,
  ExamResultView,
  GradingView,
  ItemMarkBody,
  SaveAnswerAck,
  SaveAnswerBody,
  SignalBody,
  SignalList,
  TimeGrantBody,
} from '@anzheng/contracts';
import { Type } from '@sinclair/typebox';
import type { HttpServer } from '../../../http.ts';
import { requireActor } from '../../../plugins/auth.ts';
import { errorResponses } from '../../../plugins/openapi.ts';
import type { AttemptService } from './attempt.service.ts';
import type { GradingService } from './grading.service.ts';
import type { ResultService } from './result.service.ts';

const Recorded = Type.Object({ recorded: Type.Boolean() });

/** A POST whose body may be omitted (after the auth hook, so an anonymous caller still gets 401). */
const emptyBodyOk = {
  preValidation: async (request: { body: unknown }) => {
    request.body ??= {};
  },
};

/** HTTP of exam delivery (docs/exam-delivery.md): parse, authorize, call one service function. */
export function registerDeliveryRoutes(
  app: HttpServer,
  attempts: AttemptService,
  grading: GradingService,
  results: ResultService,
): void {
  const tags = ['exam-delivery'];
  const invigilation = ['exam-invigilation'];
  const gradingTags = ['exam-grading'];

  app.post(
    '/api/v1/exam-registrations/:id/attempts',
    {
      schema: {
        tags,
        summary: '开始考试（考生本人；已签到且在本人开考时段内）；已开始时返回同一作答（续考）',
        description:
          '开考时段 = 场次开始时间 + 本人 start_offset_seconds 起 ANZHENG_EXAM_START_SLOT_SECONDS 秒（错峰开考）。' +
          '截止时间由服务器计算：开始时间 + 考试时长 + 延时 + 暂停时长。',
        params: DeliveryIdParams,
        response: { 200: AttemptView, ...errorResponses },
      },
    },
    async (request) => attempts.startAttempt(requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/attempts/:id',
    {
      schema: {
        tags,
        summary: '作答详情：试卷（按存储顺序，不含答案）、已确认的答案及序号、serverNow 与 deadlineAt',
        description:
          '客户端据 serverNow 计算时钟偏差，只显示倒计时；到时后任何读取都显示已交卷（提交时间 = 截止时间）。' +
          '考生换设备/会话时返回 409 RESUME_APPROVAL_REQUIRED，须监考人员批准。',
        params: DeliveryIdParams,
        response: { 200: AttemptView, ...errorResponses },
      },
    },
    async (request) => attempts.getAttempt(requireActor(request), request.params.id),
  );

  app.put(
    '/api/v1/attempts/:id/answers/:itemRef',
    {
      schema: {
        tags,
        summary: '自动保存一题的答案（提交确认前已持久化；序号最大者为准，重复或较小序号不会回退）',
        description:
          '截止时间 + 宽限期（默认 30 秒）后返回 409 ATTEMPT_DEADLINE_PASSED；交卷后 409 ATTEMPT_SUBMITTED；' +
          '暂停时 409 ATTEMPT_PAUSED。应答中的 seq 为服务器保存的序号，current 表示本次内容是否为当前答案。',
        params: AnswerParams,
        body: SaveAnswerBody,
        response: { 200: SaveAnswerAck, ...errorResponses },
      },
    },
    async (request) =>
      attempts.saveAnswer(requireActor(request), request.params.id, request.params.itemRef, request.body),
  );

  app.post(
    '/api/v1/attempts/:id/heartbeat',
    {
      schema: {
        tags,
        summary: '心跳：更新在线状态，返回 serverNow 与 deadlineAt',
        params: DeliveryIdParams,
        response: { 200: AttemptClock, ...errorResponses },
      },
    },
    async (request) => attempts.heartbeat(requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/attempts/:id/submit',
    {
      schema: {
        tags,
        summary: '考生交卷',
        params: DeliveryIdParams,
        response: { 200: AttemptView, ...errorResponses },
      },
      ...emptyBodyOk,
    },
    async (request) => attempts.submit(requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/attempts/:id/signals',
    {
      schema: {
        tags,
        summary: '上报异常行为信号（切屏、复制、粘贴、退出全屏、多会话）；仅记录并提示监考，不自动扣分',
        params: DeliveryIdParams,
        body: SignalBody,
        response: { 200: Recorded, ...errorResponses },
      },
    },
    async (request) => attempts.recordSignal(requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/attempts/:id/signals',
    {
      schema: {
        tags: invigilation,
        summary: '考生的异常行为信号（监考：本辖区监管部门经办人/审批人）',
        params: DeliveryIdParams,
        response: { 200: SignalList, ...errorResponses },
      },
    },
    async (request) => attempts.listSignals(requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/exam-sessions/:id/candidates',
    {
      schema: {
        tags: invigilation,
        summary: '场次考生实时列表：在线（60 秒内有保存或心跳）、已答/总题数、信号数、状态、截止时间',
        params: DeliveryIdParams,
        response: { 200: CandidateList, ...errorResponses },
      },
    },
    async (request) => attempts.listCandidates(requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/attempts/:id/time-grants',
    {
      schema: {
        tags: invigilation,
        summary: '给考生延时（记录理由，截止时间随之后移；审计）',
        params: DeliveryIdParams,
        body: TimeGrantBody,
        response: { 200: AttemptView, ...errorResponses },
      },
    },
    async (request) => attempts.grantTime(requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/attempts/:id/pause',
    {
      schema: {
        tags: invigilation,
        summary: '暂停考生的考试（暂停时间不计入考试时长）',
        params: DeliveryIdParams,
        body: DeliveryOptionalReasonBody,
        response: { 200: AttemptView, ...errorResponses },
      },
      ...emptyBodyOk,
    },
    async (request) => attempts.pause(requireActor(request), request.params.id, request.body?.reason),
  );

  app.post(
    '/api/v1/attempts/:id/resume',
    {
      schema: {
        tags: invigilation,
        summary: '恢复被暂停的考试（截止时间后移暂停时长）',
        params: DeliveryIdParams,
        body: DeliveryOptionalReasonBody,
        response: { 200: AttemptView, ...errorResponses },
      },
      ...emptyBodyOk,
    },
    async (request) => attempts.resume(requireActor(request), request.params.id, request.body?.reason),
  );

  app.post(
    '/api/v1/attempts/:id/resume-approvals',
    {
      schema: {
        tags: invigilation,
        summary: '批准考生在新设备/会话上续考（一次批准放行一个新会话；记录并审计）',
        params: DeliveryIdParams,
        body: DeliveryReasonBody,
        response: { 200: AttemptView, ...errorResponses },
      },
    },
    async (request) => attempts.approveResume(requireActor(request), request.params.id, request.body.reason),
  );

  app.post(
    '/api/v1/exam-sessions/:id/end',
    {
      schema: {
        tags: invigilation,
        summary: '结束场次：所有未交卷的作答立即交卷（已到时的按截止时间），场次关闭',
        params: DeliveryIdParams,
        response: { 200: EndSessionResult, ...errorResponses },
      },
      ...emptyBodyOk,
    },
    async (request) => attempts.endSession(requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/attempts/:id/grade',
    {
      schema: {
        tags: gradingTags,
        summary: '客观题自动评分（考评员或本辖区监管部门）；主观题等待评分',
        params: DeliveryIdParams,
        response: { 200: GradingView, ...errorResponses },
      },
      ...emptyBodyOk,
    },
    async (request) => grading.gradeAttempt(requireActor(request), request.params.id),
  );

  app.put(
    '/api/v1/attempts/:id/item-marks/:itemRef',
    {
      schema: {
        tags: gradingTags,
        summary: '主观题（简答、案例分析）评分（考评员；审计）',
        params: AnswerParams,
        body: ItemMarkBody,
        response: { 200: GradingView, ...errorResponses },
      },
    },
    async (request) =>
      grading.markItem(requireActor(request), request.params.id, request.params.itemRef, request.body),
  );

  app.post(
    '/api/v1/exam-registrations/:id/assessments',
    {
      schema: {
        tags: gradingTags,
        summary: '创建实操或业绩考核评分任务：评分细则与两名考评员（双评，互相不可见）',
        description:
          '两评分差超过阈值（默认满分的 10%）时由监管部门指定第三名考评员仲裁，以仲裁分为准；否则取平均分。',
        params: DeliveryIdParams,
        body: AssessmentCreate,
        response: { 200: AssessmentView, ...errorResponses },
      },
    },
    async (request) => grading.createAssessment(requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/exam-assessments/:id',
    {
      schema: {
        tags: gradingTags,
        summary: '考核评分任务（考评员在两评都提交前只能看到自己的评分）',
        params: DeliveryIdParams,
        response: { 200: AssessmentView, ...errorResponses },
      },
    },
    async (request) => grading.getAssessment(requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/exam-assessments/:id/marks',
    {
      schema: {
        tags: gradingTags,
        summary: '提交评分（按评分细则逐项给分；提交后不能修改；审计）',
        params: DeliveryIdParams,
        body: AssessmentMarkBody,
        response: { 200: AssessmentView, ...errorResponses },
      },
    },
    async (request) => grading.submitMark(requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/exam-assessments/:id/arbitrator',
    {
      schema: {
        tags: gradingTags,
        summary: '指定仲裁考评员（两评分差超过阈值时；本辖区监管部门）',
        params: DeliveryIdParams,
        body: ArbitratorBody,
        response: { 200: AssessmentView, ...errorResponses },
      },
    },
    async (request) =>
      grading.assignArbitrator(requireActor(request), request.params.id, request.body.arbitratorId),
  );

  app.post(
    '/api/v1/exam-registrations/:id/results',
    {
      schema: {
        tags: gradingTags,
        summary:
          '发布综合成绩（本辖区监管部门）：按 exam.weights、exam.pass_rules、硕士加分计算，写入透明日志',
        params: DeliveryIdParams,
        response: { 200: ExamResultView, ...errorResponses },
      },
      ...emptyBodyOk,
    },
    async (request) => results.publish(requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/me/exam-results',
    {
      schema: {
        tags: gradingTags,
        summary: '我的考试成绩（各版本，新的在前；含成绩承诺的盐值，用于核验日志）',
        response: { 200: ExamResultList, ...errorResponses },
      },
    },
    async (request) => results.listMine(requireActor(request)),
  );

  app.get(
    '/api/v1/exam-results/:id',
    {
      schema: {
        tags: gradingTags,
        summary: '考试成绩（考生本人或本辖区监管部门）',
        params: DeliveryIdParams,
        response: { 200: ExamResultView, ...errorResponses },
      },
    },
    async (request) => results.getResult(requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/exam-results/:id/appeals',
    {
      schema: {
        tags: gradingTags,
        summary: '申请成绩复核（考生本人；发布后 15 天内，ANZHENG_EXAM_APPEAL_DAYS）',
        params: DeliveryIdParams,
        body: AppealBody,
        response: { 200: AppealView, ...errorResponses },
      },
    },
    async (request) => results.fileAppeal(requireActor(request), request.params.id, request.body.reason),
  );

  app.post(
    '/api/v1/exam-appeals/:id/decide',
    {
      schema: {
        tags: gradingTags,
        summary: '复核结论（本辖区监管部门）：更正成绩时生成新的成绩版本，审计并写入透明日志',
        params: DeliveryIdParams,
        body: AppealDecisionBody,
        response: { 200: AppealView, ...errorResponses },
      },
    },
    async (request) => results.decideAppeal(requireActor(request), request.params.id, request.body),
  );
}
