import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { queryString } from './query-string.ts';
import type {
  CertificateTypeCreate,
  CertificateTypeList,
  CertificateTypePatch,
  CertificateTypeView,
  IndustryList,
  ResolvedRuleView,
  RuleParameterCreate,
  RuleParameterPage,
  RuleParameterView,
} from './types.ts';

/** Certificate types (public; `abilities.update` follows the session). */
export function useCertificateTypes() {
  return useQuery({
    queryKey: ['reference', 'certificate-types'],
    queryFn: ({ signal }) => api.get<CertificateTypeList>('/api/v1/certificate-types', { signal }),
    staleTime: 60_000,
  });
}

/** Industries with the high-risk flag (public, rarely changes). */
export function useIndustries() {
  return useQuery({
    queryKey: ['reference', 'industries'],
    queryFn: ({ signal }) => api.get<IndustryList>('/api/v1/industries', { signal }),
    staleTime: 10 * 60_000,
  });
}

/** Field errors are mapped onto the drawer's form, so no notification. */
export function useSaveCertificateType() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      input:
        | { mode: 'create'; body: CertificateTypeCreate }
        | { mode: 'update'; code: string; body: CertificateTypePatch },
    ) =>
      input.mode === 'create'
        ? api.post<CertificateTypeView>('/api/v1/certificate-types', input.body)
        : api.patch<CertificateTypeView>(`/api/v1/certificate-types/${input.code}`, input.body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['reference', 'certificate-types'] }),
    meta: { silent: true },
  });
}

export interface RuleParameterFilters {
  key?: string;
  certificateTypeCode?: string;
  level?: string;
  divisionCode?: string;
}

/** Rule parameter versions that apply to the filters (cursor-paged, "load more"). */
export function useRuleParameters(filters: RuleParameterFilters) {
  return useInfiniteQuery({
    queryKey: ['reference', 'rule-parameters', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<RuleParameterPage>(
        `/api/v1/rule-parameters${queryString({ ...filters, cursor: pageParam, limit: 50 })}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export interface ResolveInput {
  key: string;
  certificateTypeCode?: string;
  level?: string;
  industryCode?: string;
  divisionCode?: string;
  at?: string;
}

/** The value in force; the page shows a failure (e.g. RULE_PARAMETER_MISSING) itself. */
export function useResolveRule() {
  return useMutation({
    mutationFn: (input: ResolveInput) =>
      api.get<ResolvedRuleView>(`/api/v1/rule-parameters/resolve${queryString({ ...input })}`),
    meta: { silent: true },
  });
}

export function useCreateRuleParameter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RuleParameterCreate) => api.post<RuleParameterView>('/api/v1/rule-parameters', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['reference', 'rule-parameters'] }),
    meta: { silent: true },
  });
}
