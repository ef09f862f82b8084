import { FormOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Collapse, Empty, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ApplicationSummary, useApplication, useApplications } from '../../../api/applications.ts';
import { useCertificateTypes } from '../../../api/reference.ts';
import { DocumentList } from '../../../components/application/documents.tsx';
import { EligibilityExplanation } from '../../../components/application/eligibility.tsx';
import { ApplicationSteps, ApplicationTimeline } from '../../../components/application/progress.tsx';
import { ApplicationStateTag } from '../../../components/application/state-tag.tsx';
import { DivisionName } from '../../../components/division-name.tsx';
import { levelName } from '../../../components/levels.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';

function ApplicationCard({ a, typeName }: { a: ApplicationSummary; typeName: (code: string) => string }) {
  const { t } = useTranslation();
  const detail = useApplication(a.id);
  const d = detail.data;
  const lastReason = d ? [...d.events].reverse().find((e) => e.reason)?.reason : undefined;
  const editable =
    (a.state === 'draft' || a.state === 'returned') && (d?.abilities.submit || d?.abilities.uploadDocuments);
  return (
    <Card
      className="az-application-card"
      data-testid="my-application"
      data-application-id={a.id}
      data-state={a.state}
      title={
        <div className="az-application-title">
          <span className="az-strong">
            {a.certificateTypeName ?? typeName(a.certificateTypeCode)} · {levelName(t, a.level)}
          </span>
          <ApplicationStateTag state={a.state} />
        </div>
      }
      extra={
        editable ? (
          <Link to={`/portal/apply?id=${a.id}`}>
            <Button size="small" icon={<FormOutlined />}>
              {t('myApplications.continue')}
            </Button>
          </Link>
        ) : null
      }
    >
      <ApplicationSteps state={a.state} size="small" compact />
      <div className="az-application-meta">
        <span>
          {t('application.field.division')}：<DivisionName code={a.divisionCode} />
        </span>
        <span>
          {t('application.field.createdAt')}：{dayjs(a.createdAt).format('YYYY-MM-DD HH:mm')}
        </span>
        <span>
          {t('myApplications.lastUpdate')}：{dayjs(a.updatedAt).format('YYYY-MM-DD HH:mm')}
        </span>
      </div>
      {(a.state === 'returned' || a.state === 'rejected') && lastReason ? (
        <Typography.Paragraph type={a.state === 'rejected' ? 'danger' : 'warning'} className="az-reason-note">
          {t('application.reason')}：{lastReason}
        </Typography.Paragraph>
      ) : null}
      {d ? (
        <Collapse
          ghost
          size="small"
          defaultActiveKey={['events']}
          items={[
            {
              key: 'events',
              label: t('myApplications.history'),
              children: <ApplicationTimeline events={d.events} />,
            },
            ...(d.eligibility
              ? [
                  {
                    key: 'eligibility',
                    label: t('review.eligibility'),
                    children: <EligibilityExplanation result={d.eligibility} />,
                  },
                ]
              : []),
            {
              key: 'documents',
              label: t('myApplications.documents', { count: d.documents.length }),
              children: <DocumentList documents={d.documents} />,
            },
          ]}
        />
      ) : (
        <Skeleton active paragraph={{ rows: 2 }} />
      )}
    </Card>
  );
}

/** 我的申请: every application of the holder with where it stands and its history. */
export function MyApplicationsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('myApplications.title'));
  const list = useApplications({});
  const types = useCertificateTypes();
  const typeName = (code: string) => types.data?.items.find((c) => c.code === code)?.name ?? code;
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">{t('myApplications.title')}</h1>
        <Link to="/portal/apply">
          <Button type="primary" icon={<PlusOutlined />}>
            {t('myApplications.new')}
          </Button>
        </Link>
      </div>
      {list.isPending ? <Skeleton active /> : null}
      {!list.isPending && rows.length === 0 ? (
        <Card>
          <Empty description={list.isError ? list.error.message : t('myApplications.empty')} />
        </Card>
      ) : null}
      <Space direction="vertical" size={16} className="az-block">
        {rows.map((a) => (
          <ApplicationCard key={a.id} a={a} typeName={typeName} />
        ))}
      </Space>
      {list.hasNextPage ? (
        <div className="az-load-more">
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  );
}
