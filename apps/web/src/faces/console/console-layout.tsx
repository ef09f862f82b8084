import {
  AuditOutlined,
  BookOutlined,
  CalendarOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  EditOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  HomeOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Breadcrumb, Button, Layout, Menu } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { roleWithScope } from '../../account/roles.ts';
import { useSession } from '../../account/session.ts';
import { useLogout } from '../../api/auth.ts';
import { Brand } from '../../components/brand.tsx';
import { ErrorBoundary } from '../../components/error-boundary.tsx';
import { LanguageSwitch } from '../../components/language-switch.tsx';

/** Console pages and their breadcrumb labels; anything else under /console is a 404. */
const PAGES: Record<string, string> = {
  '/console': 'console.menu.overview',
  '/console/users': 'console.menu.users',
  '/console/audit': 'console.menu.audit',
  '/console/reference': 'console.menu.reference',
  '/console/applications': 'console.menu.applications',
  '/console/certificates/issue': 'certificate.issue.title',
  '/console/certificates': 'certificate.manage.title',
  '/console/account': 'console.menu.account',
  '/console/exam/items': 'exam.bank.title',
  '/console/exam/blueprints': 'exam.blueprint.title',
  '/console/exam/sessions': 'exam.session.title',
  '/console/exam/marking': 'exam.marking.title',
  '/console/account/password': 'account.password.title',
  '/console/account/totp': 'account.totp.title',
};

function pageOf(path: string): { key: string | undefined; menu: string } {
  if (/^\/console\/users\/[^/]+$/.test(path)) return { key: 'users.detail.title', menu: '/console/users' };
  if (/^\/console\/applications\/[^/]+$/.test(path)) {
    return { key: 'review.detailTitle', menu: '/console/applications' };
  }
  if (/^\/console\/certificates\/[^/]+$/.test(path) && path !== '/console/certificates/issue') {
    return { key: 'certificate.detail.title', menu: '/console/certificates' };
  }
  if (/^\/console\/exam\/sessions\/[^/]+$/.test(path))
    return { key: 'exam.session.detail', menu: '/console/exam/sessions' };
  if (path.startsWith('/console/account')) return { key: PAGES[path], menu: '/console/account' };
  return { key: PAGES[path], menu: path };
}

/** Display name, first role with its scope (监管部门经办人 · 广东省深圳市) and logout. */
function UserBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useSession();
  const logout = useLogout();
  const roles = user.roles.map((r) => roleWithScope(t, r));
  return (
    <div className="az-userbox" data-testid="current-user">
      <Link to="/console/account" className="az-userbox-text">
        <span className="az-userbox-name" data-testid="current-user-name">
          <UserOutlined aria-hidden="true" /> {user.displayName}
        </span>
        <span className="az-userbox-role az-hide-xs" data-testid="current-user-role" title={roles.join('；')}>
          {roles[0] ?? ''}
          {roles.length > 1 ? ` +${roles.length - 1}` : ''}
        </span>
      </Link>
      <Button
        type="text"
        icon={<LogoutOutlined />}
        aria-label={t('session.logout')}
        title={t('session.logout')}
        data-testid="logout"
        loading={logout.isPending}
        onClick={() =>
          logout.mutate(undefined, { onSettled: () => navigate('/console/login', { replace: true }) })
        }
      >
        <span className="az-hide-md">{t('session.logoutShort')}</span>
      </Button>
    </div>
  );
}

/**
 * Regulator console: dark sider menu and a header with breadcrumb. Below `lg` the sider is
 * hidden and opens over the content (a phone has no room for both side by side).
 */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [narrow, setNarrow] = useState(false);
  const { abilities, user } = useSession();
  // Regulators handle applications in their subtree (the server decides what each may do).
  const reviewer = user.roles.some((r) => ['regulator_officer', 'regulator_approver'].includes(r.role));
  const assessor = user.roles.some((r) => r.role === 'assessor');
  const path = pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname;
  const { key: pageKey, menu } = pageOf(path);
  const menuItems = [
    {
      key: '/console',
      icon: <DashboardOutlined aria-hidden="true" />,
      label: <Link to="/console">{t('console.menu.overview')}</Link>,
    },
    ...(reviewer
      ? [
          {
            key: '/console/applications',
            icon: <FileDoneOutlined aria-hidden="true" />,
            label: <Link to="/console/applications">{t('console.menu.applications')}</Link>,
          },
          {
            key: '/console/certificates/issue',
            icon: <FileProtectOutlined aria-hidden="true" />,
            label: <Link to="/console/certificates/issue">{t('certificate.issue.title')}</Link>,
          },
          {
            key: '/console/certificates',
            icon: <SafetyCertificateOutlined aria-hidden="true" />,
            label: <Link to="/console/certificates">{t('certificate.manage.title')}</Link>,
          },
        ]
      : []),
    ...(reviewer
      ? [
          {
            key: '/console/exam/sessions',
            icon: <CalendarOutlined aria-hidden="true" />,
            label: <Link to="/console/exam/sessions">{t('exam.session.title')}</Link>,
          },
          {
            key: '/console/exam/blueprints',
            icon: <ProfileOutlined aria-hidden="true" />,
            label: <Link to="/console/exam/blueprints">{t('exam.blueprint.title')}</Link>,
          },
        ]
      : []),
    ...(reviewer || assessor
      ? [
          {
            key: '/console/exam/items',
            icon: <BookOutlined aria-hidden="true" />,
            label: <Link to="/console/exam/items">{t('exam.bank.title')}</Link>,
          },
          {
            key: '/console/exam/marking',
            icon: <EditOutlined aria-hidden="true" />,
            label: <Link to="/console/exam/marking">{t('exam.marking.title')}</Link>,
          },
        ]
      : []),
    {
      key: '/console/reference',
      icon: <DatabaseOutlined aria-hidden="true" />,
      label: <Link to="/console/reference">{t('console.menu.reference')}</Link>,
    },
    ...(abilities.viewUsers
      ? [
          {
            key: '/console/users',
            icon: <TeamOutlined aria-hidden="true" />,
            label: <Link to="/console/users">{t('console.menu.users')}</Link>,
          },
        ]
      : []),
    ...(abilities.readAudit
      ? [
          {
            key: '/console/audit',
            icon: <AuditOutlined aria-hidden="true" />,
            label: <Link to="/console/audit">{t('console.menu.audit')}</Link>,
          },
        ]
      : []),
    {
      key: '/console/account',
      icon: <UserOutlined aria-hidden="true" />,
      label: <Link to="/console/account">{t('console.menu.account')}</Link>,
    },
  ];
  return (
    <Layout className="az-console" data-testid="console-layout" hasSider>
      <a className="az-skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Sider
        id="console-sider"
        breakpoint="lg"
        onBreakpoint={(broken) => {
          setNarrow(broken);
          setCollapsed(broken);
        }}
        collapsible
        trigger={null}
        collapsed={collapsed}
        collapsedWidth={narrow ? 0 : 64}
        width={220}
        className={narrow ? 'az-console-sider az-console-sider-overlay' : 'az-console-sider'}
        aria-label={t('console.siderLabel')}
      >
        <div className="az-console-brand">
          <Brand to="/console" suffix={t('console.title')} inverted />
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={pageKey ? [menu] : []}
          items={menuItems}
          onClick={() => narrow && setCollapsed(true)}
        />
      </Layout.Sider>
      {narrow && !collapsed ? (
        <button
          type="button"
          className="az-console-scrim"
          aria-label={t('console.closeMenu')}
          onClick={() => setCollapsed(true)}
        />
      ) : null}
      <Layout>
        <Layout.Header className="az-console-header">
          <div className="az-console-header-start">
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed(!collapsed)}
              aria-label={collapsed ? t('console.openMenu') : t('console.closeMenu')}
              aria-expanded={!collapsed}
              aria-controls="console-sider"
            />
            <Breadcrumb
              className="az-console-breadcrumb"
              items={[
                { title: <Link to="/console">{t('console.title')}</Link> },
                { title: t(pageKey ?? 'notFound.title') },
              ]}
            />
          </div>
          <div className="az-header-tools">
            <Link to="/" className="az-header-link" aria-label={t('nav.backToSite')}>
              <HomeOutlined aria-hidden="true" /> <span className="az-hide-xs">{t('nav.backToSite')}</span>
            </Link>
            <LanguageSwitch size="small" />
            <UserBox />
          </div>
        </Layout.Header>
        <Layout.Content id="main" className="az-console-main">
          <ErrorBoundary resetKey={pathname}>
            <Outlet />
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
