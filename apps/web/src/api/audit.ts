import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { api } from './client.ts';
import type { AuditEventList, AuditVerification } from './types.ts';
import { queryString } from './users.ts';

export interface AuditFilters {
  actor?: string;
  action?: string;
  result?: 'success' | 'failure' | 'denied';
  from?: string;
  to?: string;
}

export function useAuditEvents(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', 'events', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<AuditEventList>(
        `/api/v1/audit-events${queryString({ ...filters, cursor: pageParam, limit: 50 })}`,
        {
          signal,
        },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Re-walks the whole hash chain on the server; a button, not a query that runs on its own. */
export function useVerifyAuditChain() {
  return useMutation({
    mutationFn: () => api.get<AuditVerification>('/api/v1/audit-events/verification'),
  });
}
