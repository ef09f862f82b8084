import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from '../api/auth.ts';
import { onlyPortalRoles } from './roles.ts';

export type Face = '/console' | '/portal';

/**
 * Pages behind a login. Before anything else the user binds a second factor when a role
 * requires one (the API refuses everything else until then), then replaces an initial or
 * reset password. Holders and enterprise users belong in the portal, not the console.
 */
export function SessionGuard({ face }: { face: Face }) {
  const { t } = useTranslation();
  const { pathname, search } = useLocation();
  const me = useMe();
  const totpPath = `${face}/account/totp`;
  const passwordPath = `${face}/account/password`;

  if (me.isPending) {
    return (
      <div className="az-face-loading" role="status">
        <Spin size="large" />
        <span className="az-sr-only">{t('app.loading')}</span>
      </div>
    );
  }
  if (me.isError) {
    return (
      <Result
        status="error"
        title={t('session.loadFailed')}
        subTitle={me.error.message}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            {t('errors.retry')}
          </Button>
        }
      />
    );
  }
  if (!me.data) {
    return <Navigate to={`${face}/login?next=${encodeURIComponent(pathname + search)}`} replace />;
  }
  const { mfa, user } = me.data;
  if (mfa.enrolmentRequired && pathname !== totpPath) return <Navigate to={totpPath} replace />;
  if (!mfa.enrolmentRequired && user.mustChangePassword && pathname !== passwordPath) {
    return <Navigate to={passwordPath} replace />;
  }
  if (face === '/console' && onlyPortalRoles(user.roles)) {
    return (
      <Result
        status="403"
        title={t('session.portalOnly')}
        subTitle={t('session.portalOnlyBody')}
        extra={
          <Link to="/portal">
            <Button type="primary">{t('session.toPortal')}</Button>
          </Link>
        }
      />
    );
  }
  return <Outlet />;
}
