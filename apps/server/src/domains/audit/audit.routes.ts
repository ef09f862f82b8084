import { AuditEventPage, AuditEventQuery, AuditVerifyResponse } from '@anzheng/contracts';
import type { HttpServer } from '../../http.ts';
import { decodeCursor, encodeCursor } from '../../lib/paging.ts';
import { requireRole } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import type { AuditService } from './audit.service.ts';

/** Only the audit administrator reads the audit log (NFR-SEC-2, 三员分立). */
export function registerAuditRoutes(app: HttpServer, audit: AuditService): void {
  app.get(
    '/api/v1/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志（仅审计管理员），按时间倒序',
        querystring: AuditEventQuery,
        response: { 200: AuditEventPage, ...errorResponses },
      },
    },
    async (request) => {
      await requireRole(request, ['audit_admin']);
      const q = request.query;
      const beforeId = decodeCursor(q.cursor);
      const rows = await audit.list({
        actorName: q.actor,
        action: q.action,
        result: q.result,
        targetType: q.targetType,
        targetId: q.targetId,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        beforeId,
        limit: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      return {
        items: page.map((r) => ({
          id: r.id,
          occurredAt: r.occurred_at.toISOString(),
          actorKind: r.actor_kind,
          actorName: r.actor_name,
          actorRoles: r.actor_roles,
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          result: r.result,
          ip: r.ip,
          requestId: r.request_id,
          details: r.details,
          hash: r.hash,
        })),
        nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]!.id) : null,
      };
    },
  );

  app.get(
    '/api/v1/audit-events/verification',
    {
      schema: {
        tags: ['audit'],
        summary: '校验审计日志哈希链（仅审计管理员）',
        response: { 200: AuditVerifyResponse, ...errorResponses },
      },
    },
    async (request) => {
      await requireRole(request, ['audit_admin']);
      return audit.verify();
    },
  );
}
