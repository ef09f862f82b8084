import { RightOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Skeleton, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type CertificateView, useCertificates } from '../../../../api/certificates.ts';
import { CertificateStatusTag } from '../../../../components/certificate/status-tag.tsx';
import { levelName } from '../../../../components/levels.ts';
import { useDocumentTitle } from '../../../../components/use-document-title.ts';
import '../../../../components/certificate/certificate.css';

function CertificateCard({ c }: { c: CertificateView }) {
  const { t } = useTranslation();
  return (
    <Link to={`/portal/certificates/${c.number}`} data-testid="my-certificate" data-number={c.number}>
      <Card hoverable className={`az-cert-list-card az-cert-card-${c.status}`}>
        <div className="az-cert-card-head">
          <div>
            <div className="az-cert-card-kicker">
              <SafetyCertificateOutlined aria-hidden="true" /> {levelName(t, c.level)}
            </div>
            <h2 className="az-cert-card-title">{c.certificateTypeName}</h2>
          </div>
          <CertificateStatusTag status={c.status} />
        </div>
        <div className="az-cert-list-meta">
          <span>
            {t('certificate.field.number')}：<span className="az-mono">{c.number}</span>
          </span>
          <span>
            {t('certificate.field.validity')}：{c.validFrom} — {c.validUntil}
          </span>
          <span>
            {t('certificate.field.issuer')}：{c.issuerName}
          </span>
        </div>
        <div className="az-cert-list-meta">
          <span className="az-link-like">
            {t('certificate.mine.open')} <RightOutlined />
          </span>
        </div>
      </Card>
    </Link>
  );
}

/** 我的证书: every certificate of the holder as a card; each opens the e-certificate. */
export function MyCertificatesPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('certificate.mine.title'));
  const list = useCertificates({});
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">{t('certificate.mine.title')}</h1>
      </div>
      {list.isPending ? <Skeleton active /> : null}
      {!list.isPending && rows.length === 0 ? (
        <Card>
          <Empty description={list.isError ? list.error.message : t('certificate.mine.empty')}>
            <Link to="/portal/applications">{t('certificate.mine.toApplications')}</Link>
          </Empty>
        </Card>
      ) : null}
      <Space direction="vertical" size={12} className="az-block">
        {rows.map((c) => (
          <CertificateCard key={c.number} c={c} />
        ))}
      </Space>
      {list.hasNextPage ? (
        <div className="az-load-more">
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  );
}
