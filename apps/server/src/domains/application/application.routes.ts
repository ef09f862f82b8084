import {
  APPLICATION_ACTIONS,
  ApplicationBatchCreate,
  ApplicationBatchResult,
  ApplicationCreate,
  ApplicationDetail,
  ApplicationIdParams,
  ApplicationListQuery,
  ApplicationPage,
  ApplicationTransitionBody,
  EligibilityEvaluateBody,
  EligibilityResult,
  EligibilityRuleSet,
  EligibilityRulesQuery,
  SanctionCreate,
  SanctionList,
  SanctionView,
} from '@anzheng/contracts';
import type { HttpServer } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import type { ApplicationService } from './application.service.ts';
import type { EligibilityService } from './eligibility.service.ts';

const ACTION_SUMMARIES: Record<(typeof APPLICATION_ACTIONS)[number], string> = {
  submit:
    '提交申请（申请人本人或所在企业管理员/档案员；提交时评估报考条件，不符合返回 422 ELIGIBILITY_FAILED）',
  'start-review': '开始审核（本辖区监管部门经办人/审批人）',
  return: '退回补正（本辖区经办人/审批人；须填写理由）',
  approve: '审核通过（本辖区审批人）；通过的申请即考试候选',
  reject: '不予通过（本辖区审批人；须填写理由）',
};

export function registerApplicationRoutes(
  app: HttpServer,
  applications: ApplicationService,
  eligibility: EligibilityService,
): void {
  const eligibilityTags = ['eligibility'];
  const tags = ['applications'];

  app.post(
    '/api/v1/eligibility/evaluate',
    {
      schema: {
        tags: eligibilityTags,
        summary: '评估报考条件（本人、所在企业、本辖区监管部门）',
        description:
          '逐条列出适用的规则（国家 → 行业 → 省级分层取最具体的版本）、是否满足、期望值与实际值、中文原因和规则来源（REQ-APP-4）。' +
          '无权查看该人员时返回 404 PERSON_NOT_FOUND。',
        body: EligibilityEvaluateBody,
        response: { 200: EligibilityResult, ...errorResponses },
      },
    },
    async (request) => eligibility.evaluate(requireActor(request), request.body),
  );

  app.get(
    '/api/v1/eligibility/rules',
    {
      schema: {
        tags: eligibilityTags,
        summary: '某证书类型、等级、地区在某日适用的报考条件规则（含来源）',
        querystring: EligibilityRulesQuery,
        response: { 200: EligibilityRuleSet, ...errorResponses },
      },
    },
    async (request) => {
      requireActor(request);
      return eligibility.listRules(request.query);
    },
  );

  app.post(
    '/api/v1/persons/:id/sanctions',
    {
      schema: {
        tags: eligibilityTags,
        summary: '记录禁考或失信名单（本辖区监管部门经办人/审批人；审计）',
        description: '在效期间内该人员的报考条件评估不通过（REQ-APP-2）。',
        params: ApplicationIdParams,
        body: SanctionCreate,
        response: { 200: SanctionView, ...errorResponses },
      },
    },
    async (request) => eligibility.addSanction(requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/persons/:id/sanctions',
    {
      schema: {
        tags: eligibilityTags,
        summary: '人员的禁考、失信记录（可查看该人员档案者）',
        params: ApplicationIdParams,
        response: { 200: SanctionList, ...errorResponses },
      },
    },
    async (request) => eligibility.listSanctions(requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/applications',
    {
      schema: {
        tags,
        summary: '创建报考申请草稿（持证人本人；企业管理员/档案员为本单位在职人员，须给出 personId）',
        description:
          '默认受理地区为企业所在地（企业报名）或人员户籍地；行业默认取证书类型的行业，否则为企业行业。' +
          '同一人员同一类型等级只能有一份未办结申请（409 APPLICATION_EXISTS）。',
        body: ApplicationCreate,
        response: { 200: ApplicationDetail, ...errorResponses },
      },
    },
    async (request) => applications.createApplication(requireActor(request), request.body),
  );

  app.post(
    '/api/v1/applications/batch',
    {
      schema: {
        tags,
        summary: '企业批量报名：每人一份申请，逐人返回结果（submit=true 时同时提交）',
        body: ApplicationBatchCreate,
        response: { 200: ApplicationBatchResult, ...errorResponses },
      },
    },
    async (request) => applications.createBatch(requireActor(request), request.body),
  );

  app.get(
    '/api/v1/applications',
    {
      schema: {
        tags,
        summary: '报考申请列表（持证人：本人；企业：本单位人员；监管部门：本辖区），新的在前',
        description:
          '`state=approved` 即考试候选名单。from/to 按创建日期（北京时间）筛选。游标分页（cursor、limit）。',
        querystring: ApplicationListQuery,
        response: { 200: ApplicationPage, ...errorResponses },
      },
    },
    async (request) => applications.listApplications(requireActor(request), request.query),
  );

  app.get(
    '/api/v1/applications/:id',
    {
      schema: {
        tags,
        summary: '报考申请详情：人员（脱敏）、报考条件评估结果、办理记录、材料、可执行操作',
        params: ApplicationIdParams,
        response: { 200: ApplicationDetail, ...errorResponses },
      },
    },
    async (request) => applications.getApplication(requireActor(request), request.params.id),
  );

  for (const action of APPLICATION_ACTIONS) {
    app.post(
      `/api/v1/applications/:id/${action}`,
      {
        schema: {
          tags,
          summary: ACTION_SUMMARIES[action],
          description:
            '非法的状态转换返回 409 INVALID_TRANSITION，details 列出当前状态允许的操作。请求体可省略或为 {}。',
          params: ApplicationIdParams,
          body: ApplicationTransitionBody,
          response: { 200: ApplicationDetail, ...errorResponses },
        },
        // A transition without a reason may be posted with no body at all (after the auth hook,
        // so an anonymous caller still gets 401).
        preValidation: async (request) => {
          (request as { body: unknown }).body ??= {};
        },
      },
      async (request) =>
        applications.transition(requireActor(request), request.params.id, action, {
          reason: request.body?.reason,
        }),
    );
  }
}
