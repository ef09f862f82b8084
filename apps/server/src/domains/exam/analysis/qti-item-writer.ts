import type { ItemAnswerKey, ItemBody, RubricCriterion } from '@anzheng/contracts';
import { QtiExportError } from './analysis.errors.ts';
import {
  BLANK_MARKER,
  MAP_RESPONSE,
  MATCH_CORRECT,
  QTI_NS,
  QTI_XSD,
  type QtiItemInput,
  XSI_NS,
} from './qti-types.ts';
import { validateQtiItem } from './qti-validate.ts';
import { el, escapeText, XML_DECLARATION } from './qti-xml.ts';

/**
 * ItemBody → `qti-assessment-item` (docs/exam-analysis.md §2 has the mapping table). The
 * SCORE outcome is always in the item's points; MAXSCORE holds the points. A scenario item is
 * one composite item: each sub-item is a `div` with its own interactions and a SCORE_<ref>
 * outcome, and SCORE is their sum.
 */
export function writeQtiItem(item: QtiItemInput): string {
  const problems = validateQtiItem(item);
  if (problems.length) throw new QtiExportError(problems);
  const { body } = item;

  const parts: Part[] = [];
  let bodyXml: string;
  let rp: string;
  if (body.type === 'scenario') {
    const subs = body.subItems ?? [];
    const subXml = subs.map((sub) => {
      const part = writePart(sub, item.answerKey.subItems?.[sub.ref] ?? {}, sub.points, {
        responseBase: `RESPONSE_${sub.ref}`,
        outcome: `SCORE_${sub.ref}`,
        standalone: false,
      });
      parts.push(part);
      return el(
        'div',
        {
          class: 'anzheng-sub-item',
          'data-anzheng-ref': sub.ref,
          'data-anzheng-points': sub.points,
          'data-anzheng-type': sub.type,
          'data-anzheng-scoring': sub.scoring?.mode,
        },
        part.body,
      );
    });
    bodyXml = [stemParagraphs(body.stem), ...subXml, rubricBlock(body.rubric)].join('');
    const human = subs.some((s) => s.type === 'short_answer');
    rp = el(
      'qti-response-processing',
      {},
      ...parts.flatMap((p) => p.rp),
      setOutcome(
        'SCORE',
        el('qti-sum', {}, ...subs.map((s) => el('qti-variable', { identifier: `SCORE_${s.ref}` }))),
      ),
    );
    parts.push({
      declarations: [],
      body: '',
      rp: [],
      scoreOutcome: scoreOutcome('SCORE', human),
    });
  } else {
    const part = writePart(body, item.answerKey, item.points, {
      responseBase: 'RESPONSE',
      outcome: 'SCORE',
      standalone: true,
    });
    parts.push(part);
    bodyXml = part.body;
    rp =
      part.template !== undefined
        ? el('qti-response-processing', { template: part.template })
        : part.rp.length
          ? el('qti-response-processing', {}, ...part.rp)
          : '';
  }

  const itemBody = el(
    'qti-item-body',
    {
      'data-anzheng-type': body.type,
      'data-anzheng-scoring': body.type === 'scenario' ? undefined : body.scoring?.mode,
      'data-anzheng-competencies': item.competencies ? JSON.stringify(item.competencies) : undefined,
      'data-anzheng-source': item.source,
    },
    bodyXml,
  );
  const outcomes = [
    ...parts.map((p) => p.scoreOutcome).filter((x): x is string => !!x),
    el(
      'qti-outcome-declaration',
      { identifier: 'MAXSCORE', cardinality: 'single', 'base-type': 'float' },
      el('qti-default-value', {}, el('qti-value', {}, num(item.points))),
    ),
  ];
  return (
    XML_DECLARATION +
    el(
      'qti-assessment-item',
      {
        xmlns: QTI_NS,
        'xmlns:xsi': XSI_NS,
        'xsi:schemaLocation': `${QTI_NS} ${QTI_XSD}`,
        identifier: item.identifier,
        title: item.title,
        adaptive: 'false',
        'time-dependent': 'false',
        'xml:lang': 'zh-CN',
      },
      ...parts.flatMap((p) => p.declarations),
      ...outcomes,
      itemBody,
      rp,
    )
  );
}

interface Part {
  declarations: string[];
  body: string;
  /** Response-processing rules setting the part's outcome. */
  rp: string[];
  /** A standard template that computes exactly the same SCORE (standalone items only). */
  template?: string;
  scoreOutcome?: string;
}

interface PartTarget {
  responseBase: string;
  outcome: string;
  standalone: boolean;
}

function writePart(body: ItemBody, key: ItemAnswerKey, points: number, target: PartTarget): Part {
  const { responseBase: R, outcome: X } = target;
  switch (body.type) {
    case 'single_choice':
    case 'true_false':
    case 'multiple_choice': {
      const multiple = body.type === 'multiple_choice';
      const options = body.options ?? [];
      const correct = key.choices ?? [];
      const mode = multiple ? (body.scoring?.mode ?? 'all_or_nothing') : 'all_or_nothing';
      let mapping = '';
      let rp: string[];
      let template: string | undefined;
      if (mode === 'partial_no_wrong') {
        // Each keyed option earns points/keys; any wrong option pulls the sum below 0 → 0.
        mapping = el(
          'qti-mapping',
          { 'default-value': 0, 'lower-bound': 0, 'upper-bound': num(points) },
          ...options.map((o) =>
            el('qti-map-entry', {
              'map-key': o.id,
              'mapped-value': num(correct.includes(o.id) ? points / correct.length : -points),
            }),
          ),
        );
        rp = [setOutcome(X, el('qti-map-response', { identifier: R }))];
        template = MAP_RESPONSE;
      } else if (mode === 'per_option') {
        // ± points/n per option judged: a constant for the unchosen options plus a mapping.
        const n = options.length;
        const step = (2 * points) / n;
        mapping = el(
          'qti-mapping',
          { 'default-value': 0 },
          ...options.map((o) =>
            el('qti-map-entry', {
              'map-key': o.id,
              'mapped-value': num(correct.includes(o.id) ? step : -step),
            }),
          ),
        );
        rp = [
          setOutcome(
            X,
            el(
              'qti-sum',
              {},
              floatValue((points * (n - 2 * correct.length)) / n),
              el('qti-map-response', { identifier: R }),
            ),
          ),
          floorAtZero(X),
        ];
      } else {
        rp = [matchCorrect(R, X, points)];
        if (points === 1) template = MATCH_CORRECT;
      }
      const declaration = el(
        'qti-response-declaration',
        { identifier: R, cardinality: multiple ? 'multiple' : 'single', 'base-type': 'identifier' },
        el('qti-correct-response', {}, ...correct.map((c) => el('qti-value', {}, c))),
        mapping,
      );
      const interaction = el(
        'qti-choice-interaction',
        {
          'response-identifier': R,
          'max-choices': multiple ? options.length : 1,
          'min-choices': 0,
          shuffle: 'false',
        },
        ...options.map((o) => el('qti-simple-choice', { identifier: o.id }, escapeText(o.text))),
      );
      return {
        declarations: [declaration],
        body: stemParagraphs(body.stem) + interaction + rubricBlock(body.rubric),
        rp,
        ...(target.standalone && template ? { template } : {}),
        scoreOutcome: scoreOutcome(X, false),
      };
    }
    case 'fill_in': {
      const blanks = key.blanks ?? [];
      const ids = blanks.map((_, i) => (blanks.length === 1 ? R : `${R}_${i + 1}`));
      const perBlank = body.scoring?.mode === 'per_blank' || blanks.length === 1;
      const declarations = blanks.map((accepted, i) =>
        el(
          'qti-response-declaration',
          { identifier: ids[i]!, cardinality: 'single', 'base-type': 'string' },
          el('qti-correct-response', {}, el('qti-value', {}, escapeText(accepted[0]!))),
          el(
            'qti-mapping',
            { 'default-value': 0 },
            ...accepted.map((a) =>
              el('qti-map-entry', {
                'map-key': a,
                'mapped-value': num(perBlank ? points / blanks.length : 1),
                'case-sensitive': key.exact ? 'true' : 'false',
              }),
            ),
          ),
        ),
      );
      const sum = el('qti-sum', {}, ...ids.map((id) => el('qti-map-response', { identifier: id })));
      const rp = perBlank
        ? [setOutcome(X, ids.length === 1 ? el('qti-map-response', { identifier: ids[0]! }) : sum)]
        : [
            el(
              'qti-response-condition',
              {},
              el(
                'qti-response-if',
                {},
                el('qti-gte', {}, sum, floatValue(blanks.length)),
                setOutcome(X, floatValue(points)),
              ),
              el('qti-response-else', {}, setOutcome(X, floatValue(0))),
            ),
          ];
      let n = 0;
      const stem = stemParagraphs(body.stem, (line) =>
        escapeText(line)
          .split(BLANK_MARKER)
          .map((chunk, i) =>
            i === 0
              ? chunk
              : el('qti-text-entry-interaction', { 'response-identifier': ids[n++]!, 'expected-length': 8 }) +
                chunk,
          )
          .join(''),
      );
      return {
        declarations,
        body: stem + rubricBlock(body.rubric),
        rp,
        ...(target.standalone && ids.length === 1 ? { template: MAP_RESPONSE } : {}),
        scoreOutcome: scoreOutcome(X, false),
      };
    }
    case 'short_answer':
      return {
        declarations: [
          el(
            'qti-response-declaration',
            { identifier: R, cardinality: 'single', 'base-type': 'string' },
            key.modelAnswer !== undefined
              ? el('qti-correct-response', {}, el('qti-value', {}, escapeText(key.modelAnswer)))
              : '',
          ),
        ],
        body:
          stemParagraphs(body.stem) +
          el('qti-extended-text-interaction', { 'response-identifier': R, 'expected-lines': 8 }) +
          rubricBlock(body.rubric),
        rp: [],
        scoreOutcome: scoreOutcome(X, true),
      };
    case 'scenario':
      throw new QtiExportError([
        { field: 'body.subItems', code: 'QTI_EXPORT_INVALID_ITEM', message: '案例题的小题不能再是案例题' },
      ]);
  }
}

const num = (n: number) => String(n);
const floatValue = (n: number) => el('qti-base-value', { 'base-type': 'float' }, num(n));
const setOutcome = (id: string, expr: string) => el('qti-set-outcome-value', { identifier: id }, expr);

function scoreOutcome(id: string, human: boolean): string {
  return el(
    'qti-outcome-declaration',
    {
      identifier: id,
      cardinality: 'single',
      'base-type': 'float',
      'external-scored': human ? 'human' : undefined,
    },
    el('qti-default-value', {}, el('qti-value', {}, '0')),
  );
}

/** The match_correct template's rule, with the item's points instead of 1. */
function matchCorrect(response: string, outcome: string, points: number): string {
  return el(
    'qti-response-condition',
    {},
    el(
      'qti-response-if',
      {},
      el(
        'qti-match',
        {},
        el('qti-variable', { identifier: response }),
        el('qti-correct', { identifier: response }),
      ),
      setOutcome(outcome, floatValue(points)),
    ),
    el('qti-response-else', {}, setOutcome(outcome, floatValue(0))),
  );
}

function floorAtZero(outcome: string): string {
  return el(
    'qti-response-condition',
    {},
    el(
      'qti-response-if',
      {},
      el('qti-lt', {}, el('qti-variable', { identifier: outcome }), floatValue(0)),
      setOutcome(outcome, floatValue(0)),
    ),
  );
}

/** One `<p>` per stem line (the stem is plain text with line breaks). */
function stemParagraphs(stem: string, inline: (line: string) => string = escapeText): string {
  return stem
    .split('\n')
    .map((line) => `<p>${inline(line)}</p>`)
    .join('');
}

/** Rubric for scorers (QTI `view="scorer"`): criteria as a list carrying id, points and bands. */
function rubricBlock(rubric: RubricCriterion[] | undefined): string {
  if (!rubric?.length) return '';
  return el(
    'qti-rubric-block',
    { view: 'scorer', use: 'scoring' },
    el(
      'qti-content-body',
      {},
      el(
        'ol',
        { class: 'anzheng-rubric' },
        ...rubric.map((c) =>
          el(
            'li',
            { 'data-anzheng-id': c.id, 'data-anzheng-points': num(c.points) },
            el('p', {}, escapeText(c.description)),
            c.bands
              ? el(
                  'ul',
                  { class: 'anzheng-bands' },
                  ...c.bands.map((b) =>
                    el(
                      'li',
                      { 'data-anzheng-min': num(b.min), 'data-anzheng-max': num(b.max) },
                      escapeText(b.label),
                    ),
                  ),
                )
              : '',
          ),
        ),
      ),
    ),
  );
}
