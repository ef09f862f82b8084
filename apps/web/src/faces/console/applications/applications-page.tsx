import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  APPLICATION_STATES,
  type ApplicationFilters,
  type ApplicationState,
  type ApplicationSummary,
  useApplications,
} from '../../../api/applications.ts';
import { useCertificateTypes } from '../../../api/reference.ts';
import { ApplicationStateTag } from '../../../components/application/state-tag.tsx';
import { DivisionName } from '../../../components/division-name.tsx';
import { DivisionPicker } from '../../../components/division-picker.tsx';
import { LEVEL_CODES, levelName } from '../../../components/levels.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';

interface FilterValues {
  divisionCode?: string;
  certificateTypeCode?: string;
  level?: string;
  state?: ApplicationState;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** Certificate type code → "00 安全生产管理人员职业资格证书" (the code alone until loaded). */
export function useTypeName() {
  const types = useCertificateTypes();
  return (code: string) => types.data?.items.find((c) => c.code === code)?.name ?? code;
}

/** 申请审核 queue: applications in the actor's subtree, filtered. */
export function ApplicationsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('review.title'));
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<ApplicationFilters>({});
  const list = useApplications(filters);
  const types = useCertificateTypes();
  const typeName = useTypeName();
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: TableColumnsType<ApplicationSummary> = [
    {
      title: t('application.field.person'),
      key: 'person',
      minWidth: 100,
      render: (_, a) => (
        <Link to={`/console/applications/${a.id}`} className="az-strong" data-testid="application-link">
          {a.person.name}
        </Link>
      ),
    },
    {
      title: t('application.field.idNumber'),
      key: 'id',
      className: 'az-mono az-nowrap',
      render: (_, a) => a.person.idNumber,
    },
    {
      title: t('application.field.type'),
      dataIndex: 'certificateTypeCode',
      minWidth: 240,
      render: (code: string, a) => (
        <span>
          <span className="az-mono">{code}</span> {a.certificateTypeName ?? typeName(code)}
        </span>
      ),
    },
    {
      title: t('application.field.level'),
      dataIndex: 'level',
      width: 90,
      render: (l: string) => levelName(t, l),
    },
    {
      title: t('application.field.division'),
      key: 'division',
      width: 150,
      render: (_, a) => <DivisionName code={a.divisionCode} />,
      responsive: ['md'],
    },
    {
      title: t('application.field.eligible'),
      dataIndex: 'eligible',
      width: 100,
      render: (v: boolean | null) =>
        v === null ? (
          '—'
        ) : v ? (
          <Tag color="success">✓ {t('eligibility.passed')}</Tag>
        ) : (
          <Tag color="error">✗ {t('eligibility.failed')}</Tag>
        ),
      responsive: ['lg'],
    },
    {
      title: t('application.field.state'),
      dataIndex: 'state',
      width: 100,
      render: (s: ApplicationState) => <ApplicationStateTag state={s} />,
    },
    {
      title: t('application.field.updatedAt'),
      key: 'updatedAt',
      width: 150,
      responsive: ['lg'],
      render: (_, a) => dayjs(a.updatedAt).format('YYYY-MM-DD HH:mm'),
    },
    {
      title: t('users.actions'),
      key: 'actions',
      width: 90,
      render: (_, a) => (
        <Link to={`/console/applications/${a.id}`}>
          {a.state === 'submitted' || a.state === 'under_review' ? t('review.handle') : t('review.view')}
        </Link>
      ),
    },
  ];

  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">{t('review.title')}</h1>
      </div>
      <Card>
        <Form<FilterValues>
          form={form}
          layout="inline"
          className="az-filters az-filter-form"
          data-testid="application-filters"
          onFinish={(v) =>
            setFilters({
              divisionCode: v.divisionCode === '000000' ? undefined : v.divisionCode,
              certificateTypeCode: v.certificateTypeCode,
              level: v.level,
              state: v.state,
              from: v.range?.[0]?.format('YYYY-MM-DD'),
              to: v.range?.[1]?.format('YYYY-MM-DD'),
            })
          }
        >
          <Form.Item name="divisionCode" style={{ minWidth: 320 }}>
            <DivisionPicker />
          </Form.Item>
          <Form.Item name="certificateTypeCode">
            <Select
              allowClear
              placeholder={t('application.field.type')}
              aria-label={t('application.field.type')}
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
              placeholder={t('application.field.level')}
              aria-label={t('application.field.level')}
              style={{ width: 120 }}
              options={LEVEL_CODES.map((l) => ({ value: l, label: levelName(t, l) }))}
            />
          </Form.Item>
          <Form.Item name="state">
            <Select
              allowClear
              placeholder={t('application.field.state')}
              aria-label={t('application.field.state')}
              style={{ width: 130 }}
              options={APPLICATION_STATES.map((s) => ({ value: s, label: t(`application.state.${s}`) }))}
              data-testid="filter-state"
            />
          </Form.Item>
          <Form.Item name="range">
            <DatePicker.RangePicker
              placeholder={[t('review.from'), t('review.to')]}
              aria-label={t('review.dateRange')}
            />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
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
        <Table<ApplicationSummary>
          data-testid="applications-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
          pagination={false}
          scroll={{ x: 1200 }}
          locale={{ emptyText: list.isError ? list.error.message : t('review.empty') }}
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
    </>
  );
}
