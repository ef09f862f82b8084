import { readFileSync } from 'node:fs';
import type { ItemAnswerKey, ItemBody } from '@anzheng/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportQtiPackage, importQtiPackage, type QtiItemInput, readQtiItem, writeQtiItem } from './qti.ts';
import { elements, parseXml, type XElement } from './qti-xml.ts';
import { readZip, writeZip } from './zip.ts';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const utf8 = (s: string) => new TextEncoder().encode(s);

/** QTI 3.0 ASI element names used by the writer, as listed in the specification. */
const QTI_ELEMENTS = new Set([
  'qti-assessment-item',
  'qti-response-declaration',
  'qti-outcome-declaration',
  'qti-correct-response',
  'qti-default-value',
  'qti-value',
  'qti-mapping',
  'qti-map-entry',
  'qti-item-body',
  'qti-choice-interaction',
  'qti-simple-choice',
  'qti-prompt',
  'qti-text-entry-interaction',
  'qti-extended-text-interaction',
  'qti-rubric-block',
  'qti-content-body',
  'qti-response-processing',
  'qti-response-condition',
  'qti-response-if',
  'qti-response-else',
  'qti-set-outcome-value',
  'qti-match',
  'qti-variable',
  'qti-correct',
  'qti-base-value',
  'qti-map-response',
  'qti-sum',
  'qti-gte',
  'qti-lt',
  'qti-assessment-test',
  'qti-test-part',
  'qti-assessment-section',
  'qti-assessment-item-ref',
  'qti-selection',
  'qti-ordering',
  'qti-time-limits',
]);
const HTML_ELEMENTS = new Set(['p', 'div', 'ol', 'ul', 'li']);

function allNames(e: XElement): string[] {
  return [e.name, ...elements(e).flatMap(allNames)];
}

// ---------------------------------------------------------------------------------------
// Generators: any valid item of every type.

const char = fc.constantFrom(...'安全生产法第条款隐患排查AbZ019 &<>"\'，。%;#'.split(''));
const word = fc
  .array(char, { minLength: 1, maxLength: 12 })
  .map((cs) => cs.join('').trim())
  .filter((s) => s.length > 0);
const stem = fc.array(word, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n'));
const points = fc.integer({ min: 1, max: 20 }).map((n) => n / 2);

function choiceArb(type: 'single_choice' | 'multiple_choice' | 'true_false') {
  const optionCount = type === 'true_false' ? fc.constant(2) : fc.integer({ min: 2, max: 8 });
  return optionCount.chain((n) => {
    const ids = type === 'true_false' ? ['T', 'F'] : 'ABCDEFGH'.slice(0, n).split('');
    return fc
      .record({
        stem,
        texts: fc.array(word, { minLength: n, maxLength: n }),
        key:
          type === 'multiple_choice'
            ? fc.subarray(ids, { minLength: 1 })
            : fc.constantFrom(...ids).map((id) => [id]),
        mode:
          type === 'multiple_choice'
            ? fc.constantFrom(undefined, 'all_or_nothing', 'partial_no_wrong', 'per_option')
            : fc.constant(undefined),
      })
      .map(({ stem, texts, key, mode }): { body: ItemBody; key: ItemAnswerKey } => ({
        body: {
          type,
          stem,
          options: ids.map((id, i) => ({ id, text: texts[i]! })),
          ...(mode ? { scoring: { mode } } : {}),
        },
        key: { choices: key },
      }));
  });
}

const fillInArb = fc
  .record({
    before: word,
    segments: fc.array(word, { minLength: 1, maxLength: 3 }),
    answers: fc.array(fc.array(word, { minLength: 1, maxLength: 3 }), { minLength: 3, maxLength: 3 }),
    exact: fc.boolean(),
    mode: fc.constantFrom(undefined, 'all_or_nothing', 'per_blank'),
  })
  .map(({ before, segments, answers, exact, mode }): { body: ItemBody; key: ItemAnswerKey } => ({
    body: {
      type: 'fill_in',
      stem: `${before}${segments.map((s) => `（____）${s}`).join('')}`,
      blanks: segments.length,
      ...(mode ? { scoring: { mode } } : {}),
    },
    key: { blanks: answers.slice(0, segments.length), ...(exact ? { exact: true } : {}) },
  }));

const rubricArb = fc.array(
  fc
    .record({
      id: fc.constantFrom('r1', 'r2', 'c-3'),
      description: word,
      points: fc.integer({ min: 0, max: 5 }),
      bands: fc.option(
        fc.array(
          fc.record({
            min: fc.integer({ min: 0, max: 2 }),
            max: fc.integer({ min: 2, max: 5 }),
            label: word,
          }),
          { minLength: 1, maxLength: 2 },
        ),
        { nil: undefined },
      ),
    })
    .map(({ bands, ...c }) => (bands ? { ...c, bands } : c)),
  { minLength: 1, maxLength: 3 },
);

const shortAnswerArb = fc
  .record({ stem, rubric: rubricArb, model: fc.option(stem, { nil: undefined }) })
  .map(({ stem, rubric, model }): { body: ItemBody; key: ItemAnswerKey } => ({
    body: { type: 'short_answer', stem, rubric },
    key: model === undefined ? {} : { modelAnswer: model },
  }));

const simpleArb = fc.oneof(
  choiceArb('single_choice'),
  choiceArb('multiple_choice'),
  choiceArb('true_false'),
  fillInArb,
  shortAnswerArb,
);

const scenarioArb = fc
  .record({ stem, subs: fc.array(fc.record({ part: simpleArb, points }), { minLength: 1, maxLength: 4 }) })
  .map(({ stem, subs }): { body: ItemBody; key: ItemAnswerKey; points: number } => ({
    body: {
      type: 'scenario',
      stem,
      subItems: subs.map((s, i) => ({ ...s.part.body, ref: String(i + 1), points: s.points })),
    },
    key: { subItems: Object.fromEntries(subs.map((s, i) => [String(i + 1), s.part.key])) },
    points: subs.reduce((sum, s) => sum + s.points, 0),
  }));

const itemArb: fc.Arbitrary<QtiItemInput> = fc
  .record({
    n: fc.integer({ min: 1, max: 1_000_000 }),
    title: word,
    part: fc.oneof(
      simpleArb.chain((p) => points.map((pts) => ({ ...p, points: pts }))),
      scenarioArb,
    ),
    competencies: fc.option(
      fc.array(fc.constantFrom('BASE-LAW', 'BASE-RISK', '风险 分级'), { maxLength: 3 }),
      {
        nil: undefined,
      },
    ),
    source: fc.option(word, { nil: undefined }),
  })
  .map(({ n, title, part, competencies, source }) => ({
    identifier: `item-${n}`,
    title,
    body: part.body,
    answerKey: part.key,
    points: part.points,
    ...(competencies ? { competencies } : {}),
    ...(source ? { source } : {}),
  }));

// ---------------------------------------------------------------------------------------

describe('QTI 3.0 export and import', () => {
  it('round trip: every generated item comes back unchanged, through a whole package', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(itemArb, { selector: (i) => i.identifier, minLength: 1, maxLength: 5 }),
        (items) => {
          const result = importQtiPackage(exportQtiPackage(items));
          expect(result.errors).toEqual([]);
          expect(result.items).toEqual(items);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('uses only QTI 3.0 element names (and a few HTML ones) in what it writes', () => {
    fc.assert(
      fc.property(itemArb, (item) => {
        const parsed = parseXml(writeQtiItem(item));
        if (!parsed.ok) throw new Error(parsed.message);
        expect(parsed.root.attrs.xmlns).toBe('http://www.imsglobal.org/xsd/imsqtiasi_v3p0');
        for (const name of allNames(parsed.root)) {
          expect(QTI_ELEMENTS.has(name) || HTML_ELEMENTS.has(name), name).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('single choice worth 1 point uses the match_correct template; partial credit uses map_response', () => {
    const single = writeQtiItem({
      identifier: 'law-21',
      title: '主要负责人职责',
      points: 1,
      body: {
        type: 'single_choice',
        stem: '生产经营单位的主要负责人对本单位的安全生产工作（  ）。',
        options: [
          { id: 'A', text: '全面负责' },
          { id: 'B', text: '负领导责任' },
        ],
      },
      answerKey: { choices: ['A'] },
      source: '《安全生产法》第五条',
    });
    expect(single).toContain(
      '<qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"/>',
    );
    expect(single).toContain('<qti-choice-interaction response-identifier="RESPONSE" max-choices="1"');
    expect(single).toContain('data-anzheng-source="《安全生产法》第五条"');
    const multiple = writeQtiItem({
      identifier: 'm1',
      title: '多选',
      points: 2,
      body: {
        type: 'multiple_choice',
        stem: '选出正确项',
        options: ['A', 'B', 'C'].map((id) => ({ id, text: id })),
        scoring: { mode: 'partial_no_wrong' },
      },
      answerKey: { choices: ['A', 'B'] },
    });
    expect(multiple).toContain('<qti-mapping default-value="0" lower-bound="0" upper-bound="2">');
    expect(multiple).toContain('<qti-map-entry map-key="A" mapped-value="1"/>');
    expect(multiple).toContain('<qti-map-entry map-key="C" mapped-value="-2"/>');
    expect(multiple).toContain('rptemplates/map_response.xml');
  });

  it('fill-in: one text entry per blank with the accepted answers mapped', () => {
    const xml = writeQtiItem({
      identifier: 'f1',
      title: '三同时',
      points: 2,
      body: {
        type: 'fill_in',
        stem: '安全设施必须与主体工程同时（____）、同时施工、同时（____）。',
        blanks: 2,
      },
      answerKey: { blanks: [['设计'], ['投入生产和使用', '投入使用']] },
    });
    expect(xml.match(/<qti-text-entry-interaction/g)).toHaveLength(2);
    expect(xml).toContain('<qti-map-entry map-key="投入使用" mapped-value="1" case-sensitive="false"/>');
    expect(xml).toContain('<qti-gte>');
  });

  it('imports the specification’s choice example package to the expected item', () => {
    const result = importQtiPackage(fixture('qti-spec-choice.zip'));
    expect(result.errors).toEqual([]);
    expect(result.items).toEqual([
      {
        identifier: 'choice',
        title: 'Unattended Luggage',
        points: 1,
        body: {
          type: 'single_choice',
          stem: 'Look at the text in the picture.\nWhat does it say?',
          options: [
            { id: 'A', text: 'You must stay with your luggage at all times.' },
            { id: 'B', text: 'Do not let someone else look after your luggage.' },
            { id: 'C', text: 'Remember your luggage when you leave.' },
          ],
        },
        answerKey: { choices: ['A'] },
      },
    ]);
    expect(result.warnings).toEqual([
      expect.objectContaining({ file: 'choice.xml', message: expect.stringContaining('images/sign.png') }),
    ]);
  });

  it('exports a test with selection, ordering and time limit, and reads it back', () => {
    const items: QtiItemInput[] = ['a', 'b', 'c'].map((id) => ({
      identifier: id,
      title: id,
      points: 1,
      body: {
        type: 'true_false',
        stem: `判断 ${id}`,
        options: [
          { id: 'T', text: '正确' },
          { id: 'F', text: '错误' },
        ],
      },
      answerKey: { choices: ['T'] },
    }));
    const test = {
      identifier: 'paper-2026',
      title: '初级安全生产管理人员理论考试',
      timeLimitSeconds: 5400,
      sections: [
        { identifier: 'tf', title: '判断题', itemIdentifiers: ['a', 'b', 'c'], select: 2, shuffle: true },
        { identifier: 'tail', title: '附加', itemIdentifiers: ['c'] },
      ],
    };
    const bytes = exportQtiPackage(items, test);
    const files = new Map(readZip(bytes).map((e) => [e.name, new TextDecoder().decode(e.data)]));
    const manifest = files.get('imsmanifest.xml')!;
    expect(manifest).toContain('type="imsqti_test_xmlv3p0" href="tests/paper-2026.xml"');
    expect(manifest).toContain('type="imsqti_item_xmlv3p0" href="items/a.xml"');
    const testXml = files.get('tests/paper-2026.xml')!;
    expect(testXml).toContain('<qti-time-limits max-time="5400"/>');
    expect(testXml).toContain('<qti-selection select="2"/><qti-ordering shuffle="true"/>');
    expect(testXml).toContain('<qti-assessment-item-ref identifier="a" href="../items/a.xml"/>');
    const back = importQtiPackage(bytes);
    expect(back.test).toEqual(test);
    expect(back.items).toEqual(items);
  });

  it('reports bad items per file and imports the rest', () => {
    const good = writeQtiItem({
      identifier: 'ok',
      title: 'ok',
      points: 1,
      body: { type: 'short_answer', stem: '简述“四不放过”原则。' },
      answerKey: {},
    });
    const bytes = writeZip([
      { name: 'ok.xml', data: utf8(good) },
      { name: 'broken.xml', data: utf8('<qti-assessment-item identifier="x"><qti-item-body>') },
      {
        name: 'match.xml',
        data: utf8(
          '<qti-assessment-item identifier="m" title="m"><qti-item-body><p>连线</p><qti-match-interaction response-identifier="R"/></qti-item-body></qti-assessment-item>',
        ),
      },
      { name: 'v2.xml', data: utf8('<assessmentItem identifier="old"/>') },
    ]);
    const r = importQtiPackage(bytes);
    expect(r.items.map((i) => i.identifier)).toEqual(['ok']);
    expect(r.warnings[0]!.message).toContain('imsmanifest.xml');
    const byFile = Object.fromEntries(r.errors.map((e) => [e.file, e.message]));
    expect(Object.keys(byFile).sort()).toEqual(['broken.xml', 'match.xml']);
    expect(byFile['match.xml']).toContain('qti-match-interaction');
    // Without a manifest only files whose root is a QTI 3.0 item are read; with one, a broken
    // file listed in it is reported.
    const listed = writeZip([
      {
        name: 'imsmanifest.xml',
        data: utf8(
          '<manifest><resources><resource type="imsqti_item_xmlv3p0" href="broken.xml"/><resource type="imsqti_item_xmlv3p0" href="gone.xml"/><resource type="imsqti_item_xmlv2p1" href="v2.xml"/></resources></manifest>',
        ),
      },
      { name: 'broken.xml', data: utf8('<qti-assessment-item identifier="x"><qti-item-body>') },
    ]);
    const r2 = importQtiPackage(listed);
    expect(r2.items).toEqual([]);
    expect(r2.errors.map((e) => e.file).sort()).toEqual(['broken.xml', 'gone.xml', 'imsmanifest.xml']);
    expect(r2.errors.find((e) => e.file === 'broken.xml')!.message).toMatch(/XML 格式错误/);
  });

  it('refuses to export an inconsistent item, naming the field', () => {
    expect(() =>
      writeQtiItem({
        identifier: '1bad id',
        title: 't',
        points: 1,
        body: { type: 'fill_in', stem: '只有一个空（____）', blanks: 2 },
        answerKey: { blanks: [['a']] },
      }),
    ).toThrowError(expect.objectContaining({ code: 'QTI_EXPORT_INVALID_ITEM' }));
    try {
      writeQtiItem({
        identifier: 'x',
        title: 't',
        points: 1,
        body: {
          type: 'single_choice',
          stem: 's',
          options: [
            { id: 'A', text: 'a' },
            { id: 'B', text: 'b' },
          ],
        },
        answerKey: { choices: ['C'] },
      });
      expect.unreachable();
    } catch (e) {
      expect((e as { details: { field: string }[] }).details.map((d) => d.field)).toContain(
        'body.answerKey.choices',
      );
    }
  });

  it('reads a single item without the anzheng attributes by inferring the type', () => {
    const xml = `<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="tf" title="t">
      <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
        <qti-correct-response><qti-value>no</qti-value></qti-correct-response>
      </qti-response-declaration>
      <qti-item-body>
        <p>动火作业前应进行气体检测。</p>
        <qti-choice-interaction response-identifier="RESPONSE" max-choices="1">
          <qti-simple-choice identifier="yes">正确</qti-simple-choice>
          <qti-simple-choice identifier="no">错误</qti-simple-choice>
        </qti-choice-interaction>
      </qti-item-body>
    </qti-assessment-item>`;
    const r = readQtiItem(xml, 'tf.xml');
    expect(r.item?.body.type).toBe('true_false');
    expect(r.item?.answerKey).toEqual({ choices: ['F'] });
  });
});
