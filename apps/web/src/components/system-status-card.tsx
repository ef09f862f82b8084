import { ReloadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Descriptions, Skeleton, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { useHealth } from '../api/health.ts';
import { RequestIdLine } from './error-notifications.tsx';
import { formatUptime } from './format-uptime.ts';

/** Live `/api/health`, polled every 15 s; used on the public home and the console overview. */
export function SystemStatusCard() {
  const { t } = useTranslation();
  const health = useHealth();

  const refresh = (
    <Button
      type="text"
      size="small"
      icon={<ReloadOutlined spin={health.isFetching} />}
      onClick={() => void health.refetch()}
      aria-label={t('status.retry')}
      title={t('status.retry')}
    />
  );

  let body: ReactNode;
  // A failed poll wins over stale data: the card must not keep saying 正常 when the server is gone.
  if (health.isError) {
    const error = health.error;
    // statusCode 0: no answer at all; otherwise the server answered, but with an error.
    const answered = error instanceof ApiError && error.statusCode > 0;
    body = (
      <>
        <div className="az-status-line">
          <Badge
            data-testid="status-badge"
            data-status={answered ? 'failed' : 'unreachable'}
            status="error"
            text={<strong>{t(answered ? 'status.failed' : 'status.unreachable')}</strong>}
          />
        </div>
        <Typography.Paragraph type="secondary">{error.message}</Typography.Paragraph>
        {error instanceof ApiError && error.requestId ? <RequestIdLine requestId={error.requestId} /> : null}
      </>
    );
  } else if (health.data) {
    const { status, database, version, uptimeSeconds } = health.data;
    body = (
      <>
        <div className="az-status-line">
          <Badge
            data-testid="status-badge"
            data-status={status}
            status={status === 'ok' ? 'success' : 'warning'}
            text={<strong>{t(`status.${status}`)}</strong>}
          />
        </div>
        {status === 'degraded' ? (
          <Typography.Paragraph type="warning">{t('status.degradedHint')}</Typography.Paragraph>
        ) : null}
        <Descriptions
          size="small"
          column={1}
          colon={false}
          items={[
            {
              key: 'database',
              label: t('status.database'),
              children: <span data-testid="status-database">{t(`status.databaseKind.${database}`)}</span>,
            },
            { key: 'version', label: t('status.version'), children: <code>{version}</code> },
            { key: 'uptime', label: t('status.uptime'), children: formatUptime(uptimeSeconds, t) },
          ]}
        />
        <Typography.Text type="secondary" className="az-status-checked">
          {t('status.checkedAt', { time: dayjs(health.dataUpdatedAt).format('HH:mm:ss') })}
        </Typography.Text>
      </>
    );
  } else {
    body = (
      <>
        <div className="az-status-line">
          <Badge
            data-testid="status-badge"
            data-status="checking"
            status="processing"
            text={t('status.checking')}
          />
        </div>
        <Skeleton active title={false} paragraph={{ rows: 3 }} />
      </>
    );
  }

  return (
    <Card
      data-testid="system-status"
      className="az-status-card"
      title={<h2 className="az-card-heading">{t('status.title')}</h2>}
      extra={refresh}
      aria-live="polite"
    >
      {body}
    </Card>
  );
}
