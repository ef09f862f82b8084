import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApplicationState } from '../../api/applications.ts';

const COLORS: Record<ApplicationState, string> = {
  draft: 'default',
  submitted: 'blue',
  under_review: 'processing',
  returned: 'warning',
  approved: 'success',
  rejected: 'error',
};

export function ApplicationStateTag({ state }: { state: ApplicationState }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[state] ?? 'default'} data-testid="application-state" data-state={state}>
      {t(`application.state.${state}`)}
    </Tag>
  );
}
