import { type Static, Type } from '@sinclair/typebox';

/**
 * The content model of an exam item version (REQ-EXAM-1, REQ-EXAM-3, REQ-EXAM-5): shared by
 * the item bank (editor, Excel and QTI 3.0 import/export), paper assembly, delivery, scoring
 * and statistics. Stored as `exam_item_version.content` / `.answer` (jsonb). docs/exam.md.
 */

export const ITEM_TYPES = [
  'single_choice',
  'multiple_choice',
  'true_false',
  'fill_in',
  'short_answer',
  'scenario',
] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
export const ItemTypeSchema = Type.Union(
  ITEM_TYPES.map((t) => Type.Literal(t)),
  {
    description:
      'single_choice 单选；multiple_choice 多选；true_false 判断；fill_in 填空；short_answer 简答；scenario 案例分析',
  },
);

/** A choice option; `id` is stable across shuffles (A, B, C, … as authored). */
export const ItemOption = Type.Object({
  id: Type.String({ pattern: '^[A-Z]$' }),
  text: Type.String({ minLength: 1, maxLength: 2000 }),
});
export type ItemOption = Static<typeof ItemOption>;

/** Rubric for rubric-scored answers (short answer; also practical assessment criteria). */
export const RubricCriterion = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 40 }),
  description: Type.String({ minLength: 1, maxLength: 1000 }),
  /** Maximum points of this criterion. */
  points: Type.Number({ minimum: 0 }),
  /** Optional score bands, e.g. [{min: 0, max: 2, label: '未达到'}, …]. */
  bands: Type.Optional(
    Type.Array(Type.Object({ min: Type.Number(), max: Type.Number(), label: Type.String() })),
  ),
});
export type RubricCriterion = Static<typeof RubricCriterion>;

/** How an objective item is scored (partial credit, REQ-EXAM grading). */
export const ScoringRule = Type.Object({
  /**
   * multiple_choice: 'all_or_nothing' (default) | 'partial_no_wrong' (points × correct chosen /
   * correct, 0 if any wrong chosen) | 'per_option' (each option right/wrong ± points/options,
   * floor 0). fill_in: 'all_or_nothing' | 'per_blank'.
   */
  mode: Type.Optional(Type.String()),
});
export type ScoringRule = Static<typeof ScoringRule>;

/** A (sub-)item body. Scenario items carry `subItems` of the other types. */
export interface ItemBody {
  type: ItemType;
  /** Stem text (plain text with line breaks; no HTML). */
  stem: string;
  /** Choice items. true_false uses options T (正确) and F (错误). */
  options?: ItemOption[];
  /** fill_in: number of blanks, marked in the stem as `（____）`. */
  blanks?: number;
  /** short_answer / scenario: rubric. */
  rubric?: RubricCriterion[];
  scoring?: ScoringRule;
  /** scenario only. */
  subItems?: Array<ItemBody & { ref: string; points: number }>;
}

export const ItemBodySchema = Type.Recursive((This) =>
  Type.Object({
    type: ItemTypeSchema,
    stem: Type.String({ minLength: 1, maxLength: 10_000 }),
    options: Type.Optional(Type.Array(ItemOption, { minItems: 2, maxItems: 8 })),
    blanks: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
    rubric: Type.Optional(Type.Array(RubricCriterion, { minItems: 1, maxItems: 20 })),
    scoring: Type.Optional(ScoringRule),
    subItems: Type.Optional(
      Type.Array(
        Type.Intersect([This, Type.Object({ ref: Type.String(), points: Type.Number({ minimum: 0 }) })]),
        {
          minItems: 1,
          maxItems: 10,
        },
      ),
    ),
  }),
);

/**
 * The key. choice: option ids (`['B']`, `['A','C']`); true_false: `['T']` | `['F']`; fill_in:
 * accepted answers per blank (`[['安全生产法', '中华人民共和国安全生产法'], ['三']]`) compared
 * after normalization (NFKC, trim, collapse spaces, case-fold) unless `exact`; short_answer:
 * a model answer text for markers; scenario: keyed by sub-item ref.
 */
export interface ItemAnswerKey {
  choices?: string[];
  blanks?: string[][];
  exact?: boolean;
  modelAnswer?: string;
  subItems?: Record<string, ItemAnswerKey>;
}

/** A candidate's response to one item (what autosave sends). */
export interface ItemResponse {
  choices?: string[];
  blanks?: string[];
  text?: string;
  subItems?: Record<string, ItemResponse>;
}

export const ItemResponseSchema = Type.Recursive((This) =>
  Type.Object(
    {
      choices: Type.Optional(
        Type.Array(Type.String({ pattern: '^[A-Z]$' }), { maxItems: 8, uniqueItems: true }),
      ),
      blanks: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 10 })),
      text: Type.Optional(Type.String({ maxLength: 20_000 })),
      subItems: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), This)),
    },
    { additionalProperties: false },
  ),
);

/** Difficulty bands of blueprints, by the item's difficulty estimate (0 easy … 1 hard). */
export const DIFFICULTY_BANDS = ['easy', 'medium', 'hard'] as const;
export type DifficultyBand = (typeof DIFFICULTY_BANDS)[number];
