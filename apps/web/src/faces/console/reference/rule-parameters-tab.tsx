import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../account/form-errors.ts';
import { useSession } from '../../../account/session.ts';
import { ApiError } from '../../../api/client.ts';
import {
  type RuleParameterFilters,
  useCertificateTypes,
  useCreateRuleParameter,
  useIndustries,
  useResolveRule,
  useRuleParameters,
} from '../../../api/reference.ts';
import type { LevelCode, RuleLayer, RuleParameterView } from '../../../api/types.ts';
import { DivisionPicker } from '../../../components/division-picker.tsx';
import { LEVEL_CODES, levelName } from '../../../components/levels.ts';

/** Keys the server reads (apps/server/src/domains/reference/rule-keys.ts); free text is allowed too. */
const KNOWN_KEYS = [
  'certificate.validity_years',
  'certificate.extension_years',
  'certificate.extension_accident_free_years',
  'ce.hours_per_year',
  'exam.weights',
  'exam.pass_rules',
  'exam.master_bonus_points',
  'exam.ban_years_after_revocation',
  'eligibility.min_education',
  'eligibility.min_experience_years',
  'eligibility.prior_level_years',
  'eligibility.school_route_enabled',
  'penalty.enterprise_fine_fen',
  'inspection.min_sample_ratio',
  'post.required_level.safety_director',
  'post.required_level.safety_supervisor',
  'licence.certificate_required',
];
const LAYERS: RuleLayer[] = ['national', 'industry', 'province'];
const LAYER_COLORS: Record<RuleLayer, string> = { national: 'blue', industry: 'purple', province: 'green' };

function KeyInput(props: {
  value?: string;
  onChange?: (v: string) => void;
  id?: string;
  placeholder?: string;
}) {
  return (
    <AutoComplete
      {...props}
      allowClear
      className="az-mono"
      options={KNOWN_KEYS.map((k) => ({ value: k }))}
      filterOption={(input, option) => String(option?.value ?? '').includes(input.trim())}
    />
  );
}

function useScopeOptions() {
  const { t } = useTranslation();
  const types = useCertificateTypes();
  const industries = useIndustries();
  return {
    typeOptions: (types.data?.items ?? []).map((c) => ({ value: c.code, label: `${c.code} ${c.name}` })),
    levelOptions: LEVEL_CODES.map((l) => ({ value: l, label: levelName(t, l) })),
    industryOptions: (industries.data?.items ?? []).map((i) => ({ value: i.code, label: i.name })),
  };
}

function JsonValue({ value }: { value: unknown }) {
  return <code className="az-json-inline">{JSON.stringify(value)}</code>;
}

function ScopeText({
  row,
}: {
  row: Pick<RuleParameterView, 'certificateTypeCode' | 'level' | 'industryCode' | 'divisionCode'>;
}) {
  const { t } = useTranslation();
  const parts = [
    row.certificateTypeCode ? t('reference.rules.scopeType', { code: row.certificateTypeCode }) : null,
    row.level ? levelName(t, row.level) : null,
    row.industryCode ? t('reference.rules.scopeIndustry', { code: row.industryCode }) : null,
    row.divisionCode ? t('reference.rules.scopeDivision', { code: row.divisionCode }) : null,
  ].filter(Boolean);
  return <span>{parts.length ? parts.join(' · ') : t('reference.rules.scopeAll')}</span>;
}

interface ResolveValues {
  key: string;
  certificateTypeCode?: string;
  level?: string;
  industryCode?: string;
  divisionCode?: string;
  at?: Dayjs;
}

function ResolveCard() {
  const { t } = useTranslation();
  const [form] = Form.useForm<ResolveValues>();
  const resolve = useResolveRule();
  const { typeOptions, levelOptions, industryOptions } = useScopeOptions();
  return (
    <Card
      size="small"
      title={t('reference.rules.resolveTitle')}
      className="az-resolve"
      data-testid="rule-resolve"
    >
      <Typography.Paragraph type="secondary">{t('reference.rules.resolveLead')}</Typography.Paragraph>
      <Form<ResolveValues>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          resolve.mutate({
            key: v.key.trim(),
            certificateTypeCode: v.certificateTypeCode,
            level: v.level,
            industryCode: v.industryCode,
            divisionCode: v.divisionCode === '000000' ? undefined : v.divisionCode,
            at: v.at ? v.at.format('YYYY-MM-DD') : undefined,
          })
        }
      >
        <Row gutter={12}>
          <Col xs={24} md={12} lg={8}>
            <Form.Item
              name="key"
              label={t('reference.rules.key')}
              rules={[{ required: true, message: t('reference.rules.keyRequired') }]}
            >
              <KeyInput placeholder="eligibility.min_education" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Form.Item name="certificateTypeCode" label={t('reference.rules.type')}>
              <Select allowClear options={typeOptions} popupMatchSelectWidth={320} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Form.Item name="level" label={t('reference.rules.level')}>
              <Select allowClear options={levelOptions} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Form.Item name="industryCode" label={t('reference.rules.industry')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={industryOptions}
                popupMatchSelectWidth={280}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Form.Item name="at" label={t('reference.rules.at')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} lg={10}>
            <Form.Item name="divisionCode" label={t('reference.rules.division')}>
              <DivisionPicker />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} lg={6} className="az-form-actions-col">
            <Form.Item label=" ">
              <Button
                type="primary"
                htmlType="submit"
                icon={<SearchOutlined />}
                loading={resolve.isPending}
                data-testid="resolve-submit"
              >
                {t('reference.rules.resolve')}
              </Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {resolve.isError ? (
        <Alert
          type="error"
          showIcon
          message={resolve.error instanceof ApiError ? resolve.error.message : String(resolve.error)}
        />
      ) : null}
      {resolve.data ? (
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} data-testid="resolve-result">
          <Descriptions.Item label={t('reference.rules.valueInForce')}>
            <JsonValue value={resolve.data.value} />
          </Descriptions.Item>
          <Descriptions.Item label={t('reference.rules.layer')}>
            <Tag color={LAYER_COLORS[resolve.data.layer]}>
              {t(`reference.rules.layers.${resolve.data.layer}`)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('reference.rules.source')} span={2}>
            {resolve.data.source}
          </Descriptions.Item>
          <Descriptions.Item label={t('reference.field.effectiveFrom')}>
            {resolve.data.effectiveFrom}
          </Descriptions.Item>
          <Descriptions.Item label={t('reference.rules.version')}>
            #{resolve.data.ruleParameterId} · {t('reference.rules.asOf', { date: resolve.data.at })}
          </Descriptions.Item>
        </Descriptions>
      ) : null}
    </Card>
  );
}

interface VersionValues {
  key: string;
  value: string;
  layer: RuleLayer;
  certificateTypeCode?: string;
  level?: string;
  industryCode?: string;
  divisionCode?: string;
  effectiveFrom: Dayjs;
  effectiveTo?: Dayjs | null;
  source: string;
}

function AddVersionModal({
  open,
  onClose,
  nationalEditor,
}: {
  open: boolean;
  onClose: () => void;
  nationalEditor: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<VersionValues>();
  const create = useCreateRuleParameter();
  const [problems, setProblems] = useState<string[]>([]);
  const { typeOptions, levelOptions, industryOptions } = useScopeOptions();
  const layer = Form.useWatch('layer', form);
  const submit = (v: VersionValues) => {
    setProblems([]);
    let value: unknown;
    try {
      value = JSON.parse(v.value);
    } catch {
      form.setFields([{ name: 'value', errors: [t('reference.rules.valueNotJson')] }]);
      return;
    }
    create.mutate(
      {
        key: v.key.trim(),
        value,
        layer: v.layer,
        certificateTypeCode: v.certificateTypeCode ?? null,
        level: (v.level as LevelCode | undefined) ?? null,
        industryCode: v.industryCode ?? null,
        divisionCode: v.divisionCode ?? null,
        effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
        effectiveTo: v.effectiveTo ? v.effectiveTo.format('YYYY-MM-DD') : null,
        source: v.source.trim(),
      },
      {
        onSuccess: (row) => {
          void message.success(t('reference.rules.added', { key: row.key, id: row.id }));
          form.resetFields();
          onClose();
        },
        onError: (error) =>
          setProblems(
            applyServerErrors(form, error, (name) =>
              [
                'key',
                'value',
                'layer',
                'certificateTypeCode',
                'level',
                'industryCode',
                'divisionCode',
                'effectiveFrom',
                'effectiveTo',
                'source',
              ].includes(String(name[0])),
            ),
          ),
      },
    );
  };
  return (
    <Modal
      open={open}
      onCancel={onClose}
      width={720}
      title={t('reference.rules.addTitle')}
      okText={t('reference.rules.addSubmit')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
      data-testid="rule-add-modal"
    >
      <Typography.Paragraph type="secondary">{t('reference.rules.addLead')}</Typography.Paragraph>
      {problems.length > 0 ? (
        <Alert type="error" showIcon className="az-form-alert" message={problems.join('；')} />
      ) : null}
      <Form<VersionValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          layer: nationalEditor ? 'national' : 'province',
          effectiveFrom: dayjs().add(1, 'day'),
        }}
      >
        <Row gutter={12}>
          <Col xs={24} md={14}>
            <Form.Item
              name="key"
              label={t('reference.rules.key')}
              rules={[{ required: true, message: t('reference.rules.keyRequired') }]}
            >
              <KeyInput />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="layer" label={t('reference.rules.layer')} rules={[{ required: true }]}>
              <Select
                options={LAYERS.filter((l) => nationalEditor || l === 'province').map((l) => ({
                  value: l,
                  label: t(`reference.rules.layers.${l}`),
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="value"
          label={t('reference.rules.valueJson')}
          extra={t('reference.rules.valueHelp')}
          rules={[{ required: true, message: t('reference.rules.valueRequired') }]}
        >
          <Input.TextArea
            className="az-mono"
            autoSize={{ minRows: 2, maxRows: 8 }}
            placeholder='3 · "bachelor" · {"composite": 60, "eachComponent": 50}'
          />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12} md={8}>
            <Form.Item name="certificateTypeCode" label={t('reference.rules.type')}>
              <Select allowClear options={typeOptions} popupMatchSelectWidth={320} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="level" label={t('reference.rules.level')}>
              <Select allowClear options={levelOptions} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="industryCode"
              label={t('reference.rules.industry')}
              rules={[{ required: layer === 'industry', message: t('reference.rules.industryRequired') }]}
            >
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={industryOptions}
                popupMatchSelectWidth={280}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="divisionCode"
          label={t('reference.rules.division')}
          rules={[{ required: layer === 'province', message: t('reference.rules.divisionRequired') }]}
        >
          <DivisionPicker />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item
              name="effectiveFrom"
              label={t('reference.field.effectiveFrom')}
              rules={[{ required: true }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="effectiveTo" label={t('reference.field.effectiveTo')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="source"
          label={t('reference.rules.source')}
          extra={t('reference.rules.sourceHelp')}
          rules={[{ required: true, min: 2, max: 200, message: t('reference.rules.sourceRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Layered rule parameters: versions, the value in force, new versions. */
export function RuleParametersTab() {
  const { t } = useTranslation();
  const { abilities, user } = useSession();
  const [filterForm] = Form.useForm<RuleParameterFilters>();
  const [filters, setFilters] = useState<RuleParameterFilters>({});
  const [adding, setAdding] = useState(false);
  const list = useRuleParameters(filters);
  const { typeOptions, levelOptions } = useScopeOptions();
  // National editors add any layer; a provincial approver adds the province layer of their
  // own division (the server checks the division).
  const canAdd = abilities.manageReferenceData || user.roles.some((r) => r.role === 'regulator_approver');
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: TableColumnsType<RuleParameterView> = [
    { title: 'ID', dataIndex: 'id', width: 60, className: 'az-mono' },
    { title: t('reference.rules.key'), dataIndex: 'key', className: 'az-mono', width: 250 },
    {
      title: t('reference.rules.value'),
      dataIndex: 'value',
      render: (v: unknown) => <JsonValue value={v} />,
      width: 260,
    },
    {
      title: t('reference.rules.layer'),
      dataIndex: 'layer',
      width: 100,
      render: (l: RuleLayer) => <Tag color={LAYER_COLORS[l]}>{t(`reference.rules.layers.${l}`)}</Tag>,
    },
    {
      title: t('reference.rules.scope'),
      key: 'scope',
      width: 180,
      render: (_, row) => <ScopeText row={row} />,
    },
    {
      title: t('reference.field.effective'),
      key: 'effective',
      width: 200,
      className: 'az-nowrap',
      render: (_, row) => `${row.effectiveFrom} ~ ${row.effectiveTo ?? t('reference.field.open')}`,
    },
    { title: t('reference.rules.source'), dataIndex: 'source', width: 300 },
  ];
  return (
    <>
      <div className="az-tab-head">
        <Typography.Paragraph type="secondary" className="az-tab-lead">
          {t('reference.rules.lead')}
        </Typography.Paragraph>
        {canAdd ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="open-add-rule"
          >
            {t('reference.rules.add')}
          </Button>
        ) : null}
      </div>
      <ResolveCard />
      <Form<RuleParameterFilters>
        form={filterForm}
        layout="inline"
        className="az-filters az-filter-form"
        onFinish={(v) =>
          setFilters({
            key: v.key?.trim() || undefined,
            certificateTypeCode: v.certificateTypeCode,
            level: v.level,
            divisionCode: v.divisionCode === '000000' ? undefined : v.divisionCode,
          })
        }
      >
        <Form.Item name="key" style={{ width: 280 }}>
          <KeyInput placeholder={t('reference.rules.key')} />
        </Form.Item>
        <Form.Item name="certificateTypeCode">
          <Select
            allowClear
            placeholder={t('reference.rules.type')}
            options={typeOptions}
            style={{ width: 200 }}
            popupMatchSelectWidth={320}
          />
        </Form.Item>
        <Form.Item name="level">
          <Select
            allowClear
            placeholder={t('reference.rules.level')}
            options={levelOptions}
            style={{ width: 120 }}
          />
        </Form.Item>
        <Form.Item name="divisionCode" style={{ minWidth: 320 }}>
          <DivisionPicker />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button htmlType="submit" icon={<SearchOutlined />}>
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                filterForm.resetFields();
                setFilters({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <Table<RuleParameterView>
        data-testid="rule-parameters-table"
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
        pagination={false}
        scroll={{ x: 1460 }}
      />
      <div className="az-load-more">
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        ) : rows.length > 0 ? (
          <span className="az-muted">{t('common.allLoaded', { count: rows.length })}</span>
        ) : null}
      </div>
      <AddVersionModal
        open={adding}
        onClose={() => setAdding(false)}
        nationalEditor={abilities.manageReferenceData}
      />
    </>
  );
}
