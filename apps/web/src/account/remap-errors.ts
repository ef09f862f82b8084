import { ApiError } from '../api/client.ts';

/**
 * The same error with its `details[].field` rewritten, for forms whose fields are shaped
 * differently from the request body (e.g. one textarea per list).
 */
export function remapErrorFields(error: unknown, map: (field: string) => string): unknown {
  if (!(error instanceof ApiError)) return error;
  return new ApiError({
    statusCode: error.statusCode,
    code: error.code,
    message: error.message,
    error: error.error,
    requestId: error.requestId,
    details: error.details.map((d) => ({ ...d, field: map(d.field) })),
  });
}
