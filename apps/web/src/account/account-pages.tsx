import { Alert, Card, Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useDocumentTitle } from '../components/use-document-title.ts';
import { ChangePasswordForm } from './change-password-form.tsx';
import { ProfileCard } from './profile-card.tsx';
import { useSession } from './session.ts';
import { TotpEnrolment } from './totp-enrolment.tsx';

/** 我的账户: profile, password, second factor. Shared by the console and the portal. */
export function AccountPage() {
  const { t } = useTranslation();
  const me = useSession();
  useDocumentTitle(t('account.title'));
  return (
    <>
      <h1 className="az-page-title">{t('account.title')}</h1>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <ProfileCard me={me} />
        </Col>
        <Col xs={24} xl={12}>
          <Card title={<h2 className="az-card-heading">{t('account.password.title')}</h2>}>
            <ChangePasswordForm />
          </Card>
        </Col>
        <Col xs={24}>
          <Card
            title={<h2 className="az-card-heading">{t('account.totp.title')}</h2>}
            data-testid="totp-card"
          >
            {me.user.totpEnabled ? (
              <Alert type="success" showIcon message={t('account.totp.enabledBody')} />
            ) : (
              <TotpEnrolment />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}

/** Forced step after an initial or reset password (`mustChangePassword`). */
export function PasswordPage({ home }: { home: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useSession();
  useDocumentTitle(t('account.password.title'));
  return (
    <div className="az-step-page" data-testid="password-page">
      <h1 className="az-page-title">{t('account.password.title')}</h1>
      {user.mustChangePassword ? (
        <Alert type="warning" showIcon message={t('account.password.mustChange')} className="az-form-alert" />
      ) : null}
      <Card>
        <ChangePasswordForm onChanged={() => navigate(home, { replace: true })} />
      </Card>
    </div>
  );
}

/** Forced step for roles that require a second factor and have none yet. */
export function TotpPage({ home }: { home: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user, mfa } = useSession();
  useDocumentTitle(t('account.totp.title'));
  return (
    <div className="az-step-page" data-testid="totp-page">
      <h1 className="az-page-title">{t('account.totp.title')}</h1>
      {mfa.enrolmentRequired ? (
        <Alert type="warning" showIcon message={t('account.totp.mustEnrol')} className="az-form-alert" />
      ) : null}
      <Card>
        {user.totpEnabled ? (
          <Alert type="success" showIcon message={t('account.totp.enabledBody')} />
        ) : (
          <TotpEnrolment autoStart onDone={() => navigate(home, { replace: true })} />
        )}
      </Card>
    </div>
  );
}
