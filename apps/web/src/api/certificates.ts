import type {
  BatchResult,
  CertificateAction,
  CertificateActionBody,
  CertificateBatchActionBody,
  CertificateDetail,
  CertificateEventView,
  CertificateListQuery,
  CertificatePage,
  CertificateStatus,
  CertificateView,
  CreateShareLinkBody,
  IssueCertificateBody,
  IssueCertificatesBatchBody,
  PublicCertificateView,
  RevocationGround,
  SharedCertificateView,
  ShareLinkView,
} from '@anzheng/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { queryString } from './query-string.ts';

// Certificates (REQ-CERT-1..5), share links and the public query (REQ-PUB-1); routes in
// packages/contracts/src/certificate.ts.

export type {
  BatchResult,
  CertificateAction,
  CertificateActionBody,
  CertificateDetail,
  CertificateEventView,
  CertificateStatus,
  CertificateView,
  IssueCertificateBody,
  PublicCertificateView,
  RevocationGround,
  SharedCertificateView,
  ShareLinkView,
};
export type BatchItemResult = BatchResult['items'][number];
export type CertificateFilters = Omit<CertificateListQuery, 'cursor' | 'limit'>;
export type SigningSuite = NonNullable<IssueCertificateBody['suite']>;

/** contracts CERTIFICATE_STATUSES / CERTIFICATE_ACTIONS / REVOCATION_GROUNDS (no TypeBox code in the bundle). */
export const CERTIFICATE_STATUSES: readonly CertificateStatus[] = [
  'valid',
  'suspended',
  'revoked',
  'cancelled',
  'expired',
  'replaced',
];
export const CERTIFICATE_ACTIONS: readonly CertificateAction[] = [
  'suspend',
  'reinstate',
  'revoke',
  'cancel',
  'replace',
  'renew',
  'extend',
];
export const REVOCATION_GROUNDS: readonly RevocationGround[] = [
  'forgery',
  'lending',
  'major_accident',
  'other',
];
export const SIGNING_SUITES: readonly SigningSuite[] = ['ed25519', 'sm2-sm3'];

const enc = encodeURIComponent;
export const certificatePath = (no: string) => `/api/v1/certificates/${enc(no)}`;

/** Files of one certificate, downloaded with the session cookie (REQ-CERT-5). */
export const certificateFileUrl = (no: string, kind: 'pdf' | 'bundle' | 'vc') =>
  `${certificatePath(no)}/${kind}`;

/** The `c` check of a verification URL (`<base>/v/<no>?c=<check>`), or null. */
export function checkOf(qrUrl: string): string | null {
  try {
    return new URL(qrUrl, window.location.origin).searchParams.get('c');
  } catch {
    return null;
  }
}

/** Signed status document for the offline verifier (`anzheng-verify --checkpoint`). */
export const statusDocumentUrl = (no: string, check: string) =>
  `/api/v1/public/certificates/${enc(no)}/status${queryString({ c: check })}`;

/** Certificates in the caller's scope (holder: own; enterprise: staff; regulators: subtree). */
export function useCertificates(filters: CertificateFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['certificates', 'list', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<CertificatePage>(
        `/api/v1/certificates${queryString({ ...filters, cursor: pageParam, limit: 50 })}`,
        {
          signal,
        },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

/**
 * Application id → certificate number for the newest certificates in scope: the issuance
 * page marks approved applications that already have one (the server refuses a second).
 */
export function useIssuedByApplication() {
  return useQuery({
    queryKey: ['certificates', 'list', 'by-application'],
    queryFn: async ({ signal }) => {
      const page = await api.get<CertificatePage>(`/api/v1/certificates${queryString({ limit: 200 })}`, {
        signal,
      });
      const map = new Map<string, string>();
      for (const c of page.items) if (c.applicationPublicId) map.set(c.applicationPublicId, c.number);
      return map;
    },
  });
}

export function useCertificate(no: string | undefined) {
  return useQuery({
    queryKey: ['certificates', 'detail', no],
    queryFn: ({ signal }) => api.get<CertificateDetail>(certificatePath(no ?? ''), { signal }),
    enabled: Boolean(no),
    meta: { silent: true },
  });
}

function useInvalidateCertificates() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ['certificates'] });
    void queryClient.invalidateQueries({ queryKey: ['applications', 'list'] });
  };
}

export function useIssueCertificate() {
  const invalidate = useInvalidateCertificates();
  return useMutation({
    mutationFn: (body: IssueCertificateBody) => api.post<CertificateView>('/api/v1/certificates', body),
    onSuccess: invalidate,
    meta: { silent: true },
  });
}

export function useIssueCertificatesBatch() {
  const invalidate = useInvalidateCertificates();
  return useMutation({
    mutationFn: (body: IssueCertificatesBatchBody) =>
      api.post<BatchResult>('/api/v1/certificates/batch', body),
    onSuccess: invalidate,
    meta: { silent: true },
  });
}

/** A lifecycle action; a refusal (409 CERTIFICATE_TRANSITION_NOT_ALLOWED, 422) is shown in the form. */
export function useCertificateAction() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateCertificates();
  return useMutation({
    mutationFn: ({
      no,
      action,
      body,
    }: {
      no: string;
      action: CertificateAction;
      body: CertificateActionBody;
    }) => api.post<CertificateView>(`${certificatePath(no)}/${action}`, body),
    onSuccess: (view, vars) => {
      void queryClient.invalidateQueries({ queryKey: ['certificates', 'detail', vars.no] });
      if (view.number !== vars.no) {
        void queryClient.invalidateQueries({ queryKey: ['certificates', 'detail', view.number] });
      }
      invalidate();
    },
    meta: { silent: true },
  });
}

export function useCertificateBatchAction() {
  const invalidate = useInvalidateCertificates();
  return useMutation({
    mutationFn: (body: CertificateBatchActionBody) =>
      api.post<BatchResult>('/api/v1/certificates/batch-actions', body),
    onSuccess: invalidate,
    meta: { silent: true },
  });
}

// ---------------------------------------------------------------------------------------
// Share links

export function useShareLinks(no: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['certificates', 'share-links', no],
    queryFn: ({ signal }) => api.get<ShareLinkView[]>(`${certificatePath(no ?? '')}/share-links`, { signal }),
    enabled: Boolean(no) && enabled,
  });
}

export function useCreateShareLink(no: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateShareLinkBody) =>
      api.post<ShareLinkView>(`${certificatePath(no)}/share-links`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['certificates', 'share-links', no] }),
    meta: { silent: true },
  });
}

export function useWithdrawShareLink(no: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (publicId: string) =>
      api.post<ShareLinkView>(`/api/v1/share-links/${enc(publicId)}/withdraw`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['certificates', 'share-links', no] }),
  });
}

// ---------------------------------------------------------------------------------------
// Public (no login)

/** By number + name (query page) or number + check (QR landing); 404/429 are shown by the page. */
export function usePublicCertificate(input: { no: string; name?: string; check?: string } | null) {
  return useQuery({
    queryKey: ['public-certificate', input],
    queryFn: ({ signal }) =>
      api.get<PublicCertificateView>(
        `/api/v1/public/certificates/${enc(input?.no ?? '')}${queryString({ name: input?.name, c: input?.check })}`,
        { signal },
      ),
    enabled: input !== null,
    retry: false,
    staleTime: 0,
    meta: { silent: true },
  });
}

export function useSharedCertificate(token: string | undefined) {
  return useQuery({
    queryKey: ['shared-certificate', token],
    queryFn: ({ signal }) =>
      api.get<SharedCertificateView>(`/api/v1/public/shared/${enc(token ?? '')}`, { signal }),
    enabled: Boolean(token),
    retry: false,
    meta: { silent: true },
  });
}
