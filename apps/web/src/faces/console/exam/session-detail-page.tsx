import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  type RegistrationView,
  useCheckIn,
  usePublishResult,
  useRegistrations,
  useSchedule,
  useSession,
  useSessionAction,
} from '../../../api/exam.ts';
import { ResultScores } from '../../../components/exam/result-scores.tsx';
import { levelName } from '../../../components/levels.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { CreateAssessmentModal } from './create-assessment-modal.tsx';
import { InvigilationPanel } from './invigilation-panel.tsx';
import { SESSION_STATE_COLORS } from './sessions-page.tsx';
import { StatisticsPanel } from './statistics-panel.tsx';
import '../../../components/exam/exam.css';

function ScheduleForm({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ ids: string }>();
  const schedule = useSchedule(sessionId);
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) => {
        const ids = [...new Set(v.ids.split(/[\s,，;；]+/).filter(Boolean))];
        schedule.mutate(ids, {
          onSuccess: (r) => {
            void message.success(t('exam.session.scheduled', { n: r.scheduled.length }));
            if (r.errors.length > 0) {
              modal.warning({
                title: t('exam.session.scheduleErrors'),
                content: (
                  <ul>
                    {r.errors.map((e) => (
                      <li key={e.applicationId}>
                        <span className="az-mono">{e.applicationId}</span> {e.message}
                      </li>
                    ))}
                  </ul>
                ),
              });
            }
            form.resetFields();
          },
          onError: (e) => void message.error(e.message),
        });
      }}
    >
      <Form.Item
        name="ids"
        label={t('exam.session.applicationIds')}
        extra={t('exam.session.applicationIdsHint')}
        rules={[{ required: true }]}
      >
        <Input.TextArea rows={3} />
      </Form.Item>
      <Button htmlType="submit" loading={schedule.isPending}>
        {t('exam.session.schedule')}
      </Button>
    </Form>
  );
}

function CheckInForm({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ ticketNo: string; idNumber: string }>();
  const checkIn = useCheckIn(sessionId);
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) =>
        checkIn.mutate(
          { ticketNo: v.ticketNo.trim(), idNumber: v.idNumber.trim() },
          {
            onSuccess: (r) => {
              void message.success(t('exam.session.checkedIn', { name: r.candidateName, seat: r.seatNo }));
              form.resetFields();
            },
            onError: (e) => void message.error(e.message),
          },
        )
      }
    >
      <Form.Item name="ticketNo" label={t('exam.field.ticketNo')} rules={[{ required: true }]}>
        <Input className="az-mono" data-testid="checkin-ticket" />
      </Form.Item>
      <Form.Item
        name="idNumber"
        label={t('exam.session.idNumber')}
        rules={[{ required: true, min: 15, max: 18 }]}
      >
        <Input className="az-mono" autoComplete="off" data-testid="checkin-id" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={checkIn.isPending} data-testid="checkin-submit">
        {t('exam.session.checkIn')}
      </Button>
    </Form>
  );
}

function RegistrationsTab({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const regs = useRegistrations(sessionId);
  const publish = usePublishResult();
  const [assessing, setAssessing] = useState<RegistrationView | undefined>();
  const [published, setPublished] = useState<Parameters<typeof ResultScores>[0]['result'] | undefined>();
  const columns: TableColumnsType<RegistrationView> = [
    { title: t('exam.field.seatNo'), dataIndex: 'seatNo', width: 70 },
    { title: t('exam.field.candidate'), dataIndex: 'candidateName', width: 90 },
    { title: t('exam.session.idNumber'), dataIndex: 'idNumberMasked', className: 'az-mono', width: 190 },
    { title: t('exam.field.ticketNo'), dataIndex: 'ticketNo', className: 'az-mono', width: 170 },
    {
      title: t('exam.field.startAt'),
      key: 'startAt',
      width: 170,
      render: (_, r) => new Date(r.startAt).toLocaleString(),
    },
    {
      title: t('exam.field.state'),
      key: 'state',
      width: 90,
      render: (_, r) => <Tag>{t(`exam.registrationState.${r.state}`)}</Tag>,
    },
    {
      title: t('exam.bank.actions'),
      key: 'actions',
      width: 220,
      render: (_, r) =>
        r.state === 'checked_in' ? (
          <Space size={4} wrap>
            <Button size="small" onClick={() => setAssessing(r)}>
              {t('exam.marking.create')}
            </Button>
            <Button
              size="small"
              loading={publish.isPending && publish.variables === r.id}
              onClick={() =>
                publish.mutate(r.id, {
                  onSuccess: (result) => setPublished(result),
                  onError: (e) => void message.error(e.message),
                })
              }
            >
              {t('exam.result.publish')}
            </Button>
          </Space>
        ) : null,
    },
  ];
  return (
    <>
      <Table<RegistrationView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={regs.data?.items ?? []}
        loading={regs.isPending}
        pagination={false}
        scroll={{ x: 1000 }}
      />
      <CreateAssessmentModal registration={assessing} onClose={() => setAssessing(undefined)} />
      <Modal
        open={Boolean(published)}
        footer={null}
        onCancel={() => setPublished(undefined)}
        title={t('exam.result.published')}
        width={720}
      >
        {published ? <ResultScores result={published} /> : null}
      </Modal>
    </>
  );
}

/** 场次 (REQ-EXAM-4): candidates, scheduling, check-in, live invigilation, statistics. */
export function SessionDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const session = useSession(id);
  const action = useSessionAction(id);
  const [tab, setTab] = useState('candidates');
  useDocumentTitle(session.data?.name ?? t('exam.session.title'));
  if (session.isPending) return <Skeleton active />;
  if (session.isError) return <Card>{session.error.message}</Card>;
  const s = session.data;
  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">
          {s.name} <Tag color={SESSION_STATE_COLORS[s.state]}>{t(`exam.sessionState.${s.state}`)}</Tag>
        </h1>
        <Space>
          {s.state === 'scheduled' ? (
            <Button
              type="primary"
              onClick={() => action.mutate('open', { onError: (e) => void message.error(e.message) })}
            >
              {t('exam.session.open')}
            </Button>
          ) : null}
          {s.state === 'open' ? (
            <Button onClick={() => action.mutate('close', { onError: (e) => void message.error(e.message) })}>
              {t('exam.session.close')}
            </Button>
          ) : null}
          <Link to="/console/exam/sessions">{t('exam.session.back')}</Link>
        </Space>
      </div>
      <Card className="az-exam-filters">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('exam.session.division')}>{s.divisionName}</Descriptions.Item>
          <Descriptions.Item label={t('exam.field.place')}>{s.place}</Descriptions.Item>
          <Descriptions.Item label={t('exam.session.startsAt')}>
            {new Date(s.startsAt).toLocaleString()}
          </Descriptions.Item>
          <Descriptions.Item label={t('exam.session.blueprint')}>
            {s.blueprint.name} · {s.blueprint.certificateTypeCode} {levelName(t, s.blueprint.level)}
          </Descriptions.Item>
          <Descriptions.Item label={t('exam.session.duration')}>
            {t('exam.session.minutes', { n: s.durationMinutes })}
          </Descriptions.Item>
          <Descriptions.Item label={t('exam.session.registered')}>
            {s.registered}/{s.capacity}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'candidates',
            label: t('exam.session.candidates'),
            children: (
              <Space direction="vertical" size={16} className="az-block">
                <RegistrationsTab sessionId={id} />
                <div className="az-exam-two">
                  <Card title={t('exam.session.checkIn')} size="small">
                    <CheckInForm sessionId={id} />
                  </Card>
                  <Card title={t('exam.session.schedule')} size="small">
                    <ScheduleForm sessionId={id} />
                  </Card>
                </div>
              </Space>
            ),
          },
          {
            key: 'invigilate',
            label: t('exam.invigilate.title'),
            children: <InvigilationPanel sessionId={id} live={tab === 'invigilate'} />,
          },
          {
            key: 'statistics',
            label: t('exam.stats.title'),
            children: tab === 'statistics' ? <StatisticsPanel sessionId={id} /> : null,
          },
        ]}
      />
    </>
  );
}
