import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Result, Skeleton, Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useUser } from '../../api/users.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { UserActions } from './user-actions.tsx';
import { RoleTags, StatusTag } from './users-page.tsx';

/** One account. Outside the actor's scope the server answers 404, same as a missing one. */
export function UserDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser(id);
  useDocumentTitle(user.data?.displayName ?? t('users.detail.title'));

  const back = (
    <Link to="/console/users">
      <Button icon={<ArrowLeftOutlined />}>{t('users.detail.back')}</Button>
    </Link>
  );

  if (user.isPending) return <Skeleton active />;
  if (user.isError) {
    const notFound = user.error instanceof ApiError && user.error.statusCode === 404;
    return (
      <div data-testid={notFound ? 'user-not-found' : 'user-load-failed'}>
        <Result
          status={notFound ? '404' : 'error'}
          title={notFound ? t('users.detail.notFound') : t('users.detail.loadFailed')}
          subTitle={notFound ? t('users.detail.notFoundBody') : user.error.message}
          extra={back}
        />
      </div>
    );
  }
  const u = user.data;
  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">{u.displayName}</h1>
        <UserActions user={u} />
      </div>
      <Card data-testid="user-detail">
        <Descriptions column={{ xs: 1, md: 2 }} size="middle">
          <Descriptions.Item label={t('users.field.username')}>{u.username}</Descriptions.Item>
          <Descriptions.Item label={t('users.field.status')}>
            <StatusTag status={u.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('users.field.rolesAndScope')} span={2}>
            <RoleTags user={u} />
          </Descriptions.Item>
          <Descriptions.Item label={t('users.field.totp')}>
            {u.totpEnabled ? (
              <Tag color="success">{t('account.totp.enabled')}</Tag>
            ) : (
              <Tag>{t('account.totp.disabled')}</Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('users.field.mustChangePassword')}>
            {u.mustChangePassword ? t('common.yes') : t('common.no')}
          </Descriptions.Item>
          <Descriptions.Item label={t('users.field.createdAt')}>
            {dayjs(u.createdAt).format('YYYY-MM-DD HH:mm:ss')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <div className="az-load-more">{back}</div>
    </>
  );
}
