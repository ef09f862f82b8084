import { randomUUID } from 'node:crypto';
import type { HttpServer } from '../http.ts';

const INCOMING_ID = /^[A-Za-z0-9._:-]{8,100}$/;

/**
 * A request id on every log line and every response (`x-request-id`). An id sent by a
 * trusted proxy is kept when it looks like one; otherwise a UUID is generated.
 */
export function genRequestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
}

export function registerRequestContext(app: HttpServer): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}
