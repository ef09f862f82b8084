import type { ErrorResponse } from '@anzheng/contracts';
import type { App } from '@anzheng/server';
import { expect } from 'vitest';

export interface JsonResponse<T> {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: T;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `app.inject` with a JSON body in and parsed JSON out. */
export async function requestJson<T = unknown>(
  app: App,
  method: Method,
  url: string,
  options: { body?: unknown; headers?: Record<string, string>; cookies?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const response = await app.inject({
    method,
    url,
    ...(options.body !== undefined ? { payload: options.body as object } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.cookies ? { cookies: options.cookies } : {}),
  });
  const text = response.body;
  return {
    statusCode: response.statusCode,
    headers: response.headers,
    body: (text.length > 0 ? JSON.parse(text) : undefined) as T,
  };
}

/** Asserts the one error shape (DESIGN §5) and returns it. */
export function expectError(
  response: JsonResponse<unknown>,
  statusCode: number,
  code: string,
): ErrorResponse {
  expect(response.statusCode).toBe(statusCode);
  const body = response.body as ErrorResponse;
  expect(body).toMatchObject({ statusCode, code });
  expect(typeof body.message).toBe('string');
  expect(body.message).toMatch(/[\u4e00-\u9fff]/);
  expect(body.requestId).toBe(response.headers['x-request-id']);
  return body;
}

export interface MultipartPart {
  name: string;
  value: string | Buffer;
  filename?: string;
  contentType?: string;
}

let boundaryCounter = 0;

/** A `multipart/form-data` body for `app.inject` (file uploads: documents, imports, batch checks). */
export function multipart(parts: MultipartPart[]): { payload: Buffer; headers: Record<string, string> } {
  boundaryCounter += 1;
  const boundary = `----anzheng${process.pid}x${boundaryCounter}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"`;
    head += '\r\n';
    if (p.contentType) head += `Content-Type: ${p.contentType}\r\n`;
    chunks.push(
      Buffer.from(`${head}\r\n`),
      Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
