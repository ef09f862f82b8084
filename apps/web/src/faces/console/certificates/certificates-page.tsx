import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  type BatchResult,
  CERTIFICATE_ACTIONS,
  CERTIFICATE_STATUSES,
  type CertificateAction,
  type CertificateFilters,
  type CertificateStatus,
  type CertificateView,
  useCertificateBatchAction,
  useCertificates,
} from '../../../api/certificates.ts';
import { useCertificateTypes } from '../../../api/reference.ts';
import { CertificateActionModal } from '../../../components/certificate/action-modal.tsx';
import { BatchResultView } from '../../../components/certificate/batch-result.tsx';
import { CertificateStatusTag } from '../../../components/certificate/status-tag.tsx';
import { DivisionName } from '../../../components/division-name.tsx';
import { DivisionPicker } from '../../../components/division-picker.tsx';
import { LEVEL_CODES, type Level, levelName } from '../../../components/levels.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';

interface FilterValues {
  q?: string;
  status?: CertificateStatus;
  certificateTypeCode?: string;
  level?: Level;
  divisionCode?: string;
}

/** Actions offered for many certificates at once (renew/replace are one-by-one decisions). */
const BATCH_ACTIONS: readonly CertificateAction[] = CERTIFICATE_ACTIONS.filter(
  (a) => a !== 'replace' && a !== 'renew',
);

/** 证书管理: certificates in the regulator's subtree, filters, and batch actions with one reason. */
export function CertificatesPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('certificate.manage.title'));
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<CertificateFilters>({});
  const list = useCertificates(filters);
  const types = useCertificateTypes();
  const batch = useCertificateBatchAction();
  const [selected, setSelected] = useState<string[]>([]);
  const [batchAction, setBatchAction] = useState<CertificateAction | null>(null);
  const [chosenAction, setChosenAction] = useState<CertificateAction | undefined>();
  const [result, setResult] = useState<BatchResult | null>(null);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: TableColumnsType<CertificateView> = [
    {
      title: t('certificate.field.number'),
      dataIndex: 'number',
      width: 180,
      render: (no: string) => (
        <Link to={`/console/certificates/${no}`} className="az-mono" data-testid="certificate-link">
          {no}
        </Link>
      ),
    },
    { title: t('certificate.field.holder'), dataIndex: 'holderName', width: 110 },
    {
      title: t('certificate.field.type'),
      key: 'type',
      minWidth: 220,
      render: (_, c) => (
        <span>
          <span className="az-mono">{c.certificateTypeCode}</span> {c.certificateTypeName}
        </span>
      ),
    },
    {
      title: t('certificate.field.level'),
      dataIndex: 'level',
      width: 90,
      render: (l: string) => levelName(t, l),
    },
    {
      title: t('certificate.field.division'),
      dataIndex: 'divisionCode',
      width: 160,
      responsive: ['lg'],
      render: (code: string) => <DivisionName code={code} />,
    },
    {
      title: t('certificate.field.validUntil'),
      dataIndex: 'validUntil',
      width: 110,
      className: 'az-nowrap',
    },
    {
      title: t('certificate.field.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: CertificateStatus) => <CertificateStatusTag status={s} />,
    },
  ];

  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">{t('certificate.manage.title')}</h1>
        <Link to="/console/certificates/issue">
          <Button type="primary">{t('certificate.issue.title')}</Button>
        </Link>
      </div>
      <Card>
        <Form<FilterValues>
          form={form}
          layout="inline"
          className="az-filters az-filter-form"
          data-testid="certificate-filters"
          onFinish={(v) => {
            setSelected([]);
            setFilters({
              q: v.q?.trim() || undefined,
              status: v.status,
              certificateTypeCode: v.certificateTypeCode,
              level: v.level,
              divisionCode: v.divisionCode === '000000' ? undefined : v.divisionCode,
            });
          }}
        >
          <Form.Item name="q">
            <Input
              allowClear
              placeholder={t('certificate.manage.search')}
              aria-label={t('certificate.manage.search')}
              style={{ width: 240 }}
              data-testid="certificate-search"
            />
          </Form.Item>
          <Form.Item name="status">
            <Select
              allowClear
              placeholder={t('certificate.field.status')}
              aria-label={t('certificate.field.status')}
              style={{ width: 120 }}
              data-testid="filter-status"
              options={CERTIFICATE_STATUSES.map((s) => ({ value: s, label: t(`certificate.status.${s}`) }))}
            />
          </Form.Item>
          <Form.Item name="certificateTypeCode">
            <Select
              allowClear
              placeholder={t('certificate.field.type')}
              aria-label={t('certificate.field.type')}
              style={{ width: 220 }}
              popupMatchSelectWidth={340}
              options={(types.data?.items ?? []).map((c) => ({
                value: c.code,
                label: `${c.code} ${c.name}`,
              }))}
            />
          </Form.Item>
          <Form.Item name="level">
            <Select
              allowClear
              placeholder={t('certificate.field.level')}
              aria-label={t('certificate.field.level')}
              style={{ width: 120 }}
              options={LEVEL_CODES.map((l) => ({ value: l, label: levelName(t, l) }))}
            />
          </Form.Item>
          <Form.Item name="divisionCode" style={{ minWidth: 320 }}>
            <DivisionPicker />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setSelected([]);
                  setFilters({});
                }}
              >
                {t('common.reset')}
              </Button>
              <Button
                icon={<ReloadOutlined />}
                onClick={() => void list.refetch()}
                aria-label={t('common.refresh')}
              />
            </Space>
          </Form.Item>
        </Form>
        <div className="az-tab-head" data-testid="certificate-batch-bar">
          <Typography.Text type="secondary">
            {t('certificate.manage.selected', { count: selected.length })}
          </Typography.Text>
          <Space wrap>
            <Select<CertificateAction>
              placeholder={t('certificate.batchAction.choose')}
              aria-label={t('certificate.batchAction.choose')}
              style={{ width: 160 }}
              value={chosenAction}
              onChange={setChosenAction}
              data-testid="batch-action-select"
              options={BATCH_ACTIONS.map((a) => ({ value: a, label: t(`certificate.action.name.${a}`) }))}
            />
            <Button
              disabled={selected.length === 0 || !chosenAction}
              onClick={() => {
                batch.reset();
                setBatchAction(chosenAction ?? null);
              }}
              data-testid="batch-action-open"
            >
              {t('certificate.batchAction.apply')}
            </Button>
          </Space>
        </div>
        <Table<CertificateView>
          data-testid="certificates-table"
          rowKey="number"
          size="middle"
          columns={columns}
          dataSource={rows}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys.map(String)),
          }}
          loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{ emptyText: list.isError ? list.error.message : t('certificate.manage.empty') }}
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
      </Card>
      <CertificateActionModal
        action={batchAction}
        numbers={selected}
        batch
        pending={batch.isPending}
        error={batch.error}
        onCancel={() => setBatchAction(null)}
        onSubmit={(body) => {
          if (!batchAction) return;
          batch.mutate(
            { action: batchAction, numbers: selected, reason: body.reason ?? '', ...body },
            {
              onSuccess: (r) => {
                setBatchAction(null);
                setSelected([]);
                setResult(r);
              },
            },
          );
        }}
      />
      <Modal
        open={result !== null}
        title={t('certificate.batchAction.resultTitle')}
        footer={null}
        onCancel={() => setResult(null)}
        width={720}
      >
        {result ? <BatchResultView result={result} refLabel={t('certificate.field.number')} /> : null}
      </Modal>
    </>
  );
}
