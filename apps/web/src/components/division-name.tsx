import { useTranslation } from 'react-i18next';
import { NATIONAL_CODE, useDivision } from '../api/divisions.ts';

/** A division code in words (广东省深圳市), the code itself until the name has loaded. */
export function DivisionName({ code }: { code: string | null | undefined }) {
  const { t } = useTranslation();
  const division = useDivision(code ?? undefined);
  if (!code) return <>—</>;
  if (code === NATIONAL_CODE) return <>{t('scope.national')}</>;
  return <span title={code}>{division.data?.fullName ?? code}</span>;
}
