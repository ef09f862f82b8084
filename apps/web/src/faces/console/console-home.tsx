import { EnvironmentOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Empty, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { roleName, scopeText } from '../../account/roles.ts';
import { useSession } from '../../account/session.ts';
import { SystemStatusCard } from '../../components/system-status-card.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';

/** 我的管辖范围: what this account may see — a city regulator sees its city subtree only. */
function JurisdictionCard() {
  const { t } = useTranslation();
  const { user } = useSession();
  return (
    <Card
      data-testid="my-jurisdiction"
      title={
        <h2 className="az-card-heading">
          <EnvironmentOutlined aria-hidden="true" /> {t('console.jurisdiction.title')}
        </h2>
      }
    >
      {user.roles.length === 0 ? (
        <Empty description={t('console.jurisdiction.none')} />
      ) : (
        <ul className="az-scope-list">
          {user.roles.map((role) => {
            const scope = scopeText(t, role);
            return (
              <li key={role.id}>
                <span className="az-scope-name" data-testid="jurisdiction-scope">
                  {scope ?? t('console.jurisdiction.unscoped')}
                </span>
                <Tag color="blue">{roleName(t, role.role)}</Tag>
              </li>
            );
          })}
        </ul>
      )}
      <Typography.Text type="secondary">{t('console.jurisdiction.note')}</Typography.Text>
    </Card>
  );
}

export function ConsoleHome() {
  const { t } = useTranslation();
  const { user } = useSession();
  useDocumentTitle(t('console.title'));
  const duties = t('console.duties', { returnObjects: true }) as string[];
  return (
    <>
      <h1 className="az-page-title">{t('console.title')}</h1>
      <Typography.Paragraph className="az-page-lead">
        {t('console.welcome', { name: user.displayName })}
        {t('console.intro')}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Row gutter={[16, 16]}>
            <Col span={24}>
              <JurisdictionCard />
            </Col>
            <Col span={24}>
              <Card title={<h2 className="az-card-heading">{t('console.dutiesTitle')}</h2>}>
                <ul className="az-feature-list">
                  {duties.map((duty) => (
                    <li key={duty}>{duty}</li>
                  ))}
                </ul>
                <Alert type="info" showIcon message={t('console.security')} />
              </Card>
            </Col>
          </Row>
        </Col>
        <Col xs={24} xl={8}>
          <SystemStatusCard />
        </Col>
      </Row>
    </>
  );
}
