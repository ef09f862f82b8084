import { App, notification as staticNotification, Typography } from 'antd';
import type { NotificationInstance } from 'antd/es/notification/interface';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { i18n } from '../i18n/index.ts';

// The query cache lives outside React; this bridge hands it the notification API of the
// antd <App>, so notifications follow the current theme and locale.
let notifier: NotificationInstance | undefined;

export function NotificationBridge() {
  const { notification } = App.useApp();
  useEffect(() => {
    notifier = notification;
    return () => {
      notifier = undefined;
    };
  }, [notification]);
  return null;
}

export function RequestIdLine({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="request-id">
      {t('errors.requestId')}{' '}
      <Typography.Text code copyable style={{ fontSize: 12 }}>
        {requestId}
      </Typography.Text>
    </Typography.Text>
  );
}

/** Shows a failed request as a notification: the server's Chinese message and its request id. */
export function showRequestError(error: unknown): void {
  const message =
    error instanceof ApiError
      ? error.message
      : error instanceof Error
        ? error.message
        : i18n.t('errors.unknown');
  const requestId = error instanceof ApiError ? error.requestId : '';
  (notifier ?? staticNotification).error({
    key: requestId || message,
    message,
    description: requestId ? <RequestIdLine requestId={requestId} /> : undefined,
    duration: 8,
    placement: 'topRight',
  });
}
