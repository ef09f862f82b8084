import { DownloadOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Empty, Form, Input, Modal, Skeleton, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../../api/client.ts';
import {
  type ExamResultView,
  type RegistrationView,
  ticketPdfUrl,
  useFileAppeal,
  useMyRegistrations,
  useMyResults,
} from '../../../../api/exam.ts';
import { ResultScores } from '../../../../components/exam/result-scores.tsx';
import { useDocumentTitle } from '../../../../components/use-document-title.ts';
import '../../../../components/exam/exam.css';

interface TicketInfo {
  sessionName: string;
  place: string;
}

function RegistrationCard({ r }: { r: RegistrationView }) {
  const { t } = useTranslation();
  // The public ticket check gives the session's name and place (the registration carries ids only).
  const ticket = useQuery({
    queryKey: ['exam', 'ticket', r.ticketNo],
    queryFn: ({ signal }) => api.get<TicketInfo>(`/api/v1/exam-tickets/${r.ticketNo}`, { signal }),
  });
  const canEnter = r.state === 'checked_in' || r.state === 'scheduled';
  return (
    <Card data-testid="my-exam" data-ticket={r.ticketNo} title={ticket.data?.sessionName ?? r.ticketNo}>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label={t('exam.field.ticketNo')}>
          <span className="az-mono">{r.ticketNo}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('exam.field.state')}>
          <Tag>{t(`exam.registrationState.${r.state}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('exam.field.startAt')}>
          {new Date(r.startAt).toLocaleString()}
        </Descriptions.Item>
        <Descriptions.Item label={t('exam.field.seatNo')}>{r.seatNo}</Descriptions.Item>
        {ticket.data ? (
          <Descriptions.Item label={t('exam.field.place')}>{ticket.data.place}</Descriptions.Item>
        ) : null}
      </Descriptions>
      <Space wrap className="az-exam-mt">
        <Button icon={<DownloadOutlined />} href={ticketPdfUrl(r.id)} data-testid="ticket-pdf">
          {t('exam.mine.ticket')}
        </Button>
        {canEnter ? (
          <Link to={`/portal/exam/${r.id}`} data-testid="enter-exam">
            <Button type="primary" icon={<PlayCircleOutlined />}>
              {t('exam.mine.enter')}
            </Button>
          </Link>
        ) : null}
      </Space>
      {r.state === 'scheduled' ? <p className="az-muted az-exam-mt">{t('exam.mine.checkInFirst')}</p> : null}
    </Card>
  );
}

function AppealButton({ result }: { result: ExamResultView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const appeal = useFileAppeal();
  if (Date.parse(`${result.appealUntil}T23:59:59`) < Date.now()) return null;
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('exam.result.appeal')}</Button>
      <Modal
        open={open}
        title={t('exam.result.appeal')}
        onCancel={() => setOpen(false)}
        confirmLoading={appeal.isPending}
        onOk={() =>
          void form.validateFields().then((v) =>
            appeal.mutate(
              { resultId: result.id, reason: v.reason },
              {
                onSuccess: () => {
                  setOpen(false);
                  void message.success(t('exam.result.appealFiled'));
                },
                onError: (e) => void message.error(e.message),
              },
            ),
          )
        }
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="reason"
            label={t('exam.result.appealReason')}
            rules={[{ required: true, max: 2000 }]}
          >
            <Input.TextArea rows={4} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 我的考试: upcoming sessions with ticket and exam room, then published results (REQ-EXAM-1/2). */
export function MyExamsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('exam.mine.title'));
  const regs = useMyRegistrations();
  const results = useMyResults();
  const rows = regs.data?.items ?? [];
  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">{t('exam.mine.title')}</h1>
      </div>
      {regs.isPending ? <Skeleton active /> : null}
      {!regs.isPending && rows.length === 0 ? (
        <Card>
          <Empty description={regs.isError ? regs.error.message : t('exam.mine.empty')} />
        </Card>
      ) : null}
      <Space direction="vertical" size={12} className="az-block">
        {rows.map((r) => (
          <RegistrationCard key={r.id} r={r} />
        ))}
      </Space>
      <h2 className="az-section-title az-exam-mt">{t('exam.result.title')}</h2>
      {results.data && results.data.items.length === 0 ? (
        <Card>
          <Empty description={t('exam.result.empty')} />
        </Card>
      ) : null}
      <Space direction="vertical" size={12} className="az-block">
        {results.data?.items.map((r) => (
          <Card
            key={r.id}
            data-testid="my-result"
            title={`${t('exam.field.ticketNo')} ${r.ticketNo} · v${r.version}`}
            extra={<AppealButton result={r} />}
          >
            <ResultScores result={r} />
          </Card>
        ))}
      </Space>
    </>
  );
}
