import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type BlueprintView,
  ITEM_TYPES,
  useBlueprintAction,
  useBlueprintCoverage,
  useBlueprints,
  useCreateBlueprint,
} from '../../../api/exam.ts';
import { useCertificateTypes } from '../../../api/reference.ts';
import { LEVEL_CODES, levelName } from '../../../components/levels.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import '../../../components/exam/exam.css';

function Coverage({ id }: { id: string }) {
  const { t } = useTranslation();
  const coverage = useBlueprintCoverage(id);
  if (!coverage.data) return null;
  return (
    <Table
      size="small"
      pagination={false}
      rowKey={(q) => `${q.section}-${q.quota}`}
      dataSource={coverage.data.quotas}
      columns={[
        { title: t('exam.blueprint.section'), dataIndex: 'section' },
        { title: t('exam.blueprint.quota'), dataIndex: 'label' },
        { title: t('exam.blueprint.needed'), dataIndex: 'needed' },
        {
          title: t('exam.blueprint.available'),
          key: 'available',
          render: (_, q) => <Tag color={q.available >= q.needed ? 'green' : 'red'}>{q.available}</Tag>,
        },
      ]}
    />
  );
}

type BlueprintForm = Parameters<ReturnType<typeof useCreateBlueprint>['mutate']>[0];

function BlueprintEditor({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<BlueprintForm>();
  const types = useCertificateTypes();
  const create = useCreateBlueprint();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={Math.min(900, window.innerWidth)}
      title={t('exam.blueprint.new')}
      extra={
        <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
          {t('common.save')}
        </Button>
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          durationMinutes: 120,
          modules: ['base'],
          sections: [
            {
              code: 'single',
              title: '单项选择题',
              itemType: 'single_choice',
              pointsPerItem: 1,
              quotas: [{ count: 10 }],
            },
          ],
        }}
        onFinish={(v) =>
          create.mutate(v, {
            onSuccess: () => {
              void message.success(t('exam.blueprint.saved'));
              onClose();
            },
            onError: (e) => void message.error(e.message),
          })
        }
      >
        <Space wrap>
          <Form.Item
            name="code"
            label={t('exam.blueprint.code')}
            rules={[{ required: true, pattern: /^[a-z0-9_-]{1,60}$/ }]}
          >
            <Input style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="name" label={t('exam.blueprint.name')} rules={[{ required: true, max: 200 }]}>
            <Input style={{ width: 300 }} />
          </Form.Item>
          <Form.Item name="certificateTypeCode" label={t('exam.field.type')} rules={[{ required: true }]}>
            <Select
              style={{ width: 220 }}
              options={types.data?.items.map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))}
            />
          </Form.Item>
          <Form.Item name="level" label={t('exam.field.level')} rules={[{ required: true }]}>
            <Select
              style={{ width: 110 }}
              options={LEVEL_CODES.map((l) => ({ value: l, label: levelName(t, l) }))}
            />
          </Form.Item>
          <Form.Item name="modules" label={t('exam.blueprint.modules')} rules={[{ required: true }]}>
            <Select mode="tags" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="durationMinutes" label={t('exam.session.duration')}>
            <InputNumber min={1} max={600} />
          </Form.Item>
          <Form.Item name={['passRules', 'passPoints']} label={t('exam.blueprint.passPoints')}>
            <InputNumber min={0} />
          </Form.Item>
        </Space>
        <Form.List name="sections">
          {(sections, { add, remove }) => (
            <>
              {sections.map((s) => (
                <div key={s.key} className="az-exam-subitem az-exam-mt">
                  <Space wrap align="baseline">
                    <Form.Item
                      name={[s.name, 'code']}
                      label={t('exam.blueprint.sectionCode')}
                      rules={[{ required: true }]}
                    >
                      <Input style={{ width: 100 }} />
                    </Form.Item>
                    <Form.Item
                      name={[s.name, 'title']}
                      label={t('exam.blueprint.section')}
                      rules={[{ required: true }]}
                    >
                      <Input style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item
                      name={[s.name, 'itemType']}
                      label={t('exam.field.itemType')}
                      rules={[{ required: true }]}
                    >
                      <Select
                        style={{ width: 120 }}
                        options={ITEM_TYPES.map((x) => ({ value: x, label: t(`exam.type.${x}`) }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[s.name, 'pointsPerItem']}
                      label={t('exam.blueprint.pointsPerItem')}
                      rules={[{ required: true }]}
                    >
                      <InputNumber min={0.5} max={100} />
                    </Form.Item>
                    <MinusCircleOutlined
                      aria-label={t('exam.item.removeSub')}
                      onClick={() => remove(s.name)}
                    />
                  </Space>
                  <Form.List name={[s.name, 'quotas']}>
                    {(quotas, q) => (
                      <>
                        {quotas.map((f) => (
                          <Space key={f.key} wrap align="baseline">
                            <Form.Item name={[f.name, 'count']} rules={[{ required: true }]}>
                              <InputNumber min={1} max={200} addonBefore={t('exam.blueprint.count')} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'competency']}>
                              <Input placeholder={t('exam.blueprint.competency')} style={{ width: 140 }} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'band']}>
                              <Select
                                allowClear
                                placeholder={t('exam.field.difficulty')}
                                style={{ width: 100 }}
                                options={(['easy', 'medium', 'hard'] as const).map((x) => ({
                                  value: x,
                                  label: t(`exam.band.${x}`),
                                }))}
                              />
                            </Form.Item>
                            <MinusCircleOutlined
                              aria-label={t('exam.item.removeSub')}
                              onClick={() => q.remove(f.name)}
                            />
                          </Space>
                        ))}
                        <Button
                          size="small"
                          type="dashed"
                          icon={<PlusOutlined />}
                          onClick={() => q.add({ count: 5 })}
                        >
                          {t('exam.blueprint.addQuota')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                </div>
              ))}
              <Button
                className="az-exam-mt"
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() =>
                  add({
                    code: `s${sections.length + 1}`,
                    itemType: 'single_choice',
                    pointsPerItem: 1,
                    quotas: [{ count: 5 }],
                  })
                }
              >
                {t('exam.blueprint.addSection')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}

/** 考试蓝图 (REQ-EXAM-1, REQ-TYPE-4): versions, sections and quotas, bank coverage. */
export function BlueprintsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  useDocumentTitle(t('exam.blueprint.title'));
  const list = useBlueprints();
  const act = useBlueprintAction();
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<BlueprintView> = [
    {
      title: t('exam.blueprint.name'),
      key: 'name',
      render: (_, b) => <span className="az-strong">{b.name}</span>,
    },
    { title: t('exam.blueprint.code'), key: 'code', render: (_, b) => `${b.code} v${b.version}` },
    {
      title: t('exam.field.level'),
      key: 'lvl',
      render: (_, b) => `${b.certificateTypeCode} · ${levelName(t, b.level)}`,
    },
    {
      title: t('exam.blueprint.sections'),
      key: 'sections',
      render: (_, b) =>
        b.sections.map((s) => `${s.title}×${s.quotas.reduce((n, q) => n + q.count, 0)}`).join('，'),
    },
    {
      title: t('exam.blueprint.total'),
      key: 'total',
      render: (_, b) => `${b.totalPoints} / ${b.passRules.passPoints}`,
    },
    {
      title: t('exam.session.duration'),
      key: 'd',
      render: (_, b) => t('exam.session.minutes', { n: b.durationMinutes }),
    },
    {
      title: t('exam.field.state'),
      key: 'state',
      render: (_, b) => (
        <Tag color={b.state === 'active' ? 'green' : 'default'}>{t(`exam.blueprint.state.${b.state}`)}</Tag>
      ),
    },
    {
      title: t('exam.bank.actions'),
      key: 'a',
      render: (_, b) => (
        <Space size={4}>
          {b.state !== 'active' ? (
            <Button
              size="small"
              onClick={() =>
                act.mutate(
                  { id: b.id, action: 'activate' },
                  { onError: (e) => void message.error(e.message) },
                )
              }
            >
              {t('exam.blueprint.activate')}
            </Button>
          ) : null}
          {b.state !== 'retired' ? (
            <Button
              size="small"
              danger
              onClick={() =>
                act.mutate({ id: b.id, action: 'retire' }, { onError: (e) => void message.error(e.message) })
              }
            >
              {t('exam.blueprint.retire')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">{t('exam.blueprint.title')}</h1>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('exam.blueprint.new')}
        </Button>
      </div>
      <Table<BlueprintView>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isPending}
        pagination={false}
        scroll={{ x: 1000 }}
        expandable={{ expandedRowRender: (b) => <Coverage id={b.id} /> }}
        locale={list.isError ? { emptyText: list.error.message } : undefined}
      />
      <BlueprintEditor open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
