import { type Static, Type } from '@sinclair/typebox';

export const ErrorDetail = Type.Object(
  {
    field: Type.String({ description: '出错字段的路径，如 body.username' }),
    code: Type.String({ description: '稳定的错误码（UPPER_SNAKE）' }),
    message: Type.String({ description: '中文说明' }),
  },
  { $id: 'ErrorDetail' },
);
export type ErrorDetail = Static<typeof ErrorDetail>;

/** The one shape every error leaves the API in (DESIGN §5). */
export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ pattern: '^[A-Z][A-Z0-9_]*$' }),
    error: Type.String({ description: 'English summary' }),
    message: Type.String({ description: '中文说明' }),
    details: Type.Optional(Type.Array(ErrorDetail)),
    requestId: Type.String(),
  },
  { $id: 'ErrorResponse' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

/**
 * A failure the caller can act on. Services throw these (never HTTP-framework errors);
 * the server's error handler turns them into `ErrorResponse`.
 */
export class AppError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly error: string;
  readonly details: ErrorDetail[] | undefined;

  constructor(args: {
    statusCode: number;
    code: string;
    message: string;
    error?: string;
    details?: ErrorDetail[];
  }) {
    super(args.message);
    this.name = 'AppError';
    this.statusCode = args.statusCode;
    this.code = args.code;
    this.error = args.error ?? defaultEnglish(args.statusCode);
    this.details = args.details;
  }
}

export class NotFoundError extends AppError {
  constructor(code: string, message: string) {
    super({ statusCode: 404, code, message, error: 'Not Found' });
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string, details?: ErrorDetail[]) {
    super({ statusCode: 409, code, message, error: 'Conflict', ...(details ? { details } : {}) });
  }
}

export class ValidationError extends AppError {
  constructor(code: string, message: string, details?: ErrorDetail[]) {
    super({ statusCode: 400, code, message, error: 'Bad Request', ...(details ? { details } : {}) });
  }
}

const ENGLISH: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function defaultEnglish(statusCode: number): string {
  return ENGLISH[statusCode] ?? (statusCode >= 500 ? 'Internal Server Error' : 'Error');
}
