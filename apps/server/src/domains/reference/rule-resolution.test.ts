import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RuleCandidate, type RuleQuery, selectRuleParameter } from './rule-resolution.ts';

let nextId = 1;
function row(partial: Partial<RuleCandidate> & Pick<RuleCandidate, 'layer'>): RuleCandidate {
  return {
    id: nextId++,
    key: 'ce.hours_per_year',
    value: 24,
    certificateTypeCode: null,
    level: null,
    industryCode: null,
    divisionCode: null,
    effectiveFrom: '2021-09-01',
    effectiveTo: null,
    source: 'test',
    ...partial,
  };
}

const base: RuleQuery = { key: 'ce.hours_per_year', at: '2026-11-29' };

describe('selectRuleParameter', () => {
  const national = row({ layer: 'national', value: 24 });
  const guangdong = row({ layer: 'province', divisionCode: '440000', value: 32 });
  const shenzhen = row({ layer: 'province', divisionCode: '440300', value: 40 });
  const chemicals = row({ layer: 'industry', industryCode: 'hazardous_chemicals', value: 30 });
  const rows = [national, guangdong, shenzhen, chemicals];

  it('falls back to the national row', () => {
    expect(selectRuleParameter(rows, { ...base, divisionCode: '320500' })?.value).toBe(24);
    expect(selectRuleParameter(rows, base)?.value).toBe(24);
  });

  it('a province override applies to the province and everything beneath it; the deeper one wins', () => {
    expect(selectRuleParameter(rows, { ...base, divisionCode: '440000' })?.value).toBe(32);
    expect(selectRuleParameter(rows, { ...base, divisionCode: '440105' })?.value).toBe(32);
    expect(selectRuleParameter(rows, { ...base, divisionCode: '440305' })?.value).toBe(40);
  });

  it('industry beats national, province beats industry', () => {
    const q = { ...base, industryPath: ['hazardous_chemicals', 'C'] };
    expect(selectRuleParameter(rows, q)?.value).toBe(30);
    expect(selectRuleParameter(rows, { ...q, divisionCode: '320000' })?.value).toBe(30);
    expect(selectRuleParameter(rows, { ...q, divisionCode: '440305' })?.value).toBe(40);
  });

  it('an industry row applies to the industry and its sub-sectors, the closer one winning', () => {
    const section = row({ layer: 'industry', industryCode: 'C', value: 28 });
    expect(
      selectRuleParameter([national, section], { ...base, industryPath: ['metal_smelting', 'C'] })?.value,
    ).toBe(28);
    expect(
      selectRuleParameter([national, section, chemicals], {
        ...base,
        industryPath: ['hazardous_chemicals', 'C'],
      })?.value,
    ).toBe(30);
  });

  it('a row scoped to a level, type or place does not answer a question that does not name it', () => {
    const senior = row({ layer: 'national', level: 'senior', value: 99 });
    const special = row({ layer: 'national', certificateTypeCode: '02', value: 98 });
    expect(selectRuleParameter([senior, special], base)).toBeUndefined();
    expect(selectRuleParameter([guangdong], base)).toBeUndefined();
    expect(selectRuleParameter([senior, national], { ...base, level: 'junior' })?.value).toBe(24);
    expect(selectRuleParameter([senior, national], { ...base, level: 'senior' })?.value).toBe(99);
  });

  it('within a layer: more pinned dimensions first, type before level, then the latest version', () => {
    const byLevel = row({ layer: 'national', level: 'senior', value: 'level' });
    const byType = row({ layer: 'national', certificateTypeCode: '00', value: 'type' });
    const both = row({ layer: 'national', certificateTypeCode: '00', level: 'senior', value: 'both' });
    const q = { ...base, certificateTypeCode: '00', level: 'senior' };
    expect(selectRuleParameter([national, byLevel, byType, both], q)?.value).toBe('both');
    expect(selectRuleParameter([national, byLevel, byType], q)?.value).toBe('type');
    const newer = row({ layer: 'national', level: 'senior', value: 'newer', effectiveFrom: '2026-01-01' });
    expect(selectRuleParameter([byLevel, newer], q)?.value).toBe('newer');
  });

  it('respects the dates: not yet in force, ended (effective_to inclusive), superseded', () => {
    const v1 = row({ layer: 'national', value: 1, effectiveFrom: '2021-09-01' });
    const v2 = row({ layer: 'national', value: 2, effectiveFrom: '2027-01-01' });
    const temp = row({
      layer: 'province',
      divisionCode: '440000',
      value: 3,
      effectiveFrom: '2026-01-01',
      effectiveTo: '2026-06-30',
    });
    const q = { ...base, divisionCode: '440300' };
    expect(selectRuleParameter([v1, v2, temp], { ...q, at: '2026-12-31' })?.value).toBe(1);
    expect(selectRuleParameter([v1, v2, temp], { ...q, at: '2027-01-01' })?.value).toBe(2);
    expect(selectRuleParameter([v1, v2, temp], { ...q, at: '2026-06-30' })?.value).toBe(3);
    expect(selectRuleParameter([v1, v2, temp], { ...q, at: '2026-07-01' })?.value).toBe(1);
    expect(selectRuleParameter([v1, v2], { ...q, at: '2020-01-01' })).toBeUndefined();
  });

  it('ignores rows of other keys', () => {
    expect(selectRuleParameter([row({ layer: 'national', key: 'other.key' })], base)).toBeUndefined();
  });
});

// --- properties -------------------------------------------------------------------------------

const DIVISIONS = ['440000', '440300', '440305', '320000', '320500', '110000'];
const INDUSTRIES = ['C', 'hazardous_chemicals', 'metal_smelting', 'E', 'construction'];
const PARENT: Record<string, string> = { hazardous_chemicals: 'C', metal_smelting: 'C', construction: 'E' };
const DATES = ['2021-09-01', '2024-01-01', '2026-01-01', '2026-11-29', '2027-06-30'];

const arbDate = fc.constantFrom(...DATES);
const arbRow = fc
  .record({
    layer: fc.constantFrom('national', 'industry', 'province') as fc.Arbitrary<RuleCandidate['layer']>,
    certificateTypeCode: fc.option(fc.constantFrom('00', '02'), { nil: null }),
    level: fc.option(fc.constantFrom('junior', 'senior'), { nil: null }),
    industryCode: fc.option(fc.constantFrom(...INDUSTRIES), { nil: null }),
    divisionCode: fc.constantFrom(...DIVISIONS),
    effectiveFrom: arbDate,
    effectiveTo: fc.option(arbDate, { nil: null }),
    value: fc.integer(),
  })
  .map((r) => ({
    ...r,
    // Respect the table's constraints: the layer decides which scope columns are set.
    industryCode:
      r.layer === 'national' ? null : r.layer === 'industry' ? (r.industryCode ?? 'C') : r.industryCode,
    divisionCode: r.layer === 'province' ? r.divisionCode : null,
    effectiveTo: r.effectiveTo !== null && r.effectiveTo < r.effectiveFrom ? null : r.effectiveTo,
  }));
const arbRows = fc
  .array(arbRow, { maxLength: 12 })
  .map((rs) => rs.map((r, i): RuleCandidate => ({ ...r, id: i + 1, key: 'k.x', source: 's' })));
const arbQuery = fc
  .record({
    certificateTypeCode: fc.option(fc.constantFrom('00', '02'), { nil: undefined }),
    level: fc.option(fc.constantFrom('junior', 'senior'), { nil: undefined }),
    industry: fc.option(fc.constantFrom(...INDUSTRIES), { nil: undefined }),
    divisionCode: fc.option(fc.constantFrom(...DIVISIONS), { nil: undefined }),
    at: arbDate,
  })
  .map(
    (q): RuleQuery => ({
      key: 'k.x',
      certificateTypeCode: q.certificateTypeCode,
      level: q.level,
      industryPath:
        q.industry === undefined ? [] : [q.industry, ...(PARENT[q.industry] ? [PARENT[q.industry]!] : [])],
      divisionCode: q.divisionCode,
      at: q.at,
    }),
  );

describe('selectRuleParameter properties', () => {
  it('adding a national row never overrides an applicable provincial row', () => {
    fc.assert(
      fc.property(arbRows, arbQuery, arbRow, (rows, query, extra) => {
        const before = selectRuleParameter(rows, query);
        fc.pre(before?.layer === 'province');
        const national: RuleCandidate = {
          ...extra,
          layer: 'national',
          industryCode: null,
          divisionCode: null,
          id: 1_000,
          key: 'k.x',
          source: 's',
        };
        expect(selectRuleParameter([...rows, national], query)).toBe(before);
      }),
    );
  });

  it('the chosen row applies: in force at the date and matching every scope it pins', () => {
    fc.assert(
      fc.property(arbRows, arbQuery, (rows, query) => {
        const chosen = selectRuleParameter(rows, query);
        if (!chosen) return;
        expect(chosen.effectiveFrom <= query.at).toBe(true);
        expect(chosen.effectiveTo === null || chosen.effectiveTo >= query.at).toBe(true);
        if (chosen.level !== null) expect(chosen.level).toBe(query.level);
        if (chosen.certificateTypeCode !== null)
          expect(chosen.certificateTypeCode).toBe(query.certificateTypeCode);
        if (chosen.industryCode !== null) expect(query.industryPath).toContain(chosen.industryCode);
      }),
    );
  });

  it('does not depend on the order the rows come in', () => {
    fc.assert(
      fc.property(arbRows, arbQuery, fc.infiniteStream(fc.nat()), (rows, query, randoms) => {
        const shuffled = [...rows].sort(() => (randoms.next().value % 3) - 1);
        expect(selectRuleParameter(shuffled, query)).toBe(selectRuleParameter(rows, query));
      }),
    );
  });

  it('nothing applicable → undefined; otherwise a provincial or industry answer exists only if such a row applies', () => {
    fc.assert(
      fc.property(arbRows, arbQuery, (rows, query) => {
        const chosen = selectRuleParameter(rows, query);
        const applicableLayers = new Set(
          rows.filter((r) => selectRuleParameter([r], query) !== undefined).map((r) => r.layer),
        );
        if (applicableLayers.size === 0) expect(chosen).toBeUndefined();
        else if (applicableLayers.has('province')) expect(chosen?.layer).toBe('province');
        else if (applicableLayers.has('industry')) expect(chosen?.layer).toBe('industry');
        else expect(chosen?.layer).toBe('national');
      }),
    );
  });

  it('a later version of the same scope supersedes the earlier one once in force', () => {
    fc.assert(
      fc.property(arbRow, arbQuery, (r, query) => {
        const v1: RuleCandidate = {
          ...r,
          id: 1,
          key: 'k.x',
          source: 's',
          effectiveFrom: '2021-09-01',
          effectiveTo: null,
        };
        const v2: RuleCandidate = { ...v1, id: 2, effectiveFrom: '2024-01-01', value: 'v2' };
        const chosen = selectRuleParameter([v2, v1], { ...query, at: '2026-11-29' });
        if (chosen) expect(chosen.id).toBe(2);
      }),
    );
  });
});
