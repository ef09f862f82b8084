import { ArrowLeftOutlined, LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLogin } from '../api/auth.ts';
import { ApiError } from '../api/client.ts';
import type { MeResponse } from '../api/types.ts';
import { applyServerErrors } from './form-errors.ts';
import { TotpInput } from './totp-input.tsx';

interface Credentials {
  username: string;
  password: string;
}

const LOGIN_FIELDS = new Set(['username', 'password', 'totp']);

/**
 * Username + password, then — when the server answers `TOTP_REQUIRED` — a second step for
 * the 6-digit code (all three are sent again). Errors stay in the form, with the server's
 * message: wrong credentials, lockout (it says for how long), disabled account.
 */
export function LoginForm({ onLoggedIn }: { onLoggedIn?: ((me: MeResponse) => void) | undefined }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Credentials>();
  const [totpForm] = Form.useForm<{ totp: string }>();
  const [pending, setPending] = useState<Credentials | null>(null);
  const [problem, setProblem] = useState<{ type: 'error' | 'warning'; message: string } | null>(null);
  const login = useLogin();

  async function submit(credentials: Credentials, totp?: string) {
    setProblem(null);
    try {
      const me = await login.mutateAsync({ ...credentials, ...(totp ? { totp } : {}) });
      if (me) onLoggedIn?.(me);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setProblem({ type: 'error', message: error instanceof Error ? error.message : String(error) });
        return;
      }
      switch (error.code) {
        case 'TOTP_REQUIRED':
          setPending(credentials);
          return;
        case 'INVALID_TOTP':
          totpForm.setFields([{ name: 'totp', value: '', errors: [error.message] }]);
          return;
        case 'ACCOUNT_LOCKED':
          setProblem({ type: 'warning', message: error.message });
          return;
        case 'VALIDATION_FAILED': {
          const target = pending ? totpForm : form;
          const rest = applyServerErrors(target, error, (path) => LOGIN_FIELDS.has(String(path[0])));
          if (rest.length > 0) setProblem({ type: 'error', message: rest.join('；') });
          return;
        }
        default:
          // Wrong credentials, disabled account, network trouble: back to step one.
          if (error.code === 'INVALID_CREDENTIALS') form.setFieldValue('password', '');
          setPending(null);
          setProblem({ type: 'error', message: error.message });
      }
    }
  }

  const alert = problem ? (
    <Alert
      data-testid="login-error"
      className="az-login-alert"
      type={problem.type}
      showIcon
      message={problem.message}
      role="alert"
    />
  ) : null;

  if (pending) {
    return (
      <Form
        form={totpForm}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => void submit(pending, values.totp)}
        data-testid="login-totp-step"
      >
        <div className="az-login-step-title">
          <SafetyOutlined aria-hidden="true" /> {t('login.totpTitle')}
        </div>
        <Typography.Paragraph type="secondary">
          {t('login.totpHint', { username: pending.username })}
        </Typography.Paragraph>
        {alert}
        <Form.Item
          name="totp"
          label={t('login.totp')}
          rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpInvalid') }]}
        >
          <TotpInput />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
          {t('login.verify')}
        </Button>
        <Button
          type="link"
          block
          icon={<ArrowLeftOutlined />}
          onClick={() => {
            setPending(null);
            setProblem(null);
            totpForm.resetFields();
          }}
        >
          {t('login.back')}
        </Button>
      </Form>
    );
  }

  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => void submit(values)}
      data-testid="login-form"
    >
      {alert}
      <Form.Item
        name="username"
        label={t('login.username')}
        rules={[{ required: true, message: t('login.usernameRequired') }]}
      >
        <Input size="large" prefix={<UserOutlined aria-hidden="true" />} autoComplete="username" autoFocus />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('login.password')}
        rules={[{ required: true, message: t('login.passwordRequired') }]}
      >
        <Input.Password
          size="large"
          prefix={<LockOutlined aria-hidden="true" />}
          autoComplete="current-password"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
        {t('login.submit')}
      </Button>
    </Form>
  );
}
