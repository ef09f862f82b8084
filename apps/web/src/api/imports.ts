import type {
  ImportCreated,
  ImportKindCode,
  ImportModeCode,
  ImportRowError,
  ImportStatus as ImportStatusSchema,
  ImportView,
} from '@anzheng/contracts';
import type { Static } from '@sinclair/typebox';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from './client.ts';

export type ImportKind = ImportKindCode;
export type ImportMode = ImportModeCode;
export type ImportStatus = Static<typeof ImportStatusSchema>;
export type ImportJob = ImportView;
export type { ImportRowError };

/** contracts IMPORT_KINDS (the bundle carries no TypeBox code, so listed here). */
export const IMPORT_KINDS: readonly ImportKind[] = [
  'persons',
  'enterprises',
  'work-records',
  'training-records',
];

export const importErrorsUrl = (id: string) => `/api/v1/imports/${encodeURIComponent(id)}/errors.csv`;
export const importTemplateUrl = (kind: ImportKind, format: 'csv' | 'xlsx') =>
  `/api/v1/imports/templates/${kind}.${format}`;

export function useStartImport() {
  return useMutation({
    mutationFn: ({ kind, mode, file }: { kind: ImportKind; mode: ImportMode; file: File }) => {
      const form = new FormData();
      form.append('kind', kind);
      form.append('mode', mode);
      form.append('file', file, file.name);
      return api.upload<Static<typeof ImportCreated>>('/api/v1/imports', form);
    },
  });
}

const finished = (job: ImportJob | undefined) => job?.status === 'succeeded' || job?.status === 'failed';

/**
 * One import job, polled every second until it has finished. A finished import changed
 * the registry, so cached person and staff lists are refetched when it ends.
 */
export function useImportJob(id: string | undefined) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ['imports', id],
    queryFn: ({ signal }) =>
      api.get<ImportJob>(`/api/v1/imports/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: Boolean(id),
    refetchInterval: (query) => (finished(query.state.data) ? false : 1000),
  });
  const done = finished(query.data);
  useEffect(() => {
    if (!done) return;
    void queryClient.invalidateQueries({ queryKey: ['enterprises'] });
    void queryClient.invalidateQueries({ queryKey: ['persons'] });
  }, [done, queryClient]);
  return query;
}
