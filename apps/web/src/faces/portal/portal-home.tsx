import {
  IdcardOutlined,
  LoginOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { roleWithScope } from '../../account/roles.ts';
import { useMe } from '../../api/auth.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';

function FeatureList({ items }: { items: string[] }) {
  return (
    <ul className="az-feature-list">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

/** Who is logged in, and an honest word on what the portal will show them. */
function SessionCard() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.data) {
    const { user } = me.data;
    return (
      <Card
        data-testid="portal-session"
        title={
          <h2 className="az-card-heading">
            <UserOutlined aria-hidden="true" /> {t('portal.session.title')}
          </h2>
        }
      >
        <p className="az-portal-greeting">{t('portal.session.greeting', { name: user.displayName })}</p>
        <div className="az-role-tags">
          {user.roles.some((r) => r.role === 'holder') ? (
            <Link to="/portal/certificates" data-testid="home-my-certificates">
              <Button size="small" icon={<SafetyCertificateOutlined />}>
                {t('certificate.mine.title')}
              </Button>
            </Link>
          ) : null}
          {user.roles.some((r) => r.role === 'holder') ? (
            <Link to="/portal/exams" data-testid="home-my-exams">
              <Button size="small" icon={<ScheduleOutlined />}>
                {t('exam.mine.title')}
              </Button>
            </Link>
          ) : null}
          {user.roles.some((r) => r.role === 'enterprise_admin' || r.role === 'enterprise_archivist') ? (
            <Link to="/portal/verify" data-testid="home-batch-verify">
              <Button size="small" icon={<SafetyCertificateOutlined />}>
                {t('verification.batch.title')}
              </Button>
            </Link>
          ) : null}
        </div>
        <div className="az-role-tags">
          {user.roles.map((r) => (
            <Tag key={r.id} color="blue">
              {roleWithScope(t, r)}
            </Tag>
          ))}
        </div>
        <Typography.Paragraph type="secondary" className="az-portal-honest">
          {t('portal.session.comingSoon')}
        </Typography.Paragraph>
        <Link to="/portal/account">{t('portal.session.account')}</Link>
      </Card>
    );
  }
  return (
    <Card
      data-testid="portal-login-info"
      title={
        <h2 className="az-card-heading">
          <LoginOutlined aria-hidden="true" /> {t('portal.login.title')}
        </h2>
      }
    >
      <p>{t('portal.login.body')}</p>
      <Link to="/portal/login">
        <Button type="primary" icon={<LoginOutlined />}>
          {t('login.submit')}
        </Button>
      </Link>
    </Card>
  );
}

export function PortalHome() {
  const { t } = useTranslation();
  useDocumentTitle(t('portal.title'));
  const holderItems = t('portal.holders.items', { returnObjects: true }) as string[];
  const enterpriseItems = t('portal.enterprises.items', { returnObjects: true }) as string[];
  return (
    <>
      <h1 className="az-page-title">{t('portal.title')}</h1>
      <Typography.Paragraph className="az-page-lead">{t('portal.intro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12} lg={8}>
          <Card
            title={
              <h2 className="az-card-heading">
                <IdcardOutlined aria-hidden="true" /> {t('portal.holders.title')}
              </h2>
            }
          >
            <FeatureList items={holderItems} />
          </Card>
        </Col>
        <Col xs={24} md={12} lg={8}>
          <Card
            title={
              <h2 className="az-card-heading">
                <TeamOutlined aria-hidden="true" /> {t('portal.enterprises.title')}
              </h2>
            }
          >
            <FeatureList items={enterpriseItems} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <SessionCard />
        </Col>
      </Row>
    </>
  );
}
