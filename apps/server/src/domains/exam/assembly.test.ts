import type { BankItem, BlueprintSection, ItemType } from '@anzheng/contracts';
import { mulberry32 } from '@anzheng/identifiers';
import { describe, expect, it } from 'vitest';
import {
  assemblePaper,
  blueprintCoverage,
  blueprintTotalPoints,
  matchesQuota,
  seedToUint32,
} from './assembly.ts';
import { defaultSections } from './blueprint.defaults.ts';
import { BankTooSmallError } from './exam.errors.ts';

/** REQ-EXAM-1/2: paper assembly is reproducible, meets every quota, never repeats an item. */

const TYPES: ItemType[] = ['true_false', 'single_choice', 'multiple_choice', 'scenario'];
const AREAS = ['BASE-LAW', 'BASE-MGMT', 'BASE-RISK', 'BASE-EMERG'];

function makeBank(seed: number, perType: number): BankItem[] {
  const rnd = mulberry32(seed);
  const bank: BankItem[] = [];
  let id = 1;
  for (const type of TYPES) {
    for (let i = 0; i < perType; i++) {
      const options =
        type === 'true_false'
          ? [
              { id: 'T', text: '正确' },
              { id: 'F', text: '错误' },
            ]
          : type === 'scenario'
            ? undefined
            : ['A', 'B', 'C', 'D'].map((o) => ({ id: o, text: `选项${o}` }));
      bank.push({
        itemId: `item-${id}`,
        itemVersionId: 1000 + id,
        module: rnd() < 0.8 ? 'base' : 'IND-MINE',
        type,
        difficulty: Math.round(rnd() * 1000) / 1000,
        competencies: [
          AREAS[Math.floor(rnd() * AREAS.length)]!,
          `${rnd() < 0.7 ? 'K' : 'S'}${1 + Math.floor(rnd() * 5)}`,
        ],
        body: {
          type,
          stem: `题干${id}`,
          ...(options ? { options } : {}),
          ...(type === 'scenario'
            ? {
                subItems: [
                  {
                    ref: 'a',
                    points: 4,
                    type: 'single_choice' as const,
                    stem: '小题a',
                    options: [
                      { id: 'A', text: '甲' },
                      { id: 'B', text: '乙' },
                    ],
                  },
                  { ref: 'b', points: 6, type: 'short_answer' as const, stem: '小题b' },
                ],
              }
            : {}),
        },
      });
      id++;
    }
  }
  return bank;
}

const sections = defaultSections();

describe('assemblePaper', () => {
  it('default blueprint: 100 points — 判断 20×1, 单选 40×1, 多选 10×2, 案例 2×10', () => {
    expect(blueprintTotalPoints(sections)).toBe(100);
    expect(
      sections.map((s) => [s.title, s.quotas.reduce((n, q) => n + q.count, 0), s.pointsPerItem]),
    ).toEqual([
      ['判断题', 20, 1],
      ['单项选择题', 40, 1],
      ['多项选择题', 10, 2],
      ['案例分析题', 2, 10],
    ]);
  });

  it('seeds: SHA-256 known answer for the mulberry32 seed', () => {
    // sha256("abc") = ba7816bf…: first four bytes big-endian.
    expect(seedToUint32('abc')).toBe(0xba7816bf);
  });

  for (let trial = 0; trial < 25; trial++) {
    it(`property trial ${trial}: same seed → same paper; quotas met; no duplicates; options permuted`, () => {
      const bank = makeBank(100 + trial, 150);
      const seed = `seed-${trial}`;
      const paper = assemblePaper({ sections }, bank, seed);
      // Reproducible, whatever order the bank arrives in.
      expect(assemblePaper({ sections }, [...bank].reverse(), seed)).toEqual(paper);
      // No item twice.
      expect(new Set(paper.map((p) => p.itemId)).size).toBe(paper.length);
      expect(paper.map((p) => p.ref)).toEqual(paper.map((_, i) => String(i + 1)));
      const byId = new Map(bank.map((b) => [b.itemId, b]));
      for (const section of sections) {
        const drawn = paper.filter((p) => p.section === section.code).map((p) => byId.get(p.itemId)!);
        expect(drawn).toHaveLength(section.quotas.reduce((n, q) => n + q.count, 0));
        for (const item of drawn)
          expect(section.quotas.some((q) => matchesQuota(item, section, q))).toBe(true);
        for (const q of section.quotas) {
          expect(drawn.filter((i) => matchesQuota(i, section, q)).length).toBeGreaterThanOrEqual(q.count);
        }
      }
      // Points add up to the blueprint's; scenario sub-item points add up to the item's.
      expect(paper.reduce((s, p) => s + p.points, 0)).toBe(100);
      for (const p of paper) {
        const item = byId.get(p.itemId)!;
        if (item.body.options && (item.type === 'single_choice' || item.type === 'multiple_choice')) {
          expect([...p.optionOrder!].sort()).toEqual(item.body.options.map((o) => o.id).sort());
        }
        if (item.type === 'true_false') expect(p.optionOrder).toBeUndefined();
        if (p.subItems) expect(p.subItems.reduce((s, x) => s + x.points, 0)).toBeCloseTo(p.points, 9);
      }
    });
  }

  it('different seeds give different papers', () => {
    const bank = makeBank(7, 150);
    const a = assemblePaper({ sections }, bank, 'a');
    const b = assemblePaper({ sections }, bank, 'b');
    expect(a.map((x) => x.itemId)).not.toEqual(b.map((x) => x.itemId));
  });

  it('scales scenario sub-item points to the section points (4 + 6 authored → 4 + 6 of 10)', () => {
    const paper = assemblePaper({ sections }, makeBank(3, 150), 'x');
    const scenario = paper.find((p) => p.section === 'case')!;
    expect(scenario.subItems!.map((s) => s.points)).toEqual([4, 6]);
    expect(scenario.subItems![0]!.optionOrder!.sort()).toEqual(['A', 'B']);
  });

  it('a bank too small for a quota is an error naming the section and the quota — never a short paper', () => {
    const small: BlueprintSection[] = [
      {
        code: 'single',
        title: '单选',
        itemType: 'single_choice',
        pointsPerItem: 1,
        quotas: [{ count: 3, band: 'hard', competency: 'K' }],
      },
    ];
    const bank = makeBank(1, 10).map((b) => ({ ...b, difficulty: 0.1 }));
    let error: unknown;
    try {
      assemblePaper({ sections: small }, bank, 's');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BankTooSmallError);
    expect(error).toMatchObject({
      code: 'BANK_TOO_SMALL',
      statusCode: 409,
      section: 'single',
      needed: 3,
      available: 0,
    });
    expect((error as Error).message).toContain('能力项 K · 较难');
    expect(blueprintCoverage({ sections: small }, bank)).toEqual({
      ok: false,
      quotas: [{ section: 'single', quota: 0, label: '能力项 K · 较难', needed: 3, available: 0 }],
    });
  });

  it('quota filters: exact competency, category, module and band', () => {
    const section: BlueprintSection = {
      code: 's',
      title: 's',
      itemType: 'single_choice',
      pointsPerItem: 1,
      quotas: [],
    };
    const item: BankItem = {
      itemId: 'i',
      itemVersionId: 1,
      module: 'IND-MINE',
      type: 'single_choice',
      difficulty: 0.7,
      competencies: ['S2'],
      body: { type: 'single_choice', stem: 'x' },
    };
    expect(matchesQuota(item, section, { count: 1, competency: 'S' })).toBe(true);
    expect(matchesQuota(item, section, { count: 1, competency: 'S2' })).toBe(true);
    expect(matchesQuota(item, section, { count: 1, competency: 'S1' })).toBe(false);
    expect(
      matchesQuota({ ...item, competencies: ['BASE-LAW'] }, section, { count: 1, competency: 'BASE-LAW' }),
    ).toBe(true);
    expect(
      matchesQuota({ ...item, competencies: ['BASE-LAW'] }, section, { count: 1, competency: 'B' as 'K' }),
    ).toBe(false);
    expect(matchesQuota(item, section, { count: 1, band: 'hard' })).toBe(true);
    expect(matchesQuota(item, section, { count: 1, band: 'medium' })).toBe(false);
    expect(matchesQuota(item, section, { count: 1, module: 'base' })).toBe(false);
    expect(matchesQuota({ ...item, type: 'true_false' }, section, { count: 1 })).toBe(false);
  });
});
