import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Table, type TableColumnsType, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../../../account/session.ts';
import { useCertificateTypes, useIndustries } from '../../../api/reference.ts';
import type { CertificateTypeView, IndustryView } from '../../../api/types.ts';
import { levelName } from '../../../components/levels.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { CertificateTypeDrawer } from './certificate-type-drawer.tsx';
import { RuleParametersTab } from './rule-parameters-tab.tsx';

function CertificateTypeDetail({ type }: { type: CertificateTypeView }) {
  const { t } = useTranslation();
  return (
    <div className="az-type-detail">
      <h4 className="az-subheading">{t('reference.types.field.modules')}</h4>
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={type.modules}
        columns={[
          { title: t('reference.types.module.code'), dataIndex: 'code', className: 'az-mono', width: 160 },
          { title: t('reference.types.module.name'), dataIndex: 'name' },
          {
            title: t('reference.types.module.kind'),
            dataIndex: 'kind',
            width: 120,
            render: (k: string) =>
              k === 'base' ? (
                <Tag>{t('reference.types.module.base')}</Tag>
              ) : (
                <Tag color="purple">{t('reference.types.module.industry')}</Tag>
              ),
          },
          {
            title: t('reference.types.module.version'),
            dataIndex: 'version',
            className: 'az-mono',
            width: 110,
          },
        ]}
      />
      <h4 className="az-subheading">{t('reference.types.field.competency')}</h4>
      {type.levels.map((level) => {
        const outline = type.competencyModel[level];
        if (!outline) return null;
        return (
          <Descriptions
            key={level}
            size="small"
            bordered
            column={1}
            title={levelName(t, level)}
            className="az-competency"
          >
            {(['knowledge', 'skills', 'qualities'] as const).map((part) => (
              <Descriptions.Item key={part} label={t(`reference.types.competency.${part}`)}>
                <ul className="az-outline">
                  {outline[part].map((item) => (
                    <li key={item}>{item}</li>
                  ))}
                </ul>
              </Descriptions.Item>
            ))}
          </Descriptions>
        );
      })}
    </div>
  );
}

function CertificateTypesTab() {
  const { t } = useTranslation();
  const { abilities } = useSession();
  const types = useCertificateTypes();
  const industries = useIndustries();
  const [drawer, setDrawer] = useState<{ open: boolean; editing: CertificateTypeView | null }>({
    open: false,
    editing: null,
  });
  const industryName = (code: string | null) =>
    code ? (industries.data?.items.find((i) => i.code === code)?.name ?? code) : '—';
  const columns: TableColumnsType<CertificateTypeView> = [
    { title: t('reference.types.field.code'), dataIndex: 'code', width: 70, className: 'az-mono' },
    {
      title: t('reference.types.field.name'),
      dataIndex: 'name',
      minWidth: 280,
      render: (_, row) => (
        <div>
          <div className="az-strong">{row.name}</div>
          <Typography.Text type="secondary" className="az-small">
            {row.nameEn}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('reference.types.field.kind'),
      dataIndex: 'kind',
      width: 110,
      render: (k: CertificateTypeView['kind']) => (
        <Tag color={k === 'general' ? 'blue' : 'purple'}>{t(`reference.types.kind.${k}`)}</Tag>
      ),
    },
    {
      title: t('reference.types.field.industry'),
      dataIndex: 'industryCode',
      width: 150,
      render: (code: string | null) => industryName(code),
      responsive: ['md'],
    },
    {
      title: t('reference.types.field.levels'),
      dataIndex: 'levels',
      width: 170,
      render: (levels: string[]) => levels.map((l) => <Tag key={l}>{levelName(t, l)}</Tag>),
    },
    {
      title: t('reference.types.field.modules'),
      dataIndex: 'modules',
      width: 80,
      render: (m: unknown[]) => m.length,
      responsive: ['xxl'],
    },
    {
      title: t('reference.field.effective'),
      key: 'effective',
      width: 190,
      className: 'az-nowrap',
      render: (_, row) => `${row.effectiveFrom} ~ ${row.effectiveTo ?? t('reference.field.open')}`,
      responsive: ['xl'],
    },
    {
      title: t('reference.types.field.status'),
      dataIndex: 'status',
      width: 80,
      render: (s: 'active' | 'retired') =>
        s === 'active' ? (
          <Tag color="success">{t('reference.types.status.active')}</Tag>
        ) : (
          <Tag>{t('reference.types.status.retired')}</Tag>
        ),
    },
    ...(abilities.manageReferenceData
      ? [
          {
            title: t('users.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, row: CertificateTypeView) =>
              row.abilities.update ? (
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => setDrawer({ open: true, editing: row })}
                  data-testid={`edit-type-${row.code}`}
                >
                  {t('reference.types.edit')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <>
      <div className="az-tab-head">
        <Typography.Paragraph type="secondary" className="az-tab-lead">
          {t('reference.types.lead')}
        </Typography.Paragraph>
        {abilities.manageReferenceData ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDrawer({ open: true, editing: null })}
            data-testid="open-create-type"
          >
            {t('reference.types.create')}
          </Button>
        ) : null}
      </div>
      <Table<CertificateTypeView>
        data-testid="certificate-types-table"
        rowKey="code"
        size="middle"
        columns={columns}
        dataSource={types.data?.items ?? []}
        loading={types.isPending}
        pagination={false}
        scroll={{ x: 960 }}
        expandable={{ expandedRowRender: (row) => <CertificateTypeDetail type={row} /> }}
      />
      <CertificateTypeDrawer
        open={drawer.open}
        editing={drawer.editing}
        onClose={() => setDrawer({ open: false, editing: null })}
      />
    </>
  );
}

function IndustriesTab() {
  const { t } = useTranslation();
  const industries = useIndustries();
  const columns: TableColumnsType<IndustryView> = [
    {
      title: t('reference.industries.code'),
      dataIndex: 'code',
      width: 190,
      className: 'az-mono',
      render: (code: string, row) => (row.parentCode ? <span className="az-indent">{code}</span> : code),
    },
    {
      title: t('reference.industries.name'),
      dataIndex: 'name',
      render: (name: string, row) =>
        row.parentCode ? <span className="az-indent">{name}</span> : <strong>{name}</strong>,
    },
    {
      title: t('reference.industries.highRisk'),
      dataIndex: 'highRisk',
      width: 110,
      render: (v: boolean) =>
        v ? <Tag color="red">{t('reference.industries.highRisk')}</Tag> : <Tag>{t('common.no')}</Tag>,
    },
    {
      title: t('reference.industries.basis'),
      dataIndex: 'highRiskBasis',
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('reference.industries.gbt4754'),
      dataIndex: 'gbt4754Codes',
      width: 260,
      responsive: ['lg'],
      render: (codes: string[]) => <span className="az-mono">{codes.join(' ')}</span>,
    },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary" className="az-tab-lead">
        {t('reference.industries.lead')}
      </Typography.Paragraph>
      <Table<IndustryView>
        data-testid="industries-table"
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={industries.data?.items ?? []}
        loading={industries.isPending}
        pagination={false}
        scroll={{ x: 760 }}
      />
    </>
  );
}

const TABS = ['types', 'industries', 'rules'] as const;

/** 基础数据: certificate types, industries and layered rule parameters (REQ-TYPE-*, REQ-ORG-2). */
export function ReferencePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('reference.title'));
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as string)
    : 'types';
  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">{t('reference.title')}</h1>
      </div>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === 'types' ? {} : { tab: key }, { replace: true })}
          items={[
            { key: 'types', label: t('reference.tabs.types'), children: <CertificateTypesTab /> },
            { key: 'industries', label: t('reference.tabs.industries'), children: <IndustriesTab /> },
            { key: 'rules', label: t('reference.tabs.rules'), children: <RuleParametersTab /> },
          ]}
        />
      </Card>
    </>
  );
}
