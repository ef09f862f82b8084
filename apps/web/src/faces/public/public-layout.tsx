import { Layout } from 'antd';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { Brand } from '../../components/brand.tsx';
import { ErrorBoundary } from '../../components/error-boundary.tsx';
import { LanguageSwitch } from '../../components/language-switch.tsx';

/** Public face: mobile-first, one column on phones, centred container on wide screens. */
export function PublicLayout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const navClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'az-nav-link active' : 'az-nav-link');
  return (
    <Layout className="az-public" data-testid="public-layout">
      <a className="az-skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="az-public-header">
        <div className="az-container az-public-header-inner">
          <Brand />
          <nav aria-label={t('nav.label')} className="az-public-nav">
            <NavLink to="/" end className={navClass}>
              {t('nav.home')}
            </NavLink>
            <NavLink to="/portal" className={navClass}>
              {t('nav.portal')}
            </NavLink>
            <NavLink to="/console" className={navClass}>
              {t('nav.console')}
            </NavLink>
          </nav>
          <div className="az-public-lang">
            <LanguageSwitch size="small" />
          </div>
        </div>
      </header>
      <main id="main" className="az-container az-public-main">
        <ErrorBoundary resetKey={pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
      <footer className="az-public-footer">
        <div className="az-container">
          <p>{t('footer.about')}</p>
          <nav aria-label={t('footer.links')}>
            <a href="/api/docs">{t('footer.apiDocs')}</a>
          </nav>
          <p className="az-footer-name">
            {t('app.name')} · {t('app.fullName')}
          </p>
        </div>
      </footer>
    </Layout>
  );
}
