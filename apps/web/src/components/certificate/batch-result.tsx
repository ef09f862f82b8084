import { Alert, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BatchItemResult, BatchResult } from '../../api/certificates.ts';

/** Per-item outcome of a batch issuance or action: one failure never hides the others. */
export function BatchResultView({
  result,
  refLabel,
  refText,
}: {
  result: BatchResult;
  refLabel: string;
  /** How to show an item's ref (an application id → the applicant's name). */
  refText?: (ref: string) => string;
}) {
  const { t } = useTranslation();
  return (
    <div data-testid="batch-result">
      <Alert
        type={result.failed === 0 ? 'success' : result.succeeded === 0 ? 'error' : 'warning'}
        showIcon
        className="az-form-alert"
        data-testid="batch-summary"
        message={t('certificate.batch.summary', { succeeded: result.succeeded, failed: result.failed })}
      />
      <Table<BatchItemResult>
        size="small"
        rowKey="ref"
        pagination={result.items.length > 20 ? { pageSize: 20 } : false}
        dataSource={result.items}
        data-testid="batch-items"
        columns={[
          { title: refLabel, dataIndex: 'ref', render: (ref: string) => refText?.(ref) ?? ref },
          {
            title: t('certificate.batch.outcome'),
            key: 'ok',
            width: 90,
            render: (_, item) =>
              item.ok ? (
                <Tag color="success" data-testid="batch-item-ok">
                  {t('certificate.batch.ok')}
                </Tag>
              ) : (
                <Tag color="error" data-testid="batch-item-failed">
                  {t('certificate.batch.failed')}
                </Tag>
              ),
          },
          {
            title: t('certificate.batch.detail'),
            key: 'detail',
            render: (_, item) =>
              item.certificate ? (
                <Link to={`/console/certificates/${item.certificate.number}`} className="az-mono">
                  {item.certificate.number}
                </Link>
              ) : (
                <span className="az-field-error">{item.error?.message ?? ''}</span>
              ),
          },
        ]}
      />
    </div>
  );
}
