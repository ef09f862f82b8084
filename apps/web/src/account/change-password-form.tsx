import { Alert, App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChangePassword } from '../api/auth.ts';
import { applyServerErrors } from './form-errors.ts';
import { meetsPasswordPolicy } from './password-policy.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const FIELDS = new Set(['currentPassword', 'newPassword']);

/** Change own password; server field errors (`body.newPassword`, …) land on the fields. */
export function ChangePasswordForm({ onChanged }: { onChanged?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const change = useChangePassword();

  async function submit(values: Values) {
    setProblem(null);
    try {
      await change.mutateAsync({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      form.resetFields();
      void message.success(t('account.password.changed'));
      onChanged?.();
    } catch (error) {
      const rest = applyServerErrors(form, error, (path) => FIELDS.has(String(path[0])));
      if (rest.length > 0) setProblem(rest.join('；'));
    }
  }

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(values) => void submit(values)}
      className="az-narrow-form"
      data-testid="change-password-form"
    >
      {problem ? (
        <Alert type="error" showIcon message={problem} className="az-form-alert" role="alert" />
      ) : null}
      <Form.Item
        name="currentPassword"
        label={t('account.password.current')}
        rules={[{ required: true, message: t('account.password.currentRequired') }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('account.password.new')}
        extra={t('account.password.policy')}
        rules={[
          { required: true, message: t('account.password.newRequired') },
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
      <Form.Item
        name="confirmPassword"
        label={t('account.password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('account.password.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('account.password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending}>
        {t('account.password.submit')}
      </Button>
    </Form>
  );
}
