import { Checkbox, Input, Radio, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ItemBody, ItemResponse } from '../../api/exam.ts';

/** true_false items may omit options: T 正确 / F 错误 (contracts exam-item.ts). */
function optionsOf(t: (k: string) => string, body: ItemBody) {
  if (body.options && body.options.length > 0) return body.options;
  if (body.type === 'true_false') {
    return [
      { id: 'T', text: t('exam.item.true') },
      { id: 'F', text: t('exam.item.false') },
    ];
  }
  return [];
}

/** Whether the candidate gave any answer (drives the navigator's answered / unanswered). */
export function isAnswered(response: ItemResponse | undefined): boolean {
  if (!response) return false;
  if (response.choices && response.choices.length > 0) return true;
  if (response.blanks?.some((b) => b.trim() !== '')) return true;
  if (response.text && response.text.trim() !== '') return true;
  return Object.values(response.subItems ?? {}).some(isAnswered);
}

interface ItemViewProps {
  body: ItemBody;
  /** Test id prefix / answer key of this (sub-)item. */
  itemRef: string;
  response: ItemResponse | undefined;
  onChange?: (response: ItemResponse) => void;
  disabled?: boolean;
}

/**
 * One item as the candidate answers it — and as the bank editor previews it: single choice
 * and true/false as radios, multiple choice as checkboxes, fill-in blanks, a text area for
 * short answers, a scenario with its sub-items.
 */
export function ItemView({ body, itemRef, response, onChange, disabled }: ItemViewProps) {
  const { t } = useTranslation();
  const readOnly = disabled || !onChange;
  const emit = (r: ItemResponse) => onChange?.(r);
  const options = optionsOf(t, body);
  let answer: React.ReactNode = null;
  switch (body.type) {
    case 'single_choice':
    case 'true_false':
      answer = (
        <Radio.Group
          value={response?.choices?.[0]}
          disabled={readOnly}
          onChange={(e) => emit({ choices: [e.target.value as string] })}
        >
          <Space direction="vertical">
            {options.map((o) => (
              <Radio key={o.id} value={o.id} data-testid={`option-${itemRef}-${o.id}`}>
                <span className="az-exam-option-id">{o.id}.</span> {o.text}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      );
      break;
    case 'multiple_choice':
      answer = (
        <Checkbox.Group
          value={response?.choices ?? []}
          disabled={readOnly}
          onChange={(values) => emit({ choices: [...(values as string[])].sort() })}
        >
          <Space direction="vertical">
            {options.map((o) => (
              <Checkbox key={o.id} value={o.id} data-testid={`option-${itemRef}-${o.id}`}>
                <span className="az-exam-option-id">{o.id}.</span> {o.text}
              </Checkbox>
            ))}
          </Space>
        </Checkbox.Group>
      );
      break;
    case 'fill_in': {
      const count = body.blanks ?? 1;
      const blanks = Array.from({ length: count }, (_, i) => response?.blanks?.[i] ?? '');
      answer = (
        <Space direction="vertical" className="az-block">
          {blanks.map((value, i) => (
            <Input
              // biome-ignore lint/suspicious/noArrayIndexKey: blanks are positional
              key={i}
              addonBefore={t('exam.item.blank', { n: i + 1 })}
              value={value}
              disabled={readOnly}
              maxLength={500}
              data-testid={`blank-${itemRef}-${i + 1}`}
              onChange={(e) => emit({ blanks: blanks.map((b, j) => (j === i ? e.target.value : b)) })}
            />
          ))}
        </Space>
      );
      break;
    }
    case 'short_answer':
      answer = (
        <Input.TextArea
          value={response?.text ?? ''}
          disabled={readOnly}
          autoSize={{ minRows: 5, maxRows: 16 }}
          maxLength={20_000}
          showCount
          placeholder={t('exam.item.textPlaceholder')}
          data-testid={`text-${itemRef}`}
          onChange={(e) => emit({ text: e.target.value })}
        />
      );
      break;
    case 'scenario':
      answer = (
        <Space direction="vertical" size={20} className="az-block">
          {(body.subItems ?? []).map((sub) => (
            <div key={sub.ref} className="az-exam-subitem">
              <div className="az-exam-subitem-head">
                <span className="az-strong">({sub.ref})</span>{' '}
                <Tag>{t('exam.item.points', { n: sub.points })}</Tag>
              </div>
              <ItemView
                body={sub}
                itemRef={`${itemRef}-${sub.ref}`}
                response={response?.subItems?.[sub.ref]}
                disabled={readOnly}
                {...(onChange
                  ? {
                      onChange: (r: ItemResponse) =>
                        emit({ subItems: { ...(response?.subItems ?? {}), [sub.ref]: r } }),
                    }
                  : {})}
              />
            </div>
          ))}
        </Space>
      );
      break;
  }
  return (
    <div className="az-exam-item" data-testid={`item-${itemRef}`}>
      <p className="az-exam-stem">
        <Tag color="blue">{t(`exam.type.${body.type}`)}</Tag>
        {body.stem}
      </p>
      {answer}
    </div>
  );
}
