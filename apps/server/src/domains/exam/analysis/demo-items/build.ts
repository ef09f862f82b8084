import type { ItemAnswerKey, ItemBody, RubricCriterion } from '@anzheng/contracts';
import { mulberry32 } from '@anzheng/identifiers';
import type { QtiItemInput } from '../qti-types.ts';

/**
 * Builders for the demo item bank (docs/exam-analysis.md §3). Items are written as plain facts;
 * the builders add option letters, a deterministic option order (seeded by the identifier, so
 * keys spread over A–D and the bank is the same on every run) and the metadata.
 */

/** The base modules of the general certificate (reference seed BASE_MODULES). */
export type Competency = 'BASE-LAW' | 'BASE-MGMT' | 'BASE-RISK' | 'BASE-EMERG';

/**
 * Competency-model codes per level (K1… knowledge, S1… skills, Q1… qualities, 1-based, as the
 * item bank numbers the seed's GENERAL_COMPETENCY outline) that a module's items assess by
 * default; a topic may name others (`codes`).
 */
const DEFAULT_CODES: Record<Competency, Record<DemoItem['level'], string>> = {
  // junior K1 法律法规与岗位责任; intermediate K1 法律法规体系与主体责任
  'BASE-LAW': { junior: 'K1', intermediate: 'K1' },
  // junior K2 标准规范与操作规程; intermediate K2 标准化与管理体系
  'BASE-MGMT': { junior: 'K2', intermediate: 'K2' },
  // K3 危险源与事故隐患 / 风险辨识、评估与分级管控
  'BASE-RISK': { junior: 'K3', intermediate: 'K3' },
  // junior K5 应急处置与自救互救; intermediate K5 应急预案编制与演练
  'BASE-EMERG': { junior: 'K5', intermediate: 'K5' },
};

export interface DemoItem extends QtiItemInput {
  level: 'junior' | 'intermediate';
  module: 'base';
  /** 0 (easy) … 1 (hard), the item bank's difficulty estimate. */
  difficulty: number;
  /** [base module code, competency-model code], e.g. ['BASE-LAW', 'K1']. */
  competencies: string[];
  source: string;
  /** Standard the item rests on (exam_item_version.standard_code / standard_version). */
  standardCode?: string;
  standardVersion?: string;
}

export interface Meta {
  id: string;
  title: string;
  level: 'junior' | 'intermediate';
  source: string;
  competency: Competency;
  /** Competency-model codes when not the module's default (DEFAULT_CODES). */
  codes?: Record<DemoItem['level'], string>;
  difficulty?: number;
  standard?: [code: string, version: string];
  points?: number;
}

function make(meta: Meta, body: ItemBody, answerKey: ItemAnswerKey, defaultPoints: number): DemoItem {
  const item: DemoItem = {
    identifier: meta.id,
    title: meta.title,
    body,
    answerKey,
    points: meta.points ?? defaultPoints,
    level: meta.level,
    module: 'base',
    difficulty: meta.difficulty ?? (meta.level === 'junior' ? 0.3 : 0.5),
    competencies: [meta.competency, meta.codes?.[meta.level] ?? DEFAULT_CODES[meta.competency][meta.level]],
    source: meta.source,
  };
  if (meta.standard) {
    item.standardCode = meta.standard[0];
    item.standardVersion = meta.standard[1];
  }
  return item;
}

function seedOf(id: string): number {
  let h = 2166136261;
  for (const ch of id) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return h >>> 0;
}

function shuffled<T>(id: string, xs: T[]): T[] {
  const rand = mulberry32(seedOf(id));
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const letter = (i: number) => String.fromCharCode(65 + i);

/** 判断题. */
export function trueFalse(meta: Meta, stem: string, answer: boolean): DemoItem {
  return make(
    meta,
    {
      type: 'true_false',
      stem,
      options: [
        { id: 'T', text: '正确' },
        { id: 'F', text: '错误' },
      ],
    },
    { choices: [answer ? 'T' : 'F'] },
    1,
  );
}

/**
 * 单选题. `correct` is the right option, `wrong` the distractors; with `ordered` the options keep
 * the given order (numbers, grades) with the key put in its sorted place.
 */
export function single(
  meta: Meta,
  stem: string,
  correct: string,
  wrong: string[],
  opts: { ordered?: (string | number)[] } = {},
): DemoItem {
  const texts = opts.ordered ? opts.ordered.map(String) : shuffled(meta.id, [correct, ...wrong]);
  if (!texts.includes(correct)) throw new Error(`${meta.id}: key missing from the ordered options`);
  return make(
    meta,
    { type: 'single_choice', stem, options: texts.map((text, i) => ({ id: letter(i), text })) },
    { choices: [letter(texts.indexOf(correct))] },
    1,
  );
}

/** 多选题 (all or nothing unless `partial`). */
export function multiple(
  meta: Meta,
  stem: string,
  correct: string[],
  wrong: string[],
  partial = false,
): DemoItem {
  const texts = shuffled(meta.id, [...correct, ...wrong]);
  return make(
    meta,
    {
      type: 'multiple_choice',
      stem,
      options: texts.map((text, i) => ({ id: letter(i), text })),
      ...(partial ? { scoring: { mode: 'partial_no_wrong' } } : {}),
    },
    { choices: texts.flatMap((t, i) => (correct.includes(t) ? [letter(i)] : [])) },
    2,
  );
}

/** 填空题: blanks written as （____） in the stem; one list of accepted answers per blank. */
export function fillIn(meta: Meta, stem: string, answers: string[][]): DemoItem {
  const blanks = stem.match(/（____）/g)?.length ?? 0;
  if (blanks !== answers.length) throw new Error(`${meta.id}: ${blanks} blanks, ${answers.length} answers`);
  return make(
    meta,
    { type: 'fill_in', stem, blanks, ...(blanks > 1 ? { scoring: { mode: 'per_blank' } } : {}) },
    { blanks: answers },
    blanks,
  );
}

/** 简答题: rubric as [criterion, points] pairs; points = their sum. */
export function shortAnswer(
  meta: Meta,
  stem: string,
  rubric: [string, number][],
  modelAnswer: string,
): DemoItem {
  const criteria: RubricCriterion[] = rubric.map(([description, points], i) => ({
    id: `r${i + 1}`,
    description,
    points,
  }));
  return make(
    meta,
    { type: 'short_answer', stem, rubric: criteria },
    { modelAnswer },
    criteria.reduce((s, c) => s + c.points, 0),
  );
}

/** 案例分析题: sub-items built with the builders above (their meta only lends the body and key). */
export function scenario(meta: Meta, stem: string, subs: DemoItem[]): DemoItem {
  const subItems = subs.map((s, i) => ({ ...s.body, ref: String(i + 1), points: s.points }));
  return make(
    meta,
    { type: 'scenario', stem, subItems },
    { subItems: Object.fromEntries(subs.map((s, i) => [String(i + 1), s.answerKey])) },
    subs.reduce((sum, s) => sum + s.points, 0),
  );
}

/** A meta factory for one topic: numbered identifiers `<prefix>-001`, shared defaults. */
export function topic(prefix: string, defaults: Omit<Meta, 'id' | 'title' | 'level'> & { title: string }) {
  let n = 0;
  return (level: Meta['level'], extra: Partial<Omit<Meta, 'id'>> = {}): Meta => {
    n += 1;
    return { ...defaults, level, ...extra, id: `${prefix}-${String(n).padStart(3, '0')}` };
  };
}
