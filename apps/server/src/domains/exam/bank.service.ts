import { randomUUID } from 'node:crypto';
import {
  difficultyBand,
  type ErrorDetail,
  type ItemAction,
  type ItemCreate,
  type ItemListQuery,
  type ItemState,
  type ItemUpdate,
  type ItemVersionView,
  type ItemView,
  type StandardRevisionCreate,
  type StandardRevisionView,
} from '@anzheng/contracts';
import type { Database } from '@anzheng/db';
import type { Kysely } from 'kysely';
import type { AuditService } from '../audit/audit.service.ts';
import { type Actor, ForbiddenError } from '../identity/actor.ts';
import { InvalidCursorError } from '../registry/index.ts';
import * as repo from './bank.repository.ts';
import { checkItemContent, competencyCodes, scenarioPoints } from './bank.validate.ts';
import {
  InvalidCompetencyError,
  InvalidItemError,
  InvalidLevelError,
  InvalidModuleError,
  ItemInvalidTransitionError,
  ItemNotFoundError,
  ReviewNoteRequiredError,
  SelfReviewError,
  UnknownCertificateTypeError,
} from './exam.errors.ts';
import { canReadBank, canRecordStandardRevision, canReviewBank, canWriteBank } from './exam.policy.ts';

export interface BankServiceDeps {
  db: Kysely<Database>;
  audit: AuditService;
  clock: () => Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_DEFAULT = 50;

/** Item content as written by an author (API body, Excel row, QTI import). */
export type ItemInput = ItemCreate;

const TRANSITIONS: Record<ItemAction, { from: ItemState[]; to: ItemState }> = {
  submit: { from: ['draft'], to: 'in_review' },
  approve: { from: ['in_review'], to: 'approved' },
  reject: { from: ['in_review'], to: 'draft' },
  retire: { from: ['approved'], to: 'retired' },
};

export function versionView(v: repo.ItemWithVersion['v']): ItemVersionView {
  const difficulty = Number(v.difficulty);
  return {
    id: v.id,
    version: v.version,
    state: v.state as ItemState,
    type: v.type as ItemVersionView['type'],
    body: v.body,
    answerKey: v.answer_key,
    points: Number(v.points),
    difficulty,
    difficultyBand: difficultyBand(difficulty),
    competencies: v.competencies,
    source: v.source,
    standardCode: v.standard_code,
    standardVersion: v.standard_version,
    standardFlaggedAt: v.standard_flagged_at?.toISOString() ?? null,
    author: v.author_name,
    reviewer: v.reviewer_name,
    reviewedAt: v.reviewed_at?.toISOString() ?? null,
    reviewNote: v.review_note,
    createdAt: v.created_at.toISOString(),
    updatedAt: v.updated_at.toISOString(),
  };
}

export type BankService = ReturnType<typeof createBankService>;

/**
 * 题库 (REQ-EXAM-3/5): items with immutable approved versions, a four-eyes review by
 * assessors, and standard-revision flags. Every change is audited in its transaction.
 */
export function createBankService(deps: BankServiceDeps) {
  const { db, audit, clock } = deps;

  function requireReader(actor: Actor) {
    if (!canReadBank(actor)) throw new ForbiddenError('只有考评员和监管部门可以查看题库');
  }
  function requireWriter(actor: Actor) {
    if (!canWriteBank(actor)) throw new ForbiddenError('只有考评机构考评员可以编写试题');
  }

  /** Checks scope (type, level, module, competencies) and content; throws with every problem. */
  async function checkInput(
    executor: Kysely<Database>,
    scope: { certificateTypeCode: string; level: string; module: string },
    input: ItemUpdate,
    prefix = 'body',
  ) {
    const type = await repo.findCertificateType(executor, scope.certificateTypeCode);
    if (type?.status !== 'active') {
      throw new UnknownCertificateTypeError(`${prefix}.certificateTypeCode`, scope.certificateTypeCode);
    }
    if (!type.levels.includes(scope.level)) {
      throw new InvalidLevelError(`${prefix}.level`, scope.level, scope.certificateTypeCode);
    }
    const modules = ['base', ...((type.modules as Array<{ code: string }>) ?? []).map((m) => m.code)];
    if (!modules.includes(scope.module))
      throw new InvalidModuleError(`${prefix}.module`, scope.module, modules);
    const codes = competencyCodes(type.competency_model, scope.level);
    for (const c of input.competencies ?? []) {
      if (!codes.has(c) && !modules.includes(c))
        throw new InvalidCompetencyError(`${prefix}.competencies`, c);
    }
    const details: ErrorDetail[] = [];
    if ((input.standardVersion ?? null) !== null && !input.standardCode) {
      details.push({
        field: `${prefix}.standardCode`,
        code: 'REQUIRED',
        message: `${prefix}.standardCode：填写标准版本时须同时填写标准编号`,
      });
    }
    const checked = checkItemContent(input.type, input.body, input.answerKey, prefix);
    if (!checked.ok) details.push(...checked.details);
    if (details.length > 0 || !checked.ok) throw new InvalidItemError(details);
    const points = scenarioPoints(checked.value.body) ?? input.points ?? 1;
    return { ...checked.value, points };
  }

  function contentColumns(input: ItemUpdate, checked: Awaited<ReturnType<typeof checkInput>>) {
    return {
      type: input.type,
      body: repo.jsonb(checked.body),
      answer_key: repo.jsonb(checked.answerKey),
      points: checked.points,
      difficulty: input.difficulty ?? 0.5,
      competencies: input.competencies ?? [],
      source: input.source?.trim() || null,
      standard_code: input.standardCode?.trim() || null,
      standard_version: input.standardVersion?.trim() || null,
    };
  }

  async function view(actor: Actor, executor: Kysely<Database>, itemId: number): Promise<ItemView> {
    const [row] = await repo.listItems(executor, { ids: [itemId], limit: 1 });
    if (!row) throw new ItemNotFoundError();
    return itemView(actor, row);
  }

  function itemView(actor: Actor, row: repo.ItemWithVersion): ItemView {
    const state = row.v.state as ItemState;
    const reviewer = canReviewBank(actor) && !(actor.kind === 'user' && actor.id === row.v.author_id);
    return {
      id: row.public_id,
      certificateTypeCode: row.certificate_type_code,
      level: row.level,
      module: row.module,
      current: versionView(row.v),
      approvedVersion: row.approved_version,
      abilities: {
        edit: canWriteBank(actor),
        submit: canWriteBank(actor) && state === 'draft',
        approve: reviewer && state === 'in_review',
        reject: reviewer && state === 'in_review',
        retire: canReviewBank(actor) && row.approved_version !== null,
      },
      createdAt: row.created_at.toISOString(),
    };
  }

  async function findItem(executor: Kysely<Database>, publicId: string, forUpdate = false) {
    if (!UUID.test(publicId)) throw new ItemNotFoundError();
    const item = await repo.findItemByPublicId(executor, publicId, forUpdate);
    if (!item || item.current_version_id === null) throw new ItemNotFoundError();
    return item;
  }

  /** Creates an item with version 1 (draft) inside `trx`; shared by the API and imports. */
  async function createIn(trx: Kysely<Database>, actor: Actor, input: ItemInput, prefix = 'body') {
    const checked = await checkInput(trx, input, input, prefix);
    const at = clock();
    const item = await repo.insertItem(trx, {
      public_id: randomUUID(),
      certificate_type_code: input.certificateTypeCode,
      level: input.level,
      module: input.module,
      created_by: actor.id,
      created_at: at,
      updated_at: at,
    });
    const version = await repo.insertVersion(trx, {
      item_id: item.id,
      version: 1,
      state: 'draft',
      ...contentColumns(input, checked),
      author_id: actor.id,
      created_at: at,
      updated_at: at,
    });
    await repo.setCurrentVersion(trx, item.id, version.id, at);
    await audit.record(trx, actor, {
      action: 'exam-item.create',
      targetType: 'exam_item',
      targetId: item.public_id,
      details: { version: 1, type: input.type, module: input.module },
    });
    return { ...item, current_version_id: version.id };
  }

  /**
   * Loads an item already reviewed outside the system (a seed bank): version 1 is created by
   * `author` and approved by `reviewer` in the same transaction — still four eyes.
   */
  async function createApprovedIn(trx: Kysely<Database>, author: Actor, reviewer: Actor, input: ItemInput) {
    if (author.id === reviewer.id) throw new SelfReviewError();
    const item = await createIn(trx, author, input);
    const at = clock();
    await repo.updateVersion(trx, item.current_version_id, {
      state: 'approved',
      submitted_at: at,
      reviewer_id: reviewer.id,
      reviewed_at: at,
      updated_at: at,
    });
    await audit.record(trx, reviewer, {
      action: 'exam-item.approve',
      targetType: 'exam_item',
      targetId: item.public_id,
      details: { version: 1 },
    });
    return item;
  }

  return {
    createIn,
    createApprovedIn,
    checkInput,

    async create(actor: Actor, input: ItemCreate): Promise<ItemView> {
      requireWriter(actor);
      return db.transaction().execute(async (trx) => {
        const item = await createIn(trx, actor, input);
        return view(actor, trx, item.id);
      });
    },

    /**
     * Edits the content. A draft is changed in place; an in-review version goes back to draft;
     * an approved or retired version is never changed: the edit becomes the next version (draft).
     */
    async update(actor: Actor, publicId: string, input: ItemUpdate): Promise<ItemView> {
      requireWriter(actor);
      return db.transaction().execute(async (trx) => {
        const item = await findItem(trx, publicId, true);
        const current = await repo.findVersion(trx, item.current_version_id!);
        const checked = await checkInput(
          trx,
          { certificateTypeCode: item.certificate_type_code, level: item.level, module: item.module },
          input,
        );
        const at = clock();
        let versionNo = current.version;
        if (current.state === 'draft' || current.state === 'in_review') {
          await repo.updateVersion(trx, current.id, {
            ...contentColumns(input, checked),
            state: 'draft',
            submitted_at: null,
            updated_at: at,
          });
        } else {
          versionNo = (await repo.latestVersionNumber(trx, item.id)) + 1;
          const next = await repo.insertVersion(trx, {
            item_id: item.id,
            version: versionNo,
            state: 'draft',
            ...contentColumns(input, checked),
            author_id: actor.id,
            created_at: at,
            updated_at: at,
          });
          await repo.setCurrentVersion(trx, item.id, next.id, at);
        }
        await audit.record(trx, actor, {
          action: 'exam-item.update',
          targetType: 'exam_item',
          targetId: item.public_id,
          details: { version: versionNo, newVersion: versionNo !== current.version },
        });
        return view(actor, trx, item.id);
      });
    },

    async get(actor: Actor, publicId: string): Promise<ItemView> {
      requireReader(actor);
      const item = await findItem(db, publicId);
      return view(actor, db, item.id);
    },

    async versions(actor: Actor, publicId: string) {
      requireReader(actor);
      const item = await findItem(db, publicId);
      const rows = await repo.listVersions(db, item.id);
      return { items: rows.map((r) => versionView(r)) };
    },

    async list(actor: Actor, query: ItemListQuery) {
      requireReader(actor);
      const limit = query.limit ?? PAGE_DEFAULT;
      let afterId: number | undefined;
      if (query.cursor) {
        const text = Buffer.from(query.cursor, 'base64url').toString();
        if (!/^[1-9][0-9]{0,15}$/.test(text)) throw new InvalidCursorError();
        afterId = Number(text);
      }
      const bands = { easy: [0, 0.35], medium: [0.35, 0.65], hard: [0.65, 1.01] } as const;
      const band = query.band ? bands[query.band] : undefined;
      const rows = await repo.listItems(db, {
        certificateTypeCode: query.certificateTypeCode,
        level: query.level,
        module: query.module,
        type: query.type,
        state: query.state,
        competency: query.competency,
        standardCode: query.standardCode,
        minDifficulty: Math.max(query.minDifficulty ?? 0, band?.[0] ?? 0),
        maxDifficulty: Math.min(
          query.maxDifficulty !== undefined ? query.maxDifficulty + 1e-9 : 1.01,
          band?.[1] ?? 1.01,
        ),
        flagged: query.flagged,
        q: query.q,
        afterId,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => itemView(actor, r)),
        nextCursor: rows.length > limit ? Buffer.from(String(page.at(-1)!.id)).toString('base64url') : null,
      };
    },

    /** submit / approve / reject / retire (REQ-EXAM-3 review workflow). */
    async transition(actor: Actor, publicId: string, action: ItemAction, note?: string): Promise<ItemView> {
      if (action === 'submit') requireWriter(actor);
      else if (!canReviewBank(actor)) throw new ForbiddenError('只有考评机构考评员可以审核试题');
      return db.transaction().execute(async (trx) => {
        const item = await findItem(trx, publicId, true);
        const at = clock();
        if (action === 'retire') {
          const n = await repo.retireApprovedVersions(trx, item.id, at);
          if (n === 0) {
            const current = await repo.findVersion(trx, item.current_version_id!);
            throw new ItemInvalidTransitionError(current.state, action);
          }
          await audit.record(trx, actor, {
            action: 'exam-item.retire',
            targetType: 'exam_item',
            targetId: item.public_id,
            details: { versions: n },
          });
          return view(actor, trx, item.id);
        }
        const current = await repo.findVersion(trx, item.current_version_id!);
        const rule = TRANSITIONS[action];
        if (!rule.from.includes(current.state as ItemState)) {
          throw new ItemInvalidTransitionError(current.state, action);
        }
        if (
          (action === 'approve' || action === 'reject') &&
          actor.id === current.author_id &&
          actor.kind === 'user'
        ) {
          throw new SelfReviewError();
        }
        const trimmed = note?.trim() || null;
        if (action === 'reject' && !trimmed) throw new ReviewNoteRequiredError();
        await repo.updateVersion(trx, current.id, {
          state: rule.to,
          updated_at: at,
          ...(action === 'submit' ? { submitted_at: at } : {}),
          ...(action === 'approve' || action === 'reject'
            ? { reviewer_id: actor.id, reviewed_at: at, review_note: trimmed }
            : {}),
        });
        // The newly approved version supersedes older approved ones (still referenced by papers).
        if (action === 'approve') await repo.retireApprovedVersions(trx, item.id, at, current.id);
        await audit.record(trx, actor, {
          action: `exam-item.${action}`,
          targetType: 'exam_item',
          targetId: item.public_id,
          details: { version: current.version },
        });
        return view(actor, trx, item.id);
      });
    },

    /** REQ-EXAM-5: a standard was replaced; flags every approved item version tied to the old version. */
    async recordStandardRevision(actor: Actor, body: StandardRevisionCreate): Promise<StandardRevisionView> {
      if (!canRecordStandardRevision(actor))
        throw new ForbiddenError('只有考评员或国家级监管部门可以登记标准换版');
      return db.transaction().execute(async (trx) => {
        const at = clock();
        const code = body.standardCode.trim();
        const flagged = await repo.flagStandard(trx, code, body.oldVersion.trim(), at);
        const row = await repo.insertStandardRevision(trx, {
          standard_code: code,
          old_version: body.oldVersion.trim(),
          new_version: body.newVersion.trim(),
          note: body.note?.trim() || null,
          flagged_count: flagged,
          recorded_by: actor.id,
          recorded_at: at,
        });
        await audit.record(trx, actor, {
          action: 'exam-standard.revise',
          targetType: 'exam_standard_revision',
          targetId: row.id,
          details: { standardCode: code, oldVersion: row.old_version, newVersion: row.new_version, flagged },
        });
        return revisionView(row);
      });
    },

    async listStandardRevisions(actor: Actor) {
      requireReader(actor);
      return { items: (await repo.listStandardRevisions(db)).map(revisionView) };
    },
  };
}

function revisionView(
  row: Awaited<ReturnType<typeof repo.listStandardRevisions>>[number],
): StandardRevisionView {
  return {
    id: row.id,
    standardCode: row.standard_code,
    oldVersion: row.old_version,
    newVersion: row.new_version,
    note: row.note,
    flaggedCount: row.flagged_count,
    recordedAt: row.recorded_at.toISOString(),
  };
}
