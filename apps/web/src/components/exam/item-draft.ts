import type { ItemAnswerKey, ItemBody, ItemType } from '@anzheng/contracts';

/**
 * The item editor's flat form ↔ the content model (contracts exam-item.ts). Options are one
 * per line (ids A, B, C… in order); the key is typed as the bank's Excel template has it:
 * choices `A` / `AC`, true/false `T` / `F`, fill-in blanks separated by `;` with alternative
 * answers by `|`, short answer the model answer; rubric lines `要点|分值`.
 */
export interface DraftPart {
  type: ItemType;
  stem: string;
  optionsText?: string;
  key?: string;
  rubricText?: string;
}
export interface SubDraft extends DraftPart {
  ref: string;
  points: number;
}
export interface ItemDraft extends DraftPart {
  subItems?: SubDraft[];
}

const CHOICE_TYPES: ItemType[] = ['single_choice', 'multiple_choice', 'true_false'];
const lines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function partToItem(d: DraftPart): { body: ItemBody; answerKey: ItemAnswerKey } {
  const body: ItemBody = { type: d.type, stem: d.stem ?? '' };
  const key = (d.key ?? '').trim();
  const answerKey: ItemAnswerKey = {};
  if (d.type === 'single_choice' || d.type === 'multiple_choice') {
    body.options = lines(d.optionsText).map((text, i) => ({ id: String.fromCharCode(65 + i), text }));
  }
  if (CHOICE_TYPES.includes(d.type)) {
    answerKey.choices = [
      ...new Set(
        key
          .toUpperCase()
          .replace(/[^A-Z]/g, '')
          .split(''),
      ),
    ]
      .filter(Boolean)
      .sort();
  }
  if (d.type === 'fill_in') {
    const blanks = key.split(/[;；]/).map((b) =>
      b
        .split('|')
        .map((a) => a.trim())
        .filter(Boolean),
    );
    body.blanks = Math.max(1, blanks.length);
    answerKey.blanks = blanks;
  }
  if (d.type === 'short_answer' || (d.type === 'scenario' && lines(d.rubricText).length > 0)) {
    body.rubric = lines(d.rubricText).map((line, i) => {
      const [description = '', points = '0'] = line.split('|');
      return { id: `R${i + 1}`, description: description.trim(), points: Number(points) || 0 };
    });
  }
  if (d.type === 'short_answer') answerKey.modelAnswer = key;
  return { body, answerKey };
}

export function draftToItem(d: ItemDraft): { body: ItemBody; answerKey: ItemAnswerKey } {
  const { body, answerKey } = partToItem(d);
  if (d.type === 'scenario') {
    body.subItems = [];
    answerKey.subItems = {};
    (d.subItems ?? []).forEach((s, i) => {
      const ref = s.ref?.trim() || String(i + 1);
      const sub = partToItem(s);
      body.subItems?.push({ ...sub.body, ref, points: Number(s.points) || 0 });
      if (answerKey.subItems) answerKey.subItems[ref] = sub.answerKey;
    });
  }
  return { body, answerKey };
}

function partToDraft(body: ItemBody, key: ItemAnswerKey | undefined): DraftPart {
  const d: DraftPart = { type: body.type, stem: body.stem };
  if (body.type === 'single_choice' || body.type === 'multiple_choice') {
    d.optionsText = (body.options ?? []).map((o) => o.text).join('\n');
  }
  if (CHOICE_TYPES.includes(body.type)) d.key = (key?.choices ?? []).join('');
  if (body.type === 'fill_in') d.key = (key?.blanks ?? []).map((b) => b.join('|')).join(';');
  if (body.type === 'short_answer') d.key = key?.modelAnswer ?? '';
  if (body.rubric) d.rubricText = body.rubric.map((r) => `${r.description}|${r.points}`).join('\n');
  return d;
}

export function itemToDraft(body: ItemBody, key: ItemAnswerKey | undefined): ItemDraft {
  const d: ItemDraft = partToDraft(body, key);
  if (body.type === 'scenario') {
    d.subItems = (body.subItems ?? []).map((s) => ({
      ...partToDraft(s, key?.subItems?.[s.ref]),
      ref: s.ref,
      points: s.points,
    }));
  }
  return d;
}
