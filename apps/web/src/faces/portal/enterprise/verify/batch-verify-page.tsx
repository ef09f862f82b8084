import {
  DownloadOutlined,
  FileExcelOutlined,
  InboxOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Space, Table, Tag, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BATCH_VERIFY_OUTCOMES,
  type BatchVerifyOutcome,
  type BatchVerifyRow,
  batchVerifyTemplate,
  fetchBatchVerifyCsv,
  useBatchVerify,
} from '../../../../api/verification.ts';
import { ActionError } from '../../../../components/application/action-error.tsx';
import { saveBlob } from '../../../../components/certificate/save-blob.ts';
import { levelName } from '../../../../components/levels.ts';
import { useDocumentTitle } from '../../../../components/use-document-title.ts';
import '../../../../components/certificate/certificate.css';

export const OUTCOME_COLORS: Record<BatchVerifyOutcome, string> = {
  valid: 'success',
  suspended: 'warning',
  revoked: 'error',
  cancelled: 'default',
  expired: 'volcano',
  replaced: 'geekblue',
  not_found: 'magenta',
  invalid_input: 'orange',
};

function OutcomeTag({ outcome }: { outcome: BatchVerifyOutcome }) {
  const { t } = useTranslation();
  return (
    <Tag color={OUTCOME_COLORS[outcome] ?? 'default'} data-testid="verify-outcome" data-outcome={outcome}>
      {t(`verification.outcome.${outcome}`)}
    </Tag>
  );
}

/** 证书批量核验 (REQ-PUB-1): an employer checks many staff certificates from one CSV. */
export function BatchVerifyPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('verification.batch.title'));
  const verify = useBatchVerify();
  const [file, setFile] = useState<File | null>(null);
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [filter, setFilter] = useState<BatchVerifyOutcome | null>(null);
  const result = verify.data;
  const rows = result ? result.rows.filter((r) => !filter || r.outcome === filter) : [];

  const downloadCsv = async () => {
    if (!file) return;
    setDownloading(true);
    setDownloadError(null);
    try {
      saveBlob(await fetchBatchVerifyCsv(file), `核验结果-${dayjs().format('YYYYMMDD-HHmm')}.csv`);
    } catch (error) {
      setDownloadError(error);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">{t('verification.batch.title')}</h1>
      </div>
      <Typography.Paragraph className="az-page-lead">{t('verification.batch.lead')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card title={t('verification.batch.upload')} data-testid="verify-form">
            <Upload.Dragger
              accept=".csv,text/csv"
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                verify.reset();
                return false;
              }}
              onRemove={() => setFile(null)}
              fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
              data-testid="verify-file"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('verification.batch.drop')}</p>
              <p className="ant-upload-hint">{t('verification.batch.hint')}</p>
            </Upload.Dragger>
            <div className="az-section">
              <ActionError error={verify.error} />
              <Button
                type="primary"
                icon={<SafetyCertificateOutlined />}
                disabled={!file}
                loading={verify.isPending}
                onClick={() => file && verify.mutate(file)}
                data-testid="verify-start"
              >
                {t('verification.batch.start')}
              </Button>
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('verification.batch.templateTitle')}>
            <Typography.Paragraph type="secondary">
              {t('verification.batch.templateLead')}
            </Typography.Paragraph>
            <Button
              icon={<FileExcelOutlined />}
              onClick={() => saveBlob(batchVerifyTemplate(), t('verification.batch.templateFile'))}
              data-testid="verify-template"
            >
              {t('verification.batch.template')}
            </Button>
          </Card>
        </Col>
      </Row>
      {result ? (
        <Card
          className="az-section"
          title={t('verification.batch.resultTitle', { total: result.total })}
          data-testid="verify-result"
          extra={
            <Button
              icon={<DownloadOutlined />}
              loading={downloading}
              onClick={() => void downloadCsv()}
              data-testid="verify-download"
            >
              {t('verification.batch.download')}
            </Button>
          }
        >
          <ActionError error={downloadError} />
          <div className="az-count-tags" data-testid="verify-counts">
            <Tag.CheckableTag checked={filter === null} onChange={() => setFilter(null)}>
              {t('verification.batch.all', { count: result.total })}
            </Tag.CheckableTag>
            {BATCH_VERIFY_OUTCOMES.filter((o) => (result.counts[o] ?? 0) > 0).map((o) => (
              <Tag.CheckableTag
                key={o}
                checked={filter === o}
                onChange={(on) => setFilter(on ? o : null)}
                data-testid={`verify-count-${o}`}
              >
                {t(`verification.outcome.${o}`)} {result.counts[o]}
              </Tag.CheckableTag>
            ))}
          </div>
          {(result.counts.valid ?? 0) < result.total ? (
            <Alert
              type="warning"
              showIcon
              className="az-form-alert"
              message={t('verification.batch.attention', {
                count: result.total - (result.counts.valid ?? 0),
              })}
            />
          ) : (
            <Alert
              type="success"
              showIcon
              className="az-form-alert"
              message={t('verification.batch.allValid')}
            />
          )}
          <Table<BatchVerifyRow>
            size="small"
            rowKey="line"
            dataSource={rows}
            pagination={rows.length > 50 ? { pageSize: 50 } : false}
            scroll={{ x: 760 }}
            data-testid="verify-rows"
            columns={[
              { title: t('verification.batch.line'), dataIndex: 'line', width: 64 },
              { title: t('certificate.field.number'), dataIndex: 'number', width: 170, className: 'az-mono' },
              { title: t('certificate.field.holder'), dataIndex: 'name', width: 100 },
              {
                title: t('verification.batch.outcome'),
                dataIndex: 'outcome',
                width: 100,
                render: (o: BatchVerifyOutcome) => <OutcomeTag outcome={o} />,
              },
              {
                title: t('certificate.field.type'),
                key: 'type',
                render: (_, r) =>
                  r.certificateTypeName ? (
                    <span>
                      {r.certificateTypeName}
                      {r.level ? ` · ${levelName(t, r.level)}` : ''}
                    </span>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('certificate.field.validUntil'),
                dataIndex: 'validUntil',
                width: 110,
                render: (d: string | null) => d ?? '—',
              },
              {
                title: t('verification.batch.message'),
                dataIndex: 'message',
                render: (m: string | null) => m ?? '',
              },
            ]}
          />
          <Space className="az-section">
            <Typography.Text type="secondary" className="az-small">
              {t('verification.batch.privacy')}
            </Typography.Text>
          </Space>
        </Card>
      ) : null}
    </>
  );
}
