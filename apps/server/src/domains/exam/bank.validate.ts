import type { ErrorDetail, ItemAnswerKey, ItemBody, ItemType } from '@anzheng/contracts';
import { ITEM_TYPES } from '@anzheng/contracts';

/**
 * Content validation of an item version by type (REQ-EXAM-3): every problem is reported with
 * the field path and a Chinese message, so an author (or an Excel row) can fix them at once.
 */

const TYPE_NAMES: Record<ItemType, string> = {
  single_choice: '单选题',
  multiple_choice: '多选题',
  true_false: '判断题',
  fill_in: '填空题',
  short_answer: '简答题',
  scenario: '案例分析题',
};

export { TYPE_NAMES as ITEM_TYPE_NAMES };

const OPTION_ID = /^[A-Z]$/;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export interface CheckedItem {
  body: ItemBody;
  answerKey: ItemAnswerKey;
}

/** Validates body + key for `type`; returns cleaned copies or the list of problems. */
export function checkItemContent(
  type: string,
  body: unknown,
  answerKey: unknown,
  prefix = 'body',
): { ok: true; value: CheckedItem } | { ok: false; details: ErrorDetail[] } {
  const details: ErrorDetail[] = [];
  const add = (field: string, code: string, message: string) => details.push({ field, code, message });
  if (!(ITEM_TYPES as readonly string[]).includes(type)) {
    add(`${prefix}.type`, 'INVALID_TYPE', `题型“${type}”无效；可选：${ITEM_TYPES.join('、')}`);
    return { ok: false, details };
  }
  const value = checkOne(
    type as ItemType,
    body,
    answerKey,
    `${prefix}.body`,
    `${prefix}.answerKey`,
    add,
    true,
  );
  return details.length > 0 || !value ? { ok: false, details } : { ok: true, value };
}

type Add = (field: string, code: string, message: string) => void;

function checkOne(
  type: ItemType,
  body: unknown,
  key: unknown,
  bodyPath: string,
  keyPath: string,
  add: Add,
  topLevel: boolean,
): CheckedItem | undefined {
  const name = TYPE_NAMES[type];
  if (!isObject(body)) {
    add(bodyPath, 'REQUIRED', `${bodyPath}：${name}缺少题目内容`);
    return undefined;
  }
  if (!isObject(key)) {
    add(keyPath, 'REQUIRED', `${keyPath}：${name}缺少答案`);
    return undefined;
  }
  if (body.type !== undefined && body.type !== type) {
    add(
      `${bodyPath}.type`,
      'TYPE_MISMATCH',
      `${bodyPath}.type：题目内容的题型“${String(body.type)}”与试题题型不一致`,
    );
  }
  const stem = typeof body.stem === 'string' ? body.stem.trim() : '';
  if (stem.length === 0) add(`${bodyPath}.stem`, 'REQUIRED', `${bodyPath}.stem：题干不能为空`);
  else if (stem.length > 10_000)
    add(`${bodyPath}.stem`, 'TOO_LONG', `${bodyPath}.stem：题干不能超过 10000 字`);
  const out: ItemBody = { type, stem };
  const outKey: ItemAnswerKey = {};

  switch (type) {
    case 'single_choice':
    case 'multiple_choice':
    case 'true_false': {
      const options = checkOptions(type, body.options, `${bodyPath}.options`, add);
      if (options) out.options = options;
      const ids = new Set((options ?? []).map((o) => o.id));
      const choices = key.choices;
      if (!Array.isArray(choices) || choices.length === 0 || !choices.every((c) => typeof c === 'string')) {
        add(`${keyPath}.choices`, 'REQUIRED', `${keyPath}.choices：${name}须给出正确选项`);
        break;
      }
      const unique = [...new Set(choices as string[])].sort();
      const stray = unique.filter((c) => !ids.has(c));
      if (options && stray.length > 0) {
        add(
          `${keyPath}.choices`,
          'NOT_AN_OPTION',
          `${keyPath}.choices：正确答案“${stray.join('、')}”不在选项中`,
        );
      }
      if (type !== 'multiple_choice' && unique.length !== 1) {
        add(`${keyPath}.choices`, 'ONE_ANSWER', `${keyPath}.choices：${name}只能有一个正确答案`);
      }
      if (type === 'multiple_choice' && unique.length < 2) {
        add(`${keyPath}.choices`, 'TWO_ANSWERS', `${keyPath}.choices：多选题至少有两个正确答案`);
      }
      if (type === 'multiple_choice' && options && unique.length === options.length) {
        add(`${keyPath}.choices`, 'ALL_OPTIONS', `${keyPath}.choices：多选题不能所有选项都正确`);
      }
      outKey.choices = unique;
      if (isObject(body.scoring) && typeof body.scoring.mode === 'string') {
        const allowed =
          type === 'multiple_choice'
            ? ['all_or_nothing', 'partial_no_wrong', 'per_option']
            : ['all_or_nothing'];
        if (!allowed.includes(body.scoring.mode)) {
          add(
            `${bodyPath}.scoring.mode`,
            'INVALID',
            `${bodyPath}.scoring.mode：计分方式“${body.scoring.mode}”无效；可选：${allowed.join('、')}`,
          );
        } else out.scoring = { mode: body.scoring.mode };
      }
      break;
    }
    case 'fill_in': {
      const blanks = body.blanks;
      if (typeof blanks !== 'number' || !Number.isInteger(blanks) || blanks < 1 || blanks > 10) {
        add(`${bodyPath}.blanks`, 'INVALID', `${bodyPath}.blanks：填空题的空数须为 1–10 的整数`);
        break;
      }
      out.blanks = blanks;
      const accepted = key.blanks;
      if (!Array.isArray(accepted) || accepted.length !== blanks) {
        add(`${keyPath}.blanks`, 'COUNT', `${keyPath}.blanks：须为每个空（共 ${blanks} 个）给出可接受答案`);
        break;
      }
      const clean: string[][] = [];
      accepted.forEach((list, i) => {
        const answers = Array.isArray(list)
          ? list
              .filter((a): a is string => typeof a === 'string')
              .map((a) => a.trim())
              .filter(Boolean)
          : [];
        if (answers.length === 0)
          add(
            `${keyPath}.blanks.${i}`,
            'REQUIRED',
            `${keyPath}.blanks[${i + 1}]：第 ${i + 1} 空没有可接受答案`,
          );
        clean.push(answers);
      });
      outKey.blanks = clean;
      if (key.exact === true) outKey.exact = true;
      if (isObject(body.scoring) && typeof body.scoring.mode === 'string') {
        if (!['all_or_nothing', 'per_blank'].includes(body.scoring.mode)) {
          add(
            `${bodyPath}.scoring.mode`,
            'INVALID',
            `${bodyPath}.scoring.mode：计分方式无效；可选：all_or_nothing、per_blank`,
          );
        } else out.scoring = { mode: body.scoring.mode };
      }
      break;
    }
    case 'short_answer': {
      const rubric = checkRubric(body.rubric, `${bodyPath}.rubric`, add);
      if (rubric) out.rubric = rubric;
      const model = typeof key.modelAnswer === 'string' ? key.modelAnswer.trim() : '';
      if (!model) add(`${keyPath}.modelAnswer`, 'REQUIRED', `${keyPath}.modelAnswer：简答题须给出参考答案`);
      outKey.modelAnswer = model;
      break;
    }
    case 'scenario': {
      if (!topLevel) {
        add(`${bodyPath}.type`, 'NESTED_SCENARIO', `${bodyPath}：案例分析题的小题不能再是案例分析题`);
        break;
      }
      const subs = body.subItems;
      if (!Array.isArray(subs) || subs.length === 0 || subs.length > 10) {
        add(`${bodyPath}.subItems`, 'REQUIRED', `${bodyPath}.subItems：案例分析题须有 1–10 道小题`);
        break;
      }
      const subKeys = isObject(key.subItems) ? key.subItems : {};
      const refs = new Set<string>();
      const outSubs: NonNullable<ItemBody['subItems']> = [];
      const outSubKeys: Record<string, ItemAnswerKey> = {};
      subs.forEach((sub, i) => {
        const path = `${bodyPath}.subItems.${i}`;
        if (!isObject(sub)) {
          add(path, 'INVALID', `${path}：小题格式错误`);
          return;
        }
        const ref = typeof sub.ref === 'string' ? sub.ref.trim() : '';
        if (!/^[A-Za-z0-9_-]{1,40}$/.test(ref))
          add(`${path}.ref`, 'INVALID', `${path}.ref：小题编号须为 1–40 位字母、数字`);
        else if (refs.has(ref)) add(`${path}.ref`, 'DUPLICATE', `${path}.ref：小题编号“${ref}”重复`);
        refs.add(ref);
        const points = sub.points;
        if (typeof points !== 'number' || !(points > 0))
          add(`${path}.points`, 'INVALID', `${path}.points：小题分值须大于 0`);
        const subType = sub.type;
        if (typeof subType !== 'string' || !(ITEM_TYPES as readonly string[]).includes(subType)) {
          add(`${path}.type`, 'INVALID_TYPE', `${path}.type：小题题型无效`);
          return;
        }
        const checked = checkOne(
          subType as ItemType,
          sub,
          subKeys[ref],
          path,
          `${keyPath}.subItems.${ref}`,
          add,
          false,
        );
        if (checked) {
          outSubs.push({ ...checked.body, ref, points: typeof points === 'number' ? points : 0 });
          outSubKeys[ref] = checked.answerKey;
        }
      });
      out.subItems = outSubs;
      outKey.subItems = outSubKeys;
      if (body.rubric !== undefined) {
        const rubric = checkRubric(body.rubric, `${bodyPath}.rubric`, add);
        if (rubric) out.rubric = rubric;
      }
      break;
    }
  }
  return { body: out, answerKey: outKey };
}

function checkOptions(type: ItemType, raw: unknown, path: string, add: Add): ItemBody['options'] | undefined {
  if (type === 'true_false' && raw === undefined) {
    return [
      { id: 'T', text: '正确' },
      { id: 'F', text: '错误' },
    ];
  }
  if (!Array.isArray(raw) || raw.length < 2 || raw.length > 8) {
    add(path, 'REQUIRED', `${path}：${TYPE_NAMES[type]}须有 2–8 个选项`);
    return undefined;
  }
  const seen = new Set<string>();
  const options: NonNullable<ItemBody['options']> = [];
  raw.forEach((o, i) => {
    const id = isObject(o) && typeof o.id === 'string' ? o.id : '';
    const text = isObject(o) && typeof o.text === 'string' ? o.text.trim() : '';
    if (!OPTION_ID.test(id))
      add(`${path}.${i}.id`, 'INVALID', `${path}[${i + 1}].id：选项标识须为一个大写字母`);
    else if (seen.has(id)) add(`${path}.${i}.id`, 'DUPLICATE', `${path}[${i + 1}].id：选项“${id}”重复`);
    if (!text) add(`${path}.${i}.text`, 'REQUIRED', `${path}[${i + 1}].text：选项内容不能为空`);
    seen.add(id);
    options.push({ id, text });
  });
  if (type === 'true_false') {
    const ids = options
      .map((o) => o.id)
      .sort()
      .join('');
    if (ids !== 'FT') add(path, 'TRUE_FALSE_OPTIONS', `${path}：判断题的选项须为 T（正确）和 F（错误）`);
  }
  return options;
}

function checkRubric(raw: unknown, path: string, add: Add): ItemBody['rubric'] | undefined {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 20) {
    add(path, 'REQUIRED', `${path}：须有 1–20 条评分要点`);
    return undefined;
  }
  const rubric: NonNullable<ItemBody['rubric']> = [];
  raw.forEach((r, i) => {
    const id = isObject(r) && typeof r.id === 'string' ? r.id.trim() : '';
    const description = isObject(r) && typeof r.description === 'string' ? r.description.trim() : '';
    const points = isObject(r) ? r.points : undefined;
    if (!id) add(`${path}.${i}.id`, 'REQUIRED', `${path}[${i + 1}].id：评分要点须有编号`);
    if (!description)
      add(`${path}.${i}.description`, 'REQUIRED', `${path}[${i + 1}].description：评分要点描述不能为空`);
    if (typeof points !== 'number' || points < 0)
      add(`${path}.${i}.points`, 'INVALID', `${path}[${i + 1}].points：评分要点分值须为非负数`);
    rubric.push({ id, description, points: typeof points === 'number' ? points : 0 });
  });
  return rubric;
}

/** Sum of sub-item points (scenario) — used as the item's points when it has sub-items. */
export function scenarioPoints(body: ItemBody): number | undefined {
  return body.subItems?.reduce((s, x) => s + x.points, 0);
}

/**
 * Competency codes of a level's model: K1… knowledge, S1… skills, Q1… qualities (1-based).
 * Returns the codes with their text.
 */
export function competencyCodes(model: unknown, level: string): Map<string, string> {
  const out = new Map<string, string>();
  const outline = isObject(model) ? model[level] : undefined;
  if (!isObject(outline)) return out;
  const groups: Array<[string, unknown]> = [
    ['K', outline.knowledge],
    ['S', outline.skills],
    ['Q', outline.qualities],
  ];
  for (const [prefix, list] of groups) {
    if (!Array.isArray(list)) continue;
    list.forEach((text, i) => {
      out.set(`${prefix}${i + 1}`, String(text));
    });
  }
  return out;
}
