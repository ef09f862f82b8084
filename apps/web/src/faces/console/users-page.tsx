import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Result, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ROLE_CODES, roleName, scopeText } from '../../account/roles.ts';
import { useSession } from '../../account/session.ts';
import type { RoleCode, UserWithAbilities } from '../../api/types.ts';
import { type UserFilters, useUserList } from '../../api/users.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { CreateUserDrawer } from './create-user-drawer.tsx';
import { UserActions } from './user-actions.tsx';

export function RoleTags({ user }: { user: UserWithAbilities }) {
  const { t } = useTranslation();
  return (
    <div className="az-role-tags">
      {user.roles.map((role) => {
        const scope = scopeText(t, role);
        return (
          <div key={role.id}>
            <Tag color="blue">{roleName(t, role.role)}</Tag>
            {scope ? <span className="az-scope-text">{scope}</span> : null}
          </div>
        );
      })}
    </div>
  );
}

export function StatusTag({ status }: { status: 'active' | 'disabled' }) {
  const { t } = useTranslation();
  return status === 'active' ? (
    <Tag color="success">{t('users.status.active')}</Tag>
  ) : (
    <Tag color="default">{t('users.status.disabled')}</Tag>
  );
}

/** 用户管理: everyone the actor may see (the server limits a regulator to their subtree). */
export function UsersPage() {
  const { t } = useTranslation();
  const { abilities, user: me } = useSession();
  useDocumentTitle(t('users.title'));
  const [filters, setFilters] = useState<UserFilters>({});
  const [creating, setCreating] = useState(false);
  const list = useUserList(filters);

  if (!abilities.viewUsers) return <Result status="403" title={t('session.forbidden')} />;

  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const readOnly = !abilities.manageUsers && rows.every((u) => Object.values(u.abilities).every((v) => !v));
  const scopes = me.roles.map((r) => scopeText(t, r)).filter(Boolean);

  const columns: TableColumnsType<UserWithAbilities> = [
    {
      title: t('users.field.displayName'),
      dataIndex: 'displayName',
      render: (_, u) => (
        <Link to={`/console/users/${u.id}`} className="az-user-link">
          {u.displayName}
        </Link>
      ),
    },
    { title: t('users.field.username'), dataIndex: 'username', className: 'az-mono az-nowrap' },
    { title: t('users.field.rolesAndScope'), key: 'roles', render: (_, u) => <RoleTags user={u} /> },
    {
      title: t('users.field.status'),
      dataIndex: 'status',
      width: 90,
      render: (_, u) => <StatusTag status={u.status} />,
    },
    {
      title: t('users.field.totp'),
      dataIndex: 'totpEnabled',
      width: 100,
      render: (v: boolean) =>
        v ? <Tag color="success">{t('account.totp.enabled')}</Tag> : <Tag>{t('account.totp.disabled')}</Tag>,
    },
    {
      title: t('users.field.createdAt'),
      dataIndex: 'createdAt',
      width: 150,
      render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
      responsive: ['lg'],
    },
    ...(readOnly
      ? []
      : [
          {
            title: t('users.actions'),
            key: 'actions',
            width: 110,
            render: (_: unknown, u: UserWithAbilities) => <UserActions user={u} />,
          },
        ]),
  ];

  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">{t('users.title')}</h1>
        {abilities.manageUsers ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="open-create-user"
          >
            {t('users.create')}
          </Button>
        ) : null}
      </div>
      {!abilities.manageUsers ? (
        <Alert
          type="info"
          showIcon
          className="az-form-alert"
          data-testid="users-scope-note"
          message={t('users.scopeNote', { scopes: scopes.join('、') || '—' })}
        />
      ) : null}
      <Card>
        <Space wrap className="az-filters">
          <Input.Search
            allowClear
            placeholder={t('users.filter.q')}
            aria-label={t('users.filter.q')}
            onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim() || undefined }))}
            style={{ width: 240 }}
            data-testid="users-search"
          />
          <Select<RoleCode>
            allowClear
            placeholder={t('users.filter.role')}
            aria-label={t('users.filter.role')}
            style={{ width: 180 }}
            options={ROLE_CODES.map((code) => ({ value: code, label: roleName(t, code) }))}
            onChange={(role) => setFilters((f) => ({ ...f, role: role ?? undefined }))}
          />
          <Select<'active' | 'disabled'>
            allowClear
            placeholder={t('users.filter.status')}
            aria-label={t('users.filter.status')}
            style={{ width: 140 }}
            options={[
              { value: 'active', label: t('users.status.active') },
              { value: 'disabled', label: t('users.status.disabled') },
            ]}
            onChange={(status) => setFilters((f) => ({ ...f, status: status ?? undefined }))}
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void list.refetch()}
            aria-label={t('common.refresh')}
          />
        </Space>
        <Table<UserWithAbilities>
          data-testid="users-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
          pagination={false}
          scroll={{ x: 760 }}
          locale={{ emptyText: list.isError ? list.error.message : undefined }}
        />
        <div className="az-load-more">
          {list.hasNextPage ? (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          ) : rows.length > 0 ? (
            <span className="az-muted">{t('common.allLoaded', { count: rows.length })}</span>
          ) : null}
        </div>
      </Card>
      <CreateUserDrawer open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
