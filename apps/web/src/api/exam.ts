import type {
  BlueprintCoverage,
  BlueprintCreate,
  BlueprintView,
  ItemBody,
  ItemCreate,
  ItemListQuery,
  ItemResponse,
  ItemType,
  ItemUpdate,
  ItemView,
  RegistrationView,
  ScheduleResult,
  SessionCreate,
  SessionView,
} from '@anzheng/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { queryString } from './query-string.ts';

// Examinations (REQ-EXAM-1..6): item bank, blueprints, sessions and check-in (contracts
// exam.ts, docs/exam.md) and delivery — attempts, autosave, invigilation, grading, results
// (contracts exam-delivery.ts, docs/exam-delivery.md).

export type {
  BlueprintCoverage,
  BlueprintView,
  ItemBody,
  ItemCreate,
  ItemResponse,
  ItemType,
  ItemView,
  RegistrationView,
  SessionView,
};

/** contracts ITEM_TYPES / ITEM_STATES (the bundle carries no TypeBox code, so listed here). */
export const ITEM_TYPES: readonly ItemType[] = [
  'single_choice',
  'multiple_choice',
  'true_false',
  'fill_in',
  'short_answer',
  'scenario',
];
export const ITEM_STATES = ['draft', 'in_review', 'approved', 'retired'] as const;
export type ItemFilters = Omit<ItemListQuery, 'cursor' | 'limit'>;
export type ItemAction = 'submit' | 'approve' | 'reject' | 'retire';

// Delivery shapes: packages/contracts/src/exam-delivery.ts (not re-exported by the package index).
export type AttemptState = 'in_progress' | 'submitted' | 'graded';
export type SignalKind = 'focus_lost' | 'copy' | 'paste' | 'fullscreen_exit' | 'multiple_sessions';

export interface DeliveredItem {
  ref: string;
  section: string | null;
  points: number;
  body: ItemBody;
}
export interface AcknowledgedAnswer {
  itemRef: string;
  seq: number;
  response: ItemResponse;
  savedAt: string;
}
export interface AttemptView {
  id: string;
  registrationId: string;
  ticketNo: string;
  sessionName: string;
  state: AttemptState;
  paused: boolean;
  startedAt: string;
  deadlineAt: string;
  serverNow: string;
  extraSeconds: number;
  submittedAt: string | null;
  submittedBy: 'candidate' | 'server_deadline' | 'invigilator' | null;
  totalPoints: number;
  items: DeliveredItem[];
  answers: AcknowledgedAnswer[];
}
export interface SaveAnswerAck {
  itemRef: string;
  seq: number;
  current: boolean;
  savedAt: string;
  serverNow: string;
  deadlineAt: string;
}
export interface AttemptClock {
  state: AttemptState;
  paused: boolean;
  serverNow: string;
  deadlineAt: string;
}
export interface CandidateRow {
  registrationId: string;
  attemptId: string | null;
  ticketNo: string;
  seatNo: number;
  candidateName: string;
  registrationState: string;
  state: AttemptState | 'not_started';
  paused: boolean;
  connected: boolean;
  lastSeenAt: string | null;
  answered: number;
  total: number;
  signals: number;
  deadlineAt: string | null;
}
export interface CandidateList {
  sessionId: string;
  serverNow: string;
  items: CandidateRow[];
}
export interface SignalView {
  kind: string;
  source: string;
  detail: unknown;
  occurredAt: string;
}
export interface RubricCriterion {
  id: string;
  description: string;
  points: number;
  bands?: { min: number; max: number; label: string }[];
}
export interface AssessmentView {
  id: string;
  registrationId: string;
  component: string;
  title: string;
  rubric: RubricCriterion[];
  maxPoints: number;
  thresholdPoints: number;
  state: string;
  myRole: string | null;
  marks: {
    role: string;
    points: number;
    criteria: Record<string, number>;
    comment: string | null;
    submittedAt: string;
  }[];
  finalPoints: number | null;
  finalMethod: string | null;
  responsibilityAccident: boolean | null;
}
export interface AssessmentCreate {
  component: 'practical' | 'performance';
  title: string;
  rubric: RubricCriterion[];
  firstAssessorId: string;
  secondAssessorId: string;
  thresholdPoints?: number;
  responsibilityAccident?: boolean;
}
export interface GradingView {
  attemptId: string;
  state: AttemptState;
  autoPoints: number;
  pendingItems: string[];
  theoryPoints: number | null;
  totalPoints: number;
  theoryScore: number | null;
  items: {
    itemRef: string;
    method: string;
    points: number | null;
    maxPoints: number;
    /** Rubric-scored items: the stem, rubric, model answer and the candidate's answer. */
    marking?: {
      type: string;
      stem: string;
      body: {
        rubric?: { id: string; description: string; points: number }[];
        subItems?: { ref: string; stem: string }[];
      };
      modelAnswer: { modelAnswer: string | null; subItems: Record<string, string> } | null;
      response: { text?: string; subItems?: Record<string, { text?: string; choices?: string[] }> } | null;
    };
  }[];
}
export interface ExamResultView {
  id: string;
  registrationId: string;
  ticketNo: string;
  certificateTypeCode: string;
  level: string;
  version: number;
  theory: number | null;
  theoryBonus: number;
  practical: number | null;
  performance: number | null;
  composite: number;
  passed: boolean;
  reasons: string[];
  basis: unknown;
  resitUntil: string | null;
  appealUntil: string;
  publishedAt: string;
  ledgerEntryId: number;
  holderSalt?: string;
  changeReason: string | null;
}
export interface AppealView {
  id: string;
  resultId: string;
  state: string;
  reason: string;
  filedAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  newResultId: string | null;
}
export interface AppealDecision {
  decision: 'upheld' | 'rejected';
  note: string;
  scores?: { theory?: number; practical?: number; performance?: number };
}

// ---------------------------------------------------------------------------------------
// Item bank

export function useItems(filters: ItemFilters) {
  return useInfiniteQuery({
    queryKey: ['exam', 'items', filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: ItemView[]; nextCursor: string | null }>(
        `/api/v1/items${queryString({ ...filters, cursor: pageParam, limit: 50 })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

function useInvalidate(...keys: string[][]) {
  const queryClient = useQueryClient();
  return () => {
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  };
}

export function useSaveItem() {
  const invalidate = useInvalidate(['exam', 'items']);
  return useMutation({
    meta: { silent: true },
    mutationFn: (args: { id?: string; body: ItemCreate }) => {
      if (!args.id) return api.post<ItemView>('/api/v1/items', args.body);
      const { certificateTypeCode: _c, level: _l, module: _m, ...content } = args.body;
      return api.put<ItemView>(`/api/v1/items/${args.id}`, content satisfies ItemUpdate);
    },
    onSuccess: invalidate,
  });
}

export function useItemAction() {
  const invalidate = useInvalidate(['exam', 'items']);
  return useMutation({
    meta: { silent: true },
    mutationFn: (args: { id: string; action: ItemAction; note?: string }) =>
      api.post<ItemView>(`/api/v1/items/${args.id}/${args.action}`, args.note ? { note: args.note } : {}),
    onSuccess: invalidate,
  });
}

export function importItems(file: File) {
  const form = new FormData();
  form.append('file', file);
  return api.upload<{
    created: number;
    errors: { row: number; field: string; code: string; message: string }[];
  }>('/api/v1/items/import', form);
}

/** QTI 3.0 content package into `scope` (the package carries no type/level/module). */
export function importQti(file: File, scope: { certificateTypeCode: string; level: string; module: string }) {
  const form = new FormData();
  form.append('file', file);
  return api.upload<{
    created: number;
    errors: { row: number; field: string; code: string; message: string }[];
  }>(`/api/v1/items/import-qti${queryString(scope)}`, form);
}

export function qtiExportUrl(filters: ItemFilters): string {
  return `/api/v1/items/export.qti.zip${queryString(filters)}`;
}

/** Same filters as the list; the browser downloads the workbook. */
export function itemExportUrl(filters: ItemFilters): string {
  return `/api/v1/items/export.xlsx${queryString(filters)}`;
}
export const ITEM_TEMPLATE_URL = '/api/v1/items/template.xlsx';

// ---------------------------------------------------------------------------------------
// Blueprints

export function useBlueprints(state?: 'draft' | 'active' | 'retired') {
  return useQuery({
    queryKey: ['exam', 'blueprints', state ?? 'all'],
    queryFn: ({ signal }) =>
      api.get<{ items: BlueprintView[] }>(`/api/v1/blueprints${queryString({ state })}`, { signal }),
  });
}

export function useBlueprintCoverage(id: string | undefined) {
  return useQuery({
    queryKey: ['exam', 'blueprint-coverage', id],
    enabled: Boolean(id),
    queryFn: ({ signal }) => api.get<BlueprintCoverage>(`/api/v1/blueprints/${id}/coverage`, { signal }),
  });
}

export function useCreateBlueprint() {
  const invalidate = useInvalidate(['exam', 'blueprints']);
  return useMutation({
    meta: { silent: true },
    mutationFn: (body: BlueprintCreate) => api.post<BlueprintView>('/api/v1/blueprints', body),
    onSuccess: invalidate,
  });
}

export function useBlueprintAction() {
  const invalidate = useInvalidate(['exam', 'blueprints']);
  return useMutation({
    meta: { silent: true },
    mutationFn: (args: { id: string; action: 'activate' | 'retire' }) =>
      api.post<BlueprintView>(`/api/v1/blueprints/${args.id}/${args.action}`, {}),
    onSuccess: invalidate,
  });
}

// ---------------------------------------------------------------------------------------
// Sessions, registrations, check-in

export function useSessions() {
  return useInfiniteQuery({
    queryKey: ['exam', 'sessions'],
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: SessionView[]; nextCursor: string | null }>(
        `/api/v1/exam-sessions${queryString({ cursor: pageParam, limit: 50 })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useSession(id: string) {
  return useQuery({
    queryKey: ['exam', 'session', id],
    queryFn: ({ signal }) => api.get<SessionView>(`/api/v1/exam-sessions/${id}`, { signal }),
  });
}

export function useCreateSession() {
  const invalidate = useInvalidate(['exam', 'sessions']);
  return useMutation({
    meta: { silent: true },
    mutationFn: (body: SessionCreate) => api.post<SessionView>('/api/v1/exam-sessions', body),
    onSuccess: invalidate,
  });
}

export function useSessionAction(id: string) {
  const invalidate = useInvalidate(['exam', 'sessions'], ['exam', 'session', id]);
  return useMutation({
    meta: { silent: true },
    mutationFn: (action: 'open' | 'close') =>
      api.post<SessionView>(`/api/v1/exam-sessions/${id}/${action}`, {}),
    onSuccess: invalidate,
  });
}

export function useRegistrations(sessionId: string) {
  return useQuery({
    queryKey: ['exam', 'registrations', sessionId],
    queryFn: ({ signal }) =>
      api.get<{ items: RegistrationView[] }>(`/api/v1/exam-sessions/${sessionId}/registrations`, { signal }),
  });
}

export function useSchedule(sessionId: string) {
  const invalidate = useInvalidate(['exam', 'registrations', sessionId], ['exam', 'session', sessionId]);
  return useMutation({
    meta: { silent: true },
    mutationFn: (applicationIds: string[]) =>
      api.post<ScheduleResult>(`/api/v1/exam-sessions/${sessionId}/registrations`, { applicationIds }),
    onSuccess: invalidate,
  });
}

export function useCheckIn(sessionId: string) {
  const invalidate = useInvalidate(['exam', 'registrations', sessionId], ['exam', 'candidates', sessionId]);
  return useMutation({
    meta: { silent: true },
    mutationFn: (body: { ticketNo: string; idNumber: string }) =>
      api.post<RegistrationView>(`/api/v1/exam-sessions/${sessionId}/check-in`, body),
    onSuccess: invalidate,
  });
}

export function useMyRegistrations() {
  return useQuery({
    queryKey: ['exam', 'my-registrations'],
    queryFn: ({ signal }) => api.get<{ items: RegistrationView[] }>('/api/v1/exam-registrations', { signal }),
  });
}

export const ticketPdfUrl = (registrationId: string) =>
  `/api/v1/exam-registrations/${registrationId}/ticket.pdf`;

// ---------------------------------------------------------------------------------------
// Attempts (the exam room drives these directly: see components/exam/autosave.ts)

export const attemptApi = {
  start: (registrationId: string) =>
    api.post<AttemptView>(`/api/v1/exam-registrations/${registrationId}/attempts`),
  get: (id: string) => api.get<AttemptView>(`/api/v1/attempts/${id}`),
  save: (id: string, itemRef: string, body: { seq: number; response: ItemResponse; clientTime: string }) =>
    api.put<SaveAnswerAck>(`/api/v1/attempts/${id}/answers/${encodeURIComponent(itemRef)}`, body),
  heartbeat: (id: string) => api.post<AttemptClock>(`/api/v1/attempts/${id}/heartbeat`),
  signal: (id: string, kind: SignalKind, detail?: string) =>
    api.post<{ recorded: boolean }>(`/api/v1/attempts/${id}/signals`, {
      kind,
      occurredAt: new Date().toISOString(),
      ...(detail ? { detail } : {}),
    }),
  submit: (id: string) => api.post<AttemptView>(`/api/v1/attempts/${id}/submit`),
};

// ---------------------------------------------------------------------------------------
// Invigilation

/** Live list, polled every 5 s while the invigilator's page is open. */
export function useCandidates(sessionId: string, live: boolean) {
  return useQuery({
    queryKey: ['exam', 'candidates', sessionId],
    queryFn: ({ signal }) =>
      api.get<CandidateList>(`/api/v1/exam-sessions/${sessionId}/candidates`, { signal }),
    refetchInterval: live ? 5000 : false,
  });
}

export function useSignals(attemptId: string | undefined) {
  return useQuery({
    queryKey: ['exam', 'signals', attemptId],
    enabled: Boolean(attemptId),
    queryFn: ({ signal }) =>
      api.get<{ items: SignalView[] }>(`/api/v1/attempts/${attemptId}/signals`, { signal }),
  });
}

export function useInvigilation(sessionId: string) {
  const invalidate = useInvalidate(['exam', 'candidates', sessionId], ['exam', 'session', sessionId]);
  return {
    grant: useMutation({
      meta: { silent: true },
      mutationFn: (a: { attemptId: string; seconds: number; reason: string }) =>
        api.post<AttemptView>(`/api/v1/attempts/${a.attemptId}/time-grants`, {
          seconds: a.seconds,
          reason: a.reason,
        }),
      onSuccess: invalidate,
    }),
    pause: useMutation({
      meta: { silent: true },
      mutationFn: (a: { attemptId: string; resume: boolean; reason?: string }) =>
        api.post<AttemptView>(
          `/api/v1/attempts/${a.attemptId}/${a.resume ? 'resume' : 'pause'}`,
          a.reason ? { reason: a.reason } : {},
        ),
      onSuccess: invalidate,
    }),
    approveResume: useMutation({
      meta: { silent: true },
      mutationFn: (a: { attemptId: string; reason: string }) =>
        api.post<AttemptView>(`/api/v1/attempts/${a.attemptId}/resume-approvals`, { reason: a.reason }),
      onSuccess: invalidate,
    }),
    end: useMutation({
      meta: { silent: true },
      mutationFn: () => api.post<{ submitted: number }>(`/api/v1/exam-sessions/${sessionId}/end`, {}),
      onSuccess: invalidate,
    }),
  };
}

// ---------------------------------------------------------------------------------------
// Grading, assessments (double marking), results and appeals

export function useGradeAttempt() {
  return useMutation({
    meta: { silent: true },
    mutationFn: (attemptId: string) => api.post<GradingView>(`/api/v1/attempts/${attemptId}/grade`, {}),
  });
}

export function useMarkItem() {
  return useMutation({
    meta: { silent: true },
    mutationFn: (a: { attemptId: string; itemRef: string; points: number; comment?: string }) =>
      api.put<GradingView>(`/api/v1/attempts/${a.attemptId}/item-marks/${encodeURIComponent(a.itemRef)}`, {
        points: a.points,
        ...(a.comment ? { comment: a.comment } : {}),
      }),
  });
}

export function useAssessment(id: string | undefined) {
  return useQuery({
    meta: { silent: true },
    queryKey: ['exam', 'assessment', id],
    enabled: Boolean(id),
    retry: false,
    queryFn: ({ signal }) => api.get<AssessmentView>(`/api/v1/exam-assessments/${id}`, { signal }),
  });
}

export function useCreateAssessment() {
  return useMutation({
    meta: { silent: true },
    mutationFn: (a: { registrationId: string; body: AssessmentCreate }) =>
      api.post<AssessmentView>(`/api/v1/exam-registrations/${a.registrationId}/assessments`, a.body),
  });
}

export function useAssessmentActions(id: string) {
  const invalidate = useInvalidate(['exam', 'assessment', id]);
  return {
    mark: useMutation({
      meta: { silent: true },
      mutationFn: (body: { criteria: Record<string, number>; comment?: string }) =>
        api.post<AssessmentView>(`/api/v1/exam-assessments/${id}/marks`, body),
      onSuccess: invalidate,
    }),
    arbitrator: useMutation({
      meta: { silent: true },
      mutationFn: (arbitratorId: string) =>
        api.post<AssessmentView>(`/api/v1/exam-assessments/${id}/arbitrator`, { arbitratorId }),
      onSuccess: invalidate,
    }),
  };
}

export function usePublishResult() {
  return useMutation({
    meta: { silent: true },
    mutationFn: (registrationId: string) =>
      api.post<ExamResultView>(`/api/v1/exam-registrations/${registrationId}/results`, {}),
  });
}

export function useResult(id: string | undefined) {
  return useQuery({
    queryKey: ['exam', 'result', id],
    enabled: Boolean(id),
    retry: false,
    queryFn: ({ signal }) => api.get<ExamResultView>(`/api/v1/exam-results/${id}`, { signal }),
  });
}

export function useMyResults() {
  return useQuery({
    queryKey: ['exam', 'my-results'],
    queryFn: ({ signal }) => api.get<{ items: ExamResultView[] }>('/api/v1/me/exam-results', { signal }),
  });
}

export function useFileAppeal() {
  const invalidate = useInvalidate(['exam', 'my-results']);
  return useMutation({
    meta: { silent: true },
    mutationFn: (a: { resultId: string; reason: string }) =>
      api.post<AppealView>(`/api/v1/exam-results/${a.resultId}/appeals`, { reason: a.reason }),
    onSuccess: invalidate,
  });
}

export function useDecideAppeal() {
  return useMutation({
    meta: { silent: true },
    mutationFn: (a: { appealId: string; body: AppealDecision }) =>
      api.post<AppealView>(`/api/v1/exam-appeals/${a.appealId}/decide`, a.body),
  });
}
