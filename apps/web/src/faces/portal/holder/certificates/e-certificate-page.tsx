import {
  DownloadOutlined,
  FilePdfOutlined,
  FileProtectOutlined,
  LeftOutlined,
  SafetyOutlined,
} from '@ant-design/icons';
import { Button, Card, Descriptions, Result, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  certificateFileUrl,
  checkOf,
  statusDocumentUrl,
  useCertificate,
  useCertificateAction,
} from '../../../../api/certificates.ts';
import { ApiError } from '../../../../api/client.ts';
import { CertificateActionModal } from '../../../../components/certificate/action-modal.tsx';
import { CertificateTimeline } from '../../../../components/certificate/certificate-timeline.tsx';
import { LiveQr } from '../../../../components/certificate/live-qr.tsx';
import { StatusWarning } from '../../../../components/certificate/public-certificate-card.tsx';
import { CertificateStatusTag } from '../../../../components/certificate/status-tag.tsx';
import { levelName } from '../../../../components/levels.ts';
import { useDocumentTitle } from '../../../../components/use-document-title.ts';
import { ShareLinks } from './share-links.tsx';
import '../../../../components/certificate/certificate.css';

/**
 * 电子证书 (REQ-CERT-5): phone-first card with a live verification QR, the files to download
 * (PDF, verification bundle, W3C VC, signed status document) and share links.
 */
export function ECertificatePage() {
  const { t } = useTranslation();
  const { no = '' } = useParams();
  useDocumentTitle(t('certificate.ecert.title'));
  const certificate = useCertificate(no);
  const act = useCertificateAction();
  const [cancelling, setCancelling] = useState(false);
  if (certificate.isPending) return <Skeleton active />;
  if (certificate.isError) {
    const notFound = certificate.error instanceof ApiError && certificate.error.statusCode === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('certificate.detail.notFound') : certificate.error.message}
        extra={<Link to="/portal/certificates">{t('certificate.mine.back')}</Link>}
      />
    );
  }
  const c = certificate.data;
  const check = checkOf(c.qrUrl);
  const canDownload = c.abilities.includes('download');
  return (
    <div className="az-cert-narrow" data-testid="e-certificate" data-number={c.number}>
      <Link to="/portal/certificates" className="az-back-link">
        <LeftOutlined /> {t('certificate.mine.back')}
      </Link>
      <h1 className="az-page-title">{t('certificate.ecert.title')}</h1>
      <StatusWarning status={c.status} validUntil={c.validUntil} />
      <div className={`az-cert-card az-cert-card-${c.status}`}>
        <div className="az-cert-card-head">
          <div>
            <div className="az-cert-card-kicker">{t('certificate.public.cardKicker')}</div>
            <h2 className="az-cert-card-title">{c.certificateTypeName}</h2>
          </div>
          <CertificateStatusTag status={c.status} large />
        </div>
        <Descriptions column={1} size="small" className="az-cert-card-fields">
          <Descriptions.Item label={t('certificate.field.holder')}>
            <span className="az-strong" data-testid="ecert-holder">
              {c.holderName}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('certificate.field.idNumber')}>
            <span className="az-mono">{c.holderIdMasked}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('certificate.field.number')}>
            <span className="az-mono" data-testid="ecert-number">
              {c.number}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('certificate.field.level')}>{levelName(t, c.level)}</Descriptions.Item>
          <Descriptions.Item label={t('certificate.field.validity')}>
            {c.validFrom} — {c.validUntil}
          </Descriptions.Item>
          <Descriptions.Item label={t('certificate.field.issuer')}>{c.issuerName}</Descriptions.Item>
        </Descriptions>
        <LiveQr url={c.qrUrl} />
      </div>
      <Card
        title={t('certificate.ecert.files')}
        size="small"
        className="az-section"
        data-testid="ecert-downloads"
      >
        {canDownload ? (
          <div className="az-ecert-actions">
            <a href={certificateFileUrl(c.number, 'pdf')} download data-testid="download-pdf">
              <Button block icon={<FilePdfOutlined />}>
                {t('certificate.download.pdf')}
              </Button>
            </a>
            <a href={certificateFileUrl(c.number, 'bundle')} download data-testid="download-bundle">
              <Button block icon={<FileProtectOutlined />}>
                {t('certificate.download.bundle')}
              </Button>
            </a>
            <a href={certificateFileUrl(c.number, 'vc')} download data-testid="download-vc">
              <Button block icon={<DownloadOutlined />}>
                {t('certificate.download.vc')}
              </Button>
            </a>
            {check ? (
              <a
                href={statusDocumentUrl(c.number, check)}
                download={`${c.number}-status.json`}
                data-testid="download-status"
              >
                <Button block icon={<SafetyOutlined />}>
                  {t('certificate.download.status')}
                </Button>
              </a>
            ) : null}
          </div>
        ) : (
          <Typography.Text type="secondary">{t('certificate.ecert.noDownload')}</Typography.Text>
        )}
        <Typography.Paragraph type="secondary" className="az-small az-section">
          {t('certificate.ecert.offlineHelp')}
        </Typography.Paragraph>
      </Card>
      {c.abilities.includes('share') ? (
        <div className="az-section">
          <ShareLinks no={c.number} />
        </div>
      ) : null}
      {c.abilities.includes('cancel') ? (
        <Card title={t('certificate.ecert.cancelTitle')} size="small" className="az-section">
          <Typography.Paragraph type="secondary" className="az-small">
            {t('certificate.ecert.cancelHelp')}
          </Typography.Paragraph>
          <Button danger onClick={() => setCancelling(true)} data-testid="holder-cancel">
            {t('certificate.action.name.cancel')}
          </Button>
        </Card>
      ) : null}
      <CertificateActionModal
        action={cancelling ? 'cancel' : null}
        numbers={[c.number]}
        pending={act.isPending}
        error={act.error}
        onCancel={() => setCancelling(false)}
        onSubmit={(body) =>
          act.mutate({ no: c.number, action: 'cancel', body }, { onSuccess: () => setCancelling(false) })
        }
      />
      <Card title={t('certificate.detail.history')} size="small" className="az-section">
        <Space direction="vertical" className="az-block">
          <CertificateTimeline events={c.events} />
        </Space>
      </Card>
    </div>
  );
}
