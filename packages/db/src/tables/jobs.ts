import type { Generated } from 'kysely';
import type { JsonValue, TablesSpec } from './spec.ts';

/**
 * 后台任务 — one unit of background work (DESIGN §7). Claimed with `FOR UPDATE SKIP LOCKED`
 * so several server processes share the queue; a `running` job whose `locked_at` is older
 * than the stale limit belonged to a process that died and is claimed again.
 */
export interface JobTable {
  id: Generated<number>;
  /** Handler name, e.g. 'import.run'. */
  kind: string;
  payload: JsonValue;
  /** 'queued' | 'running' | 'succeeded' | 'failed' */
  status: Generated<string>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_after: Generated<Date>;
  /** Worker id (`host:pid:random`) holding the job while it runs. */
  locked_by: string | null;
  /** Claim time, refreshed by the handler's heartbeat. */
  locked_at: Date | null;
  progress: JsonValue | null;
  result: JsonValue | null;
  error: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** 批量导入 — one uploaded file of persons, enterprises, work or training records. */
export interface ImportBatchTable {
  id: Generated<number>;
  public_id: string;
  /** 'persons' | 'enterprises' | 'work-records' | 'training-records' */
  kind: string;
  /** 'valid-rows' | 'all-or-nothing' */
  mode: string;
  /** 'queued' | 'running' | 'succeeded' | 'failed' */
  status: string;
  file_name: string;
  file_sha256: string;
  file_bytes: number;
  /** Enterprise the imported persons are linked to as staff (enterprise roles). */
  enterprise_id: number | null;
  /** Data rows seen (header excluded). */
  total: Generated<number>;
  processed: Generated<number>;
  /** Rows that wrote something. */
  accepted: Generated<number>;
  /** Valid rows whose records already existed (re-import). */
  unchanged: Generated<number>;
  /** Rows with at least one error (in all-or-nothing mode nothing is written). */
  rejected: Generated<number>;
  /** File-level failure (IMPORT_MISSING_COLUMNS, IMPORT_EMPTY, …); null otherwise. */
  error_code: string | null;
  error_message: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
}

/** 导入错误 — one problem with one cell (or row, or the file: row 0 / header row 1). */
export interface ImportErrorTable {
  id: Generated<number>;
  batch_id: number;
  row: number;
  column: string | null;
  code: string;
  message: string;
}

export interface JobsTables {
  job: JobTable;
  import_batch: ImportBatchTable;
  import_error: ImportErrorTable;
}

const ts = { type: 'timestamp with time zone', nullable: false } as const;
const tsNull = { type: 'timestamp with time zone', nullable: true } as const;

export const jobsSpec: TablesSpec<JobsTables> = {
  job: {
    id: { type: 'bigint', nullable: false },
    kind: { type: 'text', nullable: false },
    payload: { type: 'jsonb', nullable: false },
    status: { type: 'text', nullable: false },
    attempts: { type: 'integer', nullable: false },
    max_attempts: { type: 'integer', nullable: false },
    run_after: ts,
    locked_by: { type: 'text', nullable: true },
    locked_at: tsNull,
    progress: { type: 'jsonb', nullable: true },
    result: { type: 'jsonb', nullable: true },
    error: { type: 'text', nullable: true },
    created_by: { type: 'bigint', nullable: true },
    created_at: ts,
    updated_at: ts,
  },
  import_batch: {
    id: { type: 'bigint', nullable: false },
    public_id: { type: 'uuid', nullable: false },
    kind: { type: 'text', nullable: false },
    mode: { type: 'text', nullable: false },
    status: { type: 'text', nullable: false },
    file_name: { type: 'text', nullable: false },
    file_sha256: { type: 'text', nullable: false },
    file_bytes: { type: 'bigint', nullable: false },
    enterprise_id: { type: 'bigint', nullable: true },
    total: { type: 'integer', nullable: false },
    processed: { type: 'integer', nullable: false },
    accepted: { type: 'integer', nullable: false },
    unchanged: { type: 'integer', nullable: false },
    rejected: { type: 'integer', nullable: false },
    error_code: { type: 'text', nullable: true },
    error_message: { type: 'text', nullable: true },
    created_by: { type: 'bigint', nullable: true },
    created_at: ts,
    started_at: tsNull,
    finished_at: tsNull,
  },
  import_error: {
    id: { type: 'bigint', nullable: false },
    batch_id: { type: 'bigint', nullable: false },
    row: { type: 'integer', nullable: false },
    column: { type: 'text', nullable: true },
    code: { type: 'text', nullable: false },
    message: { type: 'text', nullable: false },
  },
};
