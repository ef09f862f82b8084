import {
  CertificateNumber,
  CreateShareLinkBody,
  SharedCertificateView,
  ShareLinkView,
} from '@anzheng/contracts';
import { type TSchema, Type } from '@sinclair/typebox';
import type { HttpServer } from '../../../http.ts';
import { requireActor } from '../../../plugins/auth.ts';
import { errorResponses } from '../../../plugins/openapi.ts';
import { STATUS_LIST_ID_PATTERN } from './outputs.credentials.ts';
import type { createRateLimiter } from './outputs.rate-limit.ts';
import type { CertificateOutputsService } from './outputs.service.ts';
import type { ShareLinkService } from './share-links.service.ts';

const NumberParams = Type.Object({ no: CertificateNumber });
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'PDF 文件' });
/** JSON-LD documents: the main members described, everything else passed through. */
const JsonLd = (description: string, properties: Record<string, TSchema> = {}) =>
  Type.Object(
    { '@context': Type.Array(Type.Any()), id: Type.String(), type: Type.Optional(Type.Any()), ...properties },
    { additionalProperties: true, description },
  );
const Proof = Type.Object(
  {
    type: Type.Literal('DataIntegrityProof'),
    cryptosuite: Type.Literal('eddsa-jcs-2022'),
    created: Type.String(),
    verificationMethod: Type.String(),
    proofPurpose: Type.String(),
    proofValue: Type.String(),
  },
  { additionalProperties: true },
);

export function registerCertificateOutputRoutes(
  app: HttpServer,
  outputs: CertificateOutputsService,
  shareLinks: ShareLinkService,
  publicLimiter: ReturnType<typeof createRateLimiter>,
): void {
  const tags = ['certificates'];

  app.get(
    '/api/v1/certificates/:no/pdf',
    {
      schema: {
        tags,
        summary: '下载电子证书 PDF（持证人本人或有权查看该证书者；内嵌签名数据包 <no>.bundle.json）',
        description:
          'A4 竖版，含二维码（核验地址，不含身份证号）、持证人照片（如有）与状态印章（非有效证书）。' +
          '无权查看时返回 404 CERTIFICATE_NOT_FOUND。每次下载记入审计。',
        params: NumberParams,
        produces: ['application/pdf'],
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (request, reply) => {
      const pdf = await outputs.certificatePdf(requireActor(request), request.params.no);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${pdf.filename}"`)
        .header('cache-control', 'private, no-store')
        .send(pdf.bytes);
    },
  );

  app.get(
    '/api/v1/certificates/:no/vc',
    {
      schema: {
        tags,
        summary: '导出 W3C 可验证凭证 VC 2.0（eddsa-jcs-2022 签名，含撤销/暂停两个 Bitstring 状态条目）',
        description:
          '发证机关 `issuer` 为 `<公开地址>/issuers/<机关代码>`，验证方法为其 Multikey；凭证不含身份证号（REQ-TECH-7）。',
        params: NumberParams,
        response: {
          200: JsonLd('VerifiableCredential（SafetyManagementCertificate）', {
            credentialSubject: Type.Any(),
            credentialStatus: Type.Any(),
            proof: Proof,
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const vc = await outputs.certificateCredential(requireActor(request), request.params.no);
      return reply.header('cache-control', 'private, no-store').send(vc);
    },
  );

  app.get(
    '/issuers/:code',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '发证机关的控制者文档（W3C CID：Ed25519 公钥 Multikey），VC 与状态列表的验证方法在此解析',
        params: Type.Object({
          code: Type.String({ pattern: '^[0-9]{6}$', description: '发证机关行政区划代码' }),
        }),
        response: {
          200: JsonLd('Controller document', { verificationMethod: Type.Array(Type.Any()) }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const doc = await outputs.issuerDocument(request.params.code);
      return reply.header('cache-control', 'public, max-age=300').send(doc);
    },
  );

  app.get(
    '/api/v1/status-lists/:id',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'W3C Bitstring 状态列表凭证（id 如 1-revocation、1-suspension；国家级发证密钥签名）',
        description: '置位表示撤销（含注销、换发）或暂停。签名后的凭证缓存一段时间（默认 60 秒）。',
        params: Type.Object({ id: Type.String({ pattern: STATUS_LIST_ID_PATTERN }) }),
        response: {
          200: JsonLd('BitstringStatusListCredential', { credentialSubject: Type.Any(), proof: Proof }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { body, maxAgeSeconds } = await outputs.statusList(request.params.id);
      return reply.header('cache-control', `public, max-age=${maxAgeSeconds}`).send(body);
    },
  );

  app.post(
    '/api/v1/certificates/:no/share-links',
    {
      schema: {
        tags,
        summary: '持证人创建分享链接（默认 30 天，最长 90 天；链接只在本次响应中出现）',
        params: NumberParams,
        body: CreateShareLinkBody,
        response: { 200: ShareLinkView, ...errorResponses },
      },
    },
    async (request) => shareLinks.createShareLink(requireActor(request), request.params.no, request.body),
  );

  app.get(
    '/api/v1/certificates/:no/share-links',
    {
      schema: {
        tags,
        summary: '持证人查看自己证书的分享链接（使用次数、到期、撤回）',
        params: NumberParams,
        response: { 200: Type.Array(ShareLinkView), ...errorResponses },
      },
    },
    async (request) => shareLinks.listShareLinks(requireActor(request), request.params.no),
  );

  app.post(
    '/api/v1/share-links/:publicId/withdraw',
    {
      schema: {
        tags,
        summary: '持证人撤回分享链接（立即失效）',
        params: Type.Object({ publicId: Type.String({ format: 'uuid' }) }),
        response: { 200: ShareLinkView, ...errorResponses },
      },
    },
    async (request) => shareLinks.withdrawShareLink(requireActor(request), request.params.publicId),
  );

  app.get(
    '/api/v1/public/shared/:token',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '打开分享链接：完整证书信息（无需登录；按 IP 限流；不存在、过期、撤回均为 404）',
        params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: SharedCertificateView, ...errorResponses },
      },
      onRequest: async (request) => publicLimiter.hit(request.ip),
    },
    async (request, reply) => {
      const view = await shareLinks.openSharedCertificate(request.params.token);
      return reply.header('cache-control', 'private, no-store').send(view);
    },
  );
}
