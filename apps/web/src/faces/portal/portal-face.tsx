import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useSearchParams } from 'react-router';
import { AccountPage, PasswordPage, TotpPage } from '../../account/account-pages.tsx';
import { LoginPage } from '../../account/login-page.tsx';
import { safeNext } from '../../account/session.ts';
import { SessionGuard } from '../../account/session-guard.tsx';
import { useMe } from '../../api/auth.ts';
import { NotFound } from '../../components/not-found.tsx';
import { ExamRoomPage } from '../exam/exam-room-page.tsx';
import { ImportsPage } from './enterprise/imports-page.tsx';
import { StaffPage } from './enterprise/staff-page.tsx';
import { BatchVerifyPage } from './enterprise/verify/batch-verify-page.tsx';
import { ApplyPage } from './holder/apply-page.tsx';
import { ECertificatePage } from './holder/certificates/e-certificate-page.tsx';
import { MyCertificatesPage } from './holder/certificates/my-certificates-page.tsx';
import { MyExamsPage } from './holder/exam/my-exams-page.tsx';
import { MyApplicationsPage } from './holder/my-applications-page.tsx';
import { PortalHome } from './portal-home.tsx';
import { PortalLayout } from './portal-layout.tsx';

/** Holders and enterprise users log in here (same form as the console); then back to the portal. */
function PortalLogin() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const me = useMe();
  if (me.data) {
    // Same order as the session guard: second factor, then the initial password.
    const { mfa, user } = me.data;
    let to = safeNext(params.get('next'), '/portal');
    if (mfa.enrolmentRequired) to = '/portal/account/totp';
    else if (user.mustChangePassword) to = '/portal/account/password';
    return <Navigate to={to} replace />;
  }
  return (
    <LoginPage
      testId="portal-login"
      face={t('portal.title')}
      title={t('login.portalTitle')}
      note={t('portal.login.body')}
    />
  );
}

/** Portal face (lazy chunk), mounted at `/portal/*`. */
export default function PortalFace() {
  const { t } = useTranslation();
  return (
    <Routes>
      <Route path="login" element={<PortalLogin />} />
      {/* The exam room is full screen: no portal header or menu. */}
      <Route element={<SessionGuard face="/portal" />}>
        <Route path="exam/:registrationId" element={<ExamRoomPage />} />
      </Route>
      <Route element={<PortalLayout />}>
        <Route index element={<PortalHome />} />
        <Route element={<SessionGuard face="/portal" />}>
          <Route path="account" element={<AccountPage />} />
          <Route path="account/password" element={<PasswordPage home="/portal" />} />
          <Route path="account/totp" element={<TotpPage home="/portal" />} />
          <Route path="apply" element={<ApplyPage />} />
          <Route path="applications" element={<MyApplicationsPage />} />
          <Route path="staff" element={<StaffPage />} />
          <Route path="imports" element={<ImportsPage />} />
          <Route path="certificates" element={<MyCertificatesPage />} />
          <Route path="certificates/:no" element={<ECertificatePage />} />
          <Route path="verify" element={<BatchVerifyPage />} />
          <Route path="exams" element={<MyExamsPage />} />
        </Route>
        <Route path="*" element={<NotFound homePath="/portal" homeLabel={t('notFound.backPortal')} />} />
      </Route>
    </Routes>
  );
}
