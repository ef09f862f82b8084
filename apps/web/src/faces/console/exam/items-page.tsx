import {
  DownloadOutlined,
  EditOutlined,
  PlusOutlined,
  SearchOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ITEM_STATES,
  ITEM_TEMPLATE_URL,
  ITEM_TYPES,
  type ItemAction,
  type ItemBody,
  type ItemFilters,
  type ItemView,
  importItems,
  importQti,
  itemExportUrl,
  qtiExportUrl,
  useItemAction,
  useItems,
} from '../../../api/exam.ts';
import { useCertificateTypes } from '../../../api/reference.ts';
import { LEVEL_CODES, levelName } from '../../../components/levels.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { ItemEditor } from './item-editor.tsx';
import '../../../components/exam/exam.css';

const STATE_COLORS: Record<string, string> = {
  draft: 'default',
  in_review: 'processing',
  approved: 'success',
  retired: 'warning',
};

/** Review actions the server allows for this item (abilities: the author cannot approve their own). */
function ItemActions({ item }: { item: ItemView }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const act = useItemAction();
  const run = (action: ItemAction, note?: string) =>
    act.mutate(
      { id: item.id, action, ...(note ? { note } : {}) },
      {
        onSuccess: () => void message.success(t(`exam.bank.done.${action}`)),
        onError: (e) => void message.error(e.message),
      },
    );
  const askNote = () => {
    let note = '';
    modal.confirm({
      title: t('exam.bank.rejectTitle'),
      content: (
        <Input.TextArea rows={3} onChange={(e) => (note = e.target.value)} data-testid="reject-note" />
      ),
      onOk: () => run('reject', note),
    });
  };
  const a = item.abilities;
  return (
    <Space size={4} wrap>
      {a.submit ? (
        <Button size="small" onClick={() => run('submit')}>
          {t('exam.bank.action.submit')}
        </Button>
      ) : null}
      {a.approve ? (
        <Button size="small" type="primary" onClick={() => run('approve')} data-testid="item-approve">
          {t('exam.bank.action.approve')}
        </Button>
      ) : null}
      {a.reject ? (
        <Button size="small" onClick={askNote}>
          {t('exam.bank.action.reject')}
        </Button>
      ) : null}
      {a.retire ? (
        <Button size="small" danger onClick={() => run('retire')}>
          {t('exam.bank.action.retire')}
        </Button>
      ) : null}
    </Space>
  );
}

/** 题库 (REQ-EXAM-3/5): browse with filters, edit with preview, review queue, Excel import/export. */
export function ItemsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('exam.bank.title'));
  const { message } = App.useApp();
  const [filters, setFilters] = useState<ItemFilters>({});
  const [editing, setEditing] = useState<{ open: boolean; item?: ItemView }>({ open: false });
  const [importErrors, setImportErrors] = useState<string[] | undefined>();
  const list = useItems(filters);
  const types = useCertificateTypes();
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: TableColumnsType<ItemView> = [
    {
      title: t('exam.item.stem'),
      key: 'stem',
      width: 380,
      render: (_, i) => (
        <Button type="link" className="az-exam-stem-link" onClick={() => setEditing({ open: true, item: i })}>
          {(i.current.body as ItemBody).stem.slice(0, 80)}
        </Button>
      ),
    },
    {
      title: t('exam.field.itemType'),
      key: 'type',
      width: 100,
      render: (_, i) => t(`exam.type.${i.current.type}`),
    },
    {
      title: t('exam.field.level'),
      key: 'level',
      width: 120,
      render: (_, i) => `${i.certificateTypeCode} · ${levelName(t, i.level)}`,
    },
    { title: t('exam.field.module'), dataIndex: 'module', width: 110 },
    {
      title: t('exam.field.difficulty'),
      key: 'difficulty',
      width: 90,
      render: (_, i) => `${i.current.difficulty.toFixed(2)} ${t(`exam.band.${i.current.difficultyBand}`)}`,
    },
    {
      title: t('exam.field.state'),
      key: 'state',
      width: 150,
      render: (_, i) => (
        <Space size={2} wrap>
          <Tag color={STATE_COLORS[i.current.state]}>
            v{i.current.version} {t(`exam.itemState.${i.current.state}`)}
          </Tag>
          {i.current.standardFlaggedAt ? <Tag color="red">{t('exam.bank.flagged')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('exam.field.author'), key: 'author', width: 100, render: (_, i) => i.current.author },
    { title: t('exam.bank.actions'), key: 'actions', width: 200, render: (_, i) => <ItemActions item={i} /> },
  ];

  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">{t('exam.bank.title')}</h1>
        <Space wrap>
          <Button href={ITEM_TEMPLATE_URL} icon={<DownloadOutlined />}>
            {t('exam.bank.template')}
          </Button>
          <Upload
            accept=".xlsx,.csv"
            showUploadList={false}
            customRequest={({ file, onSuccess, onError }) => {
              importItems(file as File).then(
                (r) => {
                  onSuccess?.(r);
                  void message.success(t('exam.bank.imported', { n: r.created }));
                  setImportErrors(r.errors.map((e) => `${t('exam.bank.row', { n: e.row })} ${e.message}`));
                  void list.refetch();
                },
                (e: Error) => {
                  onError?.(e);
                  void message.error(e.message);
                },
              );
            }}
          >
            <Button icon={<UploadOutlined />}>{t('exam.bank.import')}</Button>
          </Upload>
          <Button href={itemExportUrl(filters)} icon={<DownloadOutlined />}>
            {t('exam.bank.export')}
          </Button>
          <Upload
            accept=".zip"
            showUploadList={false}
            customRequest={({ file, onSuccess, onError }) => {
              const { certificateTypeCode, level, module } = filters;
              if (!certificateTypeCode || !level || !module) {
                void message.warning(t('exam.bank.qtiScope'));
                onError?.(new Error(t('exam.bank.qtiScope')));
                return;
              }
              importQti(file as File, { certificateTypeCode, level, module }).then(
                (r) => {
                  onSuccess?.(r);
                  void message.success(t('exam.bank.imported', { n: r.created }));
                  setImportErrors(r.errors.map((e) => `${t('exam.bank.row', { n: e.row })} ${e.message}`));
                  void list.refetch();
                },
                (e: Error) => {
                  onError?.(e);
                  void message.error(e.message);
                },
              );
            }}
          >
            <Button icon={<UploadOutlined />}>{t('exam.bank.importQti')}</Button>
          </Upload>
          <Button href={qtiExportUrl(filters)} icon={<DownloadOutlined />}>
            {t('exam.bank.exportQti')}
          </Button>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ open: true })}
            data-testid="item-new"
          >
            {t('exam.bank.new')}
          </Button>
        </Space>
      </div>
      <Card className="az-exam-filters">
        <Form
          layout="inline"
          onFinish={(v: ItemFilters) =>
            setFilters(
              Object.fromEntries(
                Object.entries(v).filter(([, x]) => x !== undefined && x !== ''),
              ) as ItemFilters,
            )
          }
        >
          <Form.Item name="q">
            <Input allowClear placeholder={t('exam.bank.searchStem')} />
          </Form.Item>
          <Form.Item name="certificateTypeCode">
            <Select
              allowClear
              placeholder={t('exam.field.type')}
              style={{ width: 180 }}
              options={types.data?.items.map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))}
            />
          </Form.Item>
          <Form.Item name="level">
            <Select
              allowClear
              placeholder={t('exam.field.level')}
              style={{ width: 110 }}
              options={LEVEL_CODES.map((l) => ({ value: l, label: levelName(t, l) }))}
            />
          </Form.Item>
          <Form.Item name="type">
            <Select
              allowClear
              placeholder={t('exam.field.itemType')}
              style={{ width: 110 }}
              options={ITEM_TYPES.map((x) => ({ value: x, label: t(`exam.type.${x}`) }))}
            />
          </Form.Item>
          <Form.Item name="state">
            <Select
              allowClear
              placeholder={t('exam.field.state')}
              style={{ width: 110 }}
              data-testid="filter-state"
              options={ITEM_STATES.map((x) => ({ value: x, label: t(`exam.itemState.${x}`) }))}
            />
          </Form.Item>
          <Form.Item name="band">
            <Select
              allowClear
              placeholder={t('exam.field.difficulty')}
              style={{ width: 100 }}
              options={(['easy', 'medium', 'hard'] as const).map((x) => ({
                value: x,
                label: t(`exam.band.${x}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="module">
            <Input allowClear placeholder={t('exam.field.module')} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" type="primary" icon={<SearchOutlined />}>
              {t('common.search')}
            </Button>
          </Form.Item>
          <Form.Item>
            <Button icon={<EditOutlined />} onClick={() => setFilters({ state: 'in_review' })}>
              {t('exam.bank.reviewQueue')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Table<ItemView>
        rowKey="id"
        size="middle"
        data-testid="items-table"
        columns={columns}
        dataSource={rows}
        loading={list.isPending}
        pagination={false}
        scroll={{ x: 1300 }}
        locale={list.isError ? { emptyText: list.error.message } : undefined}
      />
      {list.hasNextPage ? (
        <div className="az-load-more">
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
      <ItemEditor open={editing.open} item={editing.item} onClose={() => setEditing({ open: false })} />
      <Modal
        open={Boolean(importErrors && importErrors.length > 0)}
        title={t('exam.bank.importErrors')}
        footer={null}
        onCancel={() => setImportErrors(undefined)}
      >
        <ul>
          {importErrors?.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      </Modal>
    </>
  );
}
