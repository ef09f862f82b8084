import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client.ts';
import type { LoginRequest, MeResponse, TotpEnrolment, UserView } from './types.ts';

export const ME_KEY = ['auth', 'me'] as const;

/** Reads the session; `null` when nobody is logged in (401), so callers can redirect. */
export async function fetchMe(signal?: AbortSignal): Promise<MeResponse | null> {
  try {
    return await api.get<MeResponse>('/api/v1/auth/me', signal ? { signal } : {});
  } catch (error) {
    if (error instanceof ApiError && error.statusCode === 401) return null;
    throw error;
  }
}

/** The logged-in user, their MFA state and console abilities (`null`: not logged in). */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 60_000,
    retry: false,
    meta: { silent: true },
  });
}

/**
 * Logs in and reads the new session. Errors are shown inside the form (TOTP step, lockout),
 * never as a notification.
 */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: LoginRequest) => {
      await api.post<{ user: UserView }>('/api/v1/auth/login', body);
      return fetchMe();
    },
    onSuccess: (me) => {
      // Everything cached belonged to the previous session (or to none). The session query
      // itself is updated, not removed: mounted observers stay attached to it.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'health' && q.queryKey[0] !== 'auth' });
      queryClient.setQueryData(ME_KEY, me);
    },
    meta: { silent: true },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/api/v1/auth/logout'),
    onSettled: () => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'health' && q.queryKey[0] !== 'auth' });
      queryClient.setQueryData(ME_KEY, null);
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api.post<{ ok: true }>('/api/v1/auth/password', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ME_KEY }),
    meta: { silent: true },
  });
}

export function useStartTotpEnrolment() {
  return useMutation({
    mutationFn: () => api.post<TotpEnrolment>('/api/v1/auth/totp/enrolment'),
  });
}

export function useConfirmTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.post<{ ok: true }>('/api/v1/auth/totp/enrolment/confirm', { code }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ME_KEY }),
    meta: { silent: true },
  });
}
