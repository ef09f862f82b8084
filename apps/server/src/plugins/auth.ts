import { AppError } from '@anzheng/contracts';
import type { FastifyRequest } from 'fastify';
import type { AuditService } from '../domains/audit/audit.service.ts';
import {
  type Actor,
  ForbiddenError,
  hasRole,
  type RequestContext,
  UnauthenticatedError,
} from '../domains/identity/actor.ts';
import type { Role } from '../domains/identity/roles.ts';
import type { HttpServer } from '../http.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Audit log, for events recorded outside a service transaction (denials). */
    audit: AuditService;
  }
  interface FastifyContextConfig {
    /**
     * Routes under /api/v1 require a session or API token unless marked public; the check
     * runs before body validation, so an anonymous caller gets 401, never a 400 that
     * describes the route's fields.
     */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The authenticated caller, or null (set by the auth hook on every request). */
    actor: Actor | null;
  }
}

export const SESSION_COOKIE = 'anzheng_session';

/** Resolves a session cookie or bearer token to an actor; null when absent/expired/revoked. */
export type ActorResolver = (credentials: {
  sessionToken: string | undefined;
  bearerToken: string | undefined;
  context: RequestContext;
}) => Promise<Actor | null>;

export function requestContext(request: FastifyRequest): RequestContext {
  return { ip: request.ip, requestId: String(request.id), userAgent: request.headers['user-agent'] };
}

export function registerAuth(app: HttpServer, resolveActor: ActorResolver, audit: AuditService): void {
  app.decorate('audit', audit);
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    const authorization = request.headers.authorization;
    const bearerToken = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
    const sessionToken = request.cookies?.[SESSION_COOKIE];
    if (!bearerToken && !sessionToken) return;
    request.actor = await resolveActor({ sessionToken, bearerToken, context: requestContext(request) });
  });
  app.addHook('preValidation', async (request) => {
    if (request.actor || request.routeOptions.config.public || request.is404) return;
    if (request.url.startsWith('/api/v1/')) throw new UnauthenticatedError();
  });
}

/**
 * The caller, or 401. A user who still has to enrol the required TOTP second factor gets
 * 403 MFA_ENROLMENT_REQUIRED everywhere except the enrolment endpoints (`allowPendingMfa`).
 */
export function requireActor(request: FastifyRequest, options: { allowPendingMfa?: boolean } = {}): Actor {
  const actor = request.actor;
  if (!actor) throw new UnauthenticatedError();
  if (actor.mfaEnrolmentRequired && !options.allowPendingMfa) {
    throw new AppError({
      statusCode: 403,
      code: 'MFA_ENROLMENT_REQUIRED',
      message: '您的角色要求启用动态口令（TOTP），请先完成绑定',
      error: 'Forbidden',
    });
  }
  return actor;
}

/** The caller if they hold one of `roles`; otherwise 401/403 — a denial is audited. */
export async function requireRole(request: FastifyRequest, roles: readonly Role[]): Promise<Actor> {
  const actor = requireActor(request);
  if (!hasRole(actor, ...roles)) {
    await request.server.audit.recordAlone(actor, {
      action: 'access.denied',
      result: 'denied',
      details: { method: request.method, url: request.url.split('?')[0] ?? '', requiredRoles: [...roles] },
    });
    throw new ForbiddenError();
  }
  return actor;
}
