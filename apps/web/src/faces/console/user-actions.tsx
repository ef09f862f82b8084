import { DownOutlined } from '@ant-design/icons';
import { Alert, App, Button, Dropdown, Form, Input, type MenuProps, Modal, Popconfirm, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../account/form-errors.ts';
import { OneTimeSecret } from '../../account/one-time-secret.tsx';
import { roleName, scopeText } from '../../account/roles.ts';
import type { RoleCode, UserWithAbilities } from '../../api/types.ts';
import {
  useGrantRole,
  useResetPassword,
  useResetTotp,
  useRevokeRole,
  useUnlockUser,
  useUpdateUser,
} from '../../api/users.ts';
import { cleanGrant, RoleGrantFields } from './role-grant-fields.tsx';

function EditNameModal({ user, onClose }: { user: UserWithAbilities; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ displayName: string }>();
  const update = useUpdateUser();
  return (
    <Modal
      open
      title={t('users.action.editName')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={update.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ displayName: user.displayName }}
        onFinish={(v) =>
          update.mutate({ id: user.id, displayName: v.displayName.trim() }, { onSuccess: onClose })
        }
      >
        <Form.Item
          name="displayName"
          label={t('users.field.displayName')}
          rules={[{ required: true, whitespace: true, message: t('users.field.displayNameRequired') }]}
        >
          <Input maxLength={64} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Grants and revokes roles; the server enforces 三员分立 and the scope each role needs. */
export function RolesModal({ user, onClose }: { user: UserWithAbilities; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ role: RoleCode; divisionCode?: string; enterpriseCreditCode?: string }>();
  const [problems, setProblems] = useState<string[]>([]);
  const grant = useGrantRole();
  const revoke = useRevokeRole();
  // The list shows the roles as of the last answer (the parent's copy goes stale after a change).
  const [current, setCurrent] = useState(user);

  return (
    <Modal
      open
      width={560}
      title={t('users.action.rolesOf', { name: current.displayName })}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('common.close')}</Button>}
    >
      <ul className="az-role-list az-role-list-edit" data-testid="user-roles">
        {current.roles.map((role) => (
          <li key={role.id}>
            <Tag color="blue">{roleName(t, role.role)}</Tag>
            <span>{scopeText(t, role) ?? ''}</span>
            <Popconfirm
              title={t('users.action.revokeConfirm', { role: roleName(t, role.role) })}
              okButtonProps={{ danger: true }}
              onConfirm={() =>
                revoke.mutateAsync({ id: current.id, roleId: role.id }).then((u) => setCurrent(u))
              }
            >
              <Button type="link" danger size="small" disabled={current.roles.length <= 1}>
                {t('users.action.revoke')}
              </Button>
            </Popconfirm>
          </li>
        ))}
      </ul>
      <h3 className="az-subheading">{t('users.action.grant')}</h3>
      {problems.length > 0 ? (
        <Alert type="error" showIcon message={problems.join('；')} className="az-form-alert" />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (values) => {
          setProblems([]);
          try {
            const updated = await grant.mutateAsync({ id: current.id, grant: cleanGrant(values) });
            setCurrent(updated);
            form.resetFields();
          } catch (error) {
            setProblems(
              applyServerErrors(form, error, (p) =>
                ['role', 'divisionCode', 'enterpriseCreditCode'].includes(String(p[0])),
              ),
            );
          }
        }}
      >
        <RoleGrantFields prefix={[]} />
        <Button type="primary" htmlType="submit" loading={grant.isPending}>
          {t('users.action.grantSubmit')}
        </Button>
      </Form>
    </Modal>
  );
}

/** Row actions, offered only as the server's `abilities` allow; destructive ones ask first. */
export function UserActions({ user }: { user: UserWithAbilities }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [dialog, setDialog] = useState<'name' | 'roles' | null>(null);
  const update = useUpdateUser();
  const resetPassword = useResetPassword();
  const unlock = useUnlockUser();
  const resetTotp = useResetTotp();
  const a = user.abilities;

  const confirm = (title: string, content: string, run: () => Promise<unknown>, danger = true) =>
    modal.confirm({
      title,
      content,
      okButtonProps: { danger },
      okText: t('common.confirm'),
      onOk: () => run(),
    });

  const items: MenuProps['items'] = [
    a.update && { key: 'name', label: t('users.action.editName') },
    a.assignRoles && { key: 'roles', label: t('users.action.roles') },
    a.update &&
      (user.status === 'active'
        ? { key: 'disable', label: t('users.action.disable'), danger: true }
        : { key: 'enable', label: t('users.action.enable') }),
    a.resetPassword && { key: 'resetPassword', label: t('users.action.resetPassword'), danger: true },
    a.unlock && { key: 'unlock', label: t('users.action.unlock') },
    a.resetTotp && { key: 'resetTotp', label: t('users.action.resetTotp'), danger: true },
  ].filter((item): item is Exclude<typeof item, false> => Boolean(item));

  if (items.length === 0) return null;

  const onClick: MenuProps['onClick'] = ({ key }) => {
    const who = `${user.displayName}（${user.username}）`;
    switch (key) {
      case 'name':
      case 'roles':
        setDialog(key);
        return;
      case 'disable':
        confirm(t('users.action.disableConfirm', { who }), t('users.action.disableBody'), () =>
          update.mutateAsync({ id: user.id, status: 'disabled' }),
        );
        return;
      case 'enable':
        confirm(
          t('users.action.enableConfirm', { who }),
          '',
          () => update.mutateAsync({ id: user.id, status: 'active' }),
          false,
        );
        return;
      case 'resetPassword':
        confirm(
          t('users.action.resetPasswordConfirm', { who }),
          t('users.action.resetPasswordBody'),
          async () => {
            const { temporaryPassword } = await resetPassword.mutateAsync(user.id);
            modal.success({
              title: t('users.action.resetPasswordDone'),
              width: 480,
              content: (
                <OneTimeSecret
                  label={t('users.secret.temporary')}
                  secret={temporaryPassword}
                  username={user.username}
                />
              ),
            });
          },
        );
        return;
      case 'unlock':
        confirm(
          t('users.action.unlockConfirm', { who }),
          '',
          async () => {
            await unlock.mutateAsync(user.id);
            void message.success(t('users.action.unlocked'));
          },
          false,
        );
        return;
      case 'resetTotp':
        confirm(t('users.action.resetTotpConfirm', { who }), t('users.action.resetTotpBody'), async () => {
          await resetTotp.mutateAsync(user.id);
          void message.success(t('users.action.totpReset'));
        });
        return;
    }
  };

  return (
    <>
      <Dropdown menu={{ items, onClick }} trigger={['click']}>
        <Button size="small" data-testid={`user-actions-${user.username}`}>
          {t('users.actions')} <DownOutlined />
        </Button>
      </Dropdown>
      {dialog === 'name' ? <EditNameModal user={user} onClose={() => setDialog(null)} /> : null}
      {dialog === 'roles' ? <RolesModal user={user} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
