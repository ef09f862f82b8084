import { Card, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EnterpriseView } from '../../../api/types.ts';

export function EnterpriseCard({ enterprise }: { enterprise: EnterpriseView }) {
  const { t } = useTranslation();
  return (
    <Card size="small" className="az-enterprise-card" data-testid="enterprise-card">
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} title={enterprise.name}>
        <Descriptions.Item label={t('staff.enterprise.creditCode')}>
          <span className="az-mono">{enterprise.creditCode}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('staff.enterprise.industry')}>
          {enterprise.industryName ?? enterprise.industryCode}
          {enterprise.highRisk ? (
            <Tag color="red" className="az-tag-gap">
              {t('reference.industries.highRisk')}
            </Tag>
          ) : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('staff.enterprise.division')}>
          {enterprise.divisionName ?? enterprise.divisionCode}
        </Descriptions.Item>
        <Descriptions.Item label={t('staff.enterprise.employees')}>
          {enterprise.employeeCount}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
