import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { HttpServer } from '../http.ts';
import { sendError } from './errors.ts';

/** Paths that belong to the API or the log; never answered with the web app. */
const NON_WEB_PREFIXES = ['/api/', '/log/', '/.well-known/'];

/**
 * Serves the built web app on `/`: hashed assets cached for a year (immutable),
 * `index.html` revalidated on every load, and the SPA fallback for any other GET that
 * accepts HTML. Unknown API paths get the JSON 404 (`ROUTE_NOT_FOUND`).
 */
export async function registerStaticWeb(app: HttpServer, webDistDir: string): Promise<void> {
  const indexFile = path.join(webDistDir, 'index.html');
  const built = fs.existsSync(indexFile);
  if (built) {
    await app.register(fastifyStatic, {
      root: webDistDir,
      prefix: '/',
      wildcard: false,
      index: false,
      decorateReply: true,
      // Our own Cache-Control per file below; the plugin's default (max-age=0) would override it.
      cacheControl: false,
      setHeaders(res, filePath) {
        const rel = path.relative(webDistDir, filePath);
        res.setHeader(
          'cache-control',
          rel.startsWith(`assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const isWeb =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !NON_WEB_PREFIXES.some((p) => url.startsWith(p) || `${url}/` === p);
    // A missing hashed asset is a 404: answering it with HTML breaks the page with a MIME error.
    if (isWeb && built && !url.startsWith('/assets/')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendError(reply, request, {
      statusCode: 404,
      code: 'ROUTE_NOT_FOUND',
      message:
        isWeb && !built
          ? `网页尚未构建（${webDistDir} 不存在）：请先运行 npm run build`
          : `${isWeb ? '资源' : '接口'}不存在：${request.method} ${url}`,
    });
  });
}
