import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** A generated password shown exactly once (the server keeps only its hash). */
export function OneTimeSecret({
  label,
  secret,
  username,
}: {
  label: string;
  secret: string;
  username: string;
}) {
  const { t } = useTranslation();
  return (
    <div data-testid="one-time-secret">
      <p>{t('users.secret.for', { username })}</p>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Typography.Paragraph>
        <Typography.Text
          code
          copyable={{ text: secret }}
          className="az-secret"
          data-testid="one-time-secret-value"
        >
          {secret}
        </Typography.Text>
      </Typography.Paragraph>
      <Alert type="warning" showIcon message={t('users.secret.once')} />
    </div>
  );
}
