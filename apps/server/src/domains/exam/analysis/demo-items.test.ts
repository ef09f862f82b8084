import { ITEM_TYPES } from '@anzheng/contracts';
import { describe, expect, it } from 'vitest';
import { CERTIFICATE_TYPES } from '../../reference/reference.seed.ts';
import { accidentGrade, chineseNumber } from './demo-items/laws.ts';
import { lecBand } from './demo-items/management.ts';
import { heightWorkGrade, majorHazardGrade } from './demo-items/standards.ts';
import { DEMO_ITEMS } from './demo-items.ts';
import { exportQtiPackage, importQtiPackage, type QtiItemInput, validateQtiItem } from './qti.ts';

const GENERAL = CERTIFICATE_TYPES.find((t) => t.code === '00')!;
const BASE_MODULES = new Set(GENERAL.modules.filter((m) => m.kind === 'base').map((m) => m.code));

/** K1… knowledge, S1… skills, Q1… qualities of a level's outline (1-based), as the item bank numbers them. */
function competencyCodes(level: 'junior' | 'intermediate'): Set<string> {
  const outline = GENERAL.competencyModel[level]!;
  return new Set([
    ...outline.knowledge.map((_, i) => `K${i + 1}`),
    ...outline.skills.map((_, i) => `S${i + 1}`),
    ...outline.qualities.map((_, i) => `Q${i + 1}`),
  ]);
}

describe('demo item bank', () => {
  it('has at least 300 items with unique identifiers, both levels and every item type', () => {
    expect(DEMO_ITEMS.length).toBeGreaterThanOrEqual(300);
    expect(new Set(DEMO_ITEMS.map((i) => i.identifier)).size).toBe(DEMO_ITEMS.length);
    const levels = new Set(DEMO_ITEMS.map((i) => i.level));
    expect([...levels].sort()).toEqual(['intermediate', 'junior']);
    for (const level of levels) {
      expect(DEMO_ITEMS.filter((i) => i.level === level).length).toBeGreaterThanOrEqual(100);
    }
    const types = new Set(DEMO_ITEMS.map((i) => i.body.type));
    for (const t of ITEM_TYPES) expect(types.has(t), t).toBe(true);
    expect(DEMO_ITEMS.filter((i) => i.body.type === 'scenario').length).toBeGreaterThanOrEqual(5);
  });

  it('every item is consistent with its key, with metadata the bank can store', () => {
    for (const item of DEMO_ITEMS) {
      expect(validateQtiItem(item), item.identifier).toEqual([]);
      expect(item.module).toBe('base');
      expect(item.source.trim().length, item.identifier).toBeGreaterThan(2);
      expect(item.difficulty).toBeGreaterThanOrEqual(0);
      expect(item.difficulty).toBeLessThanOrEqual(1);
      expect(item.points).toBeGreaterThan(0);
      const [module, code] = item.competencies;
      expect(BASE_MODULES.has(module!), item.identifier).toBe(true);
      expect(competencyCodes(item.level).has(code!), `${item.identifier} ${code}`).toBe(true);
      if (item.standardVersion) expect(item.standardCode).toBeTruthy();
    }
  });

  it('reads like an exam: distinct stems, distinct options, a blank in every choice stem', () => {
    const stems = DEMO_ITEMS.map((i) => i.body.stem);
    expect(new Set(stems).size).toBe(stems.length);
    const bodies = DEMO_ITEMS.flatMap((i) => [i.body, ...(i.body.subItems ?? [])]);
    for (const body of bodies) {
      const texts = (body.options ?? []).map((o) => o.text);
      expect(new Set(texts).size, body.stem).toBe(texts.length);
      if (body.type === 'single_choice' || body.type === 'multiple_choice') {
        expect(body.stem, body.stem).toContain('（  ）');
      }
      if (body.type === 'short_answer') expect(body.rubric?.length).toBeGreaterThan(0);
    }
    // Keys of single-choice items are spread over the letters, not parked on one.
    const keys = DEMO_ITEMS.filter((i) => i.body.type === 'single_choice').map(
      (i) => i.answerKey.choices![0]!,
    );
    for (const letter of ['A', 'B', 'C', 'D']) {
      expect(keys.filter((k) => k === letter).length / keys.length, letter).toBeGreaterThan(0.1);
    }
  });

  it('exports to QTI 3.0 and imports back unchanged', () => {
    const items: QtiItemInput[] = DEMO_ITEMS.map(
      ({ identifier, title, body, answerKey, points, competencies, source }) => ({
        identifier,
        title,
        body,
        answerKey,
        points,
        competencies,
        source,
      }),
    );
    const result = importQtiPackage(exportQtiPackage(items));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.items).toEqual(items);
  });
});

describe('fact tables behind the generated items', () => {
  it('accident grades (条例第三条): “以上” includes the number, “以下” does not', () => {
    expect(accidentGrade(2, 9, 999)).toBe('一般事故');
    expect(accidentGrade(3, 0, 0)).toBe('较大事故');
    expect(accidentGrade(0, 10, 0)).toBe('较大事故');
    expect(accidentGrade(0, 0, 1_000)).toBe('较大事故');
    expect(accidentGrade(10, 0, 0)).toBe('重大事故');
    expect(accidentGrade(29, 99, 9_999)).toBe('重大事故');
    expect(accidentGrade(30, 0, 0)).toBe('特别重大事故');
    expect(accidentGrade(0, 100, 0)).toBe('特别重大事故');
    expect(accidentGrade(0, 0, 10_000)).toBe('特别重大事故');
  });

  it('height work grades (GB/T 3608 A 类) at the boundaries', () => {
    expect([2, 5, 5.1, 15, 15.5, 30, 31].map(heightWorkGrade)).toEqual([
      'Ⅰ级',
      'Ⅰ级',
      'Ⅱ级',
      'Ⅱ级',
      'Ⅲ级',
      'Ⅲ级',
      'Ⅳ级',
    ]);
  });

  it('major hazard grades (GB 18218-2018 §4.3) and LEC bands', () => {
    expect([100, 99.9, 50, 10, 9.9].map(majorHazardGrade)).toEqual(['一级', '二级', '二级', '三级', '四级']);
    expect(lecBand(540)).toBe('极其危险，不能继续作业');
    expect(lecBand(270)).toBe('高度危险，需要立即整改');
    expect(lecBand(135)).toBe('显著危险，需要整改');
    expect(lecBand(42)).toBe('一般危险，需要注意');
    expect(lecBand(9)).toBe('稍有危险，可以接受');
  });

  it('article numbers in Chinese as the law prints them', () => {
    expect([3, 10, 21, 40, 83, 100, 104, 114, 119].map(chineseNumber)).toEqual([
      '三',
      '十',
      '二十一',
      '四十',
      '八十三',
      '一百',
      '一百零四',
      '一百一十四',
      '一百一十九',
    ]);
  });
});
