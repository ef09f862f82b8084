import { LinkOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, List, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ShareLinkView,
  useCreateShareLink,
  useShareLinks,
  useWithdrawShareLink,
} from '../../../../api/certificates.ts';
import { ActionError } from '../../../../components/application/action-error.tsx';

const STATE_COLORS: Record<string, string> = { active: 'success', expired: 'default', withdrawn: 'error' };

interface Values {
  purpose: string;
  expiresInDays: number;
}

/**
 * 分享链接: a link for one purpose (an employer, a tender) that shows the full certificate
 * until it expires (1–90 days) or is withdrawn. The link itself is shown once, at creation.
 */
export function ShareLinks({ no }: { no: string }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const links = useShareLinks(no);
  const create = useCreateShareLink(no);
  const withdraw = useWithdrawShareLink(no);
  const [created, setCreated] = useState<ShareLinkView | null>(null);

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      void message.success(t('certificate.share.copied'));
    } catch {
      void message.warning(t('certificate.share.copyFailed'));
    }
  };

  return (
    <Card title={t('certificate.share.title')} size="small" data-testid="share-links">
      <Typography.Paragraph type="secondary" className="az-small">
        {t('certificate.share.lead')}
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ expiresInDays: 30 }}
        onFinish={(v) =>
          create.mutate(
            { purpose: v.purpose.trim(), expiresInDays: v.expiresInDays },
            {
              onSuccess: (link) => {
                setCreated(link);
                form.resetFields();
              },
            },
          )
        }
      >
        <Form.Item
          name="purpose"
          label={t('certificate.share.purpose')}
          rules={[
            { required: true, whitespace: true, message: t('certificate.share.purposeRequired') },
            { max: 200, message: t('certificate.action.tooLong', { max: 200 }) },
          ]}
        >
          <Input
            maxLength={200}
            placeholder={t('certificate.share.purposePlaceholder')}
            data-testid="share-purpose"
          />
        </Form.Item>
        <Form.Item
          name="expiresInDays"
          label={t('certificate.share.days')}
          rules={[
            { required: true, type: 'integer', min: 1, max: 90, message: t('certificate.share.daysRange') },
          ]}
        >
          <InputNumber
            min={1}
            max={90}
            precision={0}
            suffix={t('certificate.share.dayUnit')}
            data-testid="share-days"
          />
        </Form.Item>
        <ActionError error={create.error} />
        <Button
          type="primary"
          htmlType="submit"
          icon={<LinkOutlined />}
          loading={create.isPending}
          data-testid="share-create"
        >
          {t('certificate.share.create')}
        </Button>
      </Form>
      {created?.url ? (
        <Alert
          type="success"
          showIcon
          className="az-section"
          data-testid="share-created"
          message={t('certificate.share.createdOnce')}
          description={
            <Space direction="vertical" className="az-block">
              <Typography.Text className="az-share-url az-mono" data-testid="share-url">
                {created.url}
              </Typography.Text>
              <Space wrap>
                <Button size="small" onClick={() => void copy(created.url ?? '')} data-testid="share-copy">
                  {t('certificate.share.copy')}
                </Button>
                <Button size="small" type="text" onClick={() => setCreated(null)}>
                  {t('certificate.share.hide')}
                </Button>
              </Space>
            </Space>
          }
        />
      ) : null}
      <List<ShareLinkView>
        className="az-section"
        size="small"
        loading={links.isPending}
        dataSource={links.data ?? []}
        locale={{ emptyText: t('certificate.share.empty') }}
        data-testid="share-list"
        renderItem={(l) => (
          <List.Item
            key={l.publicId}
            data-testid="share-link"
            data-state={l.state}
            actions={
              l.state === 'active'
                ? [
                    <Button
                      key="withdraw"
                      size="small"
                      danger
                      icon={<StopOutlined />}
                      loading={withdraw.isPending && withdraw.variables === l.publicId}
                      data-testid="share-withdraw"
                      onClick={() =>
                        modal.confirm({
                          title: t('certificate.share.withdrawConfirm'),
                          content: l.purpose,
                          okText: t('certificate.share.withdraw'),
                          okButtonProps: { danger: true },
                          cancelText: t('common.cancel'),
                          onOk: () => withdraw.mutateAsync(l.publicId),
                        })
                      }
                    >
                      {t('certificate.share.withdraw')}
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap size={4}>
                  <span>{l.purpose}</span>
                  <Tag color={STATE_COLORS[l.state] ?? 'default'}>
                    {t(`certificate.share.state.${l.state}`, l.state)}
                  </Tag>
                </Space>
              }
              description={
                <span className="az-small">
                  {t('certificate.share.expiresAt', { at: dayjs(l.expiresAt).format('YYYY-MM-DD HH:mm') })} ·{' '}
                  {t('certificate.share.uses', { count: l.useCount })}
                  {l.lastUsedAt
                    ? ` · ${t('certificate.share.lastUsed', { at: dayjs(l.lastUsedAt).format('YYYY-MM-DD HH:mm') })}`
                    : ''}
                </span>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
