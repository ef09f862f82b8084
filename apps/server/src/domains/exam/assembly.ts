import { createHash } from 'node:crypto';
import {
  type BankItem,
  type BlueprintQuota,
  type BlueprintSection,
  difficultyBand,
  type PaperItem,
} from '@anzheng/contracts';
import { mulberry32 } from '@anzheng/identifiers';
import { BankTooSmallError } from './exam.errors.ts';

/**
 * Paper assembly (REQ-EXAM-1/2, docs/exam.md §Papers): a pure function of the blueprint's
 * sections, the bank (latest approved version of each item) and a seed. Quotas are met in
 * blueprint order, each by a uniform random draw (mulberry32 seeded from SHA-256 of the seed)
 * among the not-yet-drawn items that match it; items are then shuffled within their section
 * and the options of choice items shuffled (true/false keeps 正确/错误 order). The same
 * inputs give the same paper, so a stored seed reproduces it. A quota that cannot be met is
 * an error naming the section and the quota — never a short paper.
 */

export interface AssemblyBlueprint {
  sections: BlueprintSection[];
}

/** uint32 from the first 4 bytes of SHA-256(seed). */
export function seedToUint32(seed: string): number {
  return createHash('sha256').update(seed, 'utf8').digest().readUInt32BE(0);
}

/** Human label of a quota, e.g. “K1 · 中等 · 5 道”. */
export function quotaLabel(quota: BlueprintQuota): string {
  const parts: string[] = [];
  if (quota.competency) parts.push(`能力项 ${quota.competency}`);
  if (quota.band) parts.push({ easy: '容易', medium: '中等', hard: '较难' }[quota.band]);
  if (quota.module) parts.push(`模块 ${quota.module}`);
  if (parts.length === 0) parts.push('不限');
  return parts.join(' · ');
}

export function matchesQuota(item: BankItem, section: BlueprintSection, quota: BlueprintQuota): boolean {
  if (item.type !== section.itemType) return false;
  if (quota.band && difficultyBand(item.difficulty) !== quota.band) return false;
  if (quota.module && item.module !== quota.module) return false;
  if (quota.competency) {
    const c = quota.competency;
    // 'K' / 'S' / 'Q': any single competency of that category; otherwise the exact code.
    const hit =
      c.length === 1
        ? item.competencies.some((x) => x.startsWith(c) && /^[KSQ][0-9]+$/.test(x))
        : item.competencies.includes(c);
    if (!hit) return false;
  }
  return true;
}

function shuffle<T>(list: T[], rnd: () => number): T[] {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function optionOrder(
  type: string,
  options: Array<{ id: string }> | undefined,
  rnd: () => number,
  shuffleOn: boolean,
) {
  if (!options || (type !== 'single_choice' && type !== 'multiple_choice')) return undefined;
  const ids = options.map((o) => o.id);
  return shuffleOn ? shuffle(ids, rnd) : ids;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Draws a paper; throws BankTooSmallError for the first quota that cannot be met. */
export function assemblePaper(
  blueprint: AssemblyBlueprint,
  bank: readonly BankItem[],
  seed: string,
): PaperItem[] {
  const rnd = mulberry32(seedToUint32(seed));
  // Deterministic base order, whatever order the database returned.
  const pool = [...bank].sort((a, b) => a.itemVersionId - b.itemVersionId);
  const used = new Set<string>();
  const paper: PaperItem[] = [];
  for (const section of blueprint.sections) {
    const drawn: BankItem[] = [];
    for (const quota of section.quotas) {
      const candidates = pool.filter((i) => !used.has(i.itemId) && matchesQuota(i, section, quota));
      if (candidates.length < quota.count) {
        throw new BankTooSmallError(section.code, quotaLabel(quota), quota.count, candidates.length);
      }
      for (const item of shuffle(candidates, rnd).slice(0, quota.count)) {
        used.add(item.itemId);
        drawn.push(item);
      }
    }
    const shuffleOptions = section.shuffleOptions !== false;
    for (const item of shuffle(drawn, rnd)) {
      const entry: PaperItem = {
        ref: String(paper.length + 1),
        itemId: item.itemId,
        itemVersionId: item.itemVersionId,
        section: section.code,
        points: section.pointsPerItem,
      };
      const order = optionOrder(item.type, item.body.options, rnd, shuffleOptions);
      if (order) entry.optionOrder = order;
      if (item.body.subItems && item.body.subItems.length > 0) {
        // Sub-item points scaled to the section's points per item; the last takes the rounding rest.
        const authored = item.body.subItems.reduce((s, x) => s + x.points, 0) || 1;
        let rest = section.pointsPerItem;
        entry.subItems = item.body.subItems.map((sub, i, all) => {
          const points =
            i === all.length - 1 ? round2(rest) : round2((sub.points * section.pointsPerItem) / authored);
          rest -= points;
          const s: NonNullable<PaperItem['subItems']>[number] = { ref: sub.ref, points };
          const subOrder = optionOrder(sub.type, sub.options, rnd, shuffleOptions);
          if (subOrder) s.optionOrder = subOrder;
          return s;
        });
      }
      paper.push(entry);
    }
  }
  return paper;
}

/** Quota coverage of a bank for a blueprint (the same greedy order as assembly, no randomness). */
export function blueprintCoverage(blueprint: AssemblyBlueprint, bank: readonly BankItem[]) {
  const used = new Set<string>();
  const quotas: Array<{ section: string; quota: number; label: string; needed: number; available: number }> =
    [];
  const pool = [...bank].sort((a, b) => a.itemVersionId - b.itemVersionId);
  for (const section of blueprint.sections) {
    section.quotas.forEach((quota, index) => {
      const candidates = pool.filter((i) => !used.has(i.itemId) && matchesQuota(i, section, quota));
      for (const c of candidates.slice(0, quota.count)) used.add(c.itemId);
      quotas.push({
        section: section.code,
        quota: index,
        label: quotaLabel(quota),
        needed: quota.count,
        available: candidates.length,
      });
    });
  }
  return { ok: quotas.every((q) => q.available >= q.needed), quotas };
}

/** Points of a blueprint: Σ sections pointsPerItem × Σ quota counts. */
export function blueprintTotalPoints(sections: readonly BlueprintSection[]): number {
  return round2(
    sections.reduce((s, x) => s + x.pointsPerItem * x.quotas.reduce((n, q) => n + q.count, 0), 0),
  );
}
