import { Card, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MeResponse } from '../api/types.ts';
import { roleName, scopeText } from './roles.ts';

/** The logged-in user's account: name, roles with their scope, second factor. */
export function ProfileCard({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const { user, mfa } = me;
  return (
    <Card
      title={<h2 className="az-card-heading">{t('account.profile.title')}</h2>}
      data-testid="profile-card"
    >
      <Descriptions column={1} size="small" labelStyle={{ width: 120 }}>
        <Descriptions.Item label={t('account.profile.displayName')}>{user.displayName}</Descriptions.Item>
        <Descriptions.Item label={t('account.profile.username')}>{user.username}</Descriptions.Item>
        <Descriptions.Item label={t('account.profile.roles')}>
          <ul className="az-role-list">
            {user.roles.map((role) => {
              const scope = scopeText(t, role);
              return (
                <li key={role.id}>
                  <Tag color="blue">{roleName(t, role.role)}</Tag>
                  {scope ? <span data-testid="role-scope">{scope}</span> : null}
                </li>
              );
            })}
          </ul>
        </Descriptions.Item>
        <Descriptions.Item label={t('account.profile.totp')}>
          {user.totpEnabled ? (
            <Tag color="success">{t('account.totp.enabled')}</Tag>
          ) : (
            <Tag color={mfa.required ? 'error' : 'default'}>
              {t(mfa.required ? 'account.totp.requiredMissing' : 'account.totp.disabled')}
            </Tag>
          )}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
