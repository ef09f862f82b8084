import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AppError,
  ITEM_TYPES,
  type ItemAnswerKey,
  type ItemBody,
  type ItemCreate,
  type ItemImportResult,
  type ItemListQuery,
  type ItemType,
  LEVELS,
} from '@anzheng/contracts';
import type { Database } from '@anzheng/db';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { type Actor, ForbiddenError } from '../identity/actor.ts';
import { readRows } from '../imports/index.ts';
import type { BankService } from './bank.service.ts';
import { ITEM_TYPE_NAMES } from './bank.validate.ts';
import { ItemImportFileError } from './exam.errors.ts';
import { canWriteBank } from './exam.policy.ts';

/**
 * Excel import/export of the item bank (REQ-EXAM-3) with Chinese headers. One row per item;
 * choice options in 选项A…选项H; the key in 答案 (choices `AC`, true/false 正确/错误, fill-in
 * blanks separated by `|` with alternatives by `/`, short answer the model answer). Rows
 * with a 内容JSON cell (`{"body":…,"answerKey":…}`) take the content from it — that is how
 * scenario items (and anything else exactly) round-trip; export always fills it.
 */

export const OPTION_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;

export interface BankColumn {
  header: string;
  key: string;
  required: boolean;
  note: string;
}

export const BANK_COLUMNS: readonly BankColumn[] = [
  { header: '试题编号', key: 'id', required: false, note: '导出时填写；导入时忽略（每行新建一道试题）' },
  { header: '版本', key: 'version', required: false, note: '导出时填写；导入时忽略' },
  { header: '状态', key: 'state', required: false, note: '导出时填写；导入的试题均为草稿' },
  { header: '证书类型代码', key: 'certificateTypeCode', required: true, note: '两位数字，00 为通用证书' },
  {
    header: '等级',
    key: 'level',
    required: true,
    note: '初级、中级、高级、专项，或 junior/intermediate/senior/special',
  },
  {
    header: '模块',
    key: 'module',
    required: true,
    note: 'base（基础模块）或证书类型的模块代码，如 IND-MINE',
  },
  { header: '题型', key: 'type', required: true, note: '单选题、多选题、判断题、填空题、简答题、案例分析题' },
  { header: '题干', key: 'stem', required: true, note: '填空题用（____）标出空位' },
  ...OPTION_LETTERS.map((l) => ({
    header: `选项${l}`,
    key: `option${l}`,
    required: false,
    note: '选择题的选项；判断题可空',
  })),
  {
    header: '答案',
    key: 'answer',
    required: true,
    note: '选择题如 B 或 ACD；判断题 正确/错误；填空题各空用 | 分隔、同义答案用 / 分隔；简答题为参考答案',
  },
  { header: '分值', key: 'points', required: false, note: '默认 1（组卷时按蓝图的每题分值计分）' },
  { header: '难度', key: 'difficulty', required: false, note: '0（易）–1（难），默认 0.5' },
  {
    header: '能力项',
    key: 'competencies',
    required: false,
    note: '能力领域（模块代码，如 BASE-LAW）或能力模型编号（如 K1、S2），逗号分隔',
  },
  { header: '依据', key: 'source', required: false, note: '法规或标准条款，如《安全生产法》第二十一条' },
  { header: '标准编号', key: 'standardCode', required: false, note: '依据的标准编号，如 GB 30871' },
  { header: '标准版本', key: 'standardVersion', required: false, note: '标准的版本年号，如 2022' },
  {
    header: '内容JSON',
    key: 'json',
    required: false,
    note: '可选：{"body":…,"answerKey":…}；填写时以此为准（案例分析题须用此列）',
  },
];

const TYPE_BY_NAME = new Map<string, ItemType>();
for (const t of ITEM_TYPES) {
  TYPE_BY_NAME.set(t, t);
  TYPE_BY_NAME.set(ITEM_TYPE_NAMES[t], t);
  TYPE_BY_NAME.set(ITEM_TYPE_NAMES[t].replace(/题$/, ''), t);
}
TYPE_BY_NAME.set('单项选择题', 'single_choice');
TYPE_BY_NAME.set('多项选择题', 'multiple_choice');

const LEVEL_BY_NAME = new Map<string, string>();
for (const l of LEVELS) {
  LEVEL_BY_NAME.set(l.code, l.code);
  LEVEL_BY_NAME.set(l.name, l.code);
}

export interface RowError {
  row: number;
  field: string;
  code: string;
  message: string;
}

/** Turns one row (by header key) into an ItemCreate, or the row's errors. */
export function rowToItem(row: number, v: Record<string, string>): { item?: ItemCreate; errors: RowError[] } {
  const errors: RowError[] = [];
  const err = (key: string, code: string, message: string) => {
    const header = BANK_COLUMNS.find((c) => c.key === key)?.header ?? key;
    errors.push({ row, field: header, code, message: `第 ${row} 行“${header}”：${message}` });
  };
  for (const c of BANK_COLUMNS) if (c.required && !v[c.key]?.trim()) err(c.key, 'REQUIRED', '必填');
  const type = TYPE_BY_NAME.get(v.type?.trim() ?? '');
  if (v.type?.trim() && !type) err('type', 'INVALID', `题型“${v.type}”无效`);
  const level = LEVEL_BY_NAME.get(v.level?.trim() ?? '');
  if (v.level?.trim() && !level) err('level', 'INVALID', `等级“${v.level}”无效`);
  const num = (key: string, fallback: number, min: number, max: number) => {
    const raw = v[key]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      err(key, 'INVALID', `须为 ${min}–${max} 之间的数`);
      return fallback;
    }
    return n;
  };
  const points = num('points', 1, 0.01, 100);
  const difficulty = num('difficulty', 0.5, 0, 1);
  const competencies = (v.competencies ?? '')
    .split(/[,，、\s]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  for (const c of competencies) {
    if (!/^([KSQ][0-9]{1,2}|[A-Z][A-Z0-9-]{1,39})$/.test(c))
      err('competencies', 'INVALID', `能力项“${c}”格式应为模块代码（如 BASE-LAW）或 K1、S2、Q1`);
  }
  if (errors.length > 0 || !type || !level) return { errors };

  let body: unknown;
  let answerKey: unknown;
  const json = v.json?.trim();
  if (json) {
    try {
      const parsed = JSON.parse(json) as { body?: unknown; answerKey?: unknown };
      body = parsed.body;
      answerKey = parsed.answerKey;
    } catch {
      err('json', 'INVALID_JSON', '不是有效的 JSON');
      return { errors };
    }
  } else {
    const stem = v.stem!.trim();
    const answer = v.answer!.trim();
    const options = OPTION_LETTERS.map((l) => ({ id: l, text: v[`option${l}`]?.trim() ?? '' })).filter(
      (o) => o.text,
    );
    const b: ItemBody = { type, stem };
    const k: ItemAnswerKey = {};
    switch (type) {
      case 'single_choice':
      case 'multiple_choice':
        b.options = options;
        k.choices = answer
          .toUpperCase()
          .replace(/[^A-Z]/g, '')
          .split('');
        break;
      case 'true_false': {
        const truthy = ['正确', '对', '是', 'T', '√', 'TRUE'];
        const falsy = ['错误', '错', '否', 'F', '×', 'FALSE'];
        const a = answer.toUpperCase();
        if (truthy.includes(a)) k.choices = ['T'];
        else if (falsy.includes(a)) k.choices = ['F'];
        else {
          err('answer', 'INVALID', '判断题答案应为“正确”或“错误”');
          return { errors };
        }
        break;
      }
      case 'fill_in': {
        const blanks = answer.split('|').map((x) =>
          x
            .split('/')
            .map((s) => s.trim())
            .filter(Boolean),
        );
        b.blanks = blanks.length;
        k.blanks = blanks;
        break;
      }
      case 'short_answer':
        b.rubric = [{ id: '1', description: '答出参考答案要点', points }];
        k.modelAnswer = answer;
        break;
      case 'scenario':
        err('json', 'REQUIRED', '案例分析题须在“内容JSON”列给出小题与答案');
        return { errors };
    }
    body = b;
    answerKey = k;
  }
  const item: ItemCreate = {
    certificateTypeCode: v.certificateTypeCode!.trim(),
    level: level as ItemCreate['level'],
    module: v.module!.trim(),
    type,
    body,
    answerKey,
    points,
    difficulty,
    competencies: [...new Set(competencies)],
  };
  if (v.source?.trim()) item.source = v.source.trim();
  if (v.standardCode?.trim()) item.standardCode = v.standardCode.trim();
  if (v.standardVersion?.trim()) item.standardVersion = v.standardVersion.trim();
  return { item, errors };
}

/** The row of an item for export (same headers as the template). */
function itemToRow(view: Awaited<ReturnType<BankService['get']>>): Record<string, string | number> {
  const v = view.current;
  const body = v.body as ItemBody;
  const key = v.answerKey as ItemAnswerKey;
  const row: Record<string, string | number> = {
    id: view.id,
    version: v.version,
    state: { draft: '草稿', in_review: '待审核', approved: '已通过', retired: '已停用' }[v.state],
    certificateTypeCode: view.certificateTypeCode,
    level: LEVELS.find((l) => l.code === view.level)?.name ?? view.level,
    module: view.module,
    type: ITEM_TYPE_NAMES[v.type],
    stem: body.stem,
    points: v.points,
    difficulty: v.difficulty,
    competencies: v.competencies.join(','),
    source: v.source ?? '',
    standardCode: v.standardCode ?? '',
    standardVersion: v.standardVersion ?? '',
    json: JSON.stringify({ body, answerKey: key }),
  };
  for (const o of body.options ?? []) if (v.type !== 'true_false') row[`option${o.id}`] = o.text;
  if (v.type === 'true_false') row.answer = key.choices?.[0] === 'T' ? '正确' : '错误';
  else if (key.choices) row.answer = key.choices.join('');
  else if (key.blanks) row.answer = key.blanks.map((b) => b.join('/')).join('|');
  else if (key.modelAnswer) row.answer = key.modelAnswer;
  return row;
}

async function workbook(rows: Array<Record<string, string | number>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'anzheng';
  const sheet = wb.addWorksheet('题库', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = BANK_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.key === 'stem' || c.key === 'json' ? 50 : Math.max(10, c.header.length * 2 + 4),
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  const notes = wb.addWorksheet('说明');
  notes.columns = [
    { header: '列名', key: 'header', width: 16 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '说明', key: 'note', width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of BANK_COLUMNS)
    notes.addRow({ header: c.header, required: c.required ? '必填' : '可空', note: c.note });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export type BankExcel = ReturnType<typeof createBankExcel>;

export function createBankExcel(deps: { db: Kysely<Database>; bank: BankService }) {
  const { db, bank } = deps;
  return {
    template: () => workbook([]),

    async exportXlsx(actor: Actor, query: ItemListQuery): Promise<Buffer> {
      const rows: Array<Record<string, string | number>> = [];
      let cursor: string | undefined = query.cursor;
      // Up to 20 000 items per export (pages of 200).
      for (let i = 0; i < 100; i++) {
        const page = await bank.list(actor, { ...query, limit: 200, ...(cursor ? { cursor } : {}) });
        rows.push(...page.items.map(itemToRow));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return workbook(rows);
    },

    /** Imports every valid row as a draft (each in its own transaction); invalid rows are reported. */
    async importFile(actor: Actor, bytes: Buffer): Promise<ItemImportResult> {
      if (!canWriteBank(actor)) throw new ForbiddenError('只有考评机构考评员可以导入试题');
      const file = path.join(os.tmpdir(), `anzheng-items-${randomUUID()}`);
      await fs.promises.writeFile(file, bytes);
      const errors: RowError[] = [];
      let created = 0;
      let keys: Array<string | undefined> | undefined;
      try {
        await readRows(file, async ({ row, cells }) => {
          if (!keys) {
            keys = cells.map((h) => BANK_COLUMNS.find((c) => c.header === h.trim())?.key);
            const missing = BANK_COLUMNS.filter((c) => c.required && !keys!.includes(c.key));
            if (missing.length > 0) {
              throw new ItemImportFileError(
                `表头缺少必填列：${missing.map((m) => m.header).join('、')}（请使用导入模板）`,
              );
            }
            return;
          }
          const values: Record<string, string> = {};
          keys.forEach((k, i) => {
            if (k) values[k] = cells[i] ?? '';
          });
          const parsed = rowToItem(row, values);
          if (!parsed.item) {
            errors.push(...parsed.errors);
            return;
          }
          try {
            await db.transaction().execute((trx) => bank.createIn(trx, actor, parsed.item!, `row${row}`));
            created++;
          } catch (e) {
            if (!(e instanceof AppError) || e.statusCode >= 500) throw e;
            const details = e.details ?? [];
            if (details.length === 0)
              errors.push({ row, field: '', code: e.code, message: `第 ${row} 行：${e.message}` });
            for (const d of details) {
              errors.push({
                row,
                field: d.field.replace(`row${row}.`, ''),
                code: d.code,
                message: `第 ${row} 行：${d.message.replace(`row${row}.`, '')}`,
              });
            }
          }
        });
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw new ItemImportFileError('file：无法读取文件，请上传 .xlsx 或 UTF-8/GB18030 编码的 CSV');
      } finally {
        await fs.promises.rm(file, { force: true });
      }
      if (!keys) throw new ItemImportFileError('file：文件没有表头行');
      return { created, errors };
    },
  };
}
