import type { ColumnType, Generated } from 'kysely';
import type { JsonValue, TablesSpec } from './spec.ts';

/** numeric columns: read as string (exact), written as number or string. */
type Numeric = ColumnType<string, number | string, number | string>;
type NumericNull = ColumnType<string | null, number | string | null | undefined, number | string | null>;

/**
 * 考试作答 — one candidate's attempt at their paper. `deadline_at` is computed by the server
 * only: start + duration + granted extra time + completed pauses (REQ-EXAM-4).
 */
export interface ExamAttemptTable {
  id: Generated<number>;
  public_id: string;
  registration_id: number;
  paper_id: number;
  session_id: number;
  /** The candidate's account. */
  user_id: number;
  /** 'in_progress' | 'submitted' | 'graded' */
  state: string;
  started_at: Date;
  deadline_at: Date;
  extra_seconds: Generated<number>;
  /** Set while an invigilator has paused the candidate. */
  paused_at: Date | null;
  paused_seconds: Generated<number>;
  submitted_at: Date | null;
  /** 'candidate' | 'server_deadline' | 'invigilator' */
  submitted_by: string | null;
  /** Login session the attempt is bound to; another session needs a resume approval. */
  client_session: string;
  last_ip: string | null;
  last_seen_at: Date;
  created_at: Generated<Date>;
}

/** Every acknowledged autosave as received (append-only, NFR-REL-1). */
export interface ExamAnswerEventTable {
  id: Generated<number>;
  attempt_id: number;
  item_ref: string;
  seq: number;
  response: JsonValue;
  client_time: Date | null;
  received_at: Generated<Date>;
}

/** The current answer per item: the one with the highest sequence number. */
export interface ExamAnswerTable {
  attempt_id: number;
  item_ref: string;
  seq: number;
  response: JsonValue;
  saved_at: Date;
}

/** 异常行为记录 — an integrity signal (logged, shown to the invigilator, never an automatic penalty). */
export interface ExamIntegritySignalTable {
  id: Generated<number>;
  attempt_id: number;
  /** 'focus_lost' | 'copy' | 'paste' | 'fullscreen_exit' | 'multiple_sessions' | 'ip_change' */
  kind: string;
  /** 'client' | 'server' */
  source: string;
  detail: JsonValue | null;
  occurred_at: Date;
  created_at: Generated<Date>;
}

/** 延时 — extra time granted by an invigilator (append-only). */
export interface ExamTimeGrantTable {
  id: Generated<number>;
  attempt_id: number;
  seconds: number;
  reason: string;
  granted_by: number;
  created_at: Generated<Date>;
}

/** An invigilator's approval for the attempt to continue in a new login session (new machine). */
export interface ExamResumeApprovalTable {
  id: Generated<number>;
  attempt_id: number;
  reason: string;
  approved_by: number;
  created_at: Generated<Date>;
  used_session: string | null;
  used_at: Date | null;
}

/** Points of one paper item: automatic or from a marker. */
export interface ExamItemScoreTable {
  attempt_id: number;
  item_ref: string;
  /** 'auto' | 'marker' */
  method: string;
  /** null while a marker has not scored the item. */
  points: NumericNull;
  max_points: Numeric;
  detail: JsonValue | null;
  marked_by: number | null;
  updated_at: Generated<Date>;
}

/** 实操考核 / 业绩考核 of one registration, double marked (docs/exam-delivery.md). */
export interface ExamAssessmentTable {
  id: Generated<number>;
  public_id: string;
  registration_id: number;
  /** 'practical' | 'performance' */
  component: string;
  title: string;
  /** RubricCriterion[] */
  rubric: JsonValue;
  max_points: Numeric;
  /** |first − second| above this goes to the arbitrator. */
  threshold_points: Numeric;
  first_assessor_id: number;
  second_assessor_id: number;
  arbitrator_id: number | null;
  /** 'marking' | 'arbitration' | 'completed' */
  state: string;
  responsibility_accident: boolean | null;
  final_points: NumericNull;
  /** 'mean' | 'arbitration' | 'accident' */
  final_method: string | null;
  created_by: number;
  created_at: Generated<Date>;
  completed_at: Date | null;
}

/** One assessor's marks (append-only; one per role). */
export interface ExamMarkTable {
  id: Generated<number>;
  assessment_id: number;
  /** 'first' | 'second' | 'arbitrator' */
  role: string;
  assessor_id: number;
  /** criterion id → points */
  criteria: JsonValue;
  points: Numeric;
  comment: string | null;
  submitted_at: Generated<Date>;
}

/** 考试成绩 — one published version of a registration's composite result (append-only). */
export interface ExamResultTable {
  id: Generated<number>;
  public_id: string;
  registration_id: number;
  person_id: number;
  version: number;
  theory: NumericNull;
  theory_bonus: ColumnType<string, number | string | undefined, number | string>;
  practical: NumericNull;
  performance: NumericNull;
  composite: Numeric;
  passed: boolean;
  basis: JsonValue;
  reasons: JsonValue;
  resit_until: string | null;
  holder_salt: string;
  holder_commitment: string;
  ledger_entry_id: number;
  change_reason: string | null;
  published_by: number;
  published_at: Date;
}

/** 成绩复核申请 — a candidate's request to re-check a result. */
export interface ExamAppealTable {
  id: Generated<number>;
  public_id: string;
  result_id: number;
  reason: string;
  /** 'pending' | 'upheld' | 'rejected' */
  state: string;
  filed_by: number;
  filed_at: Date;
  decided_by: number | null;
  decided_at: Date | null;
  decision_note: string | null;
  new_result_id: number | null;
}

/** Exam delivery tables: attempts, answers (append-only), integrity signals, grading (docs/exam-delivery.md). */
export interface ExamDeliveryTables {
  exam_attempt: ExamAttemptTable;
  exam_answer_event: ExamAnswerEventTable;
  exam_answer: ExamAnswerTable;
  exam_integrity_signal: ExamIntegritySignalTable;
  exam_time_grant: ExamTimeGrantTable;
  exam_resume_approval: ExamResumeApprovalTable;
  exam_item_score: ExamItemScoreTable;
  exam_assessment: ExamAssessmentTable;
  exam_mark: ExamMarkTable;
  exam_result: ExamResultTable;
  exam_appeal: ExamAppealTable;
}

const ts = { type: 'timestamp with time zone', nullable: false } as const;
const tsNull = { type: 'timestamp with time zone', nullable: true } as const;
const id = { type: 'bigint', nullable: false } as const;
const idNull = { type: 'bigint', nullable: true } as const;
const text = { type: 'text', nullable: false } as const;
const textNull = { type: 'text', nullable: true } as const;
const num = { type: 'numeric', nullable: false } as const;
const numNull = { type: 'numeric', nullable: true } as const;
const uuid = { type: 'uuid', nullable: false } as const;
const jsonb = { type: 'jsonb', nullable: false } as const;
const int = { type: 'integer', nullable: false } as const;

export const examDeliverySpec: TablesSpec<ExamDeliveryTables> = {
  exam_attempt: {
    id,
    public_id: uuid,
    registration_id: id,
    paper_id: id,
    session_id: id,
    user_id: id,
    state: text,
    started_at: ts,
    deadline_at: ts,
    extra_seconds: int,
    paused_at: tsNull,
    paused_seconds: int,
    submitted_at: tsNull,
    submitted_by: textNull,
    client_session: text,
    last_ip: textNull,
    last_seen_at: ts,
    created_at: ts,
  },
  exam_answer_event: {
    id,
    attempt_id: id,
    item_ref: text,
    seq: id,
    response: jsonb,
    client_time: tsNull,
    received_at: ts,
  },
  exam_answer: { attempt_id: id, item_ref: text, seq: id, response: jsonb, saved_at: ts },
  exam_integrity_signal: {
    id,
    attempt_id: id,
    kind: text,
    source: text,
    detail: { type: 'jsonb', nullable: true },
    occurred_at: ts,
    created_at: ts,
  },
  exam_time_grant: { id, attempt_id: id, seconds: int, reason: text, granted_by: id, created_at: ts },
  exam_resume_approval: {
    id,
    attempt_id: id,
    reason: text,
    approved_by: id,
    created_at: ts,
    used_session: textNull,
    used_at: tsNull,
  },
  exam_item_score: {
    attempt_id: id,
    item_ref: text,
    method: text,
    points: numNull,
    max_points: num,
    detail: { type: 'jsonb', nullable: true },
    marked_by: idNull,
    updated_at: ts,
  },
  exam_assessment: {
    id,
    public_id: uuid,
    registration_id: id,
    component: text,
    title: text,
    rubric: jsonb,
    max_points: num,
    threshold_points: num,
    first_assessor_id: id,
    second_assessor_id: id,
    arbitrator_id: idNull,
    state: text,
    responsibility_accident: { type: 'boolean', nullable: true },
    final_points: numNull,
    final_method: textNull,
    created_by: id,
    created_at: ts,
    completed_at: tsNull,
  },
  exam_mark: {
    id,
    assessment_id: id,
    role: text,
    assessor_id: id,
    criteria: jsonb,
    points: num,
    comment: textNull,
    submitted_at: ts,
  },
  exam_result: {
    id,
    public_id: uuid,
    registration_id: id,
    person_id: id,
    version: int,
    theory: numNull,
    theory_bonus: num,
    practical: numNull,
    performance: numNull,
    composite: num,
    passed: { type: 'boolean', nullable: false },
    basis: jsonb,
    reasons: jsonb,
    resit_until: { type: 'date', nullable: true },
    holder_salt: text,
    holder_commitment: text,
    ledger_entry_id: id,
    change_reason: textNull,
    published_by: id,
    published_at: ts,
  },
  exam_appeal: {
    id,
    public_id: uuid,
    result_id: id,
    reason: text,
    state: text,
    filed_by: id,
    filed_at: ts,
    decided_by: idNull,
    decided_at: tsNull,
    decision_note: textNull,
    new_result_id: idNull,
  },
};
