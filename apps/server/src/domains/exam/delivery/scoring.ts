import type { ItemAnswerKey, ItemBody, ItemResponse } from '@anzheng/contracts';

/**
 * Automatic scoring of objective items (pure; docs/exam-delivery.md §grading). Choice items
 * follow the item's ScoringRule mode; fill-in blanks compare after NFKC, trim, collapsed
 * white space and case folding unless the key says `exact`. Short answers and rubric parts of
 * scenarios are not scored here: they go to markers (`needsMarker`).
 */

export interface ItemScore {
  /** Points awarded, or null when a marker must score (part of) the item. */
  points: number | null;
  maxPoints: number;
  /** Per sub-item scores of a scenario, and what was compared. */
  detail: Record<string, unknown>;
}

/** Rounds to 2 decimals (scores are stored as numeric(7,2)). */
export function round2(n: number): number {
  return Math.round(n * 100 + Number.EPSILON * 100) / 100;
}

/** NFKC, trim, collapse white space, case-fold: `' ＡＢＣ  d '` → `'abc d'`. */
export function normalizeBlank(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}

function scoreChoices(body: ItemBody, key: ItemAnswerKey, response: ItemResponse | undefined, max: number) {
  const correct = key.choices ?? [];
  const chosen = response?.choices ?? [];
  if (body.type !== 'multiple_choice') return sameSet(correct, chosen) && chosen.length > 0 ? max : 0;
  const mode = body.scoring?.mode ?? 'all_or_nothing';
  if (mode === 'partial_no_wrong') {
    if (chosen.some((c) => !correct.includes(c))) return 0;
    return correct.length === 0
      ? 0
      : (max * chosen.filter((c) => correct.includes(c)).length) / correct.length;
  }
  if (mode === 'per_option') {
    const options = body.options?.map((o) => o.id) ?? [...new Set([...correct, ...chosen])];
    if (options.length === 0) return 0;
    const each = max / options.length;
    // Each option judged right (chosen iff correct) or wrong: +each / −each, floor 0.
    const net = options.reduce((s, o) => s + (correct.includes(o) === chosen.includes(o) ? each : -each), 0);
    return Math.max(0, net);
  }
  return sameSet(correct, chosen) ? max : 0;
}

function scoreBlanks(body: ItemBody, key: ItemAnswerKey, response: ItemResponse | undefined, max: number) {
  const accepted = key.blanks ?? [];
  const given = response?.blanks ?? [];
  const norm = key.exact ? (s: string) => s : normalizeBlank;
  const right = accepted.map((alts, i) => {
    const answer = given[i];
    return answer !== undefined && norm(answer) !== '' && alts.some((a) => norm(a) === norm(answer));
  });
  const n = right.filter(Boolean).length;
  if (accepted.length === 0) return { points: 0, right };
  if ((body.scoring?.mode ?? 'all_or_nothing') === 'per_blank')
    return { points: (max * n) / accepted.length, right };
  return { points: n === accepted.length ? max : 0, right };
}

/** Whether a marker has to score this body (short answer, or a scenario with such a part). */
export function needsMarker(body: ItemBody): boolean {
  if (body.type === 'short_answer') return true;
  if (body.type === 'scenario')
    return (body.subItems ?? []).some(needsMarker) || (body.subItems ?? []).length === 0;
  return false;
}

/**
 * Scores one item out of `maxPoints` (the paper's points for it). A scenario's objective
 * sub-items are scored and scaled so the sub-item points add up to `maxPoints`; if any part
 * needs a marker, `points` is null and `detail.autoPoints` holds the automatic part.
 */
export function scoreItem(
  body: ItemBody,
  key: ItemAnswerKey,
  response: ItemResponse | undefined,
  maxPoints: number,
): ItemScore {
  switch (body.type) {
    case 'single_choice':
    case 'multiple_choice':
    case 'true_false':
      return { points: round2(scoreChoices(body, key, response, maxPoints)), maxPoints, detail: {} };
    case 'fill_in': {
      const { points, right } = scoreBlanks(body, key, response, maxPoints);
      return { points: round2(points), maxPoints, detail: { blanksRight: right } };
    }
    case 'short_answer':
      return { points: null, maxPoints, detail: { marker: true } };
    case 'scenario': {
      const subs = body.subItems ?? [];
      const subTotal = subs.reduce((s, x) => s + x.points, 0);
      const scale = subTotal > 0 ? maxPoints / subTotal : 0;
      const parts: Record<string, { points: number | null; maxPoints: number }> = {};
      let auto = 0;
      let pending = subs.length === 0;
      for (const sub of subs) {
        const r = scoreItem(
          sub,
          key.subItems?.[sub.ref] ?? {},
          response?.subItems?.[sub.ref],
          sub.points * scale,
        );
        parts[sub.ref] = { points: r.points, maxPoints: round2(r.maxPoints) };
        if (r.points === null) pending = true;
        else auto += r.points;
      }
      return {
        points: pending ? null : round2(auto),
        maxPoints,
        detail: { subItems: parts, autoPoints: round2(auto) },
      };
    }
  }
}
