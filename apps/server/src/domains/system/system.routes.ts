import { HealthResponse } from '@anzheng/contracts';
import type { HttpServer } from '../../http.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import type { SystemService } from './system.service.ts';

export function registerSystemRoutes(app: HttpServer, service: SystemService): void {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: '系统健康状态',
        description: '数据库可用时返回 200 `ok`，否则返回 503 `degraded`。',
        response: { 200: HealthResponse, 503: HealthResponse, ...errorResponses },
      },
    },
    async (_request, reply) => {
      const health = await service.health();
      return reply.status(health.status === 'ok' ? 200 : 503).send(health);
    },
  );
}
