import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { HealthResponse } from './types.ts';

export const HEALTH_POLL_MS = 15_000;

/**
 * Live `/api/health`. A 503 still carries a `HealthResponse` (status `degraded`), so it is
 * data, not an error. Failures are shown in the status card itself, not as notifications
 * every 15 s (`meta.silent`).
 */
export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: ({ signal }) => api.get<HealthResponse>('/api/health', { signal, acceptStatus: [503] }),
    refetchInterval: HEALTH_POLL_MS,
    refetchIntervalInBackground: false,
    retry: false,
    meta: { silent: true },
  });
}
