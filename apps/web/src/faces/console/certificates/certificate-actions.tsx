import { DownloadOutlined, FilePdfOutlined, FileProtectOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  CERTIFICATE_ACTIONS,
  type CertificateAction,
  certificateFileUrl,
} from '../../../api/certificates.ts';

/** The lifecycle actions the server allows this caller now (`abilities`), in a fixed order. */
export function allowedActions(abilities: readonly string[]): CertificateAction[] {
  return CERTIFICATE_ACTIONS.filter((a) => abilities.includes(a));
}

const DANGER: ReadonlySet<CertificateAction> = new Set(['revoke', 'cancel', 'suspend']);

export function ActionButtons({
  abilities,
  onAction,
  loading,
}: {
  abilities: readonly string[];
  onAction: (action: CertificateAction) => void;
  loading?: CertificateAction | null;
}) {
  const { t } = useTranslation();
  return (
    <Space wrap>
      {allowedActions(abilities).map((a) => (
        <Button
          key={a}
          danger={DANGER.has(a)}
          type={a === 'reinstate' || a === 'renew' ? 'primary' : 'default'}
          loading={loading === a}
          onClick={() => onAction(a)}
          data-testid={`action-${a}`}
        >
          {t(`certificate.action.name.${a}`)}
        </Button>
      ))}
    </Space>
  );
}

/** PDF, verification bundle and W3C VC of a certificate (shown when `abilities` has 'download'). */
export function DownloadButtons({ no }: { no: string }) {
  const { t } = useTranslation();
  return (
    <Space wrap>
      <a href={certificateFileUrl(no, 'pdf')} download data-testid="download-pdf">
        <Button icon={<FilePdfOutlined />}>{t('certificate.download.pdf')}</Button>
      </a>
      <a href={certificateFileUrl(no, 'bundle')} download data-testid="download-bundle">
        <Button icon={<FileProtectOutlined />}>{t('certificate.download.bundle')}</Button>
      </a>
      <a href={certificateFileUrl(no, 'vc')} download data-testid="download-vc">
        <Button icon={<DownloadOutlined />}>{t('certificate.download.vc')}</Button>
      </a>
    </Space>
  );
}
