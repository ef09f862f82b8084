import { type Static, Type } from '@sinclair/typebox';
import { StrictObject } from './common.ts';
import { ItemResponseSchema } from './exam-item.ts';

/**
 * Exam delivery API (docs/exam-delivery.md): attempts, autosave, deadlines, invigilation,
 * grading, composite results and appeals (REQ-EXAM-1..6, NFR-REL-1).
 */

const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Number>>(t: T) =>
  Type.Union([t, Type.Null()]);

export const ATTEMPT_STATES = ['in_progress', 'submitted', 'graded'] as const;
export const SUBMITTED_BY = ['candidate', 'server_deadline', 'invigilator'] as const;
export const SIGNAL_KINDS = [
  'focus_lost',
  'copy',
  'paste',
  'fullscreen_exit',
  'multiple_sessions',
  'ip_change',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export const DeliveryIdParams = StrictObject({ id: Uuid });
export const AnswerParams = StrictObject({ id: Uuid, itemRef: Type.String({ minLength: 1, maxLength: 40 }) });

/** An item as the candidate sees it: options in the stored order, never the key. */
export const DeliveredItem = Type.Object({
  ref: Type.String(),
  section: Type.Union([Type.String(), Type.Null()]),
  points: Type.Number(),
  /** ItemBody (exam-item.ts) with options in the candidate's order; never an answer key. */
  body: Type.Unknown(),
});

export const AcknowledgedAnswer = Type.Object({
  itemRef: Type.String(),
  seq: Type.Integer(),
  /** ItemResponse (exam-item.ts). */
  response: Type.Unknown(),
  savedAt: DateTime,
});

export const AttemptState = Type.Union(ATTEMPT_STATES.map((s) => Type.Literal(s)));

export const AttemptView = Type.Object({
  id: Uuid,
  registrationId: Uuid,
  ticketNo: Type.String(),
  sessionName: Type.String(),
  state: AttemptState,
  paused: Type.Boolean(),
  startedAt: DateTime,
  deadlineAt: DateTime,
  /** The server's clock at answer time: the client only displays `deadlineAt − serverNow` (+ offset). */
  serverNow: DateTime,
  extraSeconds: Type.Integer(),
  submittedAt: Nullable(DateTime),
  submittedBy: Type.Union([...SUBMITTED_BY.map((s) => Type.Literal(s)), Type.Null()]),
  totalPoints: Type.Number(),
  items: Type.Array(DeliveredItem),
  answers: Type.Array(AcknowledgedAnswer),
});
export type AttemptView = Static<typeof AttemptView>;

export const SaveAnswerBody = StrictObject({
  /** Client sequence number, increasing per item; the highest one acknowledged is kept. */
  seq: Type.Integer({ minimum: 0, maximum: 9_007_199_254_740_991 }),
  response: ItemResponseSchema,
  clientTime: Type.Optional(DateTime),
});

export const SaveAnswerAck = Type.Object({
  itemRef: Type.String(),
  /** The sequence number now stored (≥ the one sent; higher when a newer save was already kept). */
  seq: Type.Integer(),
  /** True when this request's response is the stored one. */
  current: Type.Boolean(),
  savedAt: DateTime,
  serverNow: DateTime,
  deadlineAt: DateTime,
});

export const AttemptClock = Type.Object({
  state: AttemptState,
  paused: Type.Boolean(),
  serverNow: DateTime,
  deadlineAt: DateTime,
});

export const SignalBody = StrictObject({
  kind: Type.Union(SIGNAL_KINDS.filter((k) => k !== 'ip_change').map((k) => Type.Literal(k))),
  occurredAt: Type.Optional(DateTime),
  detail: Type.Optional(Type.String({ maxLength: 500 })),
});

export const SignalView = Type.Object({
  kind: Type.String(),
  source: Type.String(),
  detail: Type.Unknown(),
  occurredAt: DateTime,
});
export const SignalList = Type.Object({ items: Type.Array(SignalView) });

export const TimeGrantBody = StrictObject({
  seconds: Type.Integer({ minimum: 1, maximum: 14_400 }),
  reason: Type.String({ minLength: 1, maxLength: 500 }),
});
export const DeliveryReasonBody = StrictObject({ reason: Type.String({ minLength: 1, maxLength: 500 }) });
export const DeliveryOptionalReasonBody = StrictObject({
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
});

export const CandidateRow = Type.Object({
  registrationId: Uuid,
  attemptId: Nullable(Uuid),
  ticketNo: Type.String(),
  seatNo: Type.Integer(),
  /** Masked name only (张*). */
  candidateName: Type.String(),
  registrationState: Type.String(),
  state: Type.Union([AttemptState, Type.Literal('not_started')]),
  paused: Type.Boolean(),
  connected: Type.Boolean(),
  lastSeenAt: Nullable(DateTime),
  answered: Type.Integer(),
  total: Type.Integer(),
  signals: Type.Integer(),
  deadlineAt: Nullable(DateTime),
});
export const CandidateList = Type.Object({
  sessionId: Uuid,
  serverNow: DateTime,
  items: Type.Array(CandidateRow),
});

export const EndSessionResult = Type.Object({ submitted: Type.Integer() });

export const ItemScoreView = Type.Object({
  itemRef: Type.String(),
  method: Type.String(),
  points: Nullable(Type.Number()),
  maxPoints: Type.Number(),
  /**
   * For items a marker scores (short answer, scenario): what the marker needs to read — the
   * item as the candidate saw it, the rubric and model answer, and the candidate's answer.
   */
  marking: Type.Optional(
    Type.Object({
      type: Type.String(),
      stem: Type.String(),
      /** The item body (ItemBody: sub-items, rubric), never the objective answer key. */
      body: Type.Unknown(),
      modelAnswer: Type.Union([Type.Unknown(), Type.Null()]),
      /** The candidate's last acknowledged answer (ItemResponse); null when unanswered. */
      response: Type.Union([Type.Unknown(), Type.Null()]),
    }),
  ),
});
export const GradingView = Type.Object({
  attemptId: Uuid,
  state: AttemptState,
  autoPoints: Type.Number(),
  pendingItems: Type.Array(Type.String()),
  theoryPoints: Nullable(Type.Number()),
  totalPoints: Type.Number(),
  /** Out of 100; null while items wait for a marker. */
  theoryScore: Nullable(Type.Number()),
  items: Type.Array(ItemScoreView),
});

export const ItemMarkBody = StrictObject({
  points: Type.Number({ minimum: 0 }),
  comment: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const AssessmentRubric = Type.Array(
  StrictObject({
    id: Type.String({ minLength: 1, maxLength: 40 }),
    description: Type.String({ minLength: 1, maxLength: 1000 }),
    points: Type.Number({ minimum: 0, maximum: 100 }),
    bands: Type.Optional(
      Type.Array(
        StrictObject({ min: Type.Number(), max: Type.Number(), label: Type.String({ maxLength: 40 }) }),
      ),
    ),
  }),
  { minItems: 1, maxItems: 20 },
);

export const AssessmentCreate = StrictObject({
  component: Type.Union([Type.Literal('practical'), Type.Literal('performance')]),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  rubric: AssessmentRubric,
  /** Public ids of two different assessors (评估机构考评员). */
  firstAssessorId: Uuid,
  secondAssessorId: Uuid,
  /** Default: ANZHENG_EXAM_MARKING_THRESHOLD × the rubric's maximum (10 %). */
  thresholdPoints: Type.Optional(Type.Number({ minimum: 0 })),
  /** 业绩考核: any responsibility accident in the last 3 years (fails the component). */
  responsibilityAccident: Type.Optional(Type.Boolean()),
});

export const AssessmentMarkView = Type.Object({
  role: Type.String(),
  points: Type.Number(),
  criteria: Type.Record(Type.String(), Type.Number()),
  comment: Nullable(Type.String()),
  submittedAt: DateTime,
});

export const AssessmentView = Type.Object({
  id: Uuid,
  registrationId: Uuid,
  component: Type.String(),
  title: Type.String(),
  rubric: AssessmentRubric,
  maxPoints: Type.Number(),
  thresholdPoints: Type.Number(),
  state: Type.String(),
  /** The caller's role on this assessment, if any. */
  myRole: Nullable(Type.String()),
  /** Blind: an assessor sees only their own mark until both first marks are in. */
  marks: Type.Array(AssessmentMarkView),
  finalPoints: Nullable(Type.Number()),
  finalMethod: Nullable(Type.String()),
  responsibilityAccident: Type.Union([Type.Boolean(), Type.Null()]),
});

export const AssessmentMarkBody = StrictObject({
  criteria: Type.Record(Type.String({ maxLength: 40 }), Type.Number({ minimum: 0 })),
  comment: Type.Optional(Type.String({ maxLength: 2000 })),
});
export const ArbitratorBody = StrictObject({ arbitratorId: Uuid });

export const ExamResultView = Type.Object({
  id: Uuid,
  registrationId: Uuid,
  ticketNo: Type.String(),
  certificateTypeCode: Type.String(),
  level: Type.String(),
  version: Type.Integer(),
  theory: Nullable(Type.Number()),
  theoryBonus: Type.Number(),
  practical: Nullable(Type.Number()),
  performance: Nullable(Type.Number()),
  composite: Type.Number(),
  passed: Type.Boolean(),
  reasons: Type.Array(Type.String()),
  basis: Type.Unknown(),
  resitUntil: Nullable(Type.String()),
  appealUntil: Type.String(),
  publishedAt: DateTime,
  ledgerEntryId: Type.Integer(),
  holderSalt: Type.Optional(Type.String()),
  changeReason: Nullable(Type.String()),
});
export const ExamResultList = Type.Object({ items: Type.Array(ExamResultView) });

export const AppealBody = StrictObject({ reason: Type.String({ minLength: 1, maxLength: 2000 }) });
export const AppealDecisionBody = StrictObject({
  decision: Type.Union([Type.Literal('upheld'), Type.Literal('rejected')]),
  note: Type.String({ minLength: 1, maxLength: 2000 }),
  /** upheld: the corrected component scores (out of 100); others stay. */
  scores: Type.Optional(
    StrictObject({
      theory: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
      practical: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
      performance: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    }),
  ),
});
export const AppealView = Type.Object({
  id: Uuid,
  resultId: Uuid,
  state: Type.String(),
  reason: Type.String(),
  filedAt: DateTime,
  decidedAt: Nullable(DateTime),
  decisionNote: Nullable(Type.String()),
  newResultId: Nullable(Uuid),
});

// ---- session statistics (docs/exam-delivery.md §Statistics API; docs/exam-analysis.md §1) ----

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const StatisticsOptionView = Type.Object({
  optionId: Type.String(),
  isKey: Type.Boolean(),
  overall: Type.Number(),
  top: NullableNumber,
  bottom: NullableNumber,
  count: Type.Integer(),
});

export const StatisticsDistractorView = Type.Object({
  topGroupSize: Type.Integer(),
  bottomGroupSize: Type.Integer(),
  options: Type.Array(StatisticsOptionView),
  noAnswer: Type.Object({
    overall: Type.Number(),
    top: NullableNumber,
    bottom: NullableNumber,
    count: Type.Integer(),
  }),
});

/** One item version of the session's papers (the analysis module's ItemStatistics, plus where it came from). */
export const ItemStatisticsView = Type.Object({
  /** `<item public id>@v<version>`: one statistics item per item version. */
  itemId: Type.String(),
  /** The item's ref on the papers (the first seen, papers may differ). */
  ref: Type.String(),
  itemPublicId: Uuid,
  version: Type.Integer(),
  type: Type.String(),
  attempts: Type.Integer(),
  maxMark: Type.Number(),
  averageMark: NullableNumber,
  facilityIndex: NullableNumber,
  standardDeviationMarks: NullableNumber,
  standardDeviation: NullableNumber,
  randomGuessScore: NullableNumber,
  intendedWeight: Type.Number(),
  effectiveWeight: NullableNumber,
  discriminationIndex: NullableNumber,
  discriminativeEfficiency: NullableNumber,
  markVariance: NullableNumber,
  negativeCovariance: Type.Boolean(),
  distractors: Type.Union([StatisticsDistractorView, Type.Null()]),
  flags: Type.Array(Type.String()),
});

export const TestStatisticsView = Type.Object({
  attempts: Type.Integer(),
  itemCount: Type.Integer(),
  maxTotal: Type.Number(),
  average: NullableNumber,
  averagePercent: NullableNumber,
  median: NullableNumber,
  medianPercent: NullableNumber,
  standardDeviation: NullableNumber,
  standardDeviationPercent: NullableNumber,
  skewness: NullableNumber,
  kurtosis: NullableNumber,
  internalConsistency: NullableNumber,
  internalConsistencyKind: Type.Union([Type.Literal('KR-20'), Type.Literal('alpha'), Type.Null()]),
  errorRatio: NullableNumber,
  standardError: NullableNumber,
  standardErrorPercent: NullableNumber,
});

export const SessionStatisticsView = Type.Object({
  sessionId: Uuid,
  test: TestStatisticsView,
  items: Type.Array(ItemStatisticsView),
  /** Items with at least one review flag, worst discrimination first. */
  flagged: Type.Array(ItemStatisticsView),
  thresholds: Type.Object({
    discriminationIndex: Type.Number(),
    discriminativeEfficiency: Type.Number(),
    groupFraction: Type.Number(),
  }),
  /** Each counted attempt's paper total (points), for the histogram. */
  scores: Type.Array(Type.Number()),
  /** Submitted attempts not yet fully graded (left out until their marks are in). */
  pendingAttempts: Type.Integer(),
});
export type SessionStatisticsView = Static<typeof SessionStatisticsView>;
