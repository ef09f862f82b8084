import { Descriptions, Skeleton, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useSharedCertificate } from '../../../api/certificates.ts';
import {
  PublicCertificateCard,
  PublicQueryError,
  StatusWarning,
} from '../../../components/certificate/public-certificate-card.tsx';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import '../../../components/certificate/certificate.css';

/** `/s/:token`: a certificate its holder shared for one purpose, with the full name, until it expires. */
export function ShareLandingPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('certificate.shared.title'));
  const { token = '' } = useParams();
  const shared = useSharedCertificate(token);
  return (
    <div className="az-cert-narrow" data-testid="share-landing">
      <h1 className="az-page-title">{t('certificate.shared.title')}</h1>
      {shared.isPending ? <Skeleton active /> : null}
      {shared.isError ? <PublicQueryError error={shared.error} /> : null}
      {shared.data ? (
        <>
          <StatusWarning status={shared.data.status} validUntil={shared.data.validUntil} />
          <PublicCertificateCard
            certificate={shared.data}
            holderName={shared.data.holderName}
            extra={
              <>
                <Descriptions.Item label={t('certificate.share.purpose')}>
                  <span data-testid="shared-purpose">{shared.data.purpose}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('certificate.shared.linkExpires')}>
                  {dayjs(shared.data.expiresAt).format('YYYY-MM-DD HH:mm')}
                </Descriptions.Item>
              </>
            }
          />
          <Typography.Paragraph type="secondary" className="az-small az-section">
            {t('certificate.shared.note')}
          </Typography.Paragraph>
        </>
      ) : null}
    </div>
  );
}
