import { describe, expect, it } from 'vitest';
import { computeExamStatistics, type StatisticsAttempt, type StatisticsItem } from './statistics.ts';

/**
 * Known-answer dataset: 6 candidates × 4 items. The expected figures were computed outside this
 * code (numpy/scipy: corrcoef for item–rest r, cov of sorted vectors for the maximum covariance,
 * scipy.stats.skew/kurtosis with bias=False, which are Moodle's k3/k2^1.5 and k4/k2²).
 *
 *          Q1 single(1)  Q2 T/F(1)  Q3 multiple(2)  Q4 short(4)  total
 *   c1         1            1           2              4           8
 *   c2         1            0           2              3           6
 *   c3         0            1           1              3           5
 *   c4         1            1           0              2           4
 *   c5         0            0           1              1           2
 *   c6         0            1           0              0           1
 */
const ITEMS: StatisticsItem[] = [
  {
    id: 'Q1',
    maxMark: 1,
    body: {
      type: 'single_choice',
      stem: '单选',
      options: ['A', 'B', 'C', 'D'].map((id) => ({ id, text: id })),
    },
    answerKey: { choices: ['B'] },
  },
  {
    id: 'Q2',
    maxMark: 1,
    body: {
      type: 'true_false',
      stem: '判断',
      options: [
        { id: 'T', text: '正确' },
        { id: 'F', text: '错误' },
      ],
    },
    answerKey: { choices: ['T'] },
  },
  {
    id: 'Q3',
    maxMark: 2,
    body: {
      type: 'multiple_choice',
      stem: '多选',
      options: ['A', 'B', 'C', 'D'].map((id) => ({ id, text: id })),
      scoring: { mode: 'partial_no_wrong' },
    },
    answerKey: { choices: ['A', 'C'] },
  },
  {
    id: 'Q4',
    maxMark: 4,
    body: { type: 'short_answer', stem: '简答', rubric: [{ id: 'r1', description: '要点', points: 4 }] },
    answerKey: { modelAnswer: '……' },
  },
];

const MARKS = [
  [1, 1, 2, 4],
  [1, 0, 2, 3],
  [0, 1, 1, 3],
  [1, 1, 0, 2],
  [0, 0, 1, 1],
  [0, 1, 0, 0],
];
const Q1_CHOICES = [['B'], ['B'], ['A'], ['B'], ['C'], []];
const Q2_CHOICES = [['T'], ['F'], ['T'], ['T'], ['F'], ['T']];
const Q3_CHOICES = [['A', 'C'], ['A', 'C'], ['A'], ['A', 'B'], ['C'], ['B', 'D']];

const ATTEMPTS: StatisticsAttempt[] = MARKS.map((row, i) => ({
  id: `c${i + 1}`,
  marks: { Q1: row[0]!, Q2: row[1]!, Q3: row[2]!, Q4: row[3]! },
  choices: { Q1: Q1_CHOICES[i]!, Q2: Q2_CHOICES[i]!, Q3: Q3_CHOICES[i]! },
}));

const close = (actual: number | null | undefined, expected: number) => {
  expect(actual).not.toBeNull();
  expect(actual).toBeCloseTo(expected, 4);
};

describe('computeExamStatistics — known answers (Moodle definitions)', () => {
  const stats = computeExamStatistics({ items: ITEMS, attempts: ATTEMPTS });
  const item = (id: string) => stats.items.find((s) => s.itemId === id)!;

  it('test-level figures: average, median, SD, skewness, kurtosis, α, error ratio, SE', () => {
    const t = stats.test;
    expect(t.attempts).toBe(6);
    expect(t.maxTotal).toBe(8);
    close(t.average, 4.333333);
    close(t.averagePercent, 54.166667);
    close(t.median, 4.5);
    close(t.standardDeviation, 2.581989);
    close(t.skewness, 0.07746);
    close(t.kurtosis, -0.867);
    close(t.internalConsistency, 62.666667);
    expect(t.internalConsistencyKind).toBe('alpha');
    close(t.errorRatio, 61.101009);
    close(t.standardError, 1.577621);
  });

  it('facility index and SD of every item (% of the item maximum)', () => {
    close(item('Q1').facilityIndex, 50);
    close(item('Q2').facilityIndex, 66.666667);
    close(item('Q3').facilityIndex, 50);
    close(item('Q4').facilityIndex, 54.166667);
    close(item('Q1').standardDeviation, 54.772256);
    close(item('Q2').standardDeviation, 51.639778);
    close(item('Q3').standardDeviation, 44.72136);
    close(item('Q4').standardDeviation, 36.799004);
    close(item('Q4').standardDeviationMarks, 1.47196);
  });

  it('discrimination index (item–rest r, %) and discriminative efficiency', () => {
    close(item('Q1').discriminationIndex, 57.346234);
    close(item('Q2').discriminationIndex, -10);
    close(item('Q3').discriminationIndex, 56.857353);
    close(item('Q4').discriminationIndex, 91.043564);
    close(item('Q1').discriminativeEfficiency, 63.636364);
    close(item('Q2').discriminativeEfficiency, -12.5);
    close(item('Q3').discriminativeEfficiency, 62.5);
    close(item('Q4').discriminativeEfficiency, 100);
  });

  it('intended and effective weights', () => {
    expect(stats.items.map((s) => s.intendedWeight)).toEqual([12.5, 12.5, 25, 50]);
    close(item('Q1').effectiveWeight, 21.556497);
    close(item('Q2').effectiveWeight, 7.87132);
    close(item('Q3').effectiveWeight, 28.921075);
    close(item('Q4').effectiveWeight, 41.651109);
  });

  it('random guess scores: 1/options, ½ for true/false, all combinations for multiple, none for essays', () => {
    close(item('Q1').randomGuessScore, 25);
    close(item('Q2').randomGuessScore, 50);
    // {A}: ½, {C}: ½, {A,C}: 1 over the 15 non-empty choices of 4 options.
    close(item('Q3').randomGuessScore, (100 * 2) / 15);
    expect(item('Q4').randomGuessScore).toBeNull();
  });

  it('flags the true/false item for review (DI < 30 %, DE < 15 %) and nothing else', () => {
    expect(stats.flagged.map((s) => s.itemId)).toEqual(['Q2']);
    expect(item('Q2').flags).toEqual(['LOW_DISCRIMINATION_INDEX', 'LOW_DISCRIMINATIVE_EFFICIENCY']);
    const strict = computeExamStatistics({
      items: ITEMS,
      attempts: ATTEMPTS,
      thresholds: { discriminationIndex: 60 },
    });
    expect(strict.flagged.map((s) => s.itemId)).toEqual(['Q2', 'Q3', 'Q1']);
  });

  it('distractor analysis over the top and bottom 27 % (2 of 6 candidates)', () => {
    const d = item('Q1').distractors!;
    expect(d.topGroupSize).toBe(2);
    expect(d.bottomGroupSize).toBe(2);
    const byId = Object.fromEntries(d.options.map((o) => [o.optionId, o]));
    expect(byId.B).toMatchObject({ isKey: true, count: 3, overall: 0.5, top: 1, bottom: 0 });
    expect(byId.A).toMatchObject({ isKey: false, count: 1, top: 0, bottom: 0 });
    close(byId.A!.overall, 1 / 6);
    expect(byId.C).toMatchObject({ count: 1, top: 0, bottom: 0.5 });
    expect(byId.D).toMatchObject({ count: 0, overall: 0 });
    expect(d.noAnswer).toMatchObject({ count: 1, top: 0, bottom: 0.5 });
    // A multiple-choice option is counted once per attempt choosing it.
    const q3 = Object.fromEntries(item('Q3').distractors!.options.map((o) => [o.optionId, o]));
    expect(q3.A).toMatchObject({ count: 4, top: 1, bottom: 0 });
    expect(q3.B).toMatchObject({ count: 2, top: 0, bottom: 0.5 });
    expect(item('Q4').distractors).toBeNull();
  });
});

describe('computeExamStatistics — KR-20 and edge cases', () => {
  it('reports KR-20 for 0/1 items, equal to k/(k−1)·(1 − Σpq/σ²)', () => {
    const rows = [
      [1, 1, 1],
      [1, 1, 0],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ];
    const items = ['a', 'b', 'c'].map((id) => ({ id, maxMark: 1 }));
    const attempts = rows.map((r, i) => ({ id: `p${i}`, marks: { a: r[0]!, b: r[1]!, c: r[2]! } }));
    const stats = computeExamStatistics({ items, attempts });
    const n = rows.length;
    const totals = rows.map((r) => r[0]! + r[1]! + r[2]!);
    const mean = totals.reduce((a, b) => a + b) / n;
    const popVar = totals.reduce((a, t) => a + (t - mean) ** 2, 0) / n;
    const sumPq = [0, 1, 2].reduce((acc, j) => {
      const p = rows.filter((r) => r[j] === 1).length / n;
      return acc + p * (1 - p);
    }, 0);
    const kr20 = (3 / 2) * (1 - sumPq / popVar);
    expect(stats.test.internalConsistencyKind).toBe('KR-20');
    expect(stats.test.internalConsistency! / 100).toBeCloseTo(kr20, 10);
    expect(stats.test.internalConsistency).toBeCloseTo(57.692308, 4);
  });

  it('an item everybody gets right has no discrimination figures and is not flagged', () => {
    const items = [
      { id: 'easy', maxMark: 1 },
      { id: 'b', maxMark: 1 },
    ];
    const attempts = [1, 0, 1, 0].map((b, i) => ({ id: `p${i}`, marks: { easy: 1, b } }));
    const s = computeExamStatistics({ items, attempts }).items[0]!;
    expect(s.facilityIndex).toBe(100);
    expect(s.standardDeviation).toBe(0);
    expect(s.discriminationIndex).toBeNull();
    expect(s.discriminativeEfficiency).toBeNull();
    expect(s.flags).toEqual([]);
  });

  it('all candidates with the same total: no SD-based test figures beyond SD = 0', () => {
    const items = [
      { id: 'a', maxMark: 1 },
      { id: 'b', maxMark: 1 },
    ];
    const attempts = [
      { id: 'p1', marks: { a: 1, b: 0 } },
      { id: 'p2', marks: { a: 0, b: 1 } },
      { id: 'p3', marks: { a: 1, b: 0 } },
    ];
    const t = computeExamStatistics({ items, attempts }).test;
    expect(t.standardDeviation).toBe(0);
    expect(t.skewness).toBeNull();
    expect(t.internalConsistency).toBeNull();
  });

  it('one attempt: average and median only', () => {
    const stats = computeExamStatistics({
      items: [{ id: 'a', maxMark: 2 }],
      attempts: [{ id: 'only', marks: { a: 1.5 } }],
    });
    expect(stats.test).toMatchObject({ attempts: 1, average: 1.5, median: 1.5, standardDeviation: null });
    expect(stats.items[0]).toMatchObject({ attempts: 1, facilityIndex: 75, standardDeviation: null });
    expect(stats.items[0]!.discriminationIndex).toBeNull();
  });

  it('no attempts at all', () => {
    const stats = computeExamStatistics({ items: [{ id: 'a', maxMark: 1 }], attempts: [] });
    expect(stats.test.average).toBeNull();
    expect(stats.items[0]!.facilityIndex).toBeNull();
  });

  it('an unanswered item counts 0; an item not in the paper leaves the attempt out of that item', () => {
    const items = [
      { id: 'a', maxMark: 1 },
      { id: 'b', maxMark: 1 },
    ];
    const withNull = computeExamStatistics({
      items,
      attempts: [
        { id: 'p1', marks: { a: 1, b: null } },
        { id: 'p2', marks: { a: 0, b: 1 } },
      ],
    });
    expect(withNull.items[1]).toMatchObject({ attempts: 2, facilityIndex: 50 });
    const missing = computeExamStatistics({
      items,
      attempts: [
        { id: 'p1', marks: { a: 1 } },
        { id: 'p2', marks: { a: 0, b: 1 } },
      ],
    });
    expect(missing.items[1]).toMatchObject({ attempts: 1, facilityIndex: 100 });
    expect(missing.test.average).toBe(1);
  });

  it('rejects bad input with a stable code and a Chinese message', () => {
    expect(() =>
      computeExamStatistics({ items: [{ id: 'a', maxMark: 1 }], attempts: [{ id: 'p', marks: { x: 1 } }] }),
    ).toThrowError(expect.objectContaining({ code: 'EXAM_STATISTICS_INPUT_INVALID' }));
    expect(() =>
      computeExamStatistics({
        items: [
          { id: 'a', maxMark: 1 },
          { id: 'a', maxMark: 1 },
        ],
        attempts: [],
      }),
    ).toThrowError(/试题 a 重复/);
    expect(() => computeExamStatistics({ items: [{ id: 'a', maxMark: -1 }], attempts: [] })).toThrowError(
      /满分/,
    );
  });
});

/**
 * Moodle's own known-answer test for question statistics (mod/quiz/report/statistics/tests/
 * statistics_test.php, `test_qstats`): 22 attempts × 20 slots from fixtures/mdl_question_states.csv
 * (marks in slot order; slots 5–7 have max mark 0, slot 8 max mark 8, the others 1). The
 * expected values are Moodle's, which it took from contrib/tools/quiz_tools/stats.xls.
 */
const MOODLE_MAX_MARKS = [1, 1, 1, 1, 0, 0, 0, 8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
const MOODLE_MARKS = [
  [0, 0, 0, 0, 0, 0, 0, 5.5, 0.3, 0.9, 1, 0.3, 1, 0, 0, 1, 1, 0, 0, 1],
  [0, 0, 0, 0, 0, 0, 0, 1, 0.9, 0.9, 0.3, 0.3, 1, 0, 0, 1, 0, 1, 0, 1],
  [0, 0, 0, 0, 0, 0, 0, 2.5, 1, 0.9, 0.3, 1, 0, 0, 1, 1, 1, 1, 1, 1],
  [0, 0, 0, 0, 0, 0, 0, 4, 0.3, 0.9, 1, 0.3, 0, 0, 0, 0, 1, 0, 0, 1],
  [0, 0, 0, 0, 0, 0, 0, 3, 0.9, 0.3, 0.9, 1, 0, 1, 0, 0, 1, 1, 1, 0],
  [0, 0, 0, 0, 0, 0, 0, 4.5, 0.9, 1, 1, 0.9, 0, 1, 1, 1, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 3, 0.3, 0.3, 0.3, 0.3, 1, 0, 1, 1, 1, 1, 1, 1],
  [0, 0, 0, 0, 0, 0, 0, 6, 0.9, 0.9, 1, 0.3, 0, 1, 1, 1, 1, 0, 0, 1],
  [0, 0, 0, 0, 0, 0, 0, 0.5, 0.9, 1, 0.9, 0.3, 0, 1, 1, 0, 1, 1, 0, 1],
  [0, 0, 0, 0, 0, 0, 0, 5.5, 0.9, 1, 0.9, 0.3, 1, 1, 0, 0, 1, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 2.5, 0.9, 1, 1, 0.9, 0, 1, 0, 0, 1, 0, 0, 1],
  [0, 0, 0, 0, 0, 0, 0, 4, 0.9, 0.3, 0.9, 1, 0, 1, 1, 1, 1, 1, 0, 1],
  [0, 0, 0, 0, 0, 0, 0, 4, 0.9, 0.3, 0.3, 1, 1, 1, 1, 0, 0, 1, 1, 0],
  [0, 0, 0, 0, 0, 0, 0, 3, 1, 1, 0.3, 1, 0, 1, 0, 1, 1, 1, 1, 0],
  [0, 0, 0, 0, 0, 0, 0, 1, 1, 0.9, 0.3, 0.3, 1, 0, 1, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 1, 0.3, 0.3, 0.3, 0.9, 0, 0, 0, 1, 0, 0, 0, 1],
  [0, 0, 0, 0, 0, 0, 0, 1.5, 1, 0.3, 0.9, 1, 1, 1, 0, 1, 1, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 4, 0.9, 1, 0.9, 1, 0, 1, 1, 1, 0, 1, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 2, 0.9, 0.9, 0.3, 0.9, 0, 1, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 1, 1, 0.3, 0.3, 0.3, 0, 1, 1, 0, 1, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 6, 0.9, 1, 1, 0.9, 0, 0, 0, 1, 0, 0, 1, 1],
  [0, 0, 0, 0, 0, 0, 0, 7, 0.9, 0.3, 0.3, 0.3, 1, 0, 1, 1, 1, 1, 0, 0],
];

describe('computeExamStatistics — Moodle’s own question-statistics test (test_qstats)', () => {
  const items = MOODLE_MAX_MARKS.map((maxMark, i) => ({ id: `slot${i + 1}`, maxMark }));
  const attempts = MOODLE_MARKS.map((row, a) => ({
    id: `attempt${a + 1}`,
    marks: Object.fromEntries(row.map((mark, i) => [`slot${i + 1}`, mark])),
  }));
  const stats = computeExamStatistics({ items, attempts }).items;
  const expectColumn = (pick: (s: (typeof stats)[number]) => number | null, expected: (number | null)[]) =>
    expected.forEach((value, i) => {
      const actual = pick(stats[i]!);
      if (value === null) expect(actual, `slot ${i + 1}`).toBeNull();
      else expect(actual, `slot ${i + 1}`).toBeCloseTo(value, 6);
    });

  it('facility (Moodle × 100)', () => {
    expectColumn(
      (s) => s.facilityIndex,
      [
        0,
        0,
        0,
        0,
        null,
        null,
        null,
        41.19318182,
        81.36363636,
        71.36363636,
        65.45454545,
        65.90909091,
        36.36363636,
        59.09090909,
        50,
        59.09090909,
        63.63636364,
        45.45454545,
        27.27272727,
        50,
      ],
    );
  });

  it('standard deviation (Moodle: marks × 1000)', () => {
    expectColumn(
      (s) => (s.standardDeviationMarks === null ? null : s.standardDeviationMarks * 1000),
      [
        0, 0, 0, 0, 0, 0, 0, 1912.733589, 251.2738111, 322.6312277, 333.4199022, 337.5811591, 492.3659639,
        503.2362797, 511.7663157, 503.2362797, 492.3659639, 509.6471914, 455.8423058, 511.7663157,
      ],
    );
  });

  it('effective weight', () => {
    expectColumn(
      (s) => s.effectiveWeight,
      [
        0, 0, 0, 0, 0, 0, 0, 26.58464457, 3.368456046, 3.253955259, 7.584083694, 3.79658376, 3.183278505,
        4.532356904, 7.78856243, 10.08351572, 8.381139345, 8.727645713, 7.946277111, 4.769500946,
      ],
    );
  });

  it('discrimination index', () => {
    expectColumn(
      (s) => s.discriminationIndex,
      [
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        25.88327077,
        1.170256965,
        -4.207816809,
        28.16930644,
        -2.513606859,
        -12.99017581,
        -8.900638238,
        8.670004606,
        29.63337745,
        15.18945843,
        16.21079629,
        15.52451404,
        -8.396734802,
      ],
    );
  });

  it('discriminative efficiency', () => {
    expectColumn(
      (s) => s.discriminativeEfficiency,
      [
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        27.23492723,
        1.382386552,
        -4.691171307,
        31.12404354,
        -2.877487579,
        -17.5074184,
        -10.27568922,
        10.86956522,
        34.58997279,
        17.4790556,
        20.14359793,
        22.06477733,
        -10,
      ],
    );
  });
});
