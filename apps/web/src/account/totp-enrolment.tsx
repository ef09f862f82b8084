import { CheckCircleFilled } from '@ant-design/icons';
import { Alert, Button, Form, Result, Skeleton, Steps, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfirmTotp, useStartTotpEnrolment } from '../api/auth.ts';
import { applyServerErrors } from './form-errors.ts';
import { TotpInput } from './totp-input.tsx';

/**
 * Binds an authenticator app: the server generates the secret and its QR code (an SVG it
 * rendered itself); shown as an image, never injected as markup.
 */
export function TotpEnrolment({ autoStart = false, onDone }: { autoStart?: boolean; onDone?: () => void }) {
  const { t } = useTranslation();
  const start = useStartTotpEnrolment();
  const confirm = useConfirmTotp();
  const [form] = Form.useForm<{ code: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    // The ref keeps StrictMode's second effect run from minting a second secret.
    if (autoStart && !started.current) {
      started.current = true;
      start.mutate();
    }
  }, [autoStart, start]);

  async function submit({ code }: { code: string }) {
    setProblem(null);
    try {
      await confirm.mutateAsync(code);
      onDone?.();
    } catch (error) {
      const rest = applyServerErrors(form, error, (path) => path[0] === 'code');
      if (rest.length > 0) setProblem(rest.join('；'));
      form.setFieldValue('code', '');
    }
  }

  if (confirm.isSuccess) {
    return (
      <Result
        status="success"
        icon={<CheckCircleFilled />}
        title={t('account.totp.done')}
        data-testid="totp-enrolled"
      />
    );
  }

  if (!start.data) {
    return (
      <div data-testid="totp-enrolment">
        <Typography.Paragraph>{t('account.totp.intro')}</Typography.Paragraph>
        {start.isPending ? (
          <Skeleton active />
        ) : (
          <Button type="primary" onClick={() => start.mutate()}>
            {t('account.totp.start')}
          </Button>
        )}
      </div>
    );
  }

  const { qrSvg, secret } = start.data;
  return (
    <div data-testid="totp-enrolment">
      <Steps
        direction="vertical"
        size="small"
        current={-1}
        items={[
          { title: t('account.totp.step1'), description: t('account.totp.step1Body') },
          {
            title: t('account.totp.step2'),
            description: (
              <div className="az-totp-qr">
                <img
                  src={`data:image/svg+xml;utf8,${encodeURIComponent(qrSvg)}`}
                  alt={t('account.totp.qrAlt')}
                  width={184}
                  height={184}
                  data-testid="totp-qr"
                />
                <div>
                  <Typography.Text type="secondary">{t('account.totp.manual')}</Typography.Text>
                  <Typography.Paragraph>
                    <Typography.Text code copyable data-testid="totp-secret" className="az-totp-secret">
                      {secret}
                    </Typography.Text>
                  </Typography.Paragraph>
                </div>
              </div>
            ),
          },
          {
            title: t('account.totp.step3'),
            description: (
              <Form
                form={form}
                layout="vertical"
                onFinish={(v) => void submit(v)}
                className="az-totp-confirm"
              >
                {problem ? <Alert type="error" showIcon message={problem} className="az-form-alert" /> : null}
                <Form.Item
                  name="code"
                  label={t('account.totp.code')}
                  rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpInvalid') }]}
                >
                  <TotpInput />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={confirm.isPending}>
                  {t('account.totp.confirm')}
                </Button>
              </Form>
            ),
          },
        ]}
      />
    </div>
  );
}
