import type { ErrorDetail, ErrorResponse } from './types.ts';

/**
 * A failed API call. For answers from our server the fields come straight from its
 * `ErrorResponse` body (DESIGN §5); when there is no usable answer (offline, proxy error
 * page, …) `code` is `NETWORK_ERROR` and `message` is a Chinese explanation.
 */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly error: string;
  readonly requestId: string;
  readonly details: ErrorDetail[];

  constructor(args: {
    statusCode: number;
    code: string;
    message: string;
    error?: string;
    requestId?: string;
    details?: ErrorDetail[];
  }) {
    super(args.message);
    this.name = 'ApiError';
    this.statusCode = args.statusCode;
    this.code = args.code;
    this.error = args.error ?? '';
    this.requestId = args.requestId ?? '';
    this.details = args.details ?? [];
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Non-2xx statuses whose body is a normal answer, e.g. 503 from `/api/health`. */
  acceptStatus?: readonly number[];
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const NETWORK_MESSAGE = '无法连接服务器，请检查网络后重试。';

function isErrorResponse(value: unknown): value is ErrorResponse {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.statusCode === 'number' && typeof v.code === 'string' && typeof v.message === 'string';
}

async function request<T>(
  method: Method,
  path: string,
  body: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (options.signal) init.signal = options.signal;
  if (body instanceof FormData) {
    // multipart/form-data: the browser sets the content type with its boundary.
    init.body = body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    // A cancelled query is not a failure to report; let TanStack Query see the AbortError.
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({
      statusCode: 0,
      code: 'NETWORK_ERROR',
      message: NETWORK_MESSAGE,
      error: 'Network Error',
    });
  }

  const requestId = response.headers.get('x-request-id') ?? '';
  if (response.status === 204 || response.status === 205) return undefined as T;

  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // e.g. an HTML error page from a reverse proxy in front of the server.
    throw new ApiError({
      statusCode: response.status,
      code: 'NETWORK_ERROR',
      message: `服务器返回了无法识别的响应（HTTP ${response.status}），请稍后重试。`,
      error: 'Invalid Response',
      requestId,
    });
  }

  if (response.ok || options.acceptStatus?.includes(response.status)) return parsed as T;

  if (isErrorResponse(parsed)) {
    throw new ApiError({
      statusCode: parsed.statusCode,
      code: parsed.code,
      message: parsed.message,
      error: parsed.error,
      requestId: parsed.requestId || requestId,
      ...(parsed.details ? { details: parsed.details } : {}),
    });
  }
  throw new ApiError({
    statusCode: response.status,
    code: 'NETWORK_ERROR',
    message: `服务器返回了无法识别的错误（HTTP ${response.status}），请稍后重试。`,
    error: 'Invalid Response',
    requestId,
  });
}

/** Typed same-origin JSON client for `/api/…`. */
export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, body, options),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, body, options),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, body, options),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, undefined, options),
  /** multipart/form-data upload (documents, import files). */
  upload: <T>(path: string, form: FormData, options?: RequestOptions) =>
    request<T>('POST', path, form, options),
};
