import { Alert, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { usePublicCertificate } from '../../../api/certificates.ts';
import { normalizeCertificateNumber } from '../../../components/certificate/certificate-number.ts';
import {
  PublicCertificateCard,
  PublicQueryError,
  StatusWarning,
} from '../../../components/certificate/public-certificate-card.tsx';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import '../../../components/certificate/certificate.css';

/** `/v/:no?c=<check>`: where the QR on a certificate leads (DESIGN §4); phone-first. */
export function QrLandingPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('certificate.qr.title'));
  const { no = '' } = useParams();
  const [params] = useSearchParams();
  const check = params.get('c') ?? '';
  const number = normalizeCertificateNumber(no);
  const result = usePublicCertificate(check ? { no: number, check } : null);
  return (
    <div className="az-cert-narrow" data-testid="qr-landing">
      <h1 className="az-page-title">{t('certificate.qr.title')}</h1>
      {!check ? (
        <Alert
          type="warning"
          showIcon
          data-testid="qr-missing-check"
          message={t('certificate.qr.missingCheck')}
          description={
            <>
              {t('certificate.qr.missingCheckBody')}{' '}
              <Link to="/certificates">{t('certificate.query.title')}</Link>
            </>
          }
        />
      ) : null}
      {result.isPending && check ? <Skeleton active /> : null}
      {result.isError ? <PublicQueryError error={result.error} /> : null}
      {result.data ? (
        <>
          <StatusWarning status={result.data.status} validUntil={result.data.validUntil} />
          <PublicCertificateCard certificate={result.data} />
          <Typography.Paragraph type="secondary" className="az-small az-section">
            {t('certificate.qr.compareHint')}
          </Typography.Paragraph>
        </>
      ) : null}
    </div>
  );
}
