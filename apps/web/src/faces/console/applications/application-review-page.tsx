import {
  CheckOutlined,
  CloseOutlined,
  FileSearchOutlined,
  LeftOutlined,
  RollbackOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Input, Modal, Result, Row, Skeleton, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type ApplicationAction, useApplication, useApplicationAction } from '../../../api/applications.ts';
import { ApiError } from '../../../api/client.ts';
import { ActionError } from '../../../components/application/action-error.tsx';
import { DocumentList } from '../../../components/application/documents.tsx';
import { EligibilityExplanation } from '../../../components/application/eligibility.tsx';
import { ApplicationSteps, ApplicationTimeline } from '../../../components/application/progress.tsx';
import { ApplicationStateTag } from '../../../components/application/state-tag.tsx';
import { DivisionName } from '../../../components/division-name.tsx';
import { levelName } from '../../../components/levels.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { useTypeName } from './applications-page.tsx';
import { PersonArchive } from './person-archive.tsx';

/** Which transitions need a written reason (the applicant sees it). */
const REASON_REQUIRED: Record<ApplicationAction, boolean> = {
  submit: false,
  'start-review': false,
  return: true,
  approve: false,
  reject: true,
};

/** 申请审核: archive, materials, eligibility, history and the actions the server allows. */
export function ApplicationReviewPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  useDocumentTitle(t('review.detailTitle'));
  const application = useApplication(id);
  const act = useApplicationAction();
  const typeName = useTypeName();
  const [pending, setPending] = useState<ApplicationAction | null>(null);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);

  if (application.isPending) return <Skeleton active />;
  if (application.isError) {
    const notFound = application.error instanceof ApiError && application.error.statusCode === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('review.notFound') : application.error.message}
        extra={<Link to="/console/applications">{t('review.backToQueue')}</Link>}
      />
    );
  }
  const a = application.data;
  const actions: {
    key: ApplicationAction;
    allowed: boolean;
    icon: React.ReactNode;
    danger?: boolean;
    primary?: boolean;
  }[] = [
    { key: 'start-review', allowed: a.abilities.startReview, icon: <FileSearchOutlined />, primary: true },
    { key: 'approve', allowed: a.abilities.approve, icon: <CheckOutlined />, primary: true },
    { key: 'return', allowed: a.abilities.return, icon: <RollbackOutlined /> },
    { key: 'reject', allowed: a.abilities.reject, icon: <CloseOutlined />, danger: true },
  ];
  const allowed = actions.filter((x) => x.allowed);

  const open = (action: ApplicationAction) => {
    act.reset();
    setReason('');
    setReasonMissing(false);
    setPending(action);
  };

  const confirm = () => {
    if (!pending) return;
    const text = reason.trim();
    if (REASON_REQUIRED[pending] && !text) {
      setReasonMissing(true);
      return;
    }
    act.mutate(
      { id: a.id, action: pending, ...(text ? { reason: text } : {}) },
      { onSettled: () => setPending(null) },
    );
  };

  return (
    <>
      <div className="az-page-head">
        <div>
          <Link to="/console/applications" className="az-back-link">
            <LeftOutlined /> {t('review.backToQueue')}
          </Link>
          <h1 className="az-page-title">
            {t('review.detailHeading', { name: a.person.name })} <ApplicationStateTag state={a.state} />
          </h1>
        </div>
      </div>
      <Card className="az-steps-card">
        <ApplicationSteps state={a.state} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Space direction="vertical" size={16} className="az-block">
            <Card title={t('review.applicationInfo')} size="small">
              <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                <Descriptions.Item label={t('application.field.type')} span={2}>
                  <span className="az-mono az-nowrap">{a.certificateTypeCode}</span>&nbsp;
                  {a.certificateTypeName ?? typeName(a.certificateTypeCode)}
                </Descriptions.Item>
                <Descriptions.Item label={t('application.field.level')}>
                  {levelName(t, a.level)}
                </Descriptions.Item>
                <Descriptions.Item label={t('application.field.division')}>
                  <DivisionName code={a.divisionCode} />
                </Descriptions.Item>
                <Descriptions.Item label={t('application.field.createdAt')}>
                  {dayjs(a.createdAt).format('YYYY-MM-DD HH:mm')}
                </Descriptions.Item>
                <Descriptions.Item label={t('application.field.applicationId')}>
                  <span className="az-mono az-small">{a.id}</span>
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card title={t('review.eligibility')} size="small">
              {a.eligibility ? (
                <EligibilityExplanation result={a.eligibility} />
              ) : (
                <Alert type="info" showIcon message={t('review.noEligibility')} />
              )}
            </Card>
            <Card title={t('review.documents')} size="small">
              <DocumentList documents={a.documents} />
            </Card>
            <Card title={t('review.archive')} size="small">
              <PersonArchive personId={a.person.id} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <Space direction="vertical" size={16} className="az-block">
            <Card title={t('review.actionsTitle')} size="small" data-testid="review-actions">
              <ActionError error={act.error} />
              {allowed.length === 0 ? (
                <Alert type="info" showIcon message={t('review.noActions')} />
              ) : (
                <Space wrap>
                  {allowed.map((x) => (
                    <Button
                      key={x.key}
                      type={x.primary ? 'primary' : 'default'}
                      danger={x.danger}
                      icon={x.icon}
                      loading={act.isPending && act.variables?.action === x.key}
                      onClick={() => open(x.key)}
                      data-testid={`action-${x.key}`}
                    >
                      {t(`review.action.${x.key}`)}
                    </Button>
                  ))}
                </Space>
              )}
            </Card>
            <Card title={t('review.history')} size="small">
              <ApplicationTimeline events={a.events} />
            </Card>
          </Space>
        </Col>
      </Row>
      <Modal
        open={pending !== null}
        title={pending ? t(`review.confirm.${pending}`) : ''}
        okText={pending ? t(`review.action.${pending}`) : ''}
        okButtonProps={{ danger: pending === 'reject', 'data-testid': 'action-confirm' } as never}
        cancelText={t('common.cancel')}
        confirmLoading={act.isPending}
        onCancel={() => setPending(null)}
        onOk={confirm}
      >
        <label htmlFor="action-reason" className="az-field-label">
          {t('application.reason')}
          {pending && REASON_REQUIRED[pending] ? <span className="az-required"> *</span> : null}
        </label>
        <Input.TextArea
          id="action-reason"
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            if (e.target.value.trim()) setReasonMissing(false);
          }}
          status={reasonMissing ? 'error' : undefined}
          autoSize={{ minRows: 3, maxRows: 6 }}
          maxLength={1000}
          showCount
          data-testid="action-reason"
        />
        <div className={reasonMissing ? 'az-field-error' : 'az-field-help'}>
          {reasonMissing
            ? t('review.reasonRequired')
            : pending && REASON_REQUIRED[pending]
              ? t('review.reasonVisible')
              : t('review.reasonOptional')}
        </div>
      </Modal>
    </>
  );
}
