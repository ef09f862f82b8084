import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MeResponse } from '../api/types.ts';
import { Brand } from '../components/brand.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { useDocumentTitle } from '../components/use-document-title.ts';
import { LoginForm } from './login-form.tsx';

/** Full-page login for a face (console or portal): brand, the form, and a way back. */
export function LoginPage({
  face,
  title,
  note,
  onLoggedIn,
  testId,
}: {
  face: string;
  title: string;
  note: string;
  onLoggedIn?: (me: MeResponse) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  useDocumentTitle(title);
  return (
    <div className="az-login" data-testid={testId}>
      <header className="az-login-top">
        <Brand to="/" suffix={face} inverted />
        <LanguageSwitch size="small" />
      </header>
      <main id="main" className="az-login-main">
        <Card className="az-login-card">
          <h1 className="az-login-title">{title}</h1>
          <Typography.Paragraph type="secondary" className="az-login-note">
            {note}
          </Typography.Paragraph>
          <LoginForm onLoggedIn={onLoggedIn} />
        </Card>
        <p className="az-login-foot">
          <Link to="/">{t('nav.backToSite')}</Link>
        </p>
      </main>
    </div>
  );
}
