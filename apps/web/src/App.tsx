import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ErrorBoundary } from './components/error-boundary.tsx';

// One lazy chunk per face: a visitor of the public pages never downloads console code.
const PublicFace = lazy(() => import('./faces/public/public-face.tsx'));
const PortalFace = lazy(() => import('./faces/portal/portal-face.tsx'));
const ConsoleFace = lazy(() => import('./faces/console/console-face.tsx'));

function FaceLoading() {
  const { t } = useTranslation();
  return (
    <div className="az-face-loading" role="status">
      <Spin size="large" />
      <span className="az-sr-only">{t('app.loading')}</span>
    </div>
  );
}

/** Per-face error boundary around the lazy chunk (also catches a failed chunk download). */
function Face({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary>
      <Suspense fallback={<FaceLoading />}>{children}</Suspense>
    </ErrorBoundary>
  );
}

const router = createBrowserRouter([
  {
    path: '/portal/*',
    element: (
      <Face>
        <PortalFace />
      </Face>
    ),
  },
  {
    path: '/console/*',
    element: (
      <Face>
        <ConsoleFace />
      </Face>
    ),
  },
  // The public face also owns the 404 for every other unknown address.
  {
    path: '*',
    element: (
      <Face>
        <PublicFace />
      </Face>
    ),
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
