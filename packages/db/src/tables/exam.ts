import type { ColumnType, Generated } from 'kysely';
import type { JsonValue, TablesSpec } from './spec.ts';

/** numeric columns: read as string (exact), written as number or string. */
type Numeric = ColumnType<string, number | string, number | string>;
type NumericWithDefault = ColumnType<string, number | string | undefined, number | string>;

/**
 * 试题 — one item of the bank (REQ-EXAM-3). Its content lives in versions; papers and answers
 * point to exact versions (`exam_item_version.id`), never to the item.
 */
export interface ExamItemTable {
  id: Generated<number>;
  public_id: string;
  certificate_type_code: string;
  /** 'junior' | 'intermediate' | 'senior' | 'special' */
  level: string;
  /** 'base' (基础模块) or an industry module code of the certificate type (REQ-TYPE-2). */
  module: string;
  /** Latest version, whatever its state; null only inside the creating transaction. */
  current_version_id: number | null;
  created_by: number;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/**
 * 试题版本 — one version of an item. Draft and in-review versions are edited in place; an
 * approved or retired version (the only ones a paper can hold) is never edited: editing
 * creates the next version as a draft.
 */
export interface ExamItemVersionTable {
  id: Generated<number>;
  item_id: number;
  /** 1, 2, … per item. */
  version: number;
  /** 'draft' | 'in_review' | 'approved' | 'retired' */
  state: string;
  /** ItemType (packages/contracts/src/exam-item.ts). */
  type: string;
  /** ItemBody. */
  body: JsonValue;
  /** ItemAnswerKey. */
  answer_key: JsonValue;
  /** numeric(6,2) → string; default 1. */
  points: NumericWithDefault;
  /** numeric(4,3) 0 (easy) … 1 (hard) → string; default 0.5. */
  difficulty: NumericWithDefault;
  /** Competency codes of the certificate type's competency model (REQ-TYPE-4). */
  competencies: ColumnType<string[], string[] | undefined, string[]>;
  /** Law / standard article, e.g. 《安全生产法》第二十一条. */
  source: string | null;
  /** Standard the item rests on (REQ-EXAM-5), e.g. 'GB 6441'. */
  standard_code: string | null;
  /** Version of that standard, e.g. '2025'. */
  standard_version: string | null;
  /** Set when the standard version was replaced: the item needs review. */
  standard_flagged_at: Date | null;
  author_id: number;
  submitted_at: Date | null;
  reviewer_id: number | null;
  reviewed_at: Date | null;
  review_note: string | null;
  retired_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** 标准换版记录 — a standard replaced by a new version (REQ-EXAM-5). Append-only. */
export interface ExamStandardRevisionTable {
  id: Generated<number>;
  standard_code: string;
  old_version: string;
  new_version: string;
  note: string | null;
  /** Approved item versions flagged by this revision. */
  flagged_count: number;
  recorded_by: number;
  recorded_at: Generated<Date>;
}

/**
 * 考试蓝图 — the paper specification for a certificate type, level and module set
 * (REQ-EXAM-1, REQ-TYPE-2/4). Sections: BlueprintSection[] (packages/contracts/src/exam.ts).
 */
export interface ExamBlueprintTable {
  id: Generated<number>;
  public_id: string;
  /** Identity across versions, e.g. 'general-junior'. */
  code: string;
  name: string;
  certificate_type_code: string;
  level: string;
  /** Module codes drawn from: 'base' and/or industry modules. */
  modules: string[];
  version: number;
  /** BlueprintSection[]. */
  sections: JsonValue;
  duration_minutes: number;
  /** numeric(6,2) → string. */
  total_points: Numeric;
  /** { passPoints, … } (docs/exam.md). */
  pass_rules: JsonValue;
  /** 'draft' | 'active' | 'retired' */
  state: string;
  created_by: number;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** 考试场次 — one sitting at one place (REQ-EXAM-2). */
export interface ExamSessionTable {
  id: Generated<number>;
  public_id: string;
  name: string;
  division_code: string;
  province_code: string;
  place: string;
  capacity: number;
  /** Start of the start window. */
  starts_at: Date;
  /** Candidates start staggered over this window (registration.start_offset_seconds). */
  start_window_seconds: Generated<number>;
  duration_minutes: number;
  blueprint_id: number;
  /** 'scheduled' | 'open' | 'closed' */
  state: string;
  created_by: number;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/**
 * 考试安排 — a candidate scheduled into a session from an approved application; carries the
 * seat, the admission ticket number (准考证号) and the candidate's staggered start.
 */
export interface ExamRegistrationTable {
  id: Generated<number>;
  public_id: string;
  session_id: number;
  application_id: number;
  person_id: number;
  seat_no: number;
  ticket_no: string;
  /** 'scheduled' | 'checked_in' | 'absent' | 'cancelled' */
  state: string;
  checked_in_at: Date | null;
  checked_in_by: number | null;
  /** 'ticket_id_card' (ticket number + ID number); face match later. */
  check_in_method: string | null;
  /** This candidate starts at session.starts_at + start_offset_seconds. */
  start_offset_seconds: number;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/**
 * 试卷 — the paper drawn for one registration (append-only; reproducible from `seed`). Items:
 * PaperItem[] (packages/contracts/src/exam.ts): { ref, itemId, itemVersionId, section, points,
 * optionOrder?, subItems? } in presentation order.
 */
export interface ExamPaperTable {
  id: Generated<number>;
  public_id: string;
  registration_id: number;
  blueprint_id: number;
  seed: string;
  items: JsonValue;
  /** numeric(6,2) → string. */
  total_points: Numeric;
  created_at: Generated<Date>;
}

export interface ExamTables {
  exam_item: ExamItemTable;
  exam_item_version: ExamItemVersionTable;
  exam_standard_revision: ExamStandardRevisionTable;
  exam_blueprint: ExamBlueprintTable;
  exam_session: ExamSessionTable;
  exam_registration: ExamRegistrationTable;
  exam_paper: ExamPaperTable;
}

const ts = { type: 'timestamp with time zone', nullable: false } as const;
const tsNull = { type: 'timestamp with time zone', nullable: true } as const;
const id = { type: 'bigint', nullable: false } as const;
const text = { type: 'text', nullable: false } as const;
const textNull = { type: 'text', nullable: true } as const;

export const examSpec: TablesSpec<ExamTables> = {
  exam_item: {
    id,
    public_id: { type: 'uuid', nullable: false },
    certificate_type_code: text,
    level: text,
    module: text,
    current_version_id: { type: 'bigint', nullable: true },
    created_by: id,
    created_at: ts,
    updated_at: ts,
  },
  exam_item_version: {
    id,
    item_id: id,
    version: { type: 'integer', nullable: false },
    state: text,
    type: text,
    body: { type: 'jsonb', nullable: false },
    answer_key: { type: 'jsonb', nullable: false },
    points: { type: 'numeric', nullable: false },
    difficulty: { type: 'numeric', nullable: false },
    competencies: { type: 'ARRAY', nullable: false },
    source: textNull,
    standard_code: textNull,
    standard_version: textNull,
    standard_flagged_at: tsNull,
    author_id: id,
    submitted_at: tsNull,
    reviewer_id: { type: 'bigint', nullable: true },
    reviewed_at: tsNull,
    review_note: textNull,
    retired_at: tsNull,
    created_at: ts,
    updated_at: ts,
  },
  exam_standard_revision: {
    id,
    standard_code: text,
    old_version: text,
    new_version: text,
    note: textNull,
    flagged_count: { type: 'integer', nullable: false },
    recorded_by: id,
    recorded_at: ts,
  },
  exam_blueprint: {
    id,
    public_id: { type: 'uuid', nullable: false },
    code: text,
    name: text,
    certificate_type_code: text,
    level: text,
    modules: { type: 'ARRAY', nullable: false },
    version: { type: 'integer', nullable: false },
    sections: { type: 'jsonb', nullable: false },
    duration_minutes: { type: 'integer', nullable: false },
    total_points: { type: 'numeric', nullable: false },
    pass_rules: { type: 'jsonb', nullable: false },
    state: text,
    created_by: id,
    created_at: ts,
    updated_at: ts,
  },
  exam_session: {
    id,
    public_id: { type: 'uuid', nullable: false },
    name: text,
    division_code: text,
    province_code: text,
    place: text,
    capacity: { type: 'integer', nullable: false },
    starts_at: ts,
    start_window_seconds: { type: 'integer', nullable: false },
    duration_minutes: { type: 'integer', nullable: false },
    blueprint_id: id,
    state: text,
    created_by: id,
    created_at: ts,
    updated_at: ts,
  },
  exam_registration: {
    id,
    public_id: { type: 'uuid', nullable: false },
    session_id: id,
    application_id: id,
    person_id: id,
    seat_no: { type: 'integer', nullable: false },
    ticket_no: text,
    state: text,
    checked_in_at: tsNull,
    checked_in_by: { type: 'bigint', nullable: true },
    check_in_method: textNull,
    start_offset_seconds: { type: 'integer', nullable: false },
    created_by: { type: 'bigint', nullable: true },
    created_at: ts,
    updated_at: ts,
  },
  exam_paper: {
    id,
    public_id: { type: 'uuid', nullable: false },
    registration_id: id,
    blueprint_id: id,
    seed: text,
    items: { type: 'jsonb', nullable: false },
    total_points: { type: 'numeric', nullable: false },
    created_at: ts,
  },
};
