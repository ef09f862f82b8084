import { PlusOutlined, SolutionOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Drawer,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Skeleton,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../account/form-errors.ts';
import { type ApplicationBatchResult, useBatchApply } from '../../../api/applications.ts';
import { useCertificateTypes } from '../../../api/reference.ts';
import { useAddStaff, useStaff } from '../../../api/registry.ts';
import type { LevelCode, StaffView } from '../../../api/types.ts';
import { levelName } from '../../../components/levels.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { EnterpriseCard } from './enterprise-card.tsx';
import { useMyEnterprise } from './use-enterprise.ts';

interface StaffValues {
  name: string;
  idNumber: string;
  phone?: string;
  post: string;
  safetyManagement: boolean;
  fullTime: boolean;
  startedOn: Dayjs;
}

const STAFF_FIELDS = ['name', 'idNumber', 'phone', 'post', 'safetyManagement', 'fullTime', 'startedOn'];

function AddStaffDrawer({
  enterpriseId,
  open,
  onClose,
}: {
  enterpriseId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<StaffValues>();
  const add = useAddStaff(enterpriseId);
  const [problems, setProblems] = useState<string[]>([]);
  useEffect(() => {
    if (open) setProblems([]);
  }, [open]);
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={480}
      title={t('staff.add')}
      destroyOnHidden
      data-testid="add-staff"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={add.isPending}
            onClick={() => form.submit()}
            data-testid="add-staff-submit"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon className="az-form-alert" message={t('staff.addNote')} />
      {problems.length > 0 ? (
        <Alert type="error" showIcon className="az-form-alert" message={problems.join('；')} />
      ) : null}
      <Form<StaffValues>
        form={form}
        layout="vertical"
        initialValues={{ safetyManagement: true, fullTime: true, startedOn: dayjs() }}
        onFinish={(v) => {
          setProblems([]);
          add.mutate(
            {
              name: v.name.trim(),
              idNumber: v.idNumber.trim(),
              ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
              post: v.post.trim(),
              safetyManagement: v.safetyManagement,
              fullTime: v.fullTime,
              startedOn: v.startedOn.format('YYYY-MM-DD'),
            },
            {
              onSuccess: (row) => {
                void message.success(t('staff.added', { name: row.person.name }));
                form.resetFields();
                onClose();
              },
              onError: (error) =>
                setProblems(applyServerErrors(form, error, (name) => STAFF_FIELDS.includes(String(name[0])))),
            },
          );
        }}
      >
        <Form.Item
          name="name"
          label={t('staff.field.name')}
          rules={[{ required: true, whitespace: true, message: t('staff.nameRequired') }]}
        >
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('staff.field.idNumber')}
          rules={[{ required: true, whitespace: true, message: t('staff.idNumberRequired') }]}
          extra={t('staff.idNumberHelp')}
        >
          <Input maxLength={18} className="az-mono" autoComplete="off" />
        </Form.Item>
        <Form.Item name="phone" label={t('staff.field.phone')}>
          <Input maxLength={20} inputMode="tel" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="post"
          label={t('staff.field.post')}
          rules={[{ required: true, whitespace: true, message: t('staff.postRequired') }]}
        >
          <Input maxLength={200} placeholder={t('staff.postPlaceholder')} />
        </Form.Item>
        <Space size={32}>
          <Form.Item
            name="safetyManagement"
            label={t('staff.field.safetyManagement')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Form.Item name="fullTime" label={t('staff.field.fullTime')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="startedOn" label={t('staff.field.startedOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

interface BatchValues {
  certificateTypeCode: string;
  level: LevelCode;
  submit: boolean;
}

function BatchApplyModal({
  open,
  onClose,
  staff,
}: {
  open: boolean;
  onClose: () => void;
  staff: StaffView[];
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<BatchValues>();
  const types = useCertificateTypes();
  const batch = useBatchApply();
  const typeCode = Form.useWatch('certificateTypeCode', form);
  const type = types.data?.items.find((c) => c.code === typeCode);
  const [result, setResult] = useState<ApplicationBatchResult | null>(null);
  useEffect(() => {
    if (open) {
      setResult(null);
      batch.reset();
    }
  }, [open, batch.reset]);
  const nameOf = (personId: string) => staff.find((s) => s.person.id === personId)?.person.name ?? personId;
  return (
    <Modal
      open={open}
      onCancel={onClose}
      width={640}
      title={t('staff.batch.title', { count: staff.length })}
      destroyOnHidden
      data-testid="batch-apply"
      footer={
        result ? (
          <Button type="primary" onClick={onClose}>
            {t('common.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              loading={batch.isPending}
              onClick={() => form.submit()}
              data-testid="batch-apply-submit"
            >
              {t('staff.batch.submit')}
            </Button>
          </Space>
        )
      }
    >
      {result ? (
        <Table
          size="small"
          rowKey="personId"
          pagination={false}
          dataSource={result.results}
          data-testid="batch-results"
          columns={[
            { title: t('staff.field.name'), dataIndex: 'personId', render: (id: string) => nameOf(id) },
            {
              title: t('staff.batch.result'),
              key: 'result',
              render: (_, r) =>
                r.ok ? (
                  <span>
                    <Tag color="success">{t('staff.batch.created')}</Tag>
                    {r.state ? t(`application.state.${r.state}`) : null}
                  </span>
                ) : (
                  <span>
                    <Tag color="error">{t('staff.batch.failed')}</Tag>
                    {r.error?.message}
                    {r.error?.details?.length
                      ? `（${r.error.details.map((d) => d.message).join('；')}）`
                      : ''}
                  </span>
                ),
            },
          ]}
        />
      ) : (
        <Form<BatchValues>
          form={form}
          layout="vertical"
          initialValues={{ submit: false }}
          onFinish={(v) =>
            batch.mutate(
              { ...v, personIds: staff.map((s) => s.person.id) },
              { onSuccess: (r) => setResult(r) },
            )
          }
        >
          <p className="az-muted">{staff.map((s) => s.person.name).join('、')}</p>
          <Form.Item
            name="certificateTypeCode"
            label={t('application.field.type')}
            rules={[{ required: true, message: t('apply.typeRequired') }]}
          >
            <Select
              options={(types.data?.items ?? [])
                .filter((c) => c.status === 'active')
                .map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))}
              onChange={(code: string) => {
                const next = types.data?.items.find((c) => c.code === code);
                form.setFieldValue('level', next?.levels.length === 1 ? next.levels[0] : undefined);
              }}
            />
          </Form.Item>
          <Form.Item
            name="level"
            label={t('application.field.level')}
            rules={[{ required: true, message: t('apply.levelRequired') }]}
          >
            <Select options={(type?.levels ?? []).map((l) => ({ value: l, label: levelName(t, l) }))} />
          </Form.Item>
          <Form.Item name="submit" valuePropName="checked" extra={t('staff.batch.submitHelp')}>
            <Checkbox>{t('staff.batch.submitNow')}</Checkbox>
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

/** 从业人员: the enterprise's current staff, adding staff, batch applications. */
export function StaffPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('staff.title'));
  const { enterprise, isPending } = useMyEnterprise();
  const staff = useStaff(enterprise?.id);
  const [adding, setAdding] = useState(false);
  const [selected, setSelected] = useState<React.Key[]>([]);
  const [batchOpen, setBatchOpen] = useState(false);

  if (isPending) return <Skeleton active />;
  if (!enterprise)
    return <Result status="info" title={t('staff.noEnterprise')} subTitle={t('staff.noEnterpriseBody')} />;

  const rows = staff.data?.items ?? [];
  const selectedStaff = rows.filter((s) => selected.includes(s.id));
  const columns: TableColumnsType<StaffView> = [
    {
      title: t('staff.field.name'),
      key: 'name',
      render: (_, s) => <span className="az-strong">{s.person.name}</span>,
    },
    {
      title: t('staff.field.idNumber'),
      key: 'id',
      className: 'az-mono az-nowrap',
      render: (_, s) => s.person.idNumber,
    },
    {
      title: t('staff.field.phone'),
      key: 'phone',
      className: 'az-mono',
      render: (_, s) => s.person.phone ?? '—',
      responsive: ['md'],
    },
    { title: t('staff.field.post'), dataIndex: 'post' },
    {
      title: t('staff.field.tags'),
      key: 'tags',
      render: (_, s) => (
        <>
          {s.safetyManagement ? <Tag color="blue">{t('staff.field.safetyManagement')}</Tag> : null}
          {s.fullTime ? (
            <Tag color="green">{t('staff.field.fullTime')}</Tag>
          ) : (
            <Tag>{t('staff.partTime')}</Tag>
          )}
        </>
      ),
    },
    { title: t('staff.field.startedOn'), dataIndex: 'startedOn', width: 110, responsive: ['lg'] },
  ];
  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">{t('staff.title')}</h1>
        <Space wrap>
          <Button
            icon={<SolutionOutlined />}
            disabled={selectedStaff.length === 0}
            onClick={() => setBatchOpen(true)}
            data-testid="open-batch-apply"
          >
            {t('staff.batch.open', { count: selectedStaff.length })}
          </Button>
          {enterprise.abilities.manageStaff ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setAdding(true)}
              data-testid="open-add-staff"
            >
              {t('staff.add')}
            </Button>
          ) : null}
        </Space>
      </div>
      <EnterpriseCard enterprise={enterprise} />
      <Card>
        <Table<StaffView>
          data-testid="staff-table"
          rowKey="id"
          size="middle"
          rowSelection={{ selectedRowKeys: selected, onChange: setSelected }}
          columns={columns}
          dataSource={rows}
          loading={staff.isPending}
          pagination={false}
          scroll={{ x: 760 }}
          locale={{ emptyText: t('staff.empty') }}
        />
      </Card>
      <AddStaffDrawer enterpriseId={enterprise.id} open={adding} onClose={() => setAdding(false)} />
      <BatchApplyModal open={batchOpen} onClose={() => setBatchOpen(false)} staff={selectedStaff} />
    </>
  );
}
