import { FileImageOutlined, FilePdfOutlined } from '@ant-design/icons';
import { List, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { documentContentUrl } from '../../api/registry.ts';
import type { DocumentInfo } from '../../api/types.ts';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Uploaded materials; each opens through the audited content route. */
export function DocumentList({ documents }: { documents: DocumentInfo[] }) {
  const { t } = useTranslation();
  if (documents.length === 0) {
    return <Typography.Text type="secondary">{t('documents.none')}</Typography.Text>;
  }
  return (
    <List
      size="small"
      data-testid="document-list"
      dataSource={documents}
      renderItem={(d) => (
        <List.Item
          key={d.id}
          actions={[
            <a key="open" href={documentContentUrl(d.id)} target="_blank" rel="noreferrer">
              {t('documents.open')}
            </a>,
          ]}
        >
          <List.Item.Meta
            avatar={d.mediaType === 'application/pdf' ? <FilePdfOutlined /> : <FileImageOutlined />}
            title={d.originalName}
            description={`${formatBytes(d.sizeBytes)} · ${dayjs(d.createdAt).format('YYYY-MM-DD HH:mm')}`}
          />
        </List.Item>
      )}
    />
  );
}
