import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedActions, nextState, TRANSITIONS, type Transition } from './application.state.ts';
import {
  addMonths,
  type EligibilityProfile,
  type EligibilityRule,
  evaluateEligibility,
  experienceDays,
} from './eligibility.evaluate.ts';
import { type EligibilityRuleRow, selectEligibilityRules } from './eligibility.resolution.ts';

const AT = '2026-06-30';

const base = { layer: 'national' as const, effectiveFrom: '2021-09-01', source: 'test' };
const JUNIOR_RULES: EligibilityRule[] = [
  { id: 1, ruleKey: 'min_education', kind: 'min_education', params: { level: 'high_school' }, ...base },
  {
    id: 2,
    ruleKey: 'min_experience_years',
    kind: 'min_experience_years',
    params: { years: 2, safetyManagementOnly: true },
    ...base,
  },
  {
    id: 3,
    ruleKey: 'training_hours',
    kind: 'training_hours',
    params: { hours: 48, withinMonths: 12 },
    ...base,
  },
  { id: 4, ruleKey: 'not_exam_banned', kind: 'not_exam_banned', params: {}, ...base },
  { id: 5, ruleKey: 'not_on_dishonesty_list', kind: 'not_on_dishonesty_list', params: {}, ...base },
  { id: 6, ruleKey: 'school_route', kind: 'school_route', params: { enabled: false }, ...base },
];
const INTERMEDIATE_RULES: EligibilityRule[] = [
  { id: 11, ruleKey: 'min_education', kind: 'min_education', params: { level: 'junior_college' }, ...base },
  {
    id: 12,
    ruleKey: 'min_experience_years',
    kind: 'min_experience_years',
    params: { years: 5, safetyManagementOnly: true },
    ...base,
  },
  {
    id: 13,
    ruleKey: 'prior_certificate',
    kind: 'prior_certificate_held',
    params: { level: 'junior', years: 3 },
    ...base,
  },
  { id: 14, ruleKey: 'not_exam_banned', kind: 'not_exam_banned', params: {}, ...base },
];

const empty: EligibilityProfile = {
  education: [],
  work: [],
  training: [],
  certificates: [],
  sanctions: [],
  schoolEnrolment: null,
};

const outcome = (r: ReturnType<typeof evaluateEligibility>, key: string) =>
  r.results.find((x) => x.ruleKey === key)!;

describe('evaluateEligibility — explanations (REQ-APP-4)', () => {
  it('states the concrete numbers of a failed experience rule', () => {
    const r = evaluateEligibility(
      {
        ...empty,
        education: [{ level: 'bachelor', graduatedOn: '2015-07-01' }],
        // 3.5 years: 2022-12-30 .. 2026-06-30
        work: [{ safetyManagement: true, startedOn: '2022-12-30', endedOn: null }],
      },
      INTERMEDIATE_RULES,
      AT,
    );
    expect(r.eligible).toBe(false);
    const exp = outcome(r, 'min_experience_years');
    expect(exp).toMatchObject({ passed: false, expected: 5, actual: 3.5, kind: 'min_experience_years' });
    expect(exp.reason).toBe('安全管理工作年限 3.5 年，要求不少于 5 年');
    expect(outcome(r, 'min_education')).toMatchObject({
      passed: true,
      reason: '最高学历 本科，要求大专及以上',
    });
    expect(outcome(r, 'prior_certificate').reason).toBe('未持有有效的初级证书，要求持有初级证书满 3 年');
  });

  it('exactly two calendar years of work meet "满2年"; a day less does not', () => {
    const profile = (startedOn: string): EligibilityProfile => ({
      ...empty,
      work: [{ safetyManagement: true, startedOn, endedOn: AT }],
    });
    expect(
      outcome(evaluateEligibility(profile('2024-07-01'), JUNIOR_RULES, AT), 'min_experience_years'),
    ).toMatchObject({
      passed: true,
      actual: 2,
    });
    expect(
      outcome(evaluateEligibility(profile('2024-07-02'), JUNIOR_RULES, AT), 'min_experience_years').passed,
    ).toBe(false);
  });

  it('counts overlapping periods once and ignores non-safety posts', () => {
    const r = evaluateEligibility(
      {
        ...empty,
        education: [{ level: 'high_school', graduatedOn: '2010-07-01' }],
        work: [
          { safetyManagement: true, startedOn: '2020-01-01', endedOn: '2022-12-31' },
          { safetyManagement: true, startedOn: '2021-01-01', endedOn: '2021-06-30' },
          { safetyManagement: false, startedOn: '2015-01-01', endedOn: '2019-12-31' },
        ],
        training: [{ hours: 48, completedOn: '2026-01-10' }],
      },
      JUNIOR_RULES,
      AT,
    );
    expect(outcome(r, 'min_experience_years')).toMatchObject({ passed: true, actual: 3 });
    expect(r.eligible).toBe(true);
    expect(r.results).toHaveLength(JUNIOR_RULES.length);
  });

  it('counts training only within the window', () => {
    const r = evaluateEligibility(
      {
        ...empty,
        training: [
          { hours: 40, completedOn: '2025-06-30' }, // exactly 12 months before: outside
          { hours: 32, completedOn: '2025-07-01' },
        ],
      },
      JUNIOR_RULES,
      AT,
    );
    expect(outcome(r, 'training_hours')).toMatchObject({
      passed: false,
      actual: 32,
      reason: '近 12 个月内完成培训 32 学时，要求不少于 48 学时',
    });
  });

  it('a held certificate passes on its anniversary, not a day before', () => {
    const profile = (issuedOn: string): EligibilityProfile => ({
      ...empty,
      certificates: [{ certificateTypeCode: '00', level: 'junior', issuedOn, status: 'valid' }],
    });
    expect(
      outcome(evaluateEligibility(profile('2023-06-30'), INTERMEDIATE_RULES, AT), 'prior_certificate').passed,
    ).toBe(true);
    expect(
      outcome(evaluateEligibility(profile('2023-07-01'), INTERMEDIATE_RULES, AT), 'prior_certificate').passed,
    ).toBe(false);
    const revoked: EligibilityProfile = {
      ...empty,
      certificates: [
        { certificateTypeCode: '00', level: 'junior', issuedOn: '2015-01-01', status: 'revoked' },
      ],
    };
    expect(outcome(evaluateEligibility(revoked, INTERMEDIATE_RULES, AT), 'prior_certificate').passed).toBe(
      false,
    );
  });

  it('an active sanction fails with its period and reason; an expired one does not', () => {
    const r = evaluateEligibility(
      {
        ...empty,
        sanctions: [
          { kind: 'exam_ban', reason: '证书被撤销', startsOn: '2025-01-01', endsOn: '2027-12-31' },
          { kind: 'dishonesty_list', reason: '违规挂证', startsOn: '2020-01-01', endsOn: '2021-01-01' },
        ],
      },
      JUNIOR_RULES,
      AT,
    );
    expect(outcome(r, 'not_exam_banned')).toMatchObject({
      passed: false,
      reason: '处于禁考期（2025-01-01 至 2027-12-31）：证书被撤销',
    });
    expect(outcome(r, 'not_on_dishonesty_list').passed).toBe(true);
  });

  it('the school route replaces experience only when enabled and the applicant is enrolled', () => {
    const student: EligibilityProfile = {
      ...empty,
      education: [{ level: 'high_school', graduatedOn: '2024-07-01' }],
      training: [{ hours: 60, completedOn: '2026-03-01' }],
      schoolEnrolment: { school: '江苏安全技术职业学院', expectedGraduationOn: '2027-07-01' },
    };
    expect(evaluateEligibility(student, JUNIOR_RULES, AT).eligible).toBe(false);
    const enabled = JUNIOR_RULES.map((r) =>
      r.kind === 'school_route' ? { ...r, params: { enabled: true }, layer: 'province' as const } : r,
    );
    const r = evaluateEligibility(student, enabled, AT);
    expect(r.eligible).toBe(true);
    expect(outcome(r, 'min_experience_years').reason).toContain('“1+X”在校生途径免除');
    expect(evaluateEligibility({ ...student, schoolEnrolment: null }, enabled, AT).eligible).toBe(false);
  });

  it('an empty rule set is never eligible', () => {
    expect(evaluateEligibility(empty, [], AT)).toEqual({ eligible: false, results: [] });
  });
});

describe('date helpers', () => {
  it('addMonths clamps to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-06-30', -12)).toBe('2025-06-30');
  });
  it('experienceDays: open periods run to the date, future periods do not count', () => {
    expect(experienceDays([{ startedOn: '2026-06-01', endedOn: null }], AT)).toBe(30);
    expect(experienceDays([{ startedOn: '2026-07-01', endedOn: null }], AT)).toBe(0);
    // adjacent periods merge without double-counting the joint
    expect(
      experienceDays(
        [
          { startedOn: '2026-01-01', endedOn: '2026-01-10' },
          { startedOn: '2026-01-11', endedOn: '2026-01-20' },
        ],
        AT,
      ),
    ).toBe(20);
  });
});

// ---------------------------------------------------------------------------------------
// Properties

const day = fc
  .integer({ min: 0, max: 365 * 30 })
  .map((n) => new Date(Date.UTC(1996, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
const period = fc
  .record({ a: day, b: fc.option(day, { nil: null }), safetyManagement: fc.boolean() })
  .map(({ a, b, safetyManagement }) => ({
    safetyManagement,
    startedOn: b !== null && b < a ? b : a,
    endedOn: b !== null && b < a ? a : b,
  }));
const education = fc.record({
  level: fc.constantFrom('high_school', 'junior_college', 'bachelor', 'master', 'doctor'),
  graduatedOn: day,
});
const training = fc.record({ hours: fc.integer({ min: 1, max: 80 }), completedOn: day });
const certificate = fc.record({
  certificateTypeCode: fc.constantFrom('00', '02'),
  level: fc.constantFrom('junior', 'intermediate', 'senior'),
  issuedOn: day,
  status: fc.constantFrom('valid', 'valid', 'revoked'),
});
const sanction = fc.record({
  kind: fc.constantFrom('exam_ban' as const, 'dishonesty_list' as const),
  reason: fc.constant('测试'),
  startsOn: day,
  endsOn: fc.option(day, { nil: null }),
});
const profileArb: fc.Arbitrary<EligibilityProfile> = fc.record({
  education: fc.array(education, { maxLength: 3 }),
  work: fc.array(period, { maxLength: 5 }),
  training: fc.array(training, { maxLength: 5 }),
  certificates: fc.array(certificate, { maxLength: 2 }),
  sanctions: fc.array(sanction, { maxLength: 1 }),
  schoolEnrolment: fc.option(fc.record({ school: fc.constant('某职业学院'), expectedGraduationOn: day }), {
    nil: null,
  }),
});
const rulesArb = fc.constantFrom(JUNIOR_RULES, INTERMEDIATE_RULES, [
  ...JUNIOR_RULES.filter((r) => r.kind !== 'school_route'),
  { ...JUNIOR_RULES[5]!, params: { enabled: true } } as EligibilityRule,
]);

describe('evaluateEligibility — properties', () => {
  it('lists every rule exactly once', () => {
    fc.assert(
      fc.property(profileArb, rulesArb, day, (p, rules, at) => {
        const r = evaluateEligibility(p, rules, at);
        expect(r.results.map((x) => x.ruleId).sort()).toEqual(rules.map((x) => x.id).sort());
        expect(r.eligible).toBe(r.results.every((x) => x.passed));
      }),
    );
  });

  it('more experience, education, training or certificates never make an eligible person ineligible', () => {
    fc.assert(
      fc.property(
        profileArb,
        rulesArb,
        day,
        fc.array(period, { minLength: 1, maxLength: 2 }),
        fc.array(education, { maxLength: 1 }),
        fc.array(training, { maxLength: 2 }),
        fc.array(certificate, { maxLength: 1 }),
        (p, rules, at, work, edu, train, certs) => {
          if (!evaluateEligibility(p, rules, at).eligible) return;
          const more: EligibilityProfile = {
            ...p,
            work: [...p.work, ...work],
            education: [...p.education, ...edu],
            training: [...p.training, ...train],
            certificates: [...p.certificates, ...certs],
          };
          expect(evaluateEligibility(more, rules, at).eligible).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('removing a rule never flips another verdict; removing the only failing rule makes the person eligible', () => {
    fc.assert(
      fc.property(profileArb, rulesArb, day, fc.nat(), (p, rules, at, pick) => {
        const before = evaluateEligibility(p, rules, at);
        const removed = rules[pick % rules.length]!;
        const after = evaluateEligibility(
          p,
          rules.filter((r) => r !== removed),
          at,
        );
        // The school route only ever opens an alternative; removing it may close that door.
        if (removed.kind === 'school_route') return;
        for (const r of after.results) {
          expect(r.passed).toBe(before.results.find((x) => x.ruleId === r.ruleId)!.passed);
        }
        const failing = before.results.filter((r) => !r.passed);
        if (before.eligible || (failing.length === 1 && failing[0]!.ruleId === removed.id)) {
          expect(after.eligible).toBe(after.results.length > 0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('more experience never lowers the counted days', () => {
    fc.assert(
      fc.property(fc.array(period, { maxLength: 5 }), period, day, (ps, extra, at) => {
        expect(experienceDays([...ps, extra], at)).toBeGreaterThanOrEqual(experienceDays(ps, at));
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------
// Resolution and the state machine

const row = (over: Partial<EligibilityRuleRow>): EligibilityRuleRow => ({
  id: 1,
  rule_key: 'min_experience_years',
  kind: 'min_experience_years',
  params: { years: 2, safetyManagementOnly: true },
  certificate_type_code: null,
  level: null,
  industry_code: null,
  division_code: null,
  layer: 'national',
  effective_from: '2021-09-01',
  effective_to: null,
  source: 'x',
  ...over,
});

describe('selectEligibilityRules', () => {
  const rows = [
    row({ id: 1 }),
    row({ id: 2, level: 'intermediate', params: { years: 5, safetyManagementOnly: true } }),
    row({
      id: 3,
      layer: 'province',
      division_code: '320000',
      industry_code: 'hazardous_chemicals',
      level: 'intermediate',
      params: { years: 6, safetyManagementOnly: true },
      effective_from: '2026-01-01',
    }),
    row({ id: 4, rule_key: 'not_exam_banned', kind: 'not_exam_banned', params: {} }),
    row({ id: 5, rule_key: 'later', kind: 'not_exam_banned', params: {}, effective_from: '2030-01-01' }),
  ];
  const q = {
    certificateTypeCode: '00',
    level: 'intermediate',
    industryPath: [],
    divisionCode: '440305',
    at: AT,
  };

  it('picks one version per key: level-pinned over the default, province over national', () => {
    expect(selectEligibilityRules(rows, q).map((r) => r.id)).toEqual([2, 4]);
    expect(
      selectEligibilityRules(rows, {
        ...q,
        divisionCode: '320102',
        industryPath: ['hazardous_chemicals', 'C'],
      }).map((r) => r.id),
    ).toEqual([3, 4]);
    expect(selectEligibilityRules(rows, { ...q, level: 'junior' }).map((r) => r.id)).toEqual([1, 4]);
  });

  it('a version not yet in force does not apply', () => {
    expect(selectEligibilityRules(rows, { ...q, at: '2031-01-01' }).map((r) => r.id)).toEqual([5, 2, 4]);
  });
});

describe('application state machine', () => {
  const states = ['draft', 'submitted', 'under_review', 'returned', 'approved', 'rejected'] as const;
  it('follows the transition table and nothing else', () => {
    for (const s of states) {
      for (const t of TRANSITIONS as readonly Transition[]) {
        expect(nextState(s, t.action)).toBe(t.from.includes(s) ? t.to : undefined);
      }
    }
    expect(allowedActions('under_review')).toEqual(['return', 'approve', 'reject']);
    expect(allowedActions('approved')).toEqual([]);
    expect(allowedActions('returned')).toEqual(['submit']);
  });
});
