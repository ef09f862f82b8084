import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { AccountPage, PasswordPage, TotpPage } from '../../account/account-pages.tsx';
import { SessionGuard } from '../../account/session-guard.tsx';
import { NotFound } from '../../components/not-found.tsx';
import { ApplicationReviewPage } from './applications/application-review-page.tsx';
import { ApplicationsPage } from './applications/applications-page.tsx';
import { AuditPage } from './audit-page.tsx';
import { CertificateDetailPage } from './certificates/certificate-detail-page.tsx';
import { CertificatesPage } from './certificates/certificates-page.tsx';
import { IssuePage } from './certificates/issue-page.tsx';
import { ConsoleHome } from './console-home.tsx';
import { ConsoleLayout } from './console-layout.tsx';
import { ConsoleLogin } from './console-login.tsx';
import { BlueprintsPage } from './exam/blueprints-page.tsx';
import { ItemsPage } from './exam/items-page.tsx';
import { MarkingPage } from './exam/marking-page.tsx';
import { SessionDetailPage } from './exam/session-detail-page.tsx';
import { SessionsPage } from './exam/sessions-page.tsx';
import { ReferencePage } from './reference/reference-page.tsx';
import { UserDetailPage } from './user-detail-page.tsx';
import { UsersPage } from './users-page.tsx';

/** Regulator console face (lazy chunk), mounted at `/console/*`. All but login need a session. */
export default function ConsoleFace() {
  const { t } = useTranslation();
  return (
    <Routes>
      <Route path="login" element={<ConsoleLogin />} />
      <Route element={<SessionGuard face="/console" />}>
        <Route element={<ConsoleLayout />}>
          <Route index element={<ConsoleHome />} />
          <Route path="account" element={<AccountPage />} />
          <Route path="account/password" element={<PasswordPage home="/console" />} />
          <Route path="account/totp" element={<TotpPage home="/console" />} />
          <Route path="users" element={<UsersPage />} />
          <Route path="users/:id" element={<UserDetailPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="reference" element={<ReferencePage />} />
          <Route path="applications" element={<ApplicationsPage />} />
          <Route path="applications/:id" element={<ApplicationReviewPage />} />
          <Route path="certificates" element={<CertificatesPage />} />
          <Route path="certificates/issue" element={<IssuePage />} />
          <Route path="certificates/:no" element={<CertificateDetailPage />} />
          <Route path="exam/items" element={<ItemsPage />} />
          <Route path="exam/blueprints" element={<BlueprintsPage />} />
          <Route path="exam/sessions" element={<SessionsPage />} />
          <Route path="exam/sessions/:id" element={<SessionDetailPage />} />
          <Route path="exam/marking" element={<MarkingPage />} />
          <Route path="*" element={<NotFound homePath="/console" homeLabel={t('notFound.backConsole')} />} />
        </Route>
      </Route>
    </Routes>
  );
}
