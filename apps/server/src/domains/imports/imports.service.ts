import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type {
  ImportKindCode,
  ImportModeCode,
  ImportRowError,
  ImportSummary,
  ImportView,
} from '@anzheng/contracts';
import type { FieldCipher } from '@anzheng/crypto';
import type { Database, JsonValue } from '@anzheng/db';
import type { Kysely } from 'kysely';
import type { JobHandler, JobRunner } from '../../jobs/index.ts';
import { decodeCursor, encodeCursor } from '../../lib/paging.ts';
import type { AuditService, AuditSubject } from '../audit/audit.service.ts';
import type { Actor } from '../identity/actor.ts';
import { isPublicId, uuidv7 } from '../registry/registry.records.ts';
import { type HeaderMap, IMPORT_COLUMNS, mapHeader, STAFF_COLUMNS } from './imports.columns.ts';
import {
  EnterpriseNotRegisteredError,
  ImportFileError,
  ImportFormError,
  ImportNotAllowedError,
  ImportNotFoundError,
} from './imports.errors.ts';
import { canImportKind, canReadImport, importAuthority } from './imports.policy.ts';
import * as repo from './imports.repository.ts';
import {
  createRowValidator,
  type ImportRecord,
  type ImportScope,
  type IndustryRef,
  type RowProblem,
  shanghaiToday,
} from './imports.rows.ts';
import { readRows } from './imports.source.ts';
import { type BatchOutcome, createBatchWriter, prepareBatch } from './imports.writer.ts';

/** Rows per write (one statement per table per batch; see imports.repository.ts). */
export const IMPORT_BATCH_ROWS = 1000;
/** Errors returned inline by GET /imports/:id; errors.csv has all of them. */
export const INLINE_ERRORS = 200;
export const IMPORT_JOB = 'import.run';

export interface StoredUpload {
  /** Temporary file the upload was streamed to (moved into DATA_DIR/imports/<id>). */
  path: string;
  fileName: string;
  sha256: string;
  bytes: number;
}

export interface ImportCounts {
  total: number;
  processed: number;
  accepted: number;
  unchanged: number;
  rejected: number;
}

export interface RunOptions {
  signal?: AbortSignal | undefined;
  /** After every batch (CLI progress bar). */
  onProgress?: ((counts: ImportCounts) => void) | undefined;
  /** Keeps the job's lock fresh; `db` is the open transaction when there is one. */
  heartbeat?: ((progress: JsonValue, db: Kysely<Database>) => Promise<void>) | undefined;
}

/** What the background job needs to run an import again after a restart. */
interface ImportJobPayload {
  batchId: number;
  scope: ImportScope;
  subject: AuditSubject;
  [key: string]: unknown;
}

export interface ImportsServiceDeps {
  db: Kysely<Database>;
  audit: AuditService;
  cipher: FieldCipher;
  clock: () => Date;
  dataDir: string;
  jobs: JobRunner;
}

export type ImportsService = ReturnType<typeof createImportsService>;

function summary(row: repo.ImportBatchRow): ImportSummary {
  return {
    id: row.public_id,
    kind: row.kind as ImportKindCode,
    mode: row.mode as ImportModeCode,
    status: row.status as ImportSummary['status'],
    fileName: row.file_name,
    total: row.total,
    processed: row.processed,
    accepted: row.accepted,
    unchanged: row.unchanged,
    rejected: row.rejected,
    failure: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
  };
}

function errorView(e: repo.ImportErrorRow): ImportRowError {
  return { row: e.row, column: e.column, code: e.code, message: e.message };
}

/** A spreadsheet cell that cannot start a formula (CSV injection: =, +, -, @). */
function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function createImportsService(deps: ImportsServiceDeps) {
  const { db, audit, cipher, clock, jobs } = deps;
  const uploadDir = path.join(deps.dataDir, 'imports');

  async function loadIndustries(): Promise<Map<string, IndustryRef>> {
    const map = new Map<string, IndustryRef>();
    for (const i of await repo.listIndustries(db)) {
      const ref = { code: i.code, highRisk: i.high_risk };
      map.set(i.code, ref);
      map.set(i.name, ref);
    }
    return map;
  }

  /** The caller's import scope for `kind`, or 403 / 400. */
  async function scopeFor(actor: Actor, kind: ImportKindCode, enterpriseCode?: string): Promise<ImportScope> {
    const authority = importAuthority(actor);
    if (actor.kind !== 'user' || !authority) throw new ImportNotAllowedError();
    if (!canImportKind(authority, kind)) throw new ImportNotAllowedError('企业用户不能导入企业信息');
    if (authority.kind === 'admin') return { divisions: null, enterprise: null };
    if (authority.kind === 'regulator') return { divisions: authority.divisions, enterprise: null };
    let code = enterpriseCode;
    if (code === undefined) {
      if (authority.creditCodes.length > 1) {
        throw new ImportFormError([
          {
            field: 'body.enterprise',
            code: 'REQUIRED',
            message: '您管理多家企业，请指定 enterprise（统一社会信用代码）',
          },
        ]);
      }
      code = authority.creditCodes[0]!;
    } else if (!authority.creditCodes.includes(code)) {
      throw new ImportNotAllowedError('只能为您所在的企业导入');
    }
    const enterprise = await repo.findEnterpriseByCreditCode(db, code);
    if (!enterprise) throw new EnterpriseNotRegisteredError(code);
    return { divisions: null, enterprise: { id: enterprise.id, creditCode: enterprise.credit_code } };
  }

  async function batchInScope(actor: Actor, publicId: string) {
    if (!isPublicId(publicId)) throw new ImportNotFoundError();
    const batch = await repo.findBatchByPublicId(db, publicId);
    // Someone else's import does not exist for the caller (DESIGN §5: 404, not 403).
    if (!batch || !canReadImport(actor, batch.created_by)) throw new ImportNotFoundError();
    return batch;
  }

  function columnsFor(kind: ImportKindCode, scope: ImportScope) {
    return kind === 'persons' && scope.enterprise
      ? [...IMPORT_COLUMNS.persons, ...STAFF_COLUMNS]
      : IMPORT_COLUMNS[kind];
  }

  /**
   * Reads the file once. `write` false: validation and database checks only (the first pass
   * of all-or-nothing). Returns the counts and every problem found.
   */
  async function pass(
    batch: repo.ImportBatchRow,
    file: string,
    scope: ImportScope,
    options: {
      target: Kysely<Database>;
      write: boolean;
      /** valid-rows: each batch commits on its own with its errors and counts. */
      perBatchTransactions: boolean;
      recordProblems: boolean;
      run: RunOptions;
      industries: Map<string, IndustryRef>;
    },
  ): Promise<ImportCounts & { problems: number }> {
    const kind = batch.kind as ImportKindCode;
    const ctx = { today: shanghaiToday(clock()), scope, industries: options.industries };
    const writer = createBatchWriter(kind, {
      cipher,
      scope,
      createdBy: batch.created_by,
      now: () => clock().getTime(),
    });
    const counts: ImportCounts = { total: 0, processed: 0, accepted: 0, unchanged: 0, rejected: 0 };
    let problemCount = 0;
    let header: HeaderMap | undefined;
    let validate: ReturnType<typeof createRowValidator> | undefined;
    let records: ImportRecord[] = [];
    let problems: RowProblem[] = [];
    let rows = 0;
    let inflight: Promise<void> = Promise.resolve();
    let mostlyNew = true;

    const writeBatch = async (
      batchRecords: ImportRecord[],
      batchProblems: RowProblem[],
      batchRows: number,
    ) => {
      const apply = async (target: Kysely<Database>) => {
        let outcome: BatchOutcome = { accepted: 0, unchanged: 0, problems: [] };
        if (batchRecords.length > 0) outcome = await writer(target, batchRecords, !options.write);
        const all = outcome.problems.length > 0 ? [...batchProblems, ...outcome.problems] : batchProblems;
        const rejectedRows = new Set(all.map((p) => p.row)).size;
        const delta = {
          total: batchRows,
          processed: batchRows,
          accepted: outcome.accepted,
          unchanged: outcome.unchanged,
          rejected: rejectedRows,
        };
        if (options.recordProblems && all.length > 0) await repo.insertErrors(target, batch.id, all);
        if (options.perBatchTransactions) await repo.addBatchCounts(target, batch.id, delta);
        counts.total += delta.total;
        counts.processed += delta.processed;
        counts.accepted += delta.accepted;
        counts.unchanged += delta.unchanged;
        counts.rejected += delta.rejected;
        mostlyNew = outcome.accepted >= outcome.unchanged;
        problemCount += all.length;
        await options.run.heartbeat?.({ ...counts }, target);
      };
      if (options.perBatchTransactions) await options.target.transaction().execute((trx) => apply(trx));
      else await apply(options.target);
      options.run.onProgress?.({ ...counts });
    };

    const flush = async () => {
      if (options.run.signal?.aborted) throw options.run.signal.reason;
      const [r, p, n] = [records, problems, rows];
      records = [];
      problems = [];
      rows = 0;
      // While the previous batch is still in the database: this batch's cryptography.
      prepareBatch(cipher, r, options.write && mostlyNew);
      // One batch in flight while the next is parsed and validated (CPU and database overlap).
      await inflight;
      inflight = writeBatch(r, p, n);
      // Never leave a rejection unobserved; it is awaited (and thrown) at the next flush or the end.
      inflight.catch(() => {});
    };

    await readRows(file, async (src) => {
      if (!header) {
        const mapped = mapHeader(src.cells, columnsFor(kind, scope));
        if ('code' in mapped) {
          const message =
            mapped.code === 'IMPORT_MISSING_COLUMNS'
              ? `缺少必需的列：${mapped.columns.join('、')}（请使用导入模板，表头须在第一行）`
              : `列重复：${mapped.columns.join('、')}`;
          throw new ImportFileError(mapped.code, message, mapped.columns);
        }
        header = mapped;
        validate = createRowValidator(kind, header, ctx);
        return;
      }
      const result = validate!(src);
      rows++;
      if (result.record) records.push(result.record);
      else problems.push(...result.problems);
      if (records.length + problems.length >= IMPORT_BATCH_ROWS) await flush();
    });
    if (!header) throw new ImportFileError('IMPORT_EMPTY', '文件没有内容（表头和数据行都为空）');
    if (rows > 0) await flush();
    await inflight;
    if (counts.total === 0) throw new ImportFileError('IMPORT_EMPTY', '文件只有表头，没有数据行');
    return { ...counts, problems: problemCount };
  }

  async function finish(
    batch: repo.ImportBatchRow,
    subject: AuditSubject,
    outcome: {
      status: 'succeeded' | 'failed';
      counts?: ImportCounts;
      failure?: { code: string; message: string; columns?: string[] };
    },
  ) {
    await db.transaction().execute(async (trx) => {
      // IMPORT_ROWS_REJECTED summarizes the row errors already listed: no extra line for it.
      if (outcome.failure && outcome.failure.code !== 'IMPORT_ROWS_REJECTED') {
        await repo.insertErrors(
          trx,
          batch.id,
          outcome.failure.columns && outcome.failure.columns.length > 0
            ? outcome.failure.columns.map((c) => ({
                row: 1,
                column: c,
                code: outcome.failure!.code,
                message: outcome.failure!.message,
              }))
            : [{ row: 0, column: null, code: outcome.failure.code, message: outcome.failure.message }],
        );
      }
      await repo.updateBatch(trx, batch.id, {
        status: outcome.status,
        ...(outcome.counts
          ? {
              total: outcome.counts.total,
              processed: outcome.counts.processed,
              accepted: outcome.counts.accepted,
              unchanged: outcome.counts.unchanged,
              rejected: outcome.counts.rejected,
            }
          : {}),
        error_code: outcome.failure?.code ?? null,
        error_message: outcome.failure?.message ?? null,
        finished_at: clock(),
      });
      const final = await repo.findBatchById(trx, batch.id);
      await audit.record(trx, subject, {
        action: 'import.finish',
        targetType: 'import',
        targetId: batch.public_id,
        result: outcome.status === 'succeeded' ? 'success' : 'failure',
        details: {
          kind: batch.kind,
          mode: batch.mode,
          fileSha256: batch.file_sha256,
          total: final?.total ?? 0,
          accepted: final?.accepted ?? 0,
          unchanged: final?.unchanged ?? 0,
          rejected: final?.rejected ?? 0,
          failure: outcome.failure?.code ?? null,
        },
      });
    });
  }

  /**
   * Runs one import to the end. valid-rows: each batch of 1,000 rows commits with its errors
   * and counts. all-or-nothing: a validation pass (nothing written), then — only if no row
   * failed — one transaction that writes every row.
   */
  async function runBatch(
    batchId: number,
    file: string,
    scope: ImportScope,
    subject: AuditSubject,
    run: RunOptions = {},
  ): Promise<repo.ImportBatchRow> {
    const batch = await repo.findBatchById(db, batchId);
    if (!batch) throw new Error(`import batch ${batchId} not found`);
    if (batch.status === 'succeeded' || batch.status === 'failed') return batch;
    // A retry starts over: writes are idempotent, so rows written before a crash count as unchanged.
    await db.transaction().execute(async (trx) => {
      await repo.deleteErrors(trx, batch.id);
      await repo.updateBatch(trx, batch.id, {
        status: 'running',
        started_at: clock(),
        total: 0,
        processed: 0,
        accepted: 0,
        unchanged: 0,
        rejected: 0,
        error_code: null,
        error_message: null,
      });
    });
    const industries = await loadIndustries();
    try {
      if (batch.mode === 'valid-rows') {
        await pass(batch, file, scope, {
          target: db,
          write: true,
          perBatchTransactions: true,
          recordProblems: true,
          run,
          industries,
        });
        await finish(batch, subject, { status: 'succeeded' });
      } else {
        const checked = await pass(batch, file, scope, {
          target: db,
          write: false,
          perBatchTransactions: true,
          recordProblems: true,
          run,
          industries,
        });
        if (checked.rejected > 0) {
          await finish(batch, subject, {
            status: 'failed',
            counts: { ...checked, accepted: 0, unchanged: 0 },
            failure: {
              code: 'IMPORT_ROWS_REJECTED',
              message: `有 ${checked.rejected} 行数据有错误，按“全部或不导入”模式未导入任何数据`,
            },
          });
        } else {
          const written = await db.transaction().execute((trx) =>
            pass(batch, file, scope, {
              target: trx,
              write: true,
              perBatchTransactions: false,
              // A row failing now (a concurrent change) aborts the transaction: nothing is written.
              recordProblems: false,
              run,
              industries,
            }).then((c) => {
              if (c.problems > 0)
                throw new ImportFileError(
                  'IMPORT_CONFLICT',
                  '导入过程中数据被并发修改，未导入任何数据，请重新导入',
                );
              return c;
            }),
          );
          await finish(batch, subject, { status: 'succeeded', counts: written });
        }
      }
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      await finish(batch, subject, {
        status: 'failed',
        failure: { code: error.code, message: error.message, columns: error.columns },
      });
    }
    return (await repo.findBatchById(db, batch.id))!;
  }

  const jobHandler: JobHandler = {
    async run(ctx): Promise<JsonValue> {
      const payload = ctx.job.payload as unknown as ImportJobPayload;
      const batch = await repo.findBatchById(db, payload.batchId);
      if (!batch) return { skipped: 'batch not found' };
      const file = path.join(uploadDir, batch.public_id);
      const result = await runBatch(batch.id, file, payload.scope, payload.subject, {
        signal: ctx.signal,
        heartbeat: (progress, target) => ctx.heartbeat(progress, target),
      });
      await fs.rm(file, { force: true });
      return { status: result.status, accepted: result.accepted, rejected: result.rejected };
    },
    async onGiveUp(job, error) {
      const payload = job.payload as unknown as ImportJobPayload;
      const batch = await repo.findBatchById(db, payload.batchId);
      if (!batch || batch.status === 'succeeded' || batch.status === 'failed') return;
      await finish(batch, payload.subject, {
        status: 'failed',
        failure: { code: 'IMPORT_INTERNAL_ERROR', message: `导入因系统错误中止：${error.slice(0, 200)}` },
      });
      await fs.rm(path.join(uploadDir, batch.public_id), { force: true });
    },
  };
  jobs.register(IMPORT_JOB, jobHandler);

  /** The actor as stored in the job (no session: the job outlives it). */
  function subjectOf(actor: Actor): AuditSubject {
    return { ...actor, sessionId: null };
  }

  return {
    uploadDir,

    /** Checks that `actor` may import `kind` before the upload is read (403 / 400 early). */
    async assertMayImport(actor: Actor, kind: ImportKindCode, enterpriseCode?: string) {
      await scopeFor(actor, kind, enterpriseCode);
    },

    /** POST /imports: stores the uploaded file and queues the job, audited as import.create. */
    async createImport(
      actor: Actor,
      input: {
        kind: ImportKindCode;
        mode: ImportModeCode;
        enterprise?: string | undefined;
        upload: StoredUpload;
      },
    ) {
      const scope = await scopeFor(actor, input.kind, input.enterprise);
      const publicId = uuidv7(clock().getTime());
      await fs.mkdir(uploadDir, { recursive: true });
      const target = path.join(uploadDir, publicId);
      await fs.rename(input.upload.path, target);
      try {
        const batch = await db.transaction().execute(async (trx) => {
          const row = await repo.insertBatch(trx, {
            public_id: publicId,
            kind: input.kind,
            mode: input.mode,
            status: 'queued',
            file_name: input.upload.fileName.slice(0, 255) || 'import',
            file_sha256: input.upload.sha256,
            file_bytes: input.upload.bytes,
            enterprise_id: scope.enterprise?.id ?? null,
            created_by: actor.id,
          });
          const payload: ImportJobPayload = { batchId: row.id, scope, subject: subjectOf(actor) };
          await jobs.enqueue(trx, {
            kind: IMPORT_JOB,
            payload: payload as unknown as JsonValue,
            createdBy: actor.id,
          });
          await audit.record(trx, actor, {
            action: 'import.create',
            targetType: 'import',
            targetId: publicId,
            details: {
              kind: input.kind,
              mode: input.mode,
              fileName: row.file_name,
              fileSha256: input.upload.sha256,
              fileBytes: input.upload.bytes,
              enterprise: scope.enterprise?.creditCode ?? null,
            },
          });
          return row;
        });
        return { id: batch.public_id, status: 'queued' as const };
      } catch (error) {
        await fs.rm(target, { force: true });
        throw error;
      }
    },

    async getImport(actor: Actor, publicId: string): Promise<ImportView> {
      const batch = await batchInScope(actor, publicId);
      const [errors, errorCount] = await Promise.all([
        repo.listErrors(db, batch.id, { limit: INLINE_ERRORS }),
        repo.countErrors(db, batch.id),
      ]);
      return { ...summary(batch), errors: errors.map(errorView), errorCount };
    },

    async listImports(actor: Actor, query: { cursor?: string | undefined; limit?: number | undefined }) {
      if (actor.kind !== 'user') return { items: [], nextCursor: null };
      const limit = query.limit ?? 50;
      const rows = await repo.listBatches(db, {
        createdBy: actor.id,
        beforeId: decodeCursor(query.cursor),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map(summary),
        nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
      };
    },

    /** errors.csv: every error, UTF-8 with BOM (Excel), read from the database page by page. */
    async errorsCsv(actor: Actor, publicId: string) {
      const batch = await batchInScope(actor, publicId);
      async function* lines(): AsyncGenerator<string> {
        yield '\uFEFF行号,列,错误码,说明\r\n';
        let afterId: number | undefined;
        for (;;) {
          const page = await repo.listErrors(db, batch.id, { afterId, limit: 5000 });
          if (page.length === 0) return;
          yield page
            .map((e) => `${[e.row, e.column, e.code, e.message].map(csvCell).join(',')}\r\n`)
            .join('');
          afterId = page[page.length - 1]!.id;
        }
      }
      return { fileName: `${batch.file_name.replace(/\.[^.]*$/, '')}-错误.csv`, lines: lines() };
    },

    /**
     * `anzheng import`: an operator at the server's console imports a local file in this
     * process (no job, no copy of the file). Unrestricted scope, audited as the OS user.
     */
    async importFileAsOperator(
      file: string,
      input: { kind: ImportKindCode; mode: ImportModeCode; fileName: string; sha256: string; bytes: number },
      run: RunOptions = {},
    ) {
      const subject: AuditSubject = {
        ip: 'cli',
        requestId: `cli-${randomUUID()}`,
        username: `cli:${process.env.USER ?? 'operator'}`,
      };
      const scope: ImportScope = { divisions: null, enterprise: null };
      const batch = await db.transaction().execute(async (trx) => {
        const row = await repo.insertBatch(trx, {
          public_id: uuidv7(clock().getTime()),
          kind: input.kind,
          mode: input.mode,
          status: 'running',
          file_name: input.fileName.slice(0, 255) || 'import',
          file_sha256: input.sha256,
          file_bytes: input.bytes,
          enterprise_id: null,
          created_by: null,
        });
        await audit.record(trx, subject, {
          action: 'import.create',
          targetType: 'import',
          targetId: row.public_id,
          details: {
            kind: input.kind,
            mode: input.mode,
            fileName: row.file_name,
            fileSha256: input.sha256,
            via: 'cli',
          },
        });
        return row;
      });
      const result = await runBatch(batch.id, file, scope, subject, run);
      return { ...summary(result), errorCount: await repo.countErrors(db, batch.id) };
    },

    /** Every error of an import in order (CLI --errors). */
    async *iterateErrors(publicId: string): AsyncGenerator<ImportRowError> {
      const batch = await repo.findBatchByPublicId(db, publicId);
      if (!batch) return;
      let afterId: number | undefined;
      for (;;) {
        const page = await repo.listErrors(db, batch.id, { afterId, limit: 5000 });
        if (page.length === 0) return;
        for (const e of page) yield errorView(e);
        afterId = page[page.length - 1]!.id;
      }
    },

    csvCell,
  };
}
