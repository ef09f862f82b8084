import { Route, Routes } from 'react-router';
import { NotFound } from '../../components/not-found.tsx';
import { HomePage } from './home-page.tsx';
import { PublicLayout } from './public-layout.tsx';

/** Public face (lazy chunk): home today; certificate query, QR landing, credit lists and reports later. */
export default function PublicFace() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route index element={<HomePage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
