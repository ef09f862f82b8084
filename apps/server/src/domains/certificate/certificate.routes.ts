import {
  BatchResult,
  CERTIFICATE_ACTIONS,
  type CertificateAction,
  CertificateActionBody,
  CertificateBatchActionBody,
  CertificateBundleDocument,
  CertificateDetail,
  CertificateListQuery,
  CertificateNumberParams,
  CertificatePage,
  IssueCertificateBody,
  IssueCertificatesBatchBody,
  StatusStatementDocument,
  TrustListDocument,
  TrustListVersionParams,
} from '@anzheng/contracts';
import type { HttpServer } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { TrustListNotFoundError } from './certificate.errors.ts';
import type { CertificateService } from './certificate.service.ts';
import type { TrustListService } from './certificate.trust.ts';

const ACTION_SUMMARIES: Record<CertificateAction, string> = {
  suspend: '暂停证书（本辖区监管部门经办人/审批人）',
  reinstate: '恢复暂停的证书（本辖区经办人/审批人）',
  revoke: '撤销证书（本辖区审批人；须填写 ground 与 basis；同时记录禁考与失信名单，REQ-CERT-3）',
  cancel: '注销证书（持证人本人申请，或本辖区经办人/审批人）',
  replace: '补发/换发：发新编号证书（有效期与内容不变），原证书状态为“已补发/换发”',
  renew: '换证（延续注册）：有效期顺延一个周期，重新签名（REQ-CERT-1；过期后 90 天内可办理）',
  extend: '连续无事故延长有效期（REQ-CERT-2；每个有效期一次）',
};

export function registerCertificateRoutes(
  app: HttpServer,
  certificates: CertificateService,
  trust: TrustListService,
): void {
  const tags = ['certificates'];

  app.post(
    '/api/v1/certificates',
    {
      schema: {
        tags,
        summary: '发证：由审核通过的申请签发证书（本辖区监管部门经办人/审批人，REQ-CERT-1）',
        description:
          '考核成绩按 exam.weights 计算综合成绩，不合格返回 422 ASSESSMENT_NOT_PASSED；申请未通过 409 APPLICATION_NOT_APPROVED；' +
          '已发证 409 CERTIFICATE_EXISTS；辖区外的申请 404 APPLICATION_NOT_FOUND。suite 可选 sm2-sm3（国密，NFR-SEC-3）。',
        body: IssueCertificateBody,
        response: { 200: CertificateDetail, ...errorResponses },
      },
    },
    async (request) => certificates.issue(requireActor(request), request.body),
  );

  app.post(
    '/api/v1/certificates/batch',
    {
      schema: {
        tags,
        summary: '批量发证：每份申请单独办理（各自的事务与记录），逐项返回结果',
        body: IssueCertificatesBatchBody,
        response: { 200: BatchResult, ...errorResponses },
      },
    },
    async (request) => certificates.issueBatch(requireActor(request), request.body.items),
  );

  app.post(
    '/api/v1/certificates/batch-actions',
    {
      schema: {
        tags,
        summary: '批量办理（暂停、撤销、注销等）：同一批次号，每张证书单独记录，逐项返回结果',
        body: CertificateBatchActionBody,
        response: { 200: BatchResult, ...errorResponses },
      },
    },
    async (request) => certificates.actBatch(requireActor(request), request.body),
  );

  app.get(
    '/api/v1/certificates',
    {
      schema: {
        tags,
        summary: '证书列表（持证人：本人；企业：本单位在职人员；监管部门：本辖区），新的在前',
        description:
          'q 为证书编号（精确）或姓名（前缀）。status=expired 含已过有效期但尚未扫描的证书。游标分页。',
        querystring: CertificateListQuery,
        response: { 200: CertificatePage, ...errorResponses },
      },
    },
    async (request) => certificates.list(requireActor(request), request.query),
  );

  app.get(
    '/api/v1/certificates/:no',
    {
      schema: {
        tags,
        summary: '证书详情：办理记录与当前可执行的操作（abilities）',
        params: CertificateNumberParams,
        response: { 200: CertificateDetail, ...errorResponses },
      },
    },
    async (request) => certificates.get(requireActor(request), request.params.no),
  );

  app.get(
    '/api/v1/certificates/:no/bundle',
    {
      schema: {
        tags,
        summary: '下载电子证书文件（bundle：签名的证书内容、日志包含证明、状态声明；可离线验证）',
        params: CertificateNumberParams,
        response: { 200: CertificateBundleDocument, ...errorResponses },
      },
    },
    async (request, reply) => {
      const bundle = await certificates.bundleForActor(requireActor(request), request.params.no);
      reply.header('content-disposition', `attachment; filename="${bundle.claims.number}.bundle.json"`);
      return bundle;
    },
  );

  app.get(
    '/api/v1/certificates/:no/status',
    {
      schema: {
        tags,
        summary: '发证机关签名的状态声明：每条日志记录及其对最新检查点的包含证明',
        params: CertificateNumberParams,
        response: { 200: StatusStatementDocument, ...errorResponses },
      },
    },
    async (request) => {
      const record = await certificates.getForActor(requireActor(request), request.params.no);
      return certificates.statusStatement(record.number);
    },
  );

  for (const action of CERTIFICATE_ACTIONS) {
    app.post(
      `/api/v1/certificates/:no/${action}`,
      {
        schema: {
          tags,
          summary: ACTION_SUMMARIES[action],
          description:
            '非法的状态转换返回 409 CERTIFICATE_TRANSITION_NOT_ALLOWED，details（field=allowed）列出当前状态允许的操作。',
          params: CertificateNumberParams,
          body: CertificateActionBody,
          response: { 200: CertificateDetail, ...errorResponses },
        },
        preValidation: async (request) => {
          (request as { body: unknown }).body ??= {};
        },
      },
      async (request) =>
        certificates.act(requireActor(request), request.params.no, action, request.body ?? {}),
    );
  }

  app.get(
    '/.well-known/anzheng/trust.json',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '信任列表：发证机关与信任列表签名公钥（含有效期）、透明日志验证公钥（签名，离线验证用）',
        response: { 200: TrustListDocument, ...errorResponses },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'max-age=300');
      return trust.current();
    },
  );

  app.get(
    '/.well-known/anzheng/trust/:version',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '信任列表的某一历史版本（校验版本链：第 N+1 版由第 N 版列出的信任密钥签名）',
        params: TrustListVersionParams,
        response: { 200: TrustListDocument, ...errorResponses },
      },
    },
    async (request, reply) => {
      const list = await trust.version(request.params.version);
      if (!list) throw new TrustListNotFoundError(request.params.version);
      reply.header('cache-control', 'max-age=86400');
      return list;
    },
  );
}
