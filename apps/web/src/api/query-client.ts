import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { showRequestError } from '../components/error-notifications.tsx';
import { ApiError } from './client.ts';

declare module '@tanstack/react-query' {
  interface Register {
    /** `silent`: the component shows the failure itself; no global notification. */
    queryMeta: { silent?: boolean };
    mutationMeta: { silent?: boolean };
  }
}

/** A 4xx answer will not change on retry; network trouble and 5xx might. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.statusCode >= 400 && error.statusCode < 500) return false;
  return failureCount < 2;
}

/**
 * The session ended (idle timeout, logout elsewhere) or still needs its second factor: re-read
 * `/auth/me`, and the console's session guard sends the user to login or TOTP enrolment.
 */
const SESSION_CODES = new Set(['UNAUTHENTICATED', 'MFA_ENROLMENT_REQUIRED']);

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (error instanceof ApiError && SESSION_CODES.has(error.code) && query.queryKey[0] !== 'auth') {
          void client.invalidateQueries({ queryKey: ['auth', 'me'] });
          return;
        }
        if (!query.meta?.silent) showRequestError(error);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (error instanceof ApiError && SESSION_CODES.has(error.code)) {
          void client.invalidateQueries({ queryKey: ['auth', 'me'] });
        }
        if (!mutation.meta?.silent) showRequestError(error);
      },
    }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 10_000 },
      mutations: { retry: false },
    },
  });
  return client;
}
