import {
  CheckInBody,
  IdParams,
  RegistrationList,
  RegistrationView,
  ScheduleBody,
  ScheduleResult,
  SessionCreate,
  SessionListQuery,
  SessionPage,
  SessionView,
  TicketParams,
  TicketVerification,
} from '@anzheng/contracts';
import { Type } from '@sinclair/typebox';
import type { HttpServer } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import type { SessionService } from './session.service.ts';

const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

/** 考试场次、考试安排、准考证与签到 API (docs/exam.md §Sessions). */
export function registerSessionRoutes(app: HttpServer, sessions: SessionService): void {
  const tags = ['exam-sessions'];

  app.post(
    '/api/v1/exam-sessions',
    {
      schema: {
        tags,
        summary: '新建考试场次（本辖区监管部门）：考点、开考时间窗、容量、蓝图',
        description:
          'startsAt 为开考时间窗起点；考生在 startWindowSeconds 内错峰开考（按座位号均匀分布）。蓝图须已启用。',
        body: SessionCreate,
        response: { 200: SessionView, ...errorResponses },
      },
    },
    async (request) => sessions.create(requireActor(request), request.body),
  );

  app.get(
    '/api/v1/exam-sessions',
    {
      schema: {
        tags,
        summary: '考试场次列表（本辖区，新的在前）',
        querystring: SessionListQuery,
        response: { 200: SessionPage, ...errorResponses },
      },
    },
    async (request) => sessions.list(requireActor(request), request.query),
  );

  app.get(
    '/api/v1/exam-sessions/:id',
    {
      schema: {
        tags,
        summary: '考试场次详情',
        params: IdParams,
        response: { 200: SessionView, ...errorResponses },
      },
    },
    async (request) => sessions.get(requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/exam-sessions/:id/registrations',
    {
      schema: {
        tags,
        summary: '安排考生（审核通过的申请）：分配座位号、准考证号、错峰开考时间并组卷',
        description:
          '申请须为审核通过、证书类型与等级与蓝图一致、受理地区在场次行政区划内，且未安排过；逐条返回失败原因，其余照常安排。' +
          '容量满时 SESSION_FULL。每名考生的试卷在安排时按蓝图随机抽取（种子保存，可复现）；题库不足时整批失败（409 BANK_TOO_SMALL，指明配额）。',
        params: IdParams,
        body: ScheduleBody,
        response: { 200: ScheduleResult, ...errorResponses },
      },
    },
    async (request) =>
      sessions.schedule(requireActor(request), request.params.id, request.body.applicationIds),
  );

  app.get(
    '/api/v1/exam-sessions/:id/registrations',
    {
      schema: {
        tags,
        summary: '场次考生名单（按座位号；姓名、证件号脱敏）',
        params: IdParams,
        response: { 200: RegistrationList, ...errorResponses },
      },
    },
    async (request) => sessions.registrations(requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/exam-sessions/:id/check-in',
    {
      schema: {
        tags,
        summary: '考生签到：准考证号 + 身份证件号码（本辖区监管部门或考评员）',
        description:
          '证件号码经盲索引与档案比对，不保存、不记录；不匹配或不在本场次均返回 422 CHECK_IN_MISMATCH，重复签到 409 ALREADY_CHECKED_IN。',
        params: IdParams,
        body: CheckInBody,
        response: { 200: RegistrationView, ...errorResponses },
      },
    },
    async (request) => sessions.checkIn(requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/exam-sessions/:id/:action',
    {
      schema: {
        tags,
        summary: 'open 开放（可签到、开考）· close 结束（未签到者记为缺考）',
        params: Type.Object({
          id: Type.String({ format: 'uuid' }),
          action: Type.Union([Type.Literal('open'), Type.Literal('close')]),
        }),
        response: { 200: SessionView, ...errorResponses },
      },
    },
    async (request) => sessions.setState(requireActor(request), request.params.id, request.params.action),
  );

  app.get(
    '/api/v1/exam-registrations',
    {
      schema: {
        tags,
        summary: '我的考试安排（持证人本人）',
        response: { 200: RegistrationList, ...errorResponses },
      },
    },
    async (request) => sessions.mine(requireActor(request)),
  );

  app.get(
    '/api/v1/exam-registrations/:id',
    {
      schema: {
        tags,
        summary: '考试安排详情（考生本人或本辖区监管部门）',
        params: IdParams,
        response: { 200: RegistrationView, ...errorResponses },
      },
    },
    async (request) => sessions.registration(requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/exam-registrations/:id/cancel',
    {
      schema: {
        tags,
        summary: '取消考试安排（本辖区监管部门；已签到的不能取消）',
        params: IdParams,
        response: { 200: RegistrationView, ...errorResponses },
      },
    },
    async (request) => sessions.cancel(requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/exam-registrations/:id/ticket.pdf',
    {
      schema: {
        tags,
        summary: '下载准考证 PDF（考生本人或本辖区监管部门）',
        description: '含二维码（准考证号与核验地址，不含身份证号）；证件号码脱敏显示。',
        params: IdParams,
        produces: ['application/pdf'],
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { pdf, ticketNo } = await sessions.ticketPdf(requireActor(request), request.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="admission-ticket-${ticketNo}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  app.get(
    '/api/v1/exam-tickets/:ticketNo',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '核验准考证（公开；准考证二维码指向此地址）：场次、考点、座位、开考时间、脱敏姓名',
        params: TicketParams,
        response: { 200: TicketVerification, ...errorResponses },
      },
    },
    async (request) => sessions.verifyTicket(request.params.ticketNo),
  );
}
