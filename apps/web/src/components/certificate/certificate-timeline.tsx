import { Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CertificateEventView, CertificateStatus } from '../../api/certificates.ts';

const DOT: Partial<Record<CertificateStatus, string>> = {
  valid: 'green',
  suspended: 'orange',
  revoked: 'red',
  cancelled: 'gray',
  expired: 'gray',
};

/** Every change of a certificate: what happened, who, when, on what basis and why. */
export function CertificateTimeline({ events }: { events: CertificateEventView[] }) {
  const { t, i18n } = useTranslation();
  if (events.length === 0)
    return <Typography.Text type="secondary">{t('certificate.detail.noEvents')}</Typography.Text>;
  const kindName = (kind: string) => {
    const key = `certificate.eventKind.${kind}`;
    return i18n.exists(key) ? t(key) : kind;
  };
  return (
    <Timeline
      data-testid="certificate-timeline"
      items={events.map((e) => ({
        key: e.id,
        color: DOT[e.toStatus] ?? 'blue',
        children: (
          <div className="az-event" data-testid="certificate-event" data-kind={e.kind}>
            <div>
              <strong>{kindName(e.kind)}</strong>
              <span className="az-muted az-event-meta">
                {dayjs(e.at).format('YYYY-MM-DD HH:mm')} · {e.actorName}
              </span>
            </div>
            <div className="az-small">
              {e.fromStatus ? `${t(`certificate.status.${e.fromStatus}`)} → ` : ''}
              {t(`certificate.status.${e.toStatus}`)}
            </div>
            {e.basis ? (
              <div className="az-event-reason">
                {t('certificate.field.basis')}：{e.basis}
              </div>
            ) : null}
            {e.reason ? (
              <div className="az-event-reason">
                {t('certificate.field.reason')}：{e.reason}
              </div>
            ) : null}
          </div>
        ),
      }))}
    />
  );
}
