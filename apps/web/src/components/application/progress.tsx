import { Steps, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ApplicationEvent, ApplicationState } from '../../api/applications.ts';

type StepStatus = 'wait' | 'process' | 'finish' | 'error';

/** Where the application stands on 填写 → 提交 → 审核 → 结果. */
export function ApplicationSteps({
  state,
  size = 'default',
  compact = false,
}: {
  state: ApplicationState;
  size?: 'default' | 'small';
  /** Inline dots with the titles underneath: four steps fit on a phone. */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const current = { draft: 0, submitted: 1, returned: 2, under_review: 2, approved: 3, rejected: 3 }[state];
  let status: StepStatus = 'process';
  // Submitted: the applicant's part is done, the review has not started yet.
  if (state === 'approved' || state === 'submitted') status = 'finish';
  if (state === 'rejected' || state === 'returned') status = 'error';
  let reviewTitle = t('application.steps.review');
  if (state === 'returned') reviewTitle = t('application.state.returned');
  let resultTitle = t('application.steps.result');
  if (state === 'approved') resultTitle = t('application.state.approved');
  if (state === 'rejected') resultTitle = t('application.state.rejected');
  return (
    <Steps
      size={size}
      responsive={!compact}
      {...(compact ? { type: 'inline' as const } : {})}
      current={current}
      status={status}
      data-testid="application-steps"
      items={[
        { title: t('application.steps.draft') },
        { title: t('application.steps.submitted') },
        { title: reviewTitle },
        { title: resultTitle },
      ]}
    />
  );
}

const DOT_COLORS: Partial<Record<ApplicationState, string>> = {
  approved: 'green',
  rejected: 'red',
  returned: 'orange',
};

/** Every state change with who made it, when and why. */
export function ApplicationTimeline({ events }: { events: ApplicationEvent[] }) {
  const { t } = useTranslation();
  if (events.length === 0)
    return <Typography.Text type="secondary">{t('application.noEvents')}</Typography.Text>;
  return (
    <Timeline
      data-testid="application-timeline"
      items={events.map((e, i) => ({
        key: `${e.at}-${i}`,
        color: DOT_COLORS[e.toState] ?? 'blue',
        children: (
          <div className="az-event">
            <div>
              <strong>{t(`application.state.${e.toState}`)}</strong>
              <span className="az-muted az-event-meta">
                {dayjs(e.at).format('YYYY-MM-DD HH:mm')}
                {e.actorName ? ` · ${e.actorName}` : ''}
              </span>
            </div>
            {e.reason ? (
              <div className="az-event-reason">
                {t('application.reason')}：{e.reason}
              </div>
            ) : null}
          </div>
        ),
      }))}
    />
  );
}
