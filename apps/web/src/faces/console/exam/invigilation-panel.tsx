import {
  ClockCircleOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  StopOutlined,
} from '@ant-design/icons';
import {
  App,
  Badge,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Space,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CandidateRow, useCandidates, useInvigilation, useSignals } from '../../../api/exam.ts';
import { formatRemaining, remainingMs } from '../../../components/exam/server-clock.ts';

function SignalsDrawer({ attemptId, onClose }: { attemptId: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const signals = useSignals(attemptId);
  return (
    <Drawer open={Boolean(attemptId)} onClose={onClose} title={t('exam.invigilate.signals')} width={420}>
      <Table
        rowKey={(s) => `${s.kind}-${s.occurredAt}`}
        size="small"
        pagination={false}
        loading={signals.isPending}
        dataSource={signals.data?.items ?? []}
        columns={[
          {
            title: t('exam.invigilate.signalAt'),
            key: 'at',
            render: (_, s) => new Date(s.occurredAt).toLocaleTimeString(),
          },
          {
            title: t('exam.invigilate.signalKind'),
            key: 'kind',
            render: (_, s) => t(`exam.signal.${s.kind}`, s.kind),
          },
          { title: t('exam.invigilate.signalSource'), dataIndex: 'source' },
        ]}
      />
    </Drawer>
  );
}

/**
 * 监考 (REQ-EXAM-4): live candidates of a session, polled every 5 s — connected, progress,
 * integrity signals, server deadline; extra time, pause/resume, resume approval, end session.
 */
export function InvigilationPanel({ sessionId, live }: { sessionId: string; live: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const list = useCandidates(sessionId, live);
  const ops = useInvigilation(sessionId);
  const [granting, setGranting] = useState<CandidateRow | undefined>();
  const [approving, setApproving] = useState<CandidateRow | undefined>();
  const [signalsOf, setSignalsOf] = useState<string | undefined>();
  const [grantForm] = Form.useForm<{ minutes: number; reason: string }>();
  const [approveForm] = Form.useForm<{ reason: string }>();
  const serverNow = list.data ? Date.parse(list.data.serverNow) : Date.now();
  const fail = (e: Error) => void message.error(e.message);

  const columns: TableColumnsType<CandidateRow> = [
    { title: t('exam.field.seatNo'), dataIndex: 'seatNo', width: 70 },
    { title: t('exam.field.candidate'), dataIndex: 'candidateName', width: 90 },
    { title: t('exam.field.ticketNo'), dataIndex: 'ticketNo', className: 'az-mono', width: 160 },
    {
      title: t('exam.invigilate.connected'),
      key: 'connected',
      width: 90,
      render: (_, c) =>
        c.state === 'not_started' ? (
          '—'
        ) : (
          <Badge
            status={c.connected ? 'success' : 'error'}
            text={c.connected ? t('exam.invigilate.online') : t('exam.invigilate.offline')}
          />
        ),
    },
    {
      title: t('exam.invigilate.progress'),
      key: 'progress',
      width: 150,
      render: (_, c) => (
        <Progress
          percent={c.total ? Math.round((100 * c.answered) / c.total) : 0}
          size="small"
          format={() => `${c.answered}/${c.total}`}
        />
      ),
    },
    {
      title: t('exam.invigilate.signals'),
      key: 'signals',
      width: 80,
      render: (_, c) =>
        c.signals > 0 && c.attemptId ? (
          <Button size="small" type="link" danger onClick={() => setSignalsOf(c.attemptId ?? undefined)}>
            {c.signals}
          </Button>
        ) : (
          c.signals
        ),
    },
    {
      title: t('exam.field.state'),
      key: 'state',
      width: 110,
      render: (_, c) => (
        <Space size={2}>
          <Tag>{t(`exam.attemptState.${c.state}`)}</Tag>
          {c.paused ? <Tag color="red">{t('exam.invigilate.paused')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('exam.invigilate.remaining'),
      key: 'deadline',
      width: 100,
      render: (_, c) =>
        c.deadlineAt && c.state === 'in_progress' ? (
          <span className="az-mono">
            <ClockCircleOutlined /> {formatRemaining(remainingMs(c.deadlineAt, 0, serverNow))}
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: t('exam.bank.actions'),
      key: 'actions',
      width: 260,
      render: (_, c) =>
        c.attemptId && c.state === 'in_progress' ? (
          <Space size={4} wrap>
            <Button size="small" onClick={() => setGranting(c)}>
              {t('exam.invigilate.grant')}
            </Button>
            <Button
              size="small"
              icon={c.paused ? <PlayCircleOutlined /> : <PauseCircleOutlined />}
              onClick={() =>
                ops.pause.mutate({ attemptId: c.attemptId as string, resume: c.paused }, { onError: fail })
              }
            >
              {c.paused ? t('exam.invigilate.resume') : t('exam.invigilate.pause')}
            </Button>
            <Button size="small" onClick={() => setApproving(c)}>
              {t('exam.invigilate.approveResume')}
            </Button>
          </Space>
        ) : null,
    },
  ];

  return (
    <>
      <Space className="az-exam-filters" wrap>
        <span className="az-muted">{t('exam.invigilate.pollHint')}</span>
        <Button
          danger
          icon={<StopOutlined />}
          onClick={() =>
            modal.confirm({
              title: t('exam.invigilate.endTitle'),
              content: t('exam.invigilate.endBody'),
              okButtonProps: { danger: true },
              onOk: () =>
                ops.end
                  .mutateAsync()
                  .then((r) => void message.success(t('exam.invigilate.ended', { n: r.submitted })), fail),
            })
          }
        >
          {t('exam.invigilate.end')}
        </Button>
      </Space>
      <Table<CandidateRow>
        rowKey="registrationId"
        size="small"
        data-testid="candidates-table"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isPending}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={list.isError ? { emptyText: list.error.message } : undefined}
      />
      <Modal
        open={Boolean(granting)}
        title={t('exam.invigilate.grantTitle', { name: granting?.candidateName ?? '' })}
        onCancel={() => setGranting(undefined)}
        confirmLoading={ops.grant.isPending}
        onOk={() =>
          void grantForm.validateFields().then((v) =>
            ops.grant.mutate(
              {
                attemptId: granting?.attemptId as string,
                seconds: Math.round(v.minutes * 60),
                reason: v.reason,
              },
              {
                onSuccess: () => {
                  setGranting(undefined);
                  grantForm.resetFields();
                },
                onError: fail,
              },
            ),
          )
        }
      >
        <Form form={grantForm} layout="vertical" initialValues={{ minutes: 10 }}>
          <Form.Item name="minutes" label={t('exam.invigilate.minutes')} rules={[{ required: true }]}>
            <InputNumber min={1} max={240} />
          </Form.Item>
          <Form.Item name="reason" label={t('exam.invigilate.reason')} rules={[{ required: true, max: 500 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={Boolean(approving)}
        title={t('exam.invigilate.approveResume')}
        onCancel={() => setApproving(undefined)}
        onOk={() =>
          void approveForm
            .validateFields()
            .then((v) =>
              ops.approveResume.mutate(
                { attemptId: approving?.attemptId as string, reason: v.reason },
                { onSuccess: () => setApproving(undefined), onError: fail },
              ),
            )
        }
      >
        <p className="az-muted">{t('exam.invigilate.approveResumeHint')}</p>
        <Form form={approveForm} layout="vertical">
          <Form.Item name="reason" label={t('exam.invigilate.reason')} rules={[{ required: true, max: 500 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
      <SignalsDrawer attemptId={signalsOf} onClose={() => setSignalsOf(undefined)} />
    </>
  );
}
