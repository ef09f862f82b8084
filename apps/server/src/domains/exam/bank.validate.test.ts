import { describe, expect, it } from 'vitest';
import { rowToItem } from './bank.excel.ts';
import { checkItemContent, competencyCodes } from './bank.validate.ts';

/** REQ-EXAM-3: item content is checked by type, every problem named by field in Chinese. */

const options = [
  { id: 'A', text: '生产经营单位的主要负责人' },
  { id: 'B', text: '安全生产管理人员' },
  { id: 'C', text: '从业人员' },
];

function fields(result: ReturnType<typeof checkItemContent>) {
  return result.ok ? [] : result.details.map((d) => `${d.field}:${d.code}`);
}

describe('checkItemContent', () => {
  it('accepts a single choice item and normalizes the key', () => {
    const r = checkItemContent(
      'single_choice',
      { stem: ' 谁对本单位安全生产工作全面负责？ ', options },
      { choices: ['A'] },
    );
    expect(r).toEqual({
      ok: true,
      value: {
        body: { type: 'single_choice', stem: '谁对本单位安全生产工作全面负责？', options },
        answerKey: { choices: ['A'] },
      },
    });
  });

  it('choice: needs options and a key among them', () => {
    expect(fields(checkItemContent('single_choice', { stem: 'x' }, { choices: ['A'] }))).toEqual([
      'body.body.options:REQUIRED',
    ]);
    const r = checkItemContent('single_choice', { stem: 'x', options }, { choices: ['D'] });
    expect(fields(r)).toEqual(['body.answerKey.choices:NOT_AN_OPTION']);
    expect(r.ok ? '' : r.details[0]!.message).toContain('正确答案“D”不在选项中');
    expect(
      fields(checkItemContent('single_choice', { stem: 'x', options }, { choices: ['A', 'B'] })),
    ).toEqual(['body.answerKey.choices:ONE_ANSWER']);
    expect(fields(checkItemContent('multiple_choice', { stem: 'x', options }, { choices: ['A'] }))).toEqual([
      'body.answerKey.choices:TWO_ANSWERS',
    ]);
    expect(
      fields(checkItemContent('multiple_choice', { stem: 'x', options }, { choices: ['A', 'B', 'C'] })),
    ).toEqual(['body.answerKey.choices:ALL_OPTIONS']);
    expect(
      fields(
        checkItemContent(
          'single_choice',
          {
            stem: '',
            options: [
              { id: 'a', text: '' },
              { id: 'B', text: 'y' },
            ],
          },
          { choices: ['B'] },
        ),
      ),
    ).toEqual([
      'body.body.stem:REQUIRED',
      'body.body.options.0.id:INVALID',
      'body.body.options.0.text:REQUIRED',
    ]);
  });

  it('true/false: default options 正确/错误, one key', () => {
    const r = checkItemContent('true_false', { stem: '从业人员有权拒绝违章指挥。' }, { choices: ['T'] });
    expect(r.ok && r.value.body.options).toEqual([
      { id: 'T', text: '正确' },
      { id: 'F', text: '错误' },
    ]);
  });

  it('fill-in: one list of accepted answers per blank', () => {
    expect(
      checkItemContent('fill_in', { stem: '（____）', blanks: 2 }, { blanks: [['安全生产法'], []] }),
    ).toMatchObject({ ok: false, details: [{ field: 'body.answerKey.blanks.1', code: 'REQUIRED' }] });
    expect(fields(checkItemContent('fill_in', { stem: 'x', blanks: 2 }, { blanks: [['a']] }))).toEqual([
      'body.answerKey.blanks:COUNT',
    ]);
  });

  it('short answer: rubric and model answer', () => {
    expect(fields(checkItemContent('short_answer', { stem: 'x' }, {}))).toEqual([
      'body.body.rubric:REQUIRED',
      'body.answerKey.modelAnswer:REQUIRED',
    ]);
  });

  it('scenario: sub-items checked with their own keys; refs unique; no nested scenarios', () => {
    const r = checkItemContent(
      'scenario',
      {
        stem: '某化工企业发生……',
        subItems: [
          { ref: 'a', points: 4, type: 'single_choice', stem: '事故等级？', options },
          { ref: 'a', points: 6, type: 'scenario', stem: '嵌套' },
        ],
      },
      { subItems: { a: { choices: ['Z'] } } },
    );
    expect(fields(r)).toEqual([
      'body.answerKey.subItems.a.choices:NOT_AN_OPTION',
      'body.body.subItems.1.ref:DUPLICATE',
      'body.body.subItems.1.type:NESTED_SCENARIO',
    ]);
  });

  it('unknown type', () => {
    expect(fields(checkItemContent('essay', {}, {}))).toEqual(['body.type:INVALID_TYPE']);
  });
});

describe('competencyCodes (REQ-TYPE-4)', () => {
  it('numbers knowledge, skills and qualities K1…, S1…, Q1…', () => {
    const codes = competencyCodes(
      { junior: { knowledge: ['法规', '标准'], skills: ['检查'], qualities: ['责任'] } },
      'junior',
    );
    expect([...codes]).toEqual([
      ['K1', '法规'],
      ['K2', '标准'],
      ['S1', '检查'],
      ['Q1', '责任'],
    ]);
    expect(competencyCodes({}, 'junior').size).toBe(0);
  });
});

describe('Excel rows (题库导入)', () => {
  const base = {
    certificateTypeCode: '00',
    level: '初级',
    module: 'base',
    type: '单选题',
    stem: '题干',
    optionA: '甲',
    optionB: '乙',
    answer: 'B',
    competencies: 'k1, S2',
  };

  it('maps Chinese names and the answer column', () => {
    expect(rowToItem(2, base).item).toMatchObject({
      level: 'junior',
      type: 'single_choice',
      body: {
        options: [
          { id: 'A', text: '甲' },
          { id: 'B', text: '乙' },
        ],
      },
      answerKey: { choices: ['B'] },
      competencies: ['K1', 'S2'],
      points: 1,
      difficulty: 0.5,
    });
    expect(rowToItem(3, { ...base, type: '判断题', answer: '错误' }).item?.answerKey).toEqual({
      choices: ['F'],
    });
    expect(
      rowToItem(4, { ...base, type: '填空题', answer: '安全生产法/中华人民共和国安全生产法|三' }).item,
    ).toMatchObject({
      body: { blanks: 2 },
      answerKey: { blanks: [['安全生产法', '中华人民共和国安全生产法'], ['三']] },
    });
  });

  it('reports each bad cell with the row number and the Chinese header', () => {
    const { errors } = rowToItem(7, { ...base, type: '论述题', level: '', difficulty: '2' });
    expect(errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [7, '等级', 'REQUIRED'],
      [7, '题型', 'INVALID'],
      [7, '难度', 'INVALID'],
    ]);
    expect(errors[0]!.message).toBe('第 7 行“等级”：必填');
  });
});
