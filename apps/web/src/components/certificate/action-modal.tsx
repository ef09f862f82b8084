import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CertificateAction,
  type CertificateActionBody,
  REVOCATION_GROUNDS,
  type RevocationGround,
} from '../../api/certificates.ts';
import { ActionError } from '../application/action-error.tsx';

/** Actions whose reason is recorded on the certificate and must be given (REQ-CERT-3). */
export const REASON_REQUIRED: ReadonlySet<CertificateAction> = new Set(['suspend', 'revoke', 'cancel']);
/** Actions that end a certificate: a second confirmation before they are sent. */
const FINAL: ReadonlySet<CertificateAction> = new Set(['revoke', 'cancel']);

interface Values {
  ground?: RevocationGround;
  basis?: string;
  reason?: string;
}

/**
 * The form of one lifecycle action, for one certificate or many (batch: one reason for all).
 * Revocation asks for the ground, the decision number (文号) and the reason, then confirms.
 */
export function CertificateActionModal({
  action,
  numbers,
  batch = false,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  action: CertificateAction | null;
  numbers: string[];
  batch?: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (body: CertificateActionBody & { reason?: string }) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (action) form.resetFields();
  }, [action, form]);
  if (!action) return null;
  const revoke = action === 'revoke';
  const reasonRequired = batch || REASON_REQUIRED.has(action);

  const submit = async () => {
    const v = await form.validateFields();
    const body: CertificateActionBody = {
      ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
      ...(revoke && v.ground ? { ground: v.ground } : {}),
      ...(revoke && v.basis?.trim() ? { basis: v.basis.trim() } : {}),
    };
    if (!FINAL.has(action)) {
      onSubmit(body);
      return;
    }
    modal.confirm({
      title: t(`certificate.action.confirmTitle.${action}`, { count: numbers.length }),
      content: t('certificate.action.finalWarning', {
        numbers: numbers.slice(0, 5).join('、') + (numbers.length > 5 ? ' …' : ''),
      }),
      okText: t(`certificate.action.name.${action}`),
      okButtonProps: { danger: true, 'data-testid': 'action-final-confirm' } as never,
      cancelText: t('common.cancel'),
      onOk: () => onSubmit(body),
    });
  };

  return (
    <Modal
      open
      title={
        batch
          ? t('certificate.batchAction.title', {
              action: t(`certificate.action.name.${action}`),
              count: numbers.length,
            })
          : `${t(`certificate.action.name.${action}`)} · ${numbers[0] ?? ''}`
      }
      okText={t(`certificate.action.name.${action}`)}
      okButtonProps={
        { danger: FINAL.has(action) || action === 'suspend', 'data-testid': 'action-confirm' } as never
      }
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      onCancel={onCancel}
      onOk={() => void submit().catch(() => undefined)}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        className="az-form-alert"
        message={t(`certificate.action.help.${action}`)}
      />
      <ActionError error={error} />
      <Form<Values> form={form} layout="vertical" data-testid="certificate-action-form">
        {revoke ? (
          <>
            <Form.Item
              name="ground"
              label={t('certificate.field.ground')}
              rules={[{ required: true, message: t('certificate.action.groundRequired') }]}
            >
              <Select<RevocationGround>
                data-testid="action-ground"
                placeholder={t('certificate.action.groundPlaceholder')}
                options={REVOCATION_GROUNDS.map((g) => ({ value: g, label: t(`certificate.ground.${g}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="basis"
              label={t('certificate.field.basis')}
              rules={[
                { required: true, whitespace: true, message: t('certificate.action.basisRequired') },
                { max: 200, message: t('certificate.action.tooLong', { max: 200 }) },
              ]}
              extra={t('certificate.action.basisHelp')}
            >
              <Input
                data-testid="action-basis"
                maxLength={200}
                placeholder={t('certificate.action.basisPlaceholder')}
              />
            </Form.Item>
          </>
        ) : null}
        <Form.Item
          name="reason"
          label={t('certificate.field.reason')}
          rules={[
            { required: reasonRequired, whitespace: true, message: t('certificate.action.reasonRequired') },
            { max: 1000, message: t('certificate.action.tooLong', { max: 1000 }) },
          ]}
          extra={
            reasonRequired ? t('certificate.action.reasonVisible') : t('certificate.action.reasonOptional')
          }
        >
          <Input.TextArea
            data-testid="action-reason"
            autoSize={{ minRows: 3, maxRows: 6 }}
            maxLength={1000}
            showCount
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
