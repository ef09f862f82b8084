import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { DivisionDetail, DivisionList } from './types.ts';

/** 全国 — the national scope; not a GB/T 2260 division, so the server never lists it. */
export const NATIONAL_CODE = '000000';

/** Direct children of a division (no parent: provinces). Public reference data. */
export function fetchDivisionChildren(parent?: string, signal?: AbortSignal) {
  const query = parent ? `?parent=${encodeURIComponent(parent)}` : '';
  return api.get<DivisionList>(`/api/v1/divisions${query}`, signal ? { signal } : {});
}

export function searchDivisions(q: string, signal?: AbortSignal) {
  return api.get<DivisionList>(`/api/v1/divisions?q=${encodeURIComponent(q)}`, signal ? { signal } : {});
}

/** One division with its path from the province down (for showing a chosen code). */
export function useDivision(code: string | undefined) {
  return useQuery({
    queryKey: ['divisions', 'detail', code],
    queryFn: ({ signal }) => api.get<DivisionDetail>(`/api/v1/divisions/${code}`, { signal }),
    enabled: Boolean(code) && code !== NATIONAL_CODE,
    staleTime: Number.POSITIVE_INFINITY,
    meta: { silent: true },
  });
}
