import { AuditOutlined, BankOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { SystemStatusCard } from '../../components/system-status-card.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';

function EntryCard({
  icon,
  title,
  children,
  action,
}: {
  icon: ReactNode;
  title: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Card className="az-entry-card">
      <div className="az-entry-icon" aria-hidden="true">
        {icon}
      </div>
      <h3 className="az-entry-title">{title}</h3>
      <div className="az-entry-body">{children}</div>
      {action ? <div className="az-entry-action">{action}</div> : null}
    </Card>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  useDocumentTitle();
  // Phones: intro, entries, status. Wide screens: intro beside the status card, entries below.
  return (
    <Row gutter={[24, 24]}>
      <Col xs={{ span: 24, order: 1 }} lg={{ span: 16, order: 1 }}>
        <section className="az-hero" aria-labelledby="home-title">
          <p className="az-hero-kicker">{t('app.name')}</p>
          <h1 id="home-title" className="az-hero-title">
            {t('home.title')}
          </h1>
          <Typography.Paragraph className="az-hero-text">{t('home.lead')}</Typography.Paragraph>
          <Typography.Paragraph className="az-hero-text">{t('home.rules')}</Typography.Paragraph>
        </section>
      </Col>
      <Col xs={{ span: 24, order: 3 }} lg={{ span: 8, order: 2 }}>
        <SystemStatusCard />
      </Col>
      <Col xs={{ span: 24, order: 2 }} lg={{ span: 24, order: 3 }}>
        <section aria-labelledby="entries-title">
          <h2 id="entries-title" className="az-section-title">
            {t('home.entriesTitle')}
          </h2>
          <Row gutter={[16, 16]} align="stretch">
            <Col xs={24} md={8}>
              <EntryCard
                icon={<SafetyCertificateOutlined />}
                title={t('home.publicEntry.title')}
                action={
                  <Button
                    type="primary"
                    block
                    onClick={() => navigate('/certificates')}
                    data-testid="home-certificate-query"
                  >
                    {t('certificate.query.title')}
                  </Button>
                }
              >
                <p>{t('home.publicEntry.body')}</p>
                <Typography.Text type="secondary">{t('home.publicEntry.note')}</Typography.Text>
              </EntryCard>
            </Col>
            <Col xs={24} md={8}>
              <EntryCard
                icon={<BankOutlined />}
                title={t('home.portalEntry.title')}
                action={
                  <Button type="primary" block onClick={() => navigate('/portal')}>
                    {t('home.portalEntry.action')}
                  </Button>
                }
              >
                <p>{t('home.portalEntry.body')}</p>
              </EntryCard>
            </Col>
            <Col xs={24} md={8}>
              <EntryCard
                icon={<AuditOutlined />}
                title={t('home.consoleEntry.title')}
                action={
                  <Button block onClick={() => navigate('/console')}>
                    {t('home.consoleEntry.action')}
                  </Button>
                }
              >
                <p>{t('home.consoleEntry.body')}</p>
              </EntryCard>
            </Col>
          </Row>
        </section>
      </Col>
    </Row>
  );
}
