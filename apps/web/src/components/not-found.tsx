import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useDocumentTitle } from './use-document-title.ts';

/** 404 inside whichever face's layout the unknown address fell under. */
export function NotFound({ homePath = '/', homeLabel }: { homePath?: string; homeLabel?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  useDocumentTitle(t('notFound.title'));
  return (
    <div data-testid="not-found">
      <Result
        status="404"
        title="404"
        subTitle={
          <>
            <h1 className="az-result-heading">{t('notFound.title')}</h1>
            <p>{t('notFound.subtitle')}</p>
          </>
        }
        extra={
          <Button type="primary" onClick={() => navigate(homePath)}>
            {homeLabel ?? t('notFound.backHome')}
          </Button>
        }
      />
    </div>
  );
}
