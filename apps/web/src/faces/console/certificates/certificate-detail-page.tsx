import { LeftOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Descriptions, Result, Row, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  type CertificateAction,
  type CertificateDetail,
  useCertificate,
  useCertificateAction,
} from '../../../api/certificates.ts';
import { ApiError } from '../../../api/client.ts';
import { CertificateActionModal } from '../../../components/certificate/action-modal.tsx';
import { CertificateTimeline } from '../../../components/certificate/certificate-timeline.tsx';
import { CertificateStatusTag } from '../../../components/certificate/status-tag.tsx';
import { DivisionName } from '../../../components/division-name.tsx';
import { levelName } from '../../../components/levels.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { ActionButtons, allowedActions, DownloadButtons } from './certificate-actions.tsx';

function Claims({ c }: { c: CertificateDetail }) {
  const { t } = useTranslation();
  const a = c.assessment;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
      data-testid="certificate-claims"
    >
      <Descriptions.Item label={t('certificate.field.holder')}>{c.holderName}</Descriptions.Item>
      <Descriptions.Item label={t('certificate.field.idNumber')}>
        <span className="az-mono">{c.holderIdMasked}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.field.type')} span={2}>
        <span className="az-mono">{c.certificateTypeCode}</span>&nbsp;{c.certificateTypeName}
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.field.level')}>{levelName(t, c.level)}</Descriptions.Item>
      <Descriptions.Item label={t('certificate.field.division')}>
        <DivisionName code={c.divisionCode} />
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.field.issuer')}>{c.issuerName}</Descriptions.Item>
      <Descriptions.Item label={t('certificate.field.elicenseId')}>
        <span className="az-mono az-small">{c.elicenseId}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('certificate.field.firstIssuedOn')}>{c.firstIssuedOn}</Descriptions.Item>
      <Descriptions.Item label={t('certificate.field.validity')}>
        <span data-testid="certificate-validity">
          {c.validFrom} — {c.validUntil}
        </span>
        {c.extensionCount > 0 ? (
          <span className="az-muted">
            {' '}
            （{t('certificate.field.extended', { count: c.extensionCount })}）
          </span>
        ) : null}
      </Descriptions.Item>
      {a ? (
        <Descriptions.Item label={t('certificate.field.assessment')} span={2}>
          {(['theory', 'practical', 'performance', 'composite'] as const)
            .filter((k) => a[k] !== undefined)
            .map((k) => `${t(`certificate.score.${k}`)} ${a[k]}`)
            .join(' · ')}
        </Descriptions.Item>
      ) : null}
      {c.replacesNumber ? (
        <Descriptions.Item label={t('certificate.field.replaces')}>
          <Link to={`/console/certificates/${c.replacesNumber}`} className="az-mono">
            {c.replacesNumber}
          </Link>
        </Descriptions.Item>
      ) : null}
      {c.replacedByNumber ? (
        <Descriptions.Item label={t('certificate.field.replacedBy')}>
          <Link to={`/console/certificates/${c.replacedByNumber}`} className="az-mono">
            {c.replacedByNumber}
          </Link>
        </Descriptions.Item>
      ) : null}
      {c.applicationPublicId ? (
        <Descriptions.Item label={t('certificate.field.application')}>
          <Link to={`/console/applications/${c.applicationPublicId}`}>
            {t('certificate.detail.openApplication')}
          </Link>
        </Descriptions.Item>
      ) : null}
      <Descriptions.Item label={t('certificate.field.signature')}>
        <span className="az-mono az-small">
          {c.suite} · {c.keyId}
        </span>
      </Descriptions.Item>
    </Descriptions>
  );
}

/** 证书详情: claims, validity, history and the actions the server allows this regulator. */
export function CertificateDetailPage() {
  const { t } = useTranslation();
  const { no = '' } = useParams();
  useDocumentTitle(t('certificate.detail.title'));
  const certificate = useCertificate(no);
  const act = useCertificateAction();
  const [pending, setPending] = useState<CertificateAction | null>(null);

  if (certificate.isPending) return <Skeleton active />;
  if (certificate.isError) {
    const notFound = certificate.error instanceof ApiError && certificate.error.statusCode === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('certificate.detail.notFound') : certificate.error.message}
        extra={<Link to="/console/certificates">{t('certificate.detail.back')}</Link>}
      />
    );
  }
  const c = certificate.data;
  const actions = allowedActions(c.abilities);
  return (
    <>
      <div className="az-page-head">
        <div>
          <Link to="/console/certificates" className="az-back-link">
            <LeftOutlined /> {t('certificate.detail.back')}
          </Link>
          <h1 className="az-page-title">
            <span className="az-mono">{c.number}</span> <CertificateStatusTag status={c.status} />
          </h1>
        </div>
      </div>
      {c.statusReason && c.status !== 'valid' ? (
        <Alert
          type={c.status === 'revoked' ? 'error' : 'warning'}
          showIcon
          className="az-form-alert"
          message={`${t(`certificate.status.${c.status}`)}：${c.statusReason}`}
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Space direction="vertical" size={16} className="az-block">
            <Card title={t('certificate.detail.claims')} size="small">
              <Claims c={c} />
            </Card>
            {c.abilities.includes('download') ? (
              <Card title={t('certificate.detail.files')} size="small">
                <DownloadButtons no={c.number} />
              </Card>
            ) : null}
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <Space direction="vertical" size={16} className="az-block">
            <Card title={t('certificate.detail.actions')} size="small" data-testid="certificate-actions">
              {act.isSuccess && !pending ? (
                <Alert
                  type="success"
                  showIcon
                  className="az-form-alert"
                  data-testid="action-done"
                  message={t('certificate.action.done', {
                    action: t(`certificate.action.name.${act.variables.action}`),
                  })}
                />
              ) : null}
              {actions.length === 0 ? (
                <Typography.Text type="secondary">{t('certificate.detail.noActions')}</Typography.Text>
              ) : (
                <ActionButtons
                  abilities={c.abilities}
                  loading={act.isPending ? (act.variables?.action ?? null) : null}
                  onAction={(a) => {
                    act.reset();
                    setPending(a);
                  }}
                />
              )}
            </Card>
            <Card title={t('certificate.detail.history')} size="small">
              <CertificateTimeline events={c.events} />
            </Card>
            <Typography.Text type="secondary" className="az-small">
              {t('certificate.detail.createdAt', { at: dayjs(c.createdAt).format('YYYY-MM-DD HH:mm') })}
            </Typography.Text>
          </Space>
        </Col>
      </Row>
      <CertificateActionModal
        action={pending}
        numbers={[c.number]}
        pending={act.isPending}
        error={act.error}
        onCancel={() => setPending(null)}
        onSubmit={(body) =>
          act.mutate(
            { no: c.number, action: pending as CertificateAction, body },
            { onSuccess: () => setPending(null) },
          )
        }
      />
    </>
  );
}
