import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import type {
  CreateUserRequest,
  CreateUserResult,
  RoleCode,
  RoleGrantInput,
  TemporaryPassword,
  UpdateUserRequest,
  UserList,
  UserWithAbilities,
} from './types.ts';

export interface UserFilters {
  q?: string;
  role?: RoleCode;
  status?: 'active' | 'disabled';
}

const PAGE_SIZE = 50;

function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export { queryString };

/** Cursor-paged user list ("load more"); the server limits it to the actor's scope. */
export function useUserList(filters: UserFilters) {
  return useInfiniteQuery({
    queryKey: ['users', 'list', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<UserList>(`/api/v1/users${queryString({ ...filters, cursor: pageParam, limit: PAGE_SIZE })}`, {
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useUser(id: string) {
  return useQuery({
    queryKey: ['users', 'detail', id],
    queryFn: ({ signal }) =>
      api.get<UserWithAbilities>(`/api/v1/users/${encodeURIComponent(id)}`, { signal }),
    meta: { silent: true },
  });
}

function useUsersMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>, silent = false) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
    meta: { silent },
  });
}

const userPath = (id: string) => `/api/v1/users/${encodeURIComponent(id)}`;

/** Field errors are mapped onto the form, so no notification. */
export const useCreateUser = () =>
  useUsersMutation((body: CreateUserRequest) => api.post<CreateUserResult>('/api/v1/users', body), true);

export const useUpdateUser = () =>
  useUsersMutation(({ id, ...body }: UpdateUserRequest & { id: string }) =>
    api.patch<UserWithAbilities>(userPath(id), body),
  );

export const useResetPassword = () =>
  useUsersMutation((id: string) => api.post<TemporaryPassword>(`${userPath(id)}/reset-password`));

export const useGrantRole = () =>
  useUsersMutation(
    ({ id, grant }: { id: string; grant: RoleGrantInput }) =>
      api.post<UserWithAbilities>(`${userPath(id)}/roles`, grant),
    true,
  );

export const useRevokeRole = () =>
  useUsersMutation(({ id, roleId }: { id: string; roleId: number }) =>
    api.delete<UserWithAbilities>(`${userPath(id)}/roles/${roleId}`),
  );

export const useUnlockUser = () =>
  useUsersMutation((id: string) => api.post<{ ok: true }>(`${userPath(id)}/unlock`));

export const useResetTotp = () =>
  useUsersMutation((id: string) => api.post<{ ok: true }>(`${userPath(id)}/reset-totp`));
