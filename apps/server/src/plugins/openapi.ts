import { ErrorDetail, ErrorResponse } from '@anzheng/contracts';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Type } from '@sinclair/typebox';
import type { HttpServer } from '../http.ts';
import { VERSION } from '../version.ts';

/** Responses every route may give besides its success: the one error shape. */
export const errorResponses = {
  '4xx': Type.Ref('ErrorResponse'),
  '5xx': Type.Ref('ErrorResponse'),
} as const;

/** OpenAPI 3.1 generated from the route schemas (DESIGN §5). */
export async function registerOpenApi(app: HttpServer): Promise<void> {
  app.addSchema(ErrorDetail);
  app.addSchema(ErrorResponse);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '安证 anzheng API',
        description:
          '安全生产管理人员职业资格证书全国信息系统的接口。错误统一返回 ErrorResponse：' +
          '`code` 为稳定的大写错误码，`message` 为中文说明，`requestId` 用于排查。',
        version: VERSION,
      },
      servers: [],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
    staticCSP: true,
  });
  app.get(
    '/api/openapi.json',
    {
      schema: {
        hide: true,
        response: { 200: Type.Object({}, { additionalProperties: true }) },
      },
    },
    async () => app.swagger(),
  );
}
