import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Result,
  Select,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../account/session.ts';
import { type AuditFilters, useAuditEvents, useVerifyAuditChain } from '../../api/audit.ts';
import type { AuditEvent, AuditVerification } from '../../api/types.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';

interface FilterValues {
  actor?: string;
  action?: string;
  result?: AuditFilters['result'];
  range?: [Dayjs | null, Dayjs | null] | null;
}

const RESULT_COLOR: Record<string, string> = { success: 'success', failure: 'error', denied: 'warning' };

/** Result of re-walking the hash chain on the server. */
function VerifyResult({ result }: { result: AuditVerification }) {
  const { t } = useTranslation();
  return (
    <Alert
      data-testid="audit-verify-result"
      data-ok={String(result.ok)}
      className="az-verify-result"
      type={result.ok ? 'success' : 'error'}
      showIcon
      closable
      message={
        result.ok
          ? t('audit.verifyOk', { count: result.count })
          : t('audit.verifyBroken', { id: result.brokenId ?? '?' })
      }
      description={
        result.ok ? (
          result.headHash ? (
            <span>
              {t('audit.headHash')} <code className="az-hash">{result.headHash}</code>
            </span>
          ) : null
        ) : (
          result.reason
        )
      }
    />
  );
}

function EventDetails({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  return (
    <Descriptions column={1} size="small" className="az-audit-details" data-testid="audit-details">
      <Descriptions.Item label={t('audit.field.requestId')}>
        <code>{event.requestId ?? '—'}</code>
      </Descriptions.Item>
      <Descriptions.Item label={t('audit.field.actorRoles')}>
        {event.actorRoles.join('、') || '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('audit.field.details')}>
        <pre className="az-json">{JSON.stringify(event.details ?? null, null, 2)}</pre>
      </Descriptions.Item>
      <Descriptions.Item label={t('audit.field.hash')}>
        <code className="az-hash">{event.hash}</code>
      </Descriptions.Item>
    </Descriptions>
  );
}

/** 审计日志 (audit administrator only, 三员分立): filters, details per event, chain check. */
export function AuditPage() {
  const { t } = useTranslation();
  const { abilities } = useSession();
  useDocumentTitle(t('audit.title'));
  const [filters, setFilters] = useState<AuditFilters>({});
  const events = useAuditEvents(filters);
  const verify = useVerifyAuditChain();

  if (!abilities.readAudit) return <Result status="403" title={t('session.forbidden')} />;

  const rows = events.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: TableColumnsType<AuditEvent> = [
    {
      title: t('audit.field.occurredAt'),
      dataIndex: 'occurredAt',
      width: 170,
      render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss'),
    },
    { title: t('audit.field.actor'), dataIndex: 'actorName', render: (v: string | null) => v ?? '—' },
    { title: t('audit.field.action'), dataIndex: 'action', render: (v: string) => <code>{v}</code> },
    {
      title: t('audit.field.target'),
      key: 'target',
      render: (_, e) => (e.targetType ? `${e.targetType}${e.targetId ? ` · ${e.targetId}` : ''}` : '—'),
      ellipsis: true,
    },
    {
      title: t('audit.field.result'),
      dataIndex: 'result',
      width: 90,
      render: (v: string) => (
        <Tag color={RESULT_COLOR[v] ?? 'default'}>{t(`audit.result.${v}`, { defaultValue: v })}</Tag>
      ),
    },
    {
      title: t('audit.field.ip'),
      dataIndex: 'ip',
      width: 130,
      render: (v: string | null) => v ?? '—',
      responsive: ['lg'],
    },
  ];

  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">{t('audit.title')}</h1>
        <Button
          icon={<SafetyCertificateOutlined />}
          onClick={() => verify.mutate()}
          loading={verify.isPending}
          data-testid="audit-verify"
        >
          {t('audit.verify')}
        </Button>
      </div>
      {verify.data ? <VerifyResult result={verify.data} /> : null}
      <Card>
        <Form<FilterValues>
          layout="inline"
          className="az-filters"
          data-testid="audit-filters"
          onFinish={(v) => {
            const [from, to] = v.range ?? [];
            setFilters({
              actor: v.actor?.trim() || undefined,
              action: v.action?.trim() || undefined,
              result: v.result || undefined,
              from: from ? from.toISOString() : undefined,
              to: to ? to.toISOString() : undefined,
            });
          }}
        >
          <Form.Item name="actor" label={t('audit.field.actor')}>
            <Input allowClear style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="action" label={t('audit.field.action')}>
            <Input allowClear style={{ width: 160 }} placeholder={t('audit.filter.actionPlaceholder')} />
          </Form.Item>
          <Form.Item name="result" label={t('audit.field.result')}>
            <Select
              allowClear
              style={{ width: 110 }}
              options={['success', 'failure', 'denied'].map((r) => ({
                value: r,
                label: t(`audit.result.${r}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="range" label={t('audit.filter.range')}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('common.search')}
            </Button>
          </Form.Item>
        </Form>
        <Table<AuditEvent>
          data-testid="audit-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={events.isPending || (events.isFetching && !events.isFetchingNextPage)}
          pagination={false}
          scroll={{ x: 820 }}
          expandable={{ expandedRowRender: (e) => <EventDetails event={e} /> }}
          locale={{ emptyText: events.isError ? events.error.message : undefined }}
        />
        <div className="az-load-more">
          {events.hasNextPage ? (
            <Button onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
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
