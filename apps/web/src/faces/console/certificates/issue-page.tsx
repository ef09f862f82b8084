import { ReloadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Modal,
  Radio,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ApplicationSummary, useApplications } from '../../../api/applications.ts';
import {
  type BatchResult,
  SIGNING_SUITES,
  type SigningSuite,
  useIssueCertificatesBatch,
  useIssuedByApplication,
} from '../../../api/certificates.ts';
import { ActionError } from '../../../components/application/action-error.tsx';
import { BatchResultView } from '../../../components/certificate/batch-result.tsx';
import { DivisionName } from '../../../components/division-name.tsx';
import { levelName } from '../../../components/levels.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { IssueDrawer } from './issue-drawer.tsx';

/** 证书签发: approved applications in the regulator's subtree that still wait for their certificate. */
export function IssuePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('certificate.issue.title'));
  const list = useApplications({ state: 'approved' });
  const issued = useIssuedByApplication();
  const batch = useIssueCertificatesBatch();
  const [onlyPending, setOnlyPending] = useState(true);
  const [selected, setSelected] = useState<string[]>([]);
  const [drawer, setDrawer] = useState<ApplicationSummary | null>(null);
  const [batchOpen, setBatchOpen] = useState(false);
  const [suite, setSuite] = useState<SigningSuite>('ed25519');
  const [result, setResult] = useState<BatchResult | null>(null);
  const all = list.data?.pages.flatMap((p) => p.items) ?? [];
  const issuedMap = issued.data ?? new Map<string, string>();
  const rows = onlyPending ? all.filter((a) => !issuedMap.has(a.id)) : all;
  const names = useMemo(() => new Map(all.map((a) => [a.id, a.person.name])), [all]);

  const columns: TableColumnsType<ApplicationSummary> = [
    {
      title: t('certificate.field.holder'),
      key: 'person',
      width: 110,
      render: (_, a) => <span className="az-strong">{a.person.name}</span>,
    },
    {
      title: t('certificate.field.idNumber'),
      key: 'id',
      className: 'az-mono az-nowrap',
      responsive: ['md'],
      render: (_, a) => a.person.idNumber,
    },
    {
      title: t('certificate.field.type'),
      key: 'type',
      minWidth: 200,
      render: (_, a) => (
        <span>
          <span className="az-mono">{a.certificateTypeCode}</span> {a.certificateTypeName ?? ''}
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
      width: 150,
      responsive: ['lg'],
      render: (code: string) => <DivisionName code={code} />,
    },
    {
      title: t('certificate.issue.approvedAt'),
      key: 'updatedAt',
      width: 140,
      responsive: ['lg'],
      render: (_, a) => dayjs(a.updatedAt).format('YYYY-MM-DD HH:mm'),
    },
    {
      title: t('users.actions'),
      key: 'actions',
      width: 150,
      render: (_, a) => {
        const no = issuedMap.get(a.id);
        return no ? (
          <Link to={`/console/certificates/${no}`}>
            <Tag color="success">{t('certificate.issue.alreadyIssued')}</Tag>
            <span className="az-mono az-small">{no}</span>
          </Link>
        ) : (
          <Button size="small" type="primary" onClick={() => setDrawer(a)} data-testid="issue-open">
            {t('certificate.issue.action')}
          </Button>
        );
      },
    },
  ];

  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">{t('certificate.issue.title')}</h1>
        <Link to="/console/certificates">{t('certificate.manage.title')}</Link>
      </div>
      <Typography.Paragraph className="az-page-lead">{t('certificate.issue.lead')}</Typography.Paragraph>
      <Card>
        <div className="az-tab-head">
          <Space wrap>
            <Switch checked={onlyPending} onChange={setOnlyPending} id="only-pending" />
            <label htmlFor="only-pending">{t('certificate.issue.onlyPending')}</label>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void list.refetch()}
              aria-label={t('common.refresh')}
            />
          </Space>
          <Space wrap>
            <Typography.Text type="secondary">
              {t('certificate.manage.selected', { count: selected.length })}
            </Typography.Text>
            <Button
              type="primary"
              disabled={selected.length === 0}
              onClick={() => {
                batch.reset();
                setBatchOpen(true);
              }}
              data-testid="batch-issue-open"
            >
              {t('certificate.issue.batch', { count: selected.length })}
            </Button>
          </Space>
        </div>
        <Table<ApplicationSummary>
          data-testid="issue-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          onRow={(a) => ({ 'data-application-id': a.id }) as React.HTMLAttributes<HTMLElement>}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys.map(String)),
            getCheckboxProps: (a) => ({ disabled: issuedMap.has(a.id) }),
          }}
          loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: list.isError ? list.error.message : t('certificate.issue.empty') }}
        />
        <div className="az-load-more">
          {list.hasNextPage ? (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          ) : null}
        </div>
      </Card>
      {drawer ? <IssueDrawer key={drawer.id} application={drawer} onClose={() => setDrawer(null)} /> : null}
      <Modal
        open={batchOpen}
        title={t('certificate.issue.batchTitle', { count: selected.length })}
        okText={t('certificate.issue.submit')}
        cancelText={t('common.cancel')}
        confirmLoading={batch.isPending}
        okButtonProps={{ 'data-testid': 'batch-issue-confirm' } as never}
        onCancel={() => setBatchOpen(false)}
        onOk={() =>
          batch.mutate(
            { items: selected.map((id) => ({ applicationPublicId: id, suite })) },
            {
              onSuccess: (r) => {
                setBatchOpen(false);
                setSelected([]);
                setResult(r);
              },
            },
          )
        }
      >
        <Typography.Paragraph>{t('certificate.issue.batchHelp')}</Typography.Paragraph>
        <div className="az-field-label">{t('certificate.issue.suite')}</div>
        <Radio.Group value={suite} onChange={(e) => setSuite(e.target.value)}>
          {SIGNING_SUITES.map((s) => (
            <Radio key={s} value={s}>
              {t(`certificate.suite.${s}`)}
            </Radio>
          ))}
        </Radio.Group>
        <ActionError error={batch.error} />
      </Modal>
      <Modal
        open={result !== null}
        title={t('certificate.issue.batchResult')}
        footer={null}
        onCancel={() => setResult(null)}
        width={720}
      >
        {result ? (
          <BatchResultView
            result={result}
            refLabel={t('certificate.field.holder')}
            refText={(ref) => names.get(ref) ?? ref}
          />
        ) : null}
      </Modal>
    </>
  );
}
