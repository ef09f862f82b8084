import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CertificateStatus } from '../../api/certificates.ts';

export const STATUS_COLORS: Record<CertificateStatus, string> = {
  valid: 'success',
  suspended: 'warning',
  revoked: 'error',
  cancelled: 'default',
  expired: 'volcano',
  replaced: 'geekblue',
};

export function CertificateStatusTag({
  status,
  large = false,
}: {
  status: CertificateStatus;
  large?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Tag
      color={STATUS_COLORS[status] ?? 'default'}
      className={large ? 'az-cert-status-large' : undefined}
      data-testid="certificate-status"
      data-status={status}
    >
      {t(`certificate.status.${status}`)}
    </Tag>
  );
}
