import type { ItemBody } from '@anzheng/contracts';
import { describe, expect, it } from 'vitest';
import { computeComposite, resolveDoubleMarking } from './composite.ts';
import { holderCommitment } from './result.service.ts';
import { needsMarker, normalizeBlank, scoreItem } from './scoring.ts';

const options = ['A', 'B', 'C', 'D'].map((id) => ({ id, text: id }));
const multi = (mode?: string): ItemBody => ({
  type: 'multiple_choice',
  stem: '多选',
  options,
  ...(mode ? { scoring: { mode } } : {}),
});

describe('objective scoring (ScoringRule modes)', () => {
  it('single choice and true/false: all or nothing', () => {
    const body: ItemBody = { type: 'single_choice', stem: '单选', options };
    expect(scoreItem(body, { choices: ['B'] }, { choices: ['B'] }, 2).points).toBe(2);
    expect(scoreItem(body, { choices: ['B'] }, { choices: ['C'] }, 2).points).toBe(0);
    expect(scoreItem(body, { choices: ['B'] }, undefined, 2).points).toBe(0);
    const tf: ItemBody = {
      type: 'true_false',
      stem: '判断',
      options: [
        { id: 'T', text: '正确' },
        { id: 'F', text: '错误' },
      ],
    };
    expect(scoreItem(tf, { choices: ['F'] }, { choices: ['F'] }, 1).points).toBe(1);
  });

  it('multiple choice all_or_nothing (default)', () => {
    expect(scoreItem(multi(), { choices: ['A', 'C'] }, { choices: ['C', 'A'] }, 4).points).toBe(4);
    expect(scoreItem(multi(), { choices: ['A', 'C'] }, { choices: ['A'] }, 4).points).toBe(0);
  });

  it('partial_no_wrong: share of correct options, zero with any wrong one', () => {
    expect(scoreItem(multi('partial_no_wrong'), { choices: ['A', 'C'] }, { choices: ['A'] }, 4).points).toBe(
      2,
    );
    expect(
      scoreItem(multi('partial_no_wrong'), { choices: ['A', 'B', 'C'] }, { choices: ['A'] }, 3).points,
    ).toBe(1);
    expect(
      scoreItem(multi('partial_no_wrong'), { choices: ['A', 'C'] }, { choices: ['A', 'B'] }, 4).points,
    ).toBe(0);
  });

  it('per_option: ± points/options per option judged, floor 0', () => {
    // key A,C; chose A,B → A right, B wrong, C wrong (missed), D right → 2 − 2 = 0 of 4
    expect(scoreItem(multi('per_option'), { choices: ['A', 'C'] }, { choices: ['A', 'B'] }, 4).points).toBe(
      0,
    );
    // chose A only → A, B, D right; C wrong → 3 − 1 = 2
    expect(scoreItem(multi('per_option'), { choices: ['A', 'C'] }, { choices: ['A'] }, 4).points).toBe(2);
    expect(scoreItem(multi('per_option'), { choices: ['A', 'C'] }, { choices: ['B', 'D'] }, 4).points).toBe(
      0,
    );
  });

  it('fill-in: NFKC, trim, collapsed spaces and case folding; per_blank partial credit', () => {
    expect(normalizeBlank('  ＧＢ　 ６４４１ ')).toBe('gb 6441');
    const body: ItemBody = {
      type: 'fill_in',
      stem: '（____）（____）',
      blanks: 2,
      scoring: { mode: 'per_blank' },
    };
    const key = {
      blanks: [
        ['安全生产法', '中华人民共和国安全生产法'],
        ['three', '3'],
      ],
    };
    expect(scoreItem(body, key, { blanks: [' 安全生产法 ', 'THREE'] }, 2).points).toBe(2);
    expect(scoreItem(body, key, { blanks: ['安全法', '３'] }, 2).points).toBe(1);
    const strict: ItemBody = { type: 'fill_in', stem: '（____）（____）', blanks: 2 };
    expect(scoreItem(strict, key, { blanks: ['安全生产法', 'x'] }, 2).points).toBe(0);
    expect(scoreItem(strict, { ...key, exact: true }, { blanks: ['安全生产法', 'THREE'] }, 2).points).toBe(0);
  });

  it('short answers and scenarios with rubric parts go to markers', () => {
    const sa: ItemBody = { type: 'short_answer', stem: '简答' };
    expect(needsMarker(sa)).toBe(true);
    expect(scoreItem(sa, {}, { text: '…' }, 5).points).toBeNull();
    const scenario: ItemBody = {
      type: 'scenario',
      stem: '案例',
      subItems: [
        { ref: 'a', points: 2, type: 'single_choice', stem: '1', options },
        { ref: 'b', points: 2, type: 'short_answer', stem: '2' },
      ],
    };
    const s = scoreItem(
      scenario,
      { subItems: { a: { choices: ['A'] } } },
      { subItems: { a: { choices: ['A'] } } },
      10,
    );
    expect(s.points).toBeNull();
    expect(s.detail.autoPoints).toBe(5); // sub-item points scaled to the paper's 10
    const objective: ItemBody = { ...scenario, subItems: [scenario.subItems![0]!] };
    expect(
      scoreItem(
        objective,
        { subItems: { a: { choices: ['A'] } } },
        { subItems: { a: { choices: ['A'] } } },
        10,
      ).points,
    ).toBe(10);
  });
});

describe('composite (REQ-EXAM-2, REQ-EXAM-6)', () => {
  const pass = { composite: 60, eachComponent: 60 };
  it('junior 60/40 with the master bonus capped at 100', () => {
    const r = computeComposite({
      weights: { theory: 0.6, practical: 0.4, performance: 0 },
      passRules: pass,
      masterBonusPoints: 5,
      hasSafetyMaster: true,
      scores: { theory: 97, practical: 70, performance: null },
      responsibilityAccident: false,
    });
    expect(r).toMatchObject({ theory: 100, theoryBonus: 3, composite: 88, passed: true });
  });

  it('intermediate 30/40/30: a component under the line fails even with a passing composite', () => {
    const r = computeComposite({
      weights: { theory: 0.3, practical: 0.4, performance: 0.3 },
      passRules: pass,
      masterBonusPoints: 5,
      hasSafetyMaster: false,
      scores: { theory: 90, practical: 55, performance: 90 },
      responsibilityAccident: false,
    });
    expect(r.composite).toBe(76);
    expect(r.passed).toBe(false);
    expect(r.reasons[0]).toContain('实操考核');
  });

  it('senior: performance 50 %, and a responsibility accident fails', () => {
    const base = {
      weights: { theory: 0.2, practical: 0.3, performance: 0.5 },
      passRules: pass,
      masterBonusPoints: 5,
      hasSafetyMaster: false,
      scores: { theory: 80, practical: 80, performance: 80 },
    };
    expect(computeComposite({ ...base, responsibilityAccident: false })).toMatchObject({
      composite: 80,
      passed: true,
    });
    const r = computeComposite({ ...base, responsibilityAccident: true });
    expect(r.passed).toBe(false);
    expect(r.reasons.join()).toContain('责任');
  });

  it('double marking: mean within the threshold, arbitrator beyond it', () => {
    expect(resolveDoubleMarking(80, 88, 10)).toEqual({ needsArbitration: false, final: 84, method: 'mean' });
    expect(resolveDoubleMarking(70, 90, 10)).toEqual({ needsArbitration: true, final: null, method: null });
    expect(resolveDoubleMarking(70, 90, 10, 85)).toEqual({
      needsArbitration: true,
      final: 85,
      method: 'arbitration',
    });
  });
});

describe('holder commitment (DESIGN §4)', () => {
  it('is hex SHA-256(salt ‖ UTF-8 ID number ‖ UTF-8 name) — known answer', () => {
    // sha256(0x00×16 ‖ "11010519491231002X" ‖ "张三"), computed independently with `openssl dgst -sha256`.
    const salt = new Uint8Array(16);
    expect(holderCommitment(salt, '11010519491231002X', '张三')).toBe(
      '60793917ca0c0c37e54ada908b0e1372578dbac09c741764cbf0221a58aa1d04',
    );
  });
});
