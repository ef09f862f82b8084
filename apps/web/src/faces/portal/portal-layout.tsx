import { HomeOutlined, LoginOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Menu } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout, useMe } from '../../api/auth.ts';
import { Brand } from '../../components/brand.tsx';
import { ErrorBoundary } from '../../components/error-boundary.tsx';
import { LanguageSwitch } from '../../components/language-switch.tsx';

/** Logged in: the user's name (to their account) and logout; otherwise a login link. */
function PortalUser() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const logout = useLogout();
  if (!me.data) {
    return (
      <Link to="/portal/login" className="az-header-link" data-testid="portal-login-link">
        <LoginOutlined aria-hidden="true" /> {t('login.submit')}
      </Link>
    );
  }
  return (
    <div className="az-userbox" data-testid="current-user">
      <Link to="/portal/account" className="az-userbox-text">
        <span className="az-userbox-name" data-testid="current-user-name">
          <UserOutlined aria-hidden="true" /> <span className="az-hide-xs">{me.data.user.displayName}</span>
        </span>
      </Link>
      <Button
        type="text"
        icon={<LogoutOutlined />}
        aria-label={t('session.logout')}
        title={t('session.logout')}
        data-testid="logout"
        loading={logout.isPending}
        onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/portal', { replace: true }) })}
      >
        <span className="az-hide-md">{t('session.logoutShort')}</span>
      </Button>
    </div>
  );
}

/** Portal face for certificate holders and employers: top bar with the portal menu. */
export function PortalLayout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const me = useMe();
  const roles = me.data?.user.roles.map((r) => r.role) ?? [];
  const holder = roles.includes('holder');
  const employer = roles.includes('enterprise_admin') || roles.includes('enterprise_archivist');
  const items = [
    { key: '/portal', label: <Link to="/portal">{t('portal.menu.overview')}</Link> },
    ...(holder
      ? [
          { key: '/portal/apply', label: <Link to="/portal/apply">{t('portal.menu.apply')}</Link> },
          {
            key: '/portal/applications',
            label: <Link to="/portal/applications">{t('portal.menu.applications')}</Link>,
          },
          {
            key: '/portal/certificates',
            label: <Link to="/portal/certificates">{t('certificate.mine.title')}</Link>,
          },
          { key: '/portal/exams', label: <Link to="/portal/exams">{t('exam.mine.title')}</Link> },
        ]
      : []),
    ...(employer
      ? [
          { key: '/portal/staff', label: <Link to="/portal/staff">{t('portal.menu.staff')}</Link> },
          { key: '/portal/imports', label: <Link to="/portal/imports">{t('portal.menu.imports')}</Link> },
          { key: '/portal/verify', label: <Link to="/portal/verify">{t('verification.batch.title')}</Link> },
        ]
      : []),
    ...(me.data
      ? [{ key: '/portal/account', label: <Link to="/portal/account">{t('portal.menu.account')}</Link> }]
      : []),
  ];
  let selected = pathname.startsWith('/portal/account') ? '/portal/account' : pathname.replace(/\/$/, '');
  if (pathname.startsWith('/portal/certificates/')) selected = '/portal/certificates';
  return (
    <Layout className="az-portal" data-testid="portal-layout">
      <a className="az-skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="az-portal-header">
        <div className="az-container az-portal-header-inner">
          <Brand to="/portal" suffix={t('portal.title')} />
          <div className="az-header-tools">
            <Link to="/" className="az-header-link" aria-label={t('nav.backToSite')}>
              <HomeOutlined aria-hidden="true" /> <span className="az-hide-xs">{t('nav.backToSite')}</span>
            </Link>
            <LanguageSwitch size="small" />
            <PortalUser />
          </div>
        </div>
        <div className="az-container">
          <Menu
            mode="horizontal"
            selectedKeys={[selected]}
            items={items}
            className="az-portal-menu"
            aria-label={t('portal.title')}
          />
        </div>
      </header>
      <main id="main" className="az-container az-portal-main">
        <ErrorBoundary resetKey={pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
    </Layout>
  );
}
