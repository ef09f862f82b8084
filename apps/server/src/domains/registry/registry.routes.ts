import {
  DOCUMENT_OWNER_TYPES,
  DocumentView,
  EducationCreate,
  EducationView,
  EnterpriseCreate,
  EnterpriseListQuery,
  EnterprisePage,
  EnterprisePatch,
  EnterpriseView,
  OrganisationCreate,
  OrganisationListQuery,
  OrganisationPage,
  OrganisationPatch,
  OrganisationView,
  PersonCreate,
  PersonDetail,
  PersonGetQuery,
  PersonListQuery,
  PersonPage,
  PersonPatch,
  RegistryIdParams,
  StaffCreate,
  StaffListQuery,
  StaffPage,
  StaffView,
  TrainingCreate,
  TrainingView,
  WorkCreate,
  WorkView,
} from '@anzheng/contracts';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { HttpServer } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import type { DocumentOwnerType, DocumentService } from './registry.documents.ts';
import { DocumentTooLargeError, UploadFormError } from './registry.errors.ts';
import type { RegistryService, RevealField } from './registry.service.ts';

export interface RegistryRouteSettings {
  /** Upper bound of one uploaded document (ANZHENG_UPLOAD_MAX_BYTES). */
  uploadMaxBytes: number;
}

/** Drops undefined values so optional inputs stay absent under exactOptionalPropertyTypes. */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

export function registerRegistryRoutes(
  app: HttpServer,
  registry: RegistryService,
  documents: DocumentService,
  settings: RegistryRouteSettings,
): void {
  const persons = ['persons'];

  app.post(
    '/api/v1/persons',
    {
      schema: {
        tags: persons,
        summary: '建立人员档案（一人一档；监管部门经办人/审批人，本辖区）',
        description:
          '身份证号按 GB 11643 校验（400 INVALID_ID_NUMBER，details 给出原因：校验码、出生日期、地址码）；' +
          '同一证件号只能有一份档案（409 PERSON_EXISTS）。证件号、电话加密存储，默认脱敏显示。',
        body: PersonCreate,
        response: { 200: PersonDetail, ...errorResponses },
      },
    },
    async (request) => registry.createPerson(requireActor(request), defined(request.body)),
  );

  app.get(
    '/api/v1/persons',
    {
      schema: {
        tags: persons,
        summary: '人员档案列表（监管：本辖区；企业：本企业在职人员；持证人：本人）',
        querystring: PersonListQuery,
        response: { 200: PersonPage, ...errorResponses },
      },
    },
    async (request) => registry.listPersons(requireActor(request), defined(request.query)),
  );

  app.get(
    '/api/v1/persons/:id',
    {
      schema: {
        tags: persons,
        summary: '人员档案详情（含学历、工作经历、培训记录）',
        description:
          '默认脱敏。`?reveal=idNumber,phone` 向有权限者（本辖区监管经办人/审批人、本企业管理员/档案管理员、本人）' +
          '返回完整值；每次查看都记入审计（person.reveal），无权限时 403 并记录拒绝。',
        params: RegistryIdParams,
        querystring: PersonGetQuery,
        response: { 200: PersonDetail, ...errorResponses },
      },
    },
    async (request) => {
      const reveal = request.query.reveal ? (request.query.reveal.split(',') as RevealField[]) : [];
      return registry.getPerson(requireActor(request), request.params.id, { reveal });
    },
  );

  app.patch(
    '/api/v1/persons/:id',
    {
      schema: {
        tags: persons,
        summary: '修改人员档案（姓名、区划：监管部门；电话：也可由本企业或本人修改）',
        params: RegistryIdParams,
        body: PersonPatch,
        response: { 200: PersonDetail, ...errorResponses },
      },
    },
    async (request) => registry.updatePerson(requireActor(request), request.params.id, defined(request.body)),
  );

  app.post(
    '/api/v1/persons/:id/education',
    {
      schema: {
        tags: persons,
        summary: '添加学历',
        params: RegistryIdParams,
        body: EducationCreate,
        response: { 200: EducationView, ...errorResponses },
      },
    },
    async (request) => registry.addEducation(requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/persons/:id/work',
    {
      schema: {
        tags: persons,
        summary: '添加工作经历（是否从事安全生产管理工作）',
        params: RegistryIdParams,
        body: WorkCreate,
        response: { 200: WorkView, ...errorResponses },
      },
    },
    async (request) => registry.addWork(requireActor(request), request.params.id, defined(request.body)),
  );

  app.post(
    '/api/v1/persons/:id/training',
    {
      schema: {
        tags: persons,
        summary: '添加培训记录（学时）',
        params: RegistryIdParams,
        body: TrainingCreate,
        response: { 200: TrainingView, ...errorResponses },
      },
    },
    async (request) => registry.addTraining(requireActor(request), request.params.id, request.body),
  );

  const enterprises = ['enterprises'];

  app.post(
    '/api/v1/enterprises',
    {
      schema: {
        tags: enterprises,
        summary: '登记企业（监管部门本辖区；或企业管理员登记本企业）',
        description:
          '统一社会信用代码按 GB 32100 校验（400 INVALID_CREDIT_CODE）；是否高危行业（《安全生产法》第二十四条）由所属行业决定。',
        body: EnterpriseCreate,
        response: { 200: EnterpriseView, ...errorResponses },
      },
    },
    async (request) => registry.createEnterprise(requireActor(request), defined(request.body)),
  );

  app.get(
    '/api/v1/enterprises',
    {
      schema: {
        tags: enterprises,
        summary: '企业列表（监管：本辖区；企业用户：本企业）',
        querystring: EnterpriseListQuery,
        response: { 200: EnterprisePage, ...errorResponses },
      },
    },
    async (request) => registry.listEnterprises(requireActor(request), defined(request.query)),
  );

  app.get(
    '/api/v1/enterprises/:id',
    {
      schema: {
        tags: enterprises,
        summary: '企业详情',
        params: RegistryIdParams,
        response: { 200: EnterpriseView, ...errorResponses },
      },
    },
    async (request) => registry.getEnterprise(requireActor(request), request.params.id),
  );

  app.patch(
    '/api/v1/enterprises/:id',
    {
      schema: {
        tags: enterprises,
        summary: '修改企业信息（行业、区划仅限监管部门）',
        params: RegistryIdParams,
        body: EnterprisePatch,
        response: { 200: EnterpriseView, ...errorResponses },
      },
    },
    async (request) =>
      registry.updateEnterprise(requireActor(request), request.params.id, defined(request.body)),
  );

  app.get(
    '/api/v1/enterprises/:id/staff',
    {
      schema: {
        tags: enterprises,
        summary: '企业从业人员名单',
        params: RegistryIdParams,
        querystring: StaffListQuery,
        response: { 200: StaffPage, ...errorResponses },
      },
    },
    async (request) => registry.listStaff(requireActor(request), request.params.id, defined(request.query)),
  );

  app.post(
    '/api/v1/enterprises/:id/staff',
    {
      schema: {
        tags: enterprises,
        summary: '添加从业人员（按身份证号关联已有档案，没有则新建；幂等）',
        description: '新加入返回 201；该人员已在本企业在职名单中时返回 200 和原记录。',
        params: RegistryIdParams,
        body: StaffCreate,
        response: { 200: StaffView, 201: StaffView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { created, ...staff } = await registry.addStaff(
        requireActor(request),
        request.params.id,
        defined(request.body),
      );
      return reply.status(created ? 201 : 200).send(staff);
    },
  );

  const organisations = ['organisations'];

  app.get(
    '/api/v1/organisations',
    {
      schema: {
        tags: organisations,
        summary: '培训机构、考核评估机构列表',
        querystring: OrganisationListQuery,
        response: { 200: OrganisationPage, ...errorResponses },
      },
    },
    async (request) => registry.listOrganisations(requireActor(request), defined(request.query)),
  );

  app.get(
    '/api/v1/organisations/:id',
    {
      schema: {
        tags: organisations,
        summary: '机构详情',
        params: RegistryIdParams,
        response: { 200: OrganisationView, ...errorResponses },
      },
    },
    async (request) => registry.getOrganisation(requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/organisations',
    {
      schema: {
        tags: organisations,
        summary: '登记培训机构或考核评估机构（监管部门本辖区）',
        body: OrganisationCreate,
        response: { 200: OrganisationView, ...errorResponses },
      },
    },
    async (request) => registry.createOrganisation(requireActor(request), request.body),
  );

  app.patch(
    '/api/v1/organisations/:id',
    {
      schema: {
        tags: organisations,
        summary: '修改机构信息',
        params: RegistryIdParams,
        body: OrganisationPatch,
        response: { 200: OrganisationView, ...errorResponses },
      },
    },
    async (request) =>
      registry.updateOrganisation(requireActor(request), request.params.id, defined(request.body)),
  );

  registerDocumentRoutes(app, documents, settings);
}

/** Multipart parsing only where it is needed: the upload route lives in its own scope. */
function registerDocumentRoutes(
  app: HttpServer,
  documents: DocumentService,
  settings: RegistryRouteSettings,
) {
  const tags = ['documents'];
  app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: settings.uploadMaxBytes, files: 1, fields: 10, parts: 12 },
    });

    scope.post(
      '/api/v1/documents',
      {
        schema: {
          tags,
          summary: '上传材料（multipart/form-data：ownerType、ownerId、file）',
          description:
            '只接受 PDF、JPEG、PNG，类型按文件内容识别且须与声明的 Content-Type 一致（否则 415 UNSUPPORTED_DOCUMENT_TYPE）；' +
            '超过大小上限 413 DOCUMENT_TOO_LARGE。按 SHA-256 内容寻址存储，相同内容只存一份。',
          consumes: ['multipart/form-data'],
          response: { 200: DocumentView, ...errorResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const form = await readUploadForm(request, settings.uploadMaxBytes);
        return documents.upload(actor, form);
      },
    );
  });

  app.get(
    '/api/v1/documents/:id',
    {
      schema: {
        tags,
        summary: '材料信息',
        params: RegistryIdParams,
        response: { 200: DocumentView, ...errorResponses },
      },
    },
    async (request) => documents.getDocument(requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/documents/:id/content',
    {
      schema: {
        tags,
        summary: '下载材料（与所属记录相同的权限检查；每次下载记入审计）',
        params: RegistryIdParams,
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: '文件内容' }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const content = await documents.readContent(requireActor(request), request.params.id);
      return reply
        .header('content-type', content.mediaType)
        .header('content-disposition', contentDisposition(content.originalName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(content.bytes);
    },
  );
}

/** RFC 6266: an ASCII fallback plus the UTF-8 name (RFC 8187) for Chinese file names. */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'document';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

async function readUploadForm(request: FastifyRequest, maxBytes: number) {
  if (!request.isMultipart()) {
    throw new UploadFormError([
      {
        field: 'body',
        code: 'MULTIPART_REQUIRED',
        message: '请以 multipart/form-data 上传（字段 ownerType、ownerId、file）',
      },
    ]);
  }
  const fields: Record<string, string> = {};
  const details: { field: string; code: string; message: string }[] = [];
  let file: { bytes: Buffer; filename: string; mimetype: string } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file') file = { bytes, filename: part.filename, mimetype: part.mimetype };
        else
          details.push({ field: `body.${part.fieldname}`, code: 'UNKNOWN_FIELD', message: '不允许的字段' });
      } else if (part.fieldname === 'ownerType' || part.fieldname === 'ownerId') {
        fields[part.fieldname] = String(part.value);
      } else {
        details.push({ field: `body.${part.fieldname}`, code: 'UNKNOWN_FIELD', message: '不允许的字段' });
      }
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new DocumentTooLargeError(maxBytes);
    throw error;
  }
  const ownerType = fields.ownerType;
  if (ownerType === undefined)
    details.push({ field: 'body.ownerType', code: 'REQUIRED', message: '必填字段缺失' });
  else if (!(DOCUMENT_OWNER_TYPES as readonly string[]).includes(ownerType))
    details.push({ field: 'body.ownerType', code: 'INVALID_VALUE', message: '取值不在允许范围内' });
  if (!fields.ownerId) details.push({ field: 'body.ownerId', code: 'REQUIRED', message: '必填字段缺失' });
  if (!file) details.push({ field: 'body.file', code: 'REQUIRED', message: '必填字段缺失' });
  else if (file.bytes.length === 0)
    details.push({ field: 'body.file', code: 'EMPTY_FILE', message: '文件为空' });
  if (details.length > 0 || !file) throw new UploadFormError(details);
  return {
    ownerType: ownerType as DocumentOwnerType,
    ownerId: fields.ownerId!,
    originalName: file.filename || 'document',
    declaredType: file.mimetype,
    bytes: file.bytes,
  };
}
