import { DownloadOutlined, FileExcelOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Progress,
  Radio,
  Row,
  Select,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  IMPORT_KINDS,
  type ImportJob,
  type ImportKind,
  type ImportMode,
  type ImportRowError,
  type ImportStatus,
  importErrorsUrl,
  importTemplateUrl,
  useImportJob,
  useStartImport,
} from '../../../api/imports.ts';
import { ActionError } from '../../../components/application/action-error.tsx';
import { useDocumentTitle } from '../../../components/use-document-title.ts';

const STATUS_COLORS: Record<ImportStatus, string> = {
  queued: 'default',
  running: 'processing',
  succeeded: 'success',
  failed: 'error',
};

function JobResult({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const done = job.status === 'succeeded' || job.status === 'failed';
  const percent = job.total ? Math.round((job.processed / job.total) * 100) : done ? 100 : 0;
  let progressStatus: 'active' | 'success' | 'exception' | 'normal' = 'active';
  if (job.status === 'succeeded') progressStatus = 'success';
  if (job.status === 'failed') progressStatus = 'exception';
  return (
    <Card
      title={
        <span>
          {t('imports.result.title')} <span className="az-muted az-small">{job.fileName}</span>
        </span>
      }
      extra={
        <Tag color={STATUS_COLORS[job.status]} data-testid="import-status" data-status={job.status}>
          {t(`imports.status.${job.status}`)}
        </Tag>
      }
      data-testid="import-result"
    >
      <Progress percent={percent} status={progressStatus} data-testid="import-progress" />
      <Row gutter={[16, 16]} className="az-import-stats">
        <Col xs={12} md={6}>
          <Statistic title={t('imports.result.total')} value={job.total} data-testid="import-total" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('imports.result.accepted')}
            value={job.accepted}
            valueStyle={{ color: '#389e0d' }}
            data-testid="import-accepted"
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('imports.result.unchanged')}
            value={job.unchanged}
            data-testid="import-unchanged"
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('imports.result.rejected')}
            value={job.rejected}
            valueStyle={job.rejected > 0 ? { color: '#cf1322' } : undefined}
            data-testid="import-rejected"
          />
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" className="az-small">
        {t(`imports.modes.${job.mode}.label`)} · {t(`imports.kinds.${job.kind}`)} ·{' '}
        {t('imports.result.startedAt', { at: dayjs(job.createdAt).format('YYYY-MM-DD HH:mm:ss') })}
        {job.finishedAt
          ? ` · ${t('imports.result.finishedAt', { at: dayjs(job.finishedAt).format('HH:mm:ss') })}`
          : ''}
      </Typography.Paragraph>
      {job.failure ? (
        <Alert
          type="error"
          showIcon
          className="az-form-alert"
          message={job.failure.message}
          data-testid="import-failure"
        />
      ) : null}
      {job.status === 'failed' && job.mode === 'all-or-nothing' && job.rejected > 0 ? (
        <Alert
          type="error"
          showIcon
          className="az-form-alert"
          message={t('imports.result.allOrNothingFailed')}
        />
      ) : null}
      {job.errors.length > 0 ? (
        <>
          <div className="az-tab-head">
            <h3 className="az-subheading">{t('imports.result.errors', { count: job.errorCount })}</h3>
            <a href={importErrorsUrl(job.id)} download data-testid="download-errors">
              <Button icon={<DownloadOutlined />}>{t('imports.result.downloadErrors')}</Button>
            </a>
          </div>
          {job.errorCount > job.errors.length ? (
            <Typography.Paragraph type="secondary" className="az-small">
              {t('imports.result.truncated', { shown: job.errors.length, total: job.errorCount })}
            </Typography.Paragraph>
          ) : null}
          <Table<ImportRowError>
            size="small"
            rowKey={(e) => `${e.row}-${e.column ?? ''}-${e.code}`}
            pagination={job.errors.length > 20 ? { pageSize: 20 } : false}
            dataSource={job.errors}
            data-testid="import-errors"
            columns={[
              { title: t('imports.result.row'), dataIndex: 'row', width: 70 },
              {
                title: t('imports.result.column'),
                dataIndex: 'column',
                width: 140,
                render: (c: string | null) => c ?? '—',
              },
              { title: t('imports.result.code'), dataIndex: 'code', width: 200, className: 'az-mono' },
              { title: t('imports.result.message'), dataIndex: 'message' },
            ]}
          />
        </>
      ) : done ? (
        <Alert type="success" showIcon message={t('imports.result.noErrors')} />
      ) : null}
    </Card>
  );
}

/** 批量导入: upload a CSV/XLSX, watch it run, download the error report. */
export function ImportsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('imports.title'));
  const [params, setParams] = useSearchParams();
  const jobId = params.get('job') ?? undefined;
  const job = useImportJob(jobId);
  const start = useStartImport();
  const [kind, setKind] = useState<ImportKind>('persons');
  const [mode, setMode] = useState<ImportMode>('valid-rows');
  const [file, setFile] = useState<File | null>(null);

  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">{t('imports.title')}</h1>
      </div>
      <Typography.Paragraph className="az-page-lead">{t('imports.lead')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card title={t('imports.upload.title')} data-testid="import-form">
            <Form layout="vertical">
              <Form.Item label={t('imports.upload.kind')}>
                <Select<ImportKind>
                  value={kind}
                  onChange={setKind}
                  options={IMPORT_KINDS.map((k) => ({ value: k, label: t(`imports.kinds.${k}`) }))}
                  data-testid="import-kind"
                />
              </Form.Item>
              <Form.Item label={t('imports.upload.mode')}>
                <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} className="az-mode-group">
                  {(['valid-rows', 'all-or-nothing'] as const).map((m) => (
                    <Radio key={m} value={m} data-testid={`mode-${m}`}>
                      <span className="az-strong">{t(`imports.modes.${m}.label`)}</span>
                      <span className="az-muted az-small az-mode-help">{t(`imports.modes.${m}.help`)}</span>
                    </Radio>
                  ))}
                </Radio.Group>
              </Form.Item>
              <Form.Item label={t('imports.upload.file')}>
                <Upload.Dragger
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  maxCount={1}
                  beforeUpload={(f) => {
                    setFile(f);
                    return false;
                  }}
                  onRemove={() => setFile(null)}
                  fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
                  data-testid="import-file"
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{t('imports.upload.drop')}</p>
                  <p className="ant-upload-hint">{t('imports.upload.hint')}</p>
                </Upload.Dragger>
              </Form.Item>
              <ActionError error={start.error} />
              <Button
                type="primary"
                icon={<UploadOutlined />}
                disabled={!file}
                loading={start.isPending}
                data-testid="import-start"
                onClick={() => {
                  if (!file) return;
                  start.mutate(
                    { kind, mode, file },
                    {
                      onSuccess: ({ id }) => {
                        setFile(null);
                        setParams({ job: id }, { replace: true });
                      },
                    },
                  );
                }}
              >
                {t('imports.upload.start')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('imports.templates.title')} data-testid="import-templates">
            <Typography.Paragraph type="secondary">{t('imports.templates.lead')}</Typography.Paragraph>
            <ul className="az-template-list">
              {IMPORT_KINDS.map((k) => (
                <li key={k} className="az-template-item">
                  <span>{t(`imports.kinds.${k}`)}</span>
                  <span className="az-template-links">
                    <a href={importTemplateUrl(k, 'csv')} download>
                      <FileExcelOutlined /> CSV
                    </a>
                    <a href={importTemplateUrl(k, 'xlsx')} download>
                      <FileExcelOutlined /> XLSX
                    </a>
                  </span>
                </li>
              ))}
            </ul>
          </Card>
        </Col>
      </Row>
      {jobId ? (
        <div className="az-section">{job.data ? <JobResult job={job.data} /> : <Card loading />}</div>
      ) : null}
    </>
  );
}
