import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type SessionView, useBlueprints, useCreateSession, useSessions } from '../../../api/exam.ts';
import { DivisionPicker } from '../../../components/division-picker.tsx';
import { levelName } from '../../../components/levels.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';

export const SESSION_STATE_COLORS: Record<string, string> = {
  scheduled: 'default',
  open: 'processing',
  closed: 'success',
};

interface CreateValues {
  name: string;
  divisionCode: string;
  place: string;
  capacity: number;
  startsAt: Dayjs;
  startWindowSeconds?: number;
  blueprintId: string;
  durationMinutes?: number;
}

function CreateSessionModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const blueprints = useBlueprints('active');
  const create = useCreateSession();
  return (
    <Modal
      open={open}
      title={t('exam.session.new')}
      onCancel={onClose}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ capacity: 30, startWindowSeconds: 0 }}
        onFinish={(v) =>
          create.mutate(
            {
              name: v.name,
              divisionCode: v.divisionCode,
              place: v.place,
              capacity: v.capacity,
              startsAt: v.startsAt.toISOString(),
              blueprintId: v.blueprintId,
              ...(v.startWindowSeconds ? { startWindowSeconds: v.startWindowSeconds } : {}),
              ...(v.durationMinutes ? { durationMinutes: v.durationMinutes } : {}),
            },
            {
              onSuccess: () => {
                void message.success(t('exam.session.created'));
                onClose();
              },
              onError: (e) => void message.error(e.message),
            },
          )
        }
      >
        <Form.Item name="name" label={t('exam.session.name')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="divisionCode" label={t('exam.session.division')} rules={[{ required: true }]}>
          <DivisionPicker />
        </Form.Item>
        <Form.Item name="place" label={t('exam.field.place')} rules={[{ required: true, max: 300 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="blueprintId" label={t('exam.session.blueprint')} rules={[{ required: true }]}>
          <Select
            options={blueprints.data?.items.map((b) => ({
              value: b.id,
              label: `${b.name} · ${b.certificateTypeCode} ${levelName(t, b.level)} · v${b.version}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="startsAt" label={t('exam.session.startsAt')} rules={[{ required: true }]}>
          <DatePicker showTime className="az-block" />
        </Form.Item>
        <Form.Item
          name="startWindowSeconds"
          label={t('exam.session.startWindow')}
          extra={t('exam.session.startWindowHint')}
        >
          <InputNumber min={0} max={7200} className="az-block" />
        </Form.Item>
        <Form.Item name="capacity" label={t('exam.session.capacity')} rules={[{ required: true }]}>
          <InputNumber min={1} max={10_000} className="az-block" />
        </Form.Item>
        <Form.Item
          name="durationMinutes"
          label={t('exam.session.duration')}
          extra={t('exam.session.durationHint')}
        >
          <InputNumber min={1} max={600} className="az-block" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 考试场次 (REQ-EXAM-4): sessions of the caller's divisions, newest first. */
export function SessionsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('exam.session.title'));
  const [creating, setCreating] = useState(false);
  const list = useSessions();
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: TableColumnsType<SessionView> = [
    {
      title: t('exam.session.name'),
      key: 'name',
      render: (_, s) => (
        <Link to={`/console/exam/sessions/${s.id}`} className="az-strong" data-testid="session-link">
          {s.name}
        </Link>
      ),
    },
    { title: t('exam.session.division'), dataIndex: 'divisionName', width: 140 },
    { title: t('exam.field.place'), dataIndex: 'place' },
    {
      title: t('exam.session.startsAt'),
      key: 'startsAt',
      width: 170,
      render: (_, s) => new Date(s.startsAt).toLocaleString(),
    },
    {
      title: t('exam.session.blueprint'),
      key: 'bp',
      render: (_, s) => `${s.blueprint.name} · ${levelName(t, s.blueprint.level)}`,
    },
    {
      title: t('exam.session.registered'),
      key: 'reg',
      width: 90,
      render: (_, s) => `${s.registered}/${s.capacity}`,
    },
    {
      title: t('exam.field.state'),
      key: 'state',
      width: 90,
      render: (_, s) => <Tag color={SESSION_STATE_COLORS[s.state]}>{t(`exam.sessionState.${s.state}`)}</Tag>,
    },
  ];
  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">{t('exam.session.title')}</h1>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('exam.session.new')}
        </Button>
      </div>
      <Table<SessionView>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={list.isPending}
        pagination={false}
        scroll={{ x: 900 }}
        locale={list.isError ? { emptyText: list.error.message } : undefined}
      />
      {list.hasNextPage ? (
        <div className="az-load-more">
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
      <CreateSessionModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
