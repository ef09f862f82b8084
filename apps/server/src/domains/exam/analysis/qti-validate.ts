import type { ErrorDetail, ItemAnswerKey, ItemBody } from '@anzheng/contracts';
import { BLANK_MARKER, QTI_IDENTIFIER, type QtiItemInput } from './qti-types.ts';

const CODE = 'QTI_EXPORT_INVALID_ITEM';
const SCORING_MODES: Record<string, string[]> = {
  multiple_choice: ['all_or_nothing', 'partial_no_wrong', 'per_option'],
  fill_in: ['all_or_nothing', 'per_blank'],
};

/**
 * Consistency of an item with its key (what QTI needs to express it): option ids unique and
 * keyed options present, one key for single choice and true/false, blanks in the stem matching
 * `blanks` and the key, sub-items with unique refs. Returns one detail per problem.
 */
export function validateQtiItem(item: QtiItemInput): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const add = (field: string, message: string) => out.push({ field, code: CODE, message });
  if (!QTI_IDENTIFIER.test(item.identifier)) {
    add(
      'identifier',
      `标识 “${item.identifier}” 不是合法的 QTI 标识（字母或下划线开头，仅含字母、数字、_ . -）`,
    );
  }
  if (!item.title.trim()) add('title', '标题不能为空');
  if (!(Number.isFinite(item.points) && item.points > 0)) add('points', '分值必须大于 0');
  validateBody(item.body, item.answerKey, 'body', add, false);
  if (item.body.type === 'scenario') {
    const sum = (item.body.subItems ?? []).reduce((s, sub) => s + sub.points, 0);
    if (Math.abs(sum - item.points) > 1e-9)
      add('points', `案例题分值 ${item.points} 与小题分值之和 ${sum} 不一致`);
  }
  return out;
}

function validateBody(
  body: ItemBody,
  key: ItemAnswerKey | undefined,
  field: string,
  add: (field: string, message: string) => void,
  nested: boolean,
): void {
  if (!body.stem.trim()) add(`${field}.stem`, '题干不能为空');
  const mode = body.scoring?.mode;
  if (mode !== undefined && !(SCORING_MODES[body.type] ?? []).includes(mode)) {
    add(`${field}.scoring.mode`, `题型 ${body.type} 不支持计分方式 ${mode}`);
  }
  switch (body.type) {
    case 'single_choice':
    case 'true_false':
    case 'multiple_choice': {
      const ids = (body.options ?? []).map((o) => o.id);
      if (ids.length < 2) add(`${field}.options`, '选择题至少需要 2 个选项');
      if (new Set(ids).size !== ids.length) add(`${field}.options`, '选项标识重复');
      if (ids.some((id) => !/^[A-Z]$/.test(id))) add(`${field}.options`, '选项标识必须是单个大写字母');
      if ((body.options ?? []).some((o) => !o.text.trim())) add(`${field}.options`, '选项内容不能为空');
      if (body.type === 'true_false' && ids.join() !== 'T,F') {
        add(`${field}.options`, '判断题的选项必须是 T（正确）和 F（错误）');
      }
      const choices = key?.choices ?? [];
      if (choices.some((c) => !ids.includes(c))) add(`${field}.answerKey.choices`, '答案含不存在的选项');
      if (new Set(choices).size !== choices.length) add(`${field}.answerKey.choices`, '答案选项重复');
      if (body.type === 'multiple_choice' ? choices.length < 1 : choices.length !== 1) {
        add(
          `${field}.answerKey.choices`,
          body.type === 'multiple_choice'
            ? '多选题至少需要 1 个正确选项'
            : '单选题和判断题必须恰有 1 个正确选项',
        );
      }
      break;
    }
    case 'fill_in': {
      const markers = body.stem.match(BLANK_MARKER)?.length ?? 0;
      if (!body.blanks || markers !== body.blanks) {
        add(`${field}.blanks`, `填空数 ${body.blanks ?? 0} 与题干中的空（____）数 ${markers} 不一致`);
      }
      const blanks = key?.blanks ?? [];
      if (blanks.length !== markers)
        add(`${field}.answerKey.blanks`, `答案有 ${blanks.length} 个空，题干有 ${markers} 个`);
      blanks.forEach((accepted, i) => {
        if (accepted.length === 0 || accepted.some((a) => !a.trim())) {
          add(`${field}.answerKey.blanks[${i}]`, `第 ${i + 1} 空没有可接受的答案或答案为空`);
        }
      });
      break;
    }
    case 'short_answer':
      break;
    case 'scenario': {
      if (nested) {
        add(`${field}.type`, '案例题的小题不能再是案例题');
        break;
      }
      const subs = body.subItems ?? [];
      if (subs.length === 0) add(`${field}.subItems`, '案例题至少需要 1 个小题');
      const refs = subs.map((s) => s.ref);
      if (new Set(refs).size !== refs.length) add(`${field}.subItems`, '小题编号重复');
      subs.forEach((sub, i) => {
        if (!/^[A-Za-z0-9_.-]+$/.test(sub.ref))
          add(`${field}.subItems[${i}].ref`, `小题编号 “${sub.ref}” 含非法字符`);
        if (!(sub.points > 0)) add(`${field}.subItems[${i}].points`, '小题分值必须大于 0');
        validateBody(sub, key?.subItems?.[sub.ref], `${field}.subItems[${i}]`, add, true);
      });
      break;
    }
  }
  (body.rubric ?? []).forEach((c, i) => {
    if (!c.description.trim()) add(`${field}.rubric[${i}]`, '评分要点描述不能为空');
  });
}
