import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** Logo + product name, linking to the face's home. `suffix` names the face (办事入口, 监管端). */
export function Brand({
  to = '/',
  suffix,
  inverted = false,
}: {
  to?: string;
  suffix?: string;
  inverted?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Link to={to} className={inverted ? 'az-brand az-brand-inverted' : 'az-brand'}>
      <img src="/favicon.svg" alt="" width={32} height={32} className="az-brand-logo" />
      <span className="az-brand-text">
        <span className="az-brand-name">{t('app.name')}</span>
        <span className="az-brand-sub">{suffix ?? t('app.fullName')}</span>
      </span>
    </Link>
  );
}
