import type { ItemAnswerKey, ItemBody, ItemOption, ItemType, RubricCriterion } from '@anzheng/contracts';
import { CANONICAL_BLANK, QTI_NS, type QtiIssue, type QtiItemInput } from './qti-types.ts';
import { validateQtiItem } from './qti-validate.ts';
import { elements, firstElement, parseXml, textOf, type XElement, type XNode } from './qti-xml.ts';

/**
 * `qti-assessment-item` → QtiItemInput (docs/exam-analysis.md §2). Reads what qti-item-writer
 * writes exactly, and the common QTI 3.0 subset from other tools: the `data-anzheng-*`
 * attributes are used when present, otherwise the type is inferred from the interactions.
 */
export interface ReadItemResult {
  item?: QtiItemInput;
  errors: QtiIssue[];
  warnings: QtiIssue[];
}

interface Declaration {
  cardinality: string;
  baseType: string;
  correct: string[];
  mapping: { key: string; value: number; caseSensitive: boolean }[];
}

const INLINE = new Set([
  'span',
  'strong',
  'em',
  'b',
  'i',
  'u',
  'sub',
  'sup',
  'small',
  'code',
  'a',
  'abbr',
  'q',
  'br',
  'img',
  'qti-text-entry-interaction',
]);
const SUPPORTED = new Set([
  'qti-choice-interaction',
  'qti-text-entry-interaction',
  'qti-extended-text-interaction',
]);

export function readQtiItem(xml: string, file: string): ReadItemResult {
  const errors: QtiIssue[] = [];
  const warnings: QtiIssue[] = [];
  const fail = (path: string, message: string): ReadItemResult => ({
    errors: [...errors, { file, path, message }],
    warnings,
  });
  const parsed = parseXml(xml);
  if (!parsed.ok) return fail('', parsed.message);
  const root = parsed.root;
  if (root.name === 'assessmentItem')
    return fail(root.name, '这是 QTI 2.x 试题，仅支持 QTI 3.0（qti-assessment-item）');
  if (root.name !== 'qti-assessment-item')
    return fail(root.name, `根元素应为 qti-assessment-item，实际为 ${root.name}`);
  if (root.attrs.xmlns !== undefined && root.attrs.xmlns !== QTI_NS) {
    warnings.push({
      file,
      path: root.name,
      message: `命名空间 ${root.attrs.xmlns} 不是 QTI 3.0 的 ${QTI_NS}`,
    });
  }
  const identifier = root.attrs.identifier;
  if (!identifier) return fail(root.name, '缺少 identifier 属性');

  const declarations = new Map<string, Declaration>();
  for (const d of elements(root, 'qti-response-declaration')) {
    const mapping = firstElement(d, 'qti-mapping');
    declarations.set(d.attrs.identifier ?? '', {
      cardinality: d.attrs.cardinality ?? 'single',
      baseType: d.attrs['base-type'] ?? '',
      correct: elements(firstElement(d, 'qti-correct-response') ?? emptyElement, 'qti-value').map(textOf),
      mapping: mapping
        ? elements(mapping, 'qti-map-entry').map((m) => ({
            key: m.attrs['map-key'] ?? '',
            value: Number(m.attrs['mapped-value'] ?? 0),
            caseSensitive: m.attrs['case-sensitive'] === 'true',
          }))
        : [],
    });
  }
  const points = itemPoints(root);
  const itemBody = firstElement(root, 'qti-item-body');
  if (!itemBody) return fail(root.name, '缺少 qti-item-body');
  const ctx: Ctx = { file, declarations, warnings, errors };

  const unsupported = allDescendants(itemBody).find(
    (e) => e.name.endsWith('-interaction') && !SUPPORTED.has(e.name),
  );
  if (unsupported) return fail(`qti-item-body/${unsupported.name}`, `不支持的交互类型 ${unsupported.name}`);

  let body: ItemBody;
  let answerKey: ItemAnswerKey;
  const subDivs = allDescendants(itemBody).filter((e) => e.name === 'div' && hasClass(e, 'anzheng-sub-item'));
  if (subDivs.length || itemBody.attrs['data-anzheng-type'] === 'scenario') {
    const head = readPart(itemBody, ctx, 'scenario');
    const subItems: NonNullable<ItemBody['subItems']> = [];
    const keys: Record<string, ItemAnswerKey> = {};
    for (const div of subDivs) {
      const ref = div.attrs['data-anzheng-ref'] ?? String(subItems.length + 1);
      const part = readPart(div, ctx, div.attrs['data-anzheng-type'] as ItemType | undefined);
      if (!part) return { errors, warnings };
      const sub = withScoring(part.body, div.attrs['data-anzheng-scoring']);
      subItems.push({ ...sub, ref, points: Number(div.attrs['data-anzheng-points'] ?? 1) });
      keys[ref] = part.key;
    }
    if (!head) return { errors, warnings };
    body = { type: 'scenario', stem: head.body.stem, subItems };
    if (head.body.rubric) body.rubric = head.body.rubric;
    answerKey = { subItems: keys };
  } else {
    const part = readPart(itemBody, ctx, itemBody.attrs['data-anzheng-type'] as ItemType | undefined);
    if (!part) return { errors, warnings };
    body = withScoring(part.body, itemBody.attrs['data-anzheng-scoring']);
    answerKey = part.key;
  }

  const item: QtiItemInput = {
    identifier,
    title: root.attrs.title ?? identifier,
    body,
    answerKey,
    points:
      points ?? (body.type === 'scenario' ? (body.subItems ?? []).reduce((s, x) => s + x.points, 0) : 1),
  };
  const competencies = parseCompetencies(itemBody.attrs['data-anzheng-competencies']);
  if (competencies) item.competencies = competencies;
  if (itemBody.attrs['data-anzheng-source'] !== undefined)
    item.source = itemBody.attrs['data-anzheng-source'];
  const problems = validateQtiItem(item);
  if (problems.length) {
    return {
      errors: [...errors, ...problems.map((p) => ({ file, path: p.field, message: p.message }))],
      warnings,
    };
  }
  return { item, errors, warnings };
}

interface Ctx {
  file: string;
  declarations: Map<string, Declaration>;
  warnings: QtiIssue[];
  errors: QtiIssue[];
}

interface Collected {
  lines: string[];
  choice?: XElement;
  textEntries: string[];
  extended?: XElement;
  rubric: RubricCriterion[];
}

/** Reads one part (the item body or a sub-item div) into an ItemBody without scoring. */
function readPart(
  container: XElement,
  ctx: Ctx,
  declaredType: ItemType | undefined,
): { body: ItemBody; key: ItemAnswerKey } | undefined {
  const c: Collected = { lines: [], textEntries: [], rubric: [] };
  walkBlocks(container, c, ctx);
  const stem = c.lines.join('\n');
  const error = (message: string) => {
    ctx.errors.push({ file: ctx.file, path: container.name, message });
    return undefined;
  };
  if (!stem.trim()) return error('题干为空');
  const rubric = c.rubric.length ? { rubric: c.rubric } : {};

  if (declaredType === 'scenario') return { body: { type: 'scenario', stem, ...rubric }, key: {} };
  if (c.choice) {
    const choice = c.choice;
    const decl = ctx.declarations.get(choice.attrs['response-identifier'] ?? '');
    const simple = elements(choice, 'qti-simple-choice');
    const rawIds = simple.map((s) => s.attrs.identifier ?? '');
    const texts = simple.map((s) => textOf(s).trim());
    const maxChoices = Number(choice.attrs['max-choices'] ?? 1);
    const looksTrueFalse =
      simple.length === 2 &&
      (rawIds.join() === 'T,F' ||
        (texts[0] === '正确' && texts[1] === '错误') ||
        declaredType === 'true_false');
    const type: ItemType =
      declaredType ??
      (maxChoices === 1 ? (looksTrueFalse ? 'true_false' : 'single_choice') : 'multiple_choice');
    const keepIds = rawIds.every((id) => /^[A-Z]$/.test(id)) && new Set(rawIds).size === rawIds.length;
    const letters = type === 'true_false' ? ['T', 'F'] : rawIds.map((_, i) => String.fromCharCode(65 + i));
    const idMap = new Map(rawIds.map((id, i) => [id, keepIds ? id : letters[i]!]));
    const options: ItemOption[] = simple.map((_, i) => ({ id: idMap.get(rawIds[i]!)!, text: texts[i]! }));
    const keyed = decl?.correct.length
      ? decl.correct.map((v) => v.trim())
      : (decl?.mapping.filter((m) => m.value > 0).map((m) => m.key) ?? []);
    return {
      body: { type, stem, options, ...rubric },
      key: { choices: keyed.map((k) => idMap.get(k) ?? k) },
    };
  }
  if (c.textEntries.length) {
    const blanks = c.textEntries.map((id) => {
      const decl = ctx.declarations.get(id);
      const accepted = decl?.mapping.map((m) => m.key) ?? [];
      const first = decl?.correct[0];
      if (first !== undefined && !accepted.includes(first)) accepted.unshift(first);
      return accepted;
    });
    const entries = c.textEntries.flatMap((id) => ctx.declarations.get(id)?.mapping ?? []);
    const exact = entries.length > 0 && entries.every((m) => m.caseSensitive);
    return {
      body: { type: 'fill_in', stem, blanks: c.textEntries.length, ...rubric },
      key: { blanks, ...(exact ? { exact: true } : {}) },
    };
  }
  if (c.extended) {
    const decl = ctx.declarations.get(c.extended.attrs['response-identifier'] ?? '');
    const model = decl?.correct[0];
    return {
      body: { type: 'short_answer', stem, ...rubric },
      key: model !== undefined ? { modelAnswer: model } : {},
    };
  }
  return error('没有找到支持的交互（选择、填空、问答）');
}

function withScoring(body: ItemBody, mode: string | undefined): ItemBody {
  return mode ? { ...body, scoring: { mode } } : body;
}

/** Walks block content: paragraphs become stem lines; interactions and rubrics are collected. */
function walkBlocks(container: XElement, c: Collected, ctx: Ctx): void {
  let inline: XNode[] = [];
  const flush = () => {
    if (inline.length && inline.some((n) => typeof n !== 'string' || n.trim())) {
      c.lines.push(...inlineText(inline, c, ctx).split('\n'));
    }
    inline = [];
  };
  for (const node of container.children) {
    if (typeof node === 'string' || INLINE.has(node.name)) {
      inline.push(node);
      continue;
    }
    flush();
    if (node.name === 'div' && hasClass(node, 'anzheng-sub-item')) continue;
    switch (node.name) {
      case 'p':
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
      case 'pre':
      case 'li':
      case 'qti-prompt': {
        const text = inlineText(node.children, c, ctx);
        // A paragraph that only held an image (dropped with a warning) leaves no empty line.
        if (text || !allDescendants(node).some((e) => e.name === 'img')) c.lines.push(...text.split('\n'));
        break;
      }
      case 'qti-choice-interaction': {
        const prompt = firstElement(node, 'qti-prompt');
        if (prompt) c.lines.push(...inlineText(prompt.children, c, ctx).split('\n'));
        if (c.choice)
          ctx.errors.push({ file: ctx.file, path: node.name, message: '一道题只能有一个选择交互' });
        c.choice = node;
        break;
      }
      case 'qti-extended-text-interaction': {
        const prompt = firstElement(node, 'qti-prompt');
        if (prompt) c.lines.push(...inlineText(prompt.children, c, ctx).split('\n'));
        c.extended = node;
        break;
      }
      case 'qti-rubric-block':
        if ((node.attrs.view ?? '').split(/\s+/).includes('scorer')) c.rubric.push(...readRubric(node));
        else walkBlocks(firstElement(node, 'qti-content-body') ?? node, c, ctx);
        break;
      default:
        walkBlocks(node, c, ctx);
    }
  }
  flush();
}

/** Inline content → text; a text entry becomes the blank marker（____）. */
function inlineText(nodes: XNode[], c: Collected, ctx: Ctx): string {
  let out = '';
  for (const n of nodes) {
    if (typeof n === 'string') out += n.replace(/[ \t\r]*\n[ \t\r]*/g, ' ');
    else if (n.name === 'br') out += '\n';
    else if (n.name === 'qti-text-entry-interaction') {
      c.textEntries.push(n.attrs['response-identifier'] ?? '');
      out += CANONICAL_BLANK;
    } else if (n.name === 'img') {
      ctx.warnings.push({
        file: ctx.file,
        path: 'img',
        message: `图片 ${n.attrs.src ?? ''}（${n.attrs.alt ?? ''}）未导入：题干只支持纯文本`,
      });
    } else out += inlineText(n.children, c, ctx);
  }
  return out
    .split('\n')
    .map((l) => l.trim())
    .join('\n');
}

function readRubric(block: XElement): RubricCriterion[] {
  const list = allDescendants(block).find((e) => e.name === 'ol' && hasClass(e, 'anzheng-rubric'));
  if (!list) {
    const text = textOf(block).trim();
    return text ? [{ id: 'r1', description: text, points: 0 }] : [];
  }
  return elements(list, 'li').map((li, i) => {
    const criterion: RubricCriterion = {
      id: li.attrs['data-anzheng-id'] ?? `r${i + 1}`,
      description: textOf(firstElement(li, 'p') ?? li).trim(),
      points: Number(li.attrs['data-anzheng-points'] ?? 0),
    };
    const bands = firstElement(li, 'ul');
    if (bands) {
      criterion.bands = elements(bands, 'li').map((b) => ({
        min: Number(b.attrs['data-anzheng-min'] ?? 0),
        max: Number(b.attrs['data-anzheng-max'] ?? 0),
        label: textOf(b).trim(),
      }));
    }
    return criterion;
  });
}

function itemPoints(root: XElement): number | undefined {
  for (const o of elements(root, 'qti-outcome-declaration')) {
    if (o.attrs.identifier === 'MAXSCORE') {
      const v = firstElement(firstElement(o, 'qti-default-value') ?? emptyElement, 'qti-value');
      if (v && Number.isFinite(Number(textOf(v)))) return Number(textOf(v));
    }
  }
  const score = elements(root, 'qti-outcome-declaration').find((o) => o.attrs.identifier === 'SCORE');
  const normalMax = score?.attrs['normal-maximum'];
  return normalMax !== undefined && Number.isFinite(Number(normalMax)) ? Number(normalMax) : undefined;
}

function parseCompetencies(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  } catch {
    // fall through: a plain space-separated list
  }
  return raw.split(/\s+/).filter(Boolean);
}

const emptyElement: XElement = { name: '', attrs: {}, children: [] };
const hasClass = (e: XElement, cls: string) => (e.attrs.class ?? '').split(/\s+/).includes(cls);

function allDescendants(e: XElement): XElement[] {
  return elements(e).flatMap((c) => [c, ...allDescendants(c)]);
}
