import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { queryString } from './query-string.ts';
import type {
  DocumentInfo,
  EnterprisePage,
  PersonDetail,
  PersonPage,
  StaffCreate,
  StaffPage,
  StaffView,
} from './types.ts';

/** Persons the session may see: a holder gets their own record (first item), if any. */
export function usePersons(params: { name?: string; divisionCode?: string } = {}, enabled = true) {
  return useQuery({
    queryKey: ['persons', 'list', params],
    queryFn: ({ signal }) =>
      api.get<PersonPage>(`/api/v1/persons${queryString({ ...params, limit: 50 })}`, { signal }),
    enabled,
  });
}

/** One person's archive; `reveal` asks for the full ID number and phone (audited by the server). */
export function usePerson(id: string | undefined, reveal = false) {
  return useQuery({
    queryKey: ['persons', 'detail', id, reveal],
    queryFn: ({ signal }) =>
      api.get<PersonDetail>(
        `/api/v1/persons/${encodeURIComponent(id ?? '')}${reveal ? '?reveal=idNumber,phone' : ''}`,
        { signal },
      ),
    enabled: Boolean(id),
    // A revealed number is not kept around longer than the page showing it.
    gcTime: reveal ? 0 : 5 * 60_000,
  });
}

/** The enterprises of an enterprise user (their own). */
export function useMyEnterprises(enabled = true) {
  return useQuery({
    queryKey: ['enterprises', 'mine'],
    queryFn: ({ signal }) => api.get<EnterprisePage>('/api/v1/enterprises?limit=10', { signal }),
    enabled,
  });
}

export function useStaff(enterpriseId: string | undefined) {
  return useQuery({
    queryKey: ['enterprises', enterpriseId, 'staff'],
    queryFn: ({ signal }) =>
      api.get<StaffPage>(`/api/v1/enterprises/${encodeURIComponent(enterpriseId ?? '')}/staff?limit=200`, {
        signal,
      }),
    enabled: Boolean(enterpriseId),
  });
}

/** Field errors go onto the add-staff form. */
export function useAddStaff(enterpriseId: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: StaffCreate) =>
      api.post<StaffView>(`/api/v1/enterprises/${encodeURIComponent(enterpriseId ?? '')}/staff`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['enterprises', enterpriseId, 'staff'] }),
    meta: { silent: true },
  });
}

export const ACCEPTED_DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export function documentContentUrl(id: string): string {
  return `/api/v1/documents/${encodeURIComponent(id)}/content`;
}

/** Uploads one PDF/JPEG/PNG to a person or an application. */
export function uploadDocument(ownerType: 'person' | 'application', ownerId: string, file: File) {
  const form = new FormData();
  form.append('ownerType', ownerType);
  form.append('ownerId', ownerId);
  form.append('file', file, file.name);
  return api.upload<DocumentInfo>('/api/v1/documents', form);
}
