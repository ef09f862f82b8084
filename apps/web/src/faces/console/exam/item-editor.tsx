import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, Drawer, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client.ts';
import { ITEM_TYPES, type ItemBody, type ItemType, type ItemView, useSaveItem } from '../../../api/exam.ts';
import { useCertificateTypes } from '../../../api/reference.ts';
import { draftToItem, type ItemDraft, itemToDraft } from '../../../components/exam/item-draft.ts';
import { ItemView as ItemPreview } from '../../../components/exam/item-view.tsx';
import { LEVEL_CODES, levelName } from '../../../components/levels.ts';

interface EditorValues extends ItemDraft {
  certificateTypeCode: string;
  level: string;
  module: string;
  points: number;
  difficulty: number;
  competencies?: string[];
  standardCode?: string;
  standardVersion?: string;
  source?: string;
}

const SUB_TYPES: ItemType[] = ['single_choice', 'multiple_choice', 'true_false', 'fill_in', 'short_answer'];

/** Type-specific fields of an item or a scenario's sub-item (`prefix` is the Form path). */
function PartFields({ prefix, type }: { prefix: (string | number)[]; type: ItemType | undefined }) {
  const { t } = useTranslation();
  const choice = type === 'single_choice' || type === 'multiple_choice';
  return (
    <>
      <Form.Item
        name={[...prefix, 'stem']}
        label={t('exam.item.stem')}
        rules={[{ required: true, max: 10_000 }]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
      </Form.Item>
      {choice ? (
        <Form.Item
          name={[...prefix, 'optionsText']}
          label={t('exam.item.options')}
          extra={t('exam.item.optionsHint')}
          rules={[{ required: true }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
      ) : null}
      {type && type !== 'scenario' ? (
        <Form.Item
          name={[...prefix, 'key']}
          label={t('exam.item.key')}
          extra={t(`exam.item.keyHint.${type}`)}
          rules={[{ required: true }]}
        >
          {type === 'short_answer' ? <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} /> : <Input />}
        </Form.Item>
      ) : null}
      {type === 'short_answer' || type === 'scenario' ? (
        <Form.Item
          name={[...prefix, 'rubricText']}
          label={t('exam.item.rubric')}
          extra={t('exam.item.rubricHint')}
          rules={type === 'short_answer' ? [{ required: true }] : []}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      ) : null}
    </>
  );
}

/**
 * 试题编辑 (REQ-EXAM-3/5): every item type with a live preview as the candidate will see it.
 * Saving an approved item creates a new draft version on the server.
 */
export function ItemEditor({
  open,
  item,
  onClose,
}: {
  open: boolean;
  item: ItemView | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditorValues>();
  const types = useCertificateTypes();
  const save = useSaveItem();
  const values = Form.useWatch([], form) as EditorValues | undefined;
  const type = Form.useWatch('type', form) as ItemType | undefined;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (item) {
      const v = item.current;
      form.setFieldsValue({
        certificateTypeCode: item.certificateTypeCode,
        level: item.level,
        module: item.module,
        points: v.points,
        difficulty: v.difficulty,
        competencies: v.competencies,
        standardCode: v.standardCode ?? undefined,
        standardVersion: v.standardVersion ?? undefined,
        source: v.source ?? undefined,
        ...itemToDraft(v.body as ItemBody, v.answerKey as never),
      });
    } else {
      form.setFieldsValue({
        type: 'single_choice',
        points: 1,
        difficulty: 0.5,
        module: 'base',
        level: 'junior',
      });
    }
  }, [open, item, form]);

  let preview: ItemBody | undefined;
  try {
    preview = values?.type ? draftToItem(values).body : undefined;
  } catch {
    preview = undefined;
  }

  const submit = (v: EditorValues) => {
    const { body, answerKey } = draftToItem(v);
    save.mutate(
      {
        ...(item ? { id: item.id } : {}),
        body: {
          certificateTypeCode: v.certificateTypeCode,
          level: v.level as never,
          module: v.module,
          type: v.type,
          body,
          answerKey,
          points: v.points,
          difficulty: v.difficulty,
          competencies: v.competencies ?? [],
          standardCode: v.standardCode || null,
          standardVersion: v.standardVersion || null,
          source: v.source || null,
        },
      },
      {
        onSuccess: () => {
          void message.success(t('exam.bank.saved'));
          onClose();
        },
        onError: (e) => {
          if (e instanceof ApiError && e.details.length > 0) {
            void message.error(e.details.map((d) => d.message).join('；'));
          } else void message.error(e.message);
        },
      },
    );
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={Math.min(1100, window.innerWidth)}
      title={item ? t('exam.bank.editTitle', { v: item.current.version }) : t('exam.bank.newTitle')}
      extra={
        <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="item-save">
          {t('common.save')}
        </Button>
      }
    >
      <Row gutter={24}>
        <Col xs={24} lg={13}>
          <Form
            form={form}
            layout="vertical"
            onFinish={submit}
            disabled={Boolean(item && !item.abilities.edit)}
          >
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item
                  name="certificateTypeCode"
                  label={t('exam.field.type')}
                  rules={[{ required: true }]}
                >
                  <Select
                    disabled={Boolean(item)}
                    options={types.data?.items.map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))}
                  />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name="level" label={t('exam.field.level')} rules={[{ required: true }]}>
                  <Select
                    disabled={Boolean(item)}
                    options={LEVEL_CODES.map((l) => ({ value: l, label: levelName(t, l) }))}
                  />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name="module" label={t('exam.field.module')} rules={[{ required: true }]}>
                  <Input disabled={Boolean(item)} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="type" label={t('exam.field.itemType')} rules={[{ required: true }]}>
                  <Select options={ITEM_TYPES.map((x) => ({ value: x, label: t(`exam.type.${x}`) }))} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="points" label={t('exam.field.points')}>
                  <InputNumber min={0.5} max={100} step={0.5} className="az-block" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="difficulty" label={t('exam.field.difficulty')}>
                  <InputNumber min={0} max={1} step={0.05} className="az-block" />
                </Form.Item>
              </Col>
            </Row>
            <PartFields prefix={[]} type={type} />
            {type === 'scenario' ? (
              <Form.List name="subItems" initialValue={[{ ref: '1', type: 'single_choice', points: 2 }]}>
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((field, i) => (
                      <div key={field.key} className="az-exam-subitem az-exam-mt">
                        <Space align="baseline">
                          <Form.Item
                            name={[field.name, 'ref']}
                            label={t('exam.item.subRef')}
                            rules={[{ required: true }]}
                          >
                            <Input style={{ width: 64 }} />
                          </Form.Item>
                          <Form.Item
                            name={[field.name, 'type']}
                            label={t('exam.field.itemType')}
                            rules={[{ required: true }]}
                          >
                            <Select
                              style={{ width: 120 }}
                              options={SUB_TYPES.map((x) => ({ value: x, label: t(`exam.type.${x}`) }))}
                            />
                          </Form.Item>
                          <Form.Item
                            name={[field.name, 'points']}
                            label={t('exam.field.points')}
                            rules={[{ required: true }]}
                          >
                            <InputNumber min={0} max={100} />
                          </Form.Item>
                          <MinusCircleOutlined
                            aria-label={t('exam.item.removeSub')}
                            onClick={() => remove(field.name)}
                          />
                        </Space>
                        <PartFields prefix={[field.name]} type={values?.subItems?.[i]?.type} />
                      </div>
                    ))}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() =>
                        add({ ref: String(fields.length + 1), type: 'single_choice', points: 2 })
                      }
                    >
                      {t('exam.item.addSub')}
                    </Button>
                  </>
                )}
              </Form.List>
            ) : null}
            <Row gutter={12} className="az-exam-mt">
              <Col span={12}>
                <Form.Item name="competencies" label={t('exam.field.competencies')}>
                  <Select mode="tags" tokenSeparators={[',', ' ']} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name="standardCode" label={t('exam.field.standardCode')}>
                  <Input />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name="standardVersion" label={t('exam.field.standardVersion')}>
                  <Input />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="source" label={t('exam.field.source')}>
              <Input />
            </Form.Item>
          </Form>
        </Col>
        <Col xs={24} lg={11}>
          <h3 className="az-section-title">{t('exam.bank.preview')}</h3>
          <div className="az-exam-preview" data-testid="item-preview">
            {preview ? <PreviewPane body={preview} /> : null}
          </div>
        </Col>
      </Row>
    </Drawer>
  );
}

/** The preview answers locally, so the author can try the item; nothing is saved. */
function PreviewPane({ body }: { body: ItemBody }) {
  return <ItemPreview body={body} itemRef="preview" response={undefined} disabled />;
}
