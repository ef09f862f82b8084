import { AppError, type ItemImportResult, type ItemListQuery, type ItemType } from '@anzheng/contracts';
import type { Database } from '@anzheng/db';
import type { Kysely } from 'kysely';
import { type Actor, ForbiddenError } from '../identity/actor.ts';
import { exportQtiPackage, importQtiPackage, type QtiItemInput } from './analysis/qti.ts';
import type { BankService } from './bank.service.ts';
import { ItemImportFileError } from './exam.errors.ts';
import { canWriteBank } from './exam.policy.ts';

/**
 * QTI 3.0 content packages of the bank (REQ-EXAM-3: third parties write items in their own
 * tools), over the analysis module's pure `exportQtiPackage` / `importQtiPackage`.
 */

export interface QtiImportScope {
  certificateTypeCode: string;
  level: string;
  module: string;
}

export type BankQti = ReturnType<typeof createBankQti>;

export function createBankQti(deps: { db: Kysely<Database>; bank: BankService }) {
  const { db, bank } = deps;
  return {
    /** The current version of every matching item (up to 20 000), one QTI item each. */
    async exportZip(actor: Actor, query: ItemListQuery): Promise<Buffer> {
      const items: QtiItemInput[] = [];
      let cursor: string | undefined = query.cursor;
      for (let i = 0; i < 100; i++) {
        const page = await bank.list(actor, { ...query, limit: 200, ...(cursor ? { cursor } : {}) });
        for (const it of page.items) {
          const body = it.current.body as QtiItemInput['body'];
          items.push({
            identifier: `item-${it.id}`,
            title: body.stem.slice(0, 40),
            body,
            answerKey: it.current.answerKey as QtiItemInput['answerKey'],
            points: it.current.points,
            competencies: it.current.competencies,
            ...(it.current.source ? { source: it.current.source } : {}),
          });
        }
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return Buffer.from(exportQtiPackage(items));
    },

    /** Every importable item becomes a draft of the given type/level/module; problems per item. */
    async importZip(actor: Actor, bytes: Buffer, scope: QtiImportScope): Promise<ItemImportResult> {
      if (!canWriteBank(actor)) throw new ForbiddenError('只有考评机构考评员可以导入试题');
      let parsed: ReturnType<typeof importQtiPackage>;
      try {
        parsed = importQtiPackage(new Uint8Array(bytes));
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw new ItemImportFileError('file：不是有效的 QTI 3.0 内容包（zip）');
      }
      const errors: ItemImportResult['errors'] = parsed.errors.map((e, i) => ({
        row: i + 1,
        field: e.file,
        code: 'QTI_INVALID',
        message: `${e.file}（${e.path}）：${e.message}`,
      }));
      let created = 0;
      for (const [index, item] of parsed.items.entries()) {
        try {
          await db.transaction().execute((trx) =>
            bank.createIn(trx, actor, {
              certificateTypeCode: scope.certificateTypeCode,
              level: scope.level as 'junior',
              module: scope.module,
              type: item.body.type as ItemType,
              body: item.body,
              answerKey: item.answerKey,
              points: item.points,
              ...(item.competencies ? { competencies: item.competencies } : {}),
              ...(item.source ? { source: item.source } : {}),
            }),
          );
          created++;
        } catch (e) {
          if (!(e instanceof AppError) || e.statusCode >= 500) throw e;
          errors.push({
            row: index + 1,
            field: item.identifier,
            code: e.code,
            message: `${item.identifier}：${e.message}`,
          });
        }
      }
      return { created, errors };
    },
  };
}
