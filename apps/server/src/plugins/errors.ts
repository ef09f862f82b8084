import { AppError, defaultEnglish, type ErrorDetail, type ErrorResponse } from '@anzheng/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpServer } from '../http.ts';

/**
 * One error shape for every failure (DESIGN §5): `{statusCode, code, error, message,
 * details?, requestId}` with a stable UPPER_SNAKE code and a Chinese message. Stack traces
 * never leave the server; 5xx are logged with them.
 */

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

const CONTEXT_NAMES: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

function fieldPath(context: string, instancePath: string, leaf?: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (leaf) parts.push(leaf);
  return [CONTEXT_NAMES[context] ?? context, ...parts].join('.');
}

/** Ajv error → one `details` entry with a Chinese message. */
export function describeValidationError(context: string, e: AjvError): ErrorDetail {
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return {
        field: fieldPath(context, e.instancePath, String(p.missingProperty)),
        code: 'REQUIRED',
        message: '必填字段缺失',
      };
    case 'additionalProperties':
      return {
        field: fieldPath(context, e.instancePath, String(p.additionalProperty)),
        code: 'UNKNOWN_FIELD',
        message: '不允许的字段',
      };
    case 'type':
      return {
        field: fieldPath(context, e.instancePath),
        code: 'INVALID_TYPE',
        message: `类型应为 ${typeName(p.type)}`,
      };
    case 'minLength':
      return {
        field: fieldPath(context, e.instancePath),
        code: 'TOO_SHORT',
        message: `长度不能少于 ${p.limit} 个字符`,
      };
    case 'maxLength':
      return {
        field: fieldPath(context, e.instancePath),
        code: 'TOO_LONG',
        message: `长度不能超过 ${p.limit} 个字符`,
      };
    case 'minimum':
    case 'exclusiveMinimum':
      return { field: fieldPath(context, e.instancePath), code: 'TOO_SMALL', message: `不能小于 ${p.limit}` };
    case 'maximum':
    case 'exclusiveMaximum':
      return { field: fieldPath(context, e.instancePath), code: 'TOO_LARGE', message: `不能大于 ${p.limit}` };
    case 'minItems':
      return {
        field: fieldPath(context, e.instancePath),
        code: 'TOO_FEW_ITEMS',
        message: `至少需要 ${p.limit} 项`,
      };
    case 'maxItems':
      return {
        field: fieldPath(context, e.instancePath),
        code: 'TOO_MANY_ITEMS',
        message: `最多 ${p.limit} 项`,
      };
    case 'pattern':
      return { field: fieldPath(context, e.instancePath), code: 'INVALID_FORMAT', message: '格式不正确' };
    case 'format':
      return {
        field: fieldPath(context, e.instancePath),
        code: 'INVALID_FORMAT',
        message: `格式不正确（应为 ${String(p.format)}）`,
      };
    case 'enum':
    case 'const':
    case 'anyOf':
    case 'oneOf':
      return {
        field: fieldPath(context, e.instancePath),
        code: 'INVALID_VALUE',
        message: '取值不在允许范围内',
      };
    default:
      return {
        field: fieldPath(context, e.instancePath),
        code: 'INVALID_VALUE',
        message: e.message ?? '取值无效',
      };
  }
}

function typeName(t: unknown): string {
  const names: Record<string, string> = {
    string: '字符串',
    integer: '整数',
    number: '数字',
    boolean: '布尔值',
    object: '对象',
    array: '数组',
    null: 'null',
  };
  return String(t)
    .split(',')
    .map((x) => names[x] ?? x)
    .join(' 或 ');
}

/** Fastify's own client errors, renamed to our codes. */
const FASTIFY_CODES: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'INVALID_JSON', message: '请求体不是有效的 JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'EMPTY_JSON_BODY', message: 'Content-Type 为 JSON 时请求体不能为空' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的 Content-Type' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: '请求体过大' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'INVALID_CONTENT_LENGTH',
    message: 'Content-Length 与请求体不符',
  },
  FST_ERR_BAD_URL: { code: 'BAD_URL', message: '请求地址无效' },
  FST_ERR_ASYNC_CONSTRAINT: { code: 'BAD_REQUEST', message: '请求无效' },
};

export function sendError(
  reply: FastifyReply,
  request: FastifyRequest,
  body: Omit<ErrorResponse, 'requestId' | 'error'> & { error?: string },
): FastifyReply {
  const payload: ErrorResponse = {
    statusCode: body.statusCode,
    code: body.code,
    error: body.error ?? defaultEnglish(body.statusCode),
    message: body.message,
    ...(body.details && body.details.length > 0 ? { details: body.details } : {}),
    requestId: String(request.id),
  };
  return reply.status(body.statusCode).type('application/json; charset=utf-8').send(payload);
}

export function registerErrorHandling(app: HttpServer): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
      return sendError(reply, request, {
        statusCode: error.statusCode,
        code: error.code,
        error: error.error,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      });
    }
    const fe = error as FastifyError & { validationContext?: string; validation?: AjvError[] };
    if (fe.validation) {
      const context = fe.validationContext ?? 'body';
      const details = fe.validation.map((v) => describeValidationError(context, v));
      return sendError(reply, request, {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: `请求参数校验失败：${details.map((d) => `${d.field} ${d.message}`).join('；')}`,
        details,
      });
    }
    const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
    if (status < 500) {
      const known = fe.code ? FASTIFY_CODES[fe.code] : undefined;
      return sendError(reply, request, {
        statusCode: status,
        code:
          known?.code ??
          (status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST'),
        message: known?.message ?? '请求无效',
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, request, {
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: `服务器内部错误，请稍后重试；如问题持续，请向运维提供请求编号 ${request.id}`,
    });
  });
}
