import type { ItemAnswerKey, ItemBody, ItemResponse } from '@anzheng/contracts';
import { type Db, getPaper, listItemVersions } from './delivery.repository.ts';

/**
 * A paper as delivery uses it: items in the stored order with options in the stored order
 * (`optionOrder`), and the keys kept apart so no view can leak them. Papers are append-only,
 * so a loaded paper is cached by id (bounded).
 */

/** One entry of `exam_paper.items` (written by paper assembly, docs/exam.md). */
interface StoredPaperItem {
  ref: string;
  itemVersionId: number;
  section?: string | null;
  points: number | string;
  optionOrder?: string[];
  subItems?: Array<{ ref: string; optionOrder?: string[] }> | Record<string, { optionOrder?: string[] }>;
}

export interface LoadedItem {
  ref: string;
  section: string | null;
  points: number;
  /** The body with options in the candidate's order. */
  body: ItemBody;
  key: ItemAnswerKey;
}

export interface LoadedPaper {
  id: number;
  totalPoints: number;
  items: LoadedItem[];
  byRef: Map<string, LoadedItem>;
}

function reorder(body: ItemBody, order: string[] | undefined): ItemBody {
  if (!order || !body.options) return body;
  const byId = new Map(body.options.map((o) => [o.id, o]));
  const ordered = order.map((id) => byId.get(id)).filter((o) => o !== undefined);
  // Options missing from the stored order keep their authored place after the ordered ones.
  const rest = body.options.filter((o) => !order.includes(o.id));
  return { ...body, options: [...ordered, ...rest] };
}

function subOrder(stored: StoredPaperItem, ref: string): string[] | undefined {
  const subs = stored.subItems;
  if (!subs) return undefined;
  if (Array.isArray(subs)) return subs.find((s) => s.ref === ref)?.optionOrder;
  return subs[ref]?.optionOrder;
}

/** Applies the paper's stored option orders to an item body (scenario sub-items too). */
export function presentBody(body: ItemBody, stored: StoredPaperItem): ItemBody {
  const top = reorder(body, stored.optionOrder);
  if (!top.subItems) return top;
  return {
    ...top,
    subItems: top.subItems.map((s) => ({
      ...reorder(s, subOrder(stored, s.ref)),
      ref: s.ref,
      points: s.points,
    })),
  };
}

/** Checks a response against the item's shape; returns a Chinese problem or undefined. */
export function checkResponse(
  body: ItemBody,
  response: ItemResponse,
  path = 'body.response',
): string | undefined {
  const optionIds = new Set((body.options ?? []).map((o) => o.id));
  if (response.choices) {
    if (!['single_choice', 'multiple_choice', 'true_false'].includes(body.type))
      return `${path}.choices：该题不是选择题`;
    const bad = response.choices.find((c) => !optionIds.has(c));
    if (bad) return `${path}.choices：选项 ${bad} 不存在`;
    if (body.type !== 'multiple_choice' && response.choices.length > 1)
      return `${path}.choices：该题只能选一个选项`;
  }
  if (response.blanks && (body.type !== 'fill_in' || response.blanks.length > (body.blanks ?? 0))) {
    return `${path}.blanks：填空数超过该题的空数`;
  }
  if (response.subItems) {
    if (body.type !== 'scenario') return `${path}.subItems：该题不是案例分析题`;
    for (const [ref, sub] of Object.entries(response.subItems)) {
      const subBody = body.subItems?.find((s) => s.ref === ref);
      if (!subBody) return `${path}.subItems.${ref}：小题不存在`;
      const problem = checkResponse(subBody, sub, `${path}.subItems.${ref}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

const CACHE_LIMIT = 20_000;
const cache = new Map<number, Promise<LoadedPaper>>();

async function loadPaperUncached(db: Db, paperId: number): Promise<LoadedPaper> {
  const paper = await getPaper(db, paperId);
  const stored = paper.items as unknown as StoredPaperItem[];
  const versions = await listItemVersions(db, [...new Set(stored.map((s) => Number(s.itemVersionId)))]);
  const byVersion = new Map(versions.map((v) => [Number(v.id), v]));
  const items = stored.map((s): LoadedItem => {
    const v = byVersion.get(Number(s.itemVersionId));
    if (!v) throw new Error(`paper ${paperId}: item version ${s.itemVersionId} missing`);
    return {
      ref: s.ref,
      section: s.section ?? null,
      points: Number(s.points),
      body: presentBody(v.body as unknown as ItemBody, s),
      key: v.answer_key as unknown as ItemAnswerKey,
    };
  });
  return {
    id: paperId,
    totalPoints: Number(paper.total_points),
    items,
    byRef: new Map(items.map((i) => [i.ref, i])),
  };
}

export function loadPaper(db: Db, paperId: number): Promise<LoadedPaper> {
  let p = cache.get(paperId);
  if (!p) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as number);
    p = loadPaperUncached(db, paperId);
    p.catch(() => cache.delete(paperId));
    cache.set(paperId, p);
  }
  return p;
}
