import { Route, Routes } from 'react-router';
import { NotFound } from '../../components/not-found.tsx';
import { QrLandingPage } from './certificates/qr-landing-page.tsx';
import { CertificateQueryPage } from './certificates/query-page.tsx';
import { ShareLandingPage } from './certificates/share-landing-page.tsx';
import { HomePage } from './home-page.tsx';
import { PublicLayout } from './public-layout.tsx';

/** Public face (lazy chunk): home today; certificate query, QR landing, credit lists and reports later. */
export default function PublicFace() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route index element={<HomePage />} />
        <Route path="certificates" element={<CertificateQueryPage />} />
        <Route path="v/:no" element={<QrLandingPage />} />
        <Route path="s/:token" element={<ShareLandingPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
