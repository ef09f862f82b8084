import {
  CertificateTypeCreate,
  CertificateTypeList,
  CertificateTypeParams,
  CertificateTypePatch,
  CertificateTypeView,
  IndustryList,
  ResolvedRuleView,
  RuleParameterCreate,
  RuleParameterListQuery,
  RuleParameterPage,
  RuleParameterView,
  RuleResolveQuery,
} from '@anzheng/contracts';
import type { FastifyRequest } from 'fastify';
import type { HttpServer } from '../../http.ts';
import { requireActor, requireRole } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import type { Role } from '../identity/roles.ts';
import type { ReferenceService } from './reference.service.ts';

/** Roles that may reach the mutating routes; the policy (reference.policy.ts) decides the rest. */
const REFERENCE_EDITORS: readonly Role[] = ['system_admin', 'regulator_approver'];

// Guards run before body validation, so a caller without a session gets 401, not a list of
// field errors for a route they may not use.
const editorsOnly = async (request: FastifyRequest) => {
  await requireRole(request, REFERENCE_EDITORS);
};
const signedIn = async (request: FastifyRequest) => {
  requireActor(request);
};

export function registerReferenceRoutes(app: HttpServer, reference: ReferenceService): void {
  app.get(
    '/api/v1/industries',
    {
      config: { public: true },
      schema: {
        tags: ['reference'],
        summary: '行业列表',
        description:
          'GB/T 4754-2017 门类及其下的安全监管行业；`highRisk` 标出《安全生产法》第二十四条所列高危行业。公开数据。',
        response: { 200: IndustryList, ...errorResponses },
      },
    },
    async () => ({ items: await reference.listIndustries() }),
  );

  app.get(
    '/api/v1/certificate-types',
    {
      config: { public: true },
      schema: {
        tags: ['reference'],
        summary: '证书类型列表',
        description: '通用证书（00）与各行业专项证书，含等级、模块与胜任力模型。公开数据。',
        response: { 200: CertificateTypeList, ...errorResponses },
      },
    },
    async (request) => ({ items: await reference.listCertificateTypes(request.actor ?? null) }),
  );

  app.get(
    '/api/v1/certificate-types/:code',
    {
      config: { public: true },
      schema: {
        tags: ['reference'],
        summary: '证书类型详情',
        params: CertificateTypeParams,
        response: { 200: CertificateTypeView, ...errorResponses },
      },
    },
    async (request) => reference.getCertificateType(request.params.code, request.actor ?? null),
  );

  app.post(
    '/api/v1/certificate-types',
    {
      schema: {
        tags: ['reference'],
        summary: '新增证书类型',
        description:
          '系统管理员或国家级审批人（辖区 000000）可用。新类型无需改代码即可在申请、考试、发证中使用（REQ-TYPE-3）。' +
          '代码已被使用返回 409 `CERTIFICATE_TYPE_EXISTS`。',
        body: CertificateTypeCreate,
        response: { 200: CertificateTypeView, ...errorResponses },
      },
      preValidation: editorsOnly,
    },
    async (request) => reference.createCertificateType(requireActor(request), request.body),
  );

  app.patch(
    '/api/v1/certificate-types/:code',
    {
      schema: {
        tags: ['reference'],
        summary: '修改证书类型',
        description: '代码与类别（kind）不可修改；停用请设 `status: retired` 与 `effectiveTo`。',
        params: CertificateTypeParams,
        body: CertificateTypePatch,
        response: { 200: CertificateTypeView, ...errorResponses },
      },
      preValidation: editorsOnly,
    },
    async (request) =>
      reference.updateCertificateType(requireActor(request), request.params.code, request.body),
  );

  app.get(
    '/api/v1/rule-parameters',
    {
      schema: {
        tags: ['reference'],
        summary: '规则参数版本列表',
        description:
          '筛选条件按“适用于”理解：`certificateTypeCode`、`level`、`industryCode` 还包括未指定该项（适用于全部）的版本，' +
          '`divisionCode` 包括国家层与其上级区划的版本；`at` 只列出该日有效的版本。按 id 排序，游标分页。',
        querystring: RuleParameterListQuery,
        response: { 200: RuleParameterPage, ...errorResponses },
      },
      preValidation: signedIn,
    },
    async (request) => {
      return reference.listRuleParameters(request.query);
    },
  );

  app.get(
    '/api/v1/rule-parameters/resolve',
    {
      schema: {
        tags: ['reference'],
        summary: '求规则参数的生效值',
        description:
          '地方层优先于行业层，行业层优先于国家层；同层内指定证书类型/等级的版本优先，再取生效日期最晚者。' +
          '没有任何适用版本时返回 500 `RULE_PARAMETER_MISSING`（配置缺失）。',
        querystring: RuleResolveQuery,
        response: { 200: ResolvedRuleView, ...errorResponses },
      },
      preValidation: signedIn,
    },
    async (request) => {
      return reference.resolveRule(request.query);
    },
  );

  app.post(
    '/api/v1/rule-parameters',
    {
      schema: {
        tags: ['reference'],
        summary: '新增规则参数版本',
        description:
          '规则参数只增不改：新值是生效日期更晚的新版本。国家层、行业层由系统管理员或国家级审批人添加；' +
          '地方层由辖区包含该区划的审批人添加。',
        body: RuleParameterCreate,
        response: { 200: RuleParameterView, ...errorResponses },
      },
      preValidation: editorsOnly,
    },
    async (request) => reference.createRuleParameter(requireActor(request), request.body),
  );
}
