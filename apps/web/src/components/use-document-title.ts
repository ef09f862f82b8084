import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets `<title>` to "<page> · 安证 · …" (or just the product title) in the current language. */
export function useDocumentTitle(page?: string): void {
  const { t } = useTranslation();
  const title = t('app.documentTitle');
  useEffect(() => {
    document.title = page ? `${page} · ${title}` : title;
  }, [page, title]);
}
