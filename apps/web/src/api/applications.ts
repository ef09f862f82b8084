import type {
  ApplicationAction,
  ApplicationBatchCreate,
  ApplicationBatchResult,
  ApplicationCreate,
  ApplicationDetail,
  ApplicationPage as ApplicationPageSchema,
  ApplicationState,
  ApplicationSummary,
  EligibilityEvaluateBody,
  EligibilityResult,
  EligibilityRuleResult,
} from '@anzheng/contracts';
import type { Static } from '@sinclair/typebox';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { queryString } from './query-string.ts';

export type {
  ApplicationAction,
  ApplicationBatchCreate,
  ApplicationBatchResult,
  ApplicationCreate,
  ApplicationDetail,
  ApplicationState,
  ApplicationSummary,
  EligibilityEvaluateBody,
  EligibilityResult,
  EligibilityRuleResult,
};
export type ApplicationPage = Static<typeof ApplicationPageSchema>;
export type ApplicationEvent = ApplicationDetail['events'][number];

/** contracts APPLICATION_STATES (the bundle carries no TypeBox code, so listed here). */
export const APPLICATION_STATES: readonly ApplicationState[] = [
  'draft',
  'submitted',
  'under_review',
  'returned',
  'approved',
  'rejected',
];

export interface ApplicationFilters {
  state?: ApplicationState;
  divisionCode?: string;
  certificateTypeCode?: string;
  level?: string;
  personId?: string;
  from?: string;
  to?: string;
}

const applicationPath = (id: string) => `/api/v1/applications/${encodeURIComponent(id)}`;

/** Explains, rule by rule, whether the person may apply; the page shows failures itself. */
export function useEligibility(input: EligibilityEvaluateBody | null) {
  return useQuery({
    queryKey: ['eligibility', input],
    queryFn: ({ signal }) => api.post<EligibilityResult>('/api/v1/eligibility/evaluate', input, { signal }),
    enabled: input !== null,
    meta: { silent: true },
  });
}

/** Applications the session may see (holder: own; regulators: their subtree), "load more". */
export function useApplications(filters: ApplicationFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['applications', 'list', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<ApplicationPage>(
        `/api/v1/applications${queryString({ ...filters, cursor: pageParam, limit: 50 })}`,
        {
          signal,
        },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useApplication(id: string | undefined) {
  return useQuery({
    queryKey: ['applications', 'detail', id],
    queryFn: ({ signal }) => api.get<ApplicationDetail>(applicationPath(id ?? ''), { signal }),
    enabled: Boolean(id),
    meta: { silent: true },
  });
}

export function useCreateApplication() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ApplicationCreate) => api.post<ApplicationDetail>('/api/v1/applications', body),
    onSuccess: (application) => {
      queryClient.setQueryData(['applications', 'detail', application.id], application);
      void queryClient.invalidateQueries({ queryKey: ['applications', 'list'] });
    },
    meta: { silent: true },
  });
}

/**
 * A state transition. Failures (422 ELIGIBILITY_FAILED, 409 INVALID_TRANSITION) are shown
 * by the page that asked, next to the buttons.
 */
export function useApplicationAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, reason }: { id: string; action: ApplicationAction; reason?: string }) =>
      api.post<ApplicationDetail>(`${applicationPath(id)}/${action}`, reason ? { reason } : {}),
    onSuccess: (application) => {
      queryClient.setQueryData(['applications', 'detail', application.id], application);
      void queryClient.invalidateQueries({ queryKey: ['applications', 'list'] });
    },
    onSettled: (_data, _error, vars) =>
      queryClient.invalidateQueries({ queryKey: ['applications', 'detail', vars.id] }),
    meta: { silent: true },
  });
}

export function useBatchApply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ApplicationBatchCreate) =>
      api.post<ApplicationBatchResult>('/api/v1/applications/batch', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['applications', 'list'] }),
  });
}
