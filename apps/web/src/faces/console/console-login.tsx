import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { LoginPage } from '../../account/login-page.tsx';
import { onlyPortalRoles } from '../../account/roles.ts';
import { safeNext } from '../../account/session.ts';
import { useMe } from '../../api/auth.ts';

export function ConsoleLogin() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'), '/console');
  const me = useMe();
  // Logging in fills the session cache, which re-renders this page into the redirect.
  if (me.data) return <Navigate to={onlyPortalRoles(me.data.user.roles) ? '/portal' : next} replace />;
  return (
    <LoginPage
      testId="console-login"
      face={t('console.title')}
      title={t('login.consoleTitle')}
      note={t('login.consoleNote')}
    />
  );
}
