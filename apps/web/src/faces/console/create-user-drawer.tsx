import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Drawer, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../account/form-errors.ts';
import { OneTimeSecret } from '../../account/one-time-secret.tsx';
import { meetsPasswordPolicy } from '../../account/password-policy.ts';
import type { RoleCode } from '../../api/types.ts';
import { useCreateUser } from '../../api/users.ts';
import { cleanGrant, RoleGrantFields } from './role-grant-fields.tsx';

interface Values {
  username: string;
  displayName: string;
  password?: string;
  roles: { role: RoleCode; divisionCode?: string; enterpriseCreditCode?: string }[];
}

const TOP_FIELDS = new Set(['username', 'displayName', 'password', 'roles']);

/** 新建用户 (system admin). Without a password the server generates one, shown once. */
export function CreateUserDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const create = useCreateUser();

  function close() {
    form.resetFields();
    setProblems([]);
    onClose();
  }

  async function submit(values: Values) {
    setProblems([]);
    try {
      const result = await create.mutateAsync({
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        ...(values.password ? { password: values.password } : {}),
        roles: values.roles.map(cleanGrant),
      });
      close();
      if (result.initialPassword) {
        modal.success({
          title: t('users.created'),
          width: 480,
          content: (
            <OneTimeSecret
              label={t('users.secret.initial')}
              secret={result.initialPassword}
              username={result.user.username}
            />
          ),
        });
      } else {
        void message.success(t('users.createdWithPassword', { username: result.user.username }));
      }
    } catch (error) {
      setProblems(applyServerErrors(form, error, (path) => TOP_FIELDS.has(String(path[0]))));
    }
  }

  return (
    <Drawer
      open={open}
      onClose={close}
      title={t('users.create')}
      width={560}
      destroyOnHidden
      data-testid="create-user"
      rootClassName="az-create-user"
      extra={
        <Space>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={create.isPending}
            onClick={() => form.submit()}
            data-testid="create-user-submit"
          >
            {t('common.create')}
          </Button>
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        initialValues={{ roles: [{}] }}
        requiredMark="optional"
      >
        {problems.length > 0 ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            data-testid="create-user-error"
            className="az-form-alert"
            message={problems.join('；')}
          />
        ) : null}
        <Form.Item
          name="username"
          label={t('users.field.username')}
          extra={t('users.field.usernameHint')}
          rules={[
            { required: true, message: t('users.field.usernameRequired') },
            { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/, message: t('users.field.usernameInvalid') },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.field.displayName')}
          rules={[{ required: true, whitespace: true, message: t('users.field.displayNameRequired') }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.field.password')}
          extra={t('users.field.passwordHint')}
          rules={[
            {
              validator: (_, value: string | undefined) =>
                !value || meetsPasswordPolicy(value)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('account.password.policyFailed'))),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.List name="roles">
          {(fields, { add, remove }) => (
            <div className="az-role-grants">
              <div className="az-role-grants-title">{t('users.field.roles')}</div>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  className="az-role-grant"
                  data-testid={`role-grant-${index}`}
                  title={t('users.field.roleN', { n: index + 1 })}
                  extra={
                    fields.length > 1 ? (
                      <Button
                        type="text"
                        danger
                        size="small"
                        icon={<DeleteOutlined />}
                        aria-label={t('users.field.removeRole')}
                        onClick={() => remove(field.name)}
                      />
                    ) : null
                  }
                >
                  <RoleGrantFields prefix={[field.name]} listName={['roles']} index={index} />
                </Card>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({})}
                disabled={fields.length >= 10}
              >
                {t('users.field.addRole')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
