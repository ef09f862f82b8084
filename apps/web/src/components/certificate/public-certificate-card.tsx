import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Alert, Descriptions, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateStatus, PublicCertificateView } from '../../api/certificates.ts';
import { levelName } from '../levels.ts';
import { CertificateStatusTag } from './status-tag.tsx';
import './certificate.css';

/** The warning a verifier must not miss: anything but 有效 is said in words above the card. */
export function StatusWarning({ status, validUntil }: { status: CertificateStatus; validUntil: string }) {
  const { t } = useTranslation();
  if (status === 'valid') return null;
  const severe = status === 'revoked' || status === 'cancelled';
  return (
    <Alert
      type={severe ? 'error' : 'warning'}
      showIcon
      className="az-cert-warning"
      data-testid="certificate-warning"
      message={t(`certificate.public.warning.${status}.title`)}
      description={t(`certificate.public.warning.${status}.body`, { date: validUntil })}
    />
  );
}

/**
 * What anyone may see of a certificate (REQ-PUB-1): masked name (or the full name on a share
 * link), type, level, status, validity, issuer, and whether signature and log inclusion held.
 */
export function PublicCertificateCard({
  certificate: c,
  holderName,
  extra,
}: {
  certificate: PublicCertificateView;
  /** Full name (share links); otherwise the masked one is shown. */
  holderName?: string;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const v = c.verification;
  const verified = v.signatureValid && v.includedInLog;
  return (
    <div
      className={`az-cert-card az-cert-card-${c.status}`}
      data-testid="public-certificate"
      data-status={c.status}
    >
      <div className="az-cert-card-head">
        <div>
          <div className="az-cert-card-kicker">{t('certificate.public.cardKicker')}</div>
          <h2 className="az-cert-card-title">{c.certificateTypeName}</h2>
        </div>
        <CertificateStatusTag status={c.status} large />
      </div>
      <Descriptions column={1} size="small" className="az-cert-card-fields">
        <Descriptions.Item label={t('certificate.field.holder')}>
          <span className="az-strong" data-testid="public-holder-name">
            {holderName ?? c.holderNameMasked}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('certificate.field.number')}>
          <span className="az-mono" data-testid="public-number">
            {c.number}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('certificate.field.level')}>{levelName(t, c.level)}</Descriptions.Item>
        <Descriptions.Item label={t('certificate.field.validity')}>
          <span data-testid="public-validity">
            {c.validFrom} — {c.validUntil}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('certificate.field.issuer')}>{c.issuerName}</Descriptions.Item>
        {extra}
      </Descriptions>
      <div
        className={verified ? 'az-cert-proof az-cert-proof-ok' : 'az-cert-proof az-cert-proof-bad'}
        data-testid="public-verification"
        data-verified={verified}
      >
        {verified ? <CheckCircleFilled aria-hidden="true" /> : <CloseCircleFilled aria-hidden="true" />}
        <div>
          <div className="az-strong">
            {verified ? t('certificate.public.verified') : t('certificate.public.notVerified')}
          </div>
          <Typography.Text type="secondary" className="az-small">
            {t('certificate.public.signature')}：{v.signatureValid ? '✓' : '✗'} ·{' '}
            {t('certificate.public.inLog')}：{v.includedInLog ? '✓' : '✗'}
            {v.checkpointSize !== null
              ? ` · ${t('certificate.public.checkpoint', { size: v.checkpointSize })}`
              : ''}
            {` · ${t('certificate.public.checkedAt', { at: dayjs(v.checkedAt).format('YYYY-MM-DD HH:mm:ss') })}`}
          </Typography.Text>
        </div>
      </div>
    </div>
  );
}

/** Not found / rate limited / anything else, in words a member of the public understands. */
export function PublicQueryError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const code = (error as { code?: string } | null)?.code;
  if (code === 'CERTIFICATE_NOT_FOUND' || code === 'SHARE_LINK_NOT_FOUND' || code === 'NOT_FOUND') {
    return (
      <Alert
        type="warning"
        showIcon
        icon={<ExclamationCircleFilled />}
        data-testid="public-not-found"
        message={t('certificate.public.notFound.title')}
        description={t('certificate.public.notFound.body')}
      />
    );
  }
  if (code === 'RATE_LIMITED') {
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="public-rate-limited"
        message={t('certificate.public.rateLimited.title')}
        description={t('certificate.public.rateLimited.body')}
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      data-testid="public-error"
      message={error instanceof Error ? error.message : t('errors.unknown')}
    />
  );
}
