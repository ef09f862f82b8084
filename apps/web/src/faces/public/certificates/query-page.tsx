import { QrcodeOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePublicCertificate } from '../../../api/certificates.ts';
import {
  certificateNumberProblem,
  holderNameProblem,
  normalizeCertificateNumber,
} from '../../../components/certificate/certificate-number.ts';
import {
  PublicCertificateCard,
  PublicQueryError,
  StatusWarning,
} from '../../../components/certificate/public-certificate-card.tsx';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import '../../../components/certificate/certificate.css';

interface Values {
  no: string;
  name: string;
}

/** 证书查询 (REQ-PUB-1): number + holder name → the public card; no login. */
export function CertificateQueryPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('certificate.query.title'));
  const [form] = Form.useForm<Values>();
  const [input, setInput] = useState<{ no: string; name: string } | null>(null);
  const result = usePublicCertificate(input);
  return (
    <div className="az-cert-narrow">
      <h1 className="az-page-title">{t('certificate.query.title')}</h1>
      <Typography.Paragraph className="az-page-lead">{t('certificate.query.lead')}</Typography.Paragraph>
      <Card className="az-section">
        <Form<Values>
          form={form}
          layout="vertical"
          className="az-cert-query-form"
          data-testid="certificate-query-form"
          onFinish={(v) => setInput({ no: normalizeCertificateNumber(v.no), name: v.name.trim() })}
        >
          <Form.Item
            name="no"
            label={t('certificate.field.number')}
            validateTrigger="onBlur"
            normalize={(v: string) => v.replace(/\s+/g, '').toUpperCase()}
            rules={[
              {
                validator: async (_, value: string | undefined) => {
                  if (!value) throw new Error(t('certificate.query.numberRequired'));
                  const problem = certificateNumberProblem(value);
                  if (problem) throw new Error(t(`certificate.query.numberProblem.${problem}`));
                },
              },
            ]}
          >
            <Input
              inputMode="text"
              autoComplete="off"
              maxLength={20}
              placeholder="4420242000001234"
              className="az-mono"
              data-testid="query-number"
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('certificate.field.holderName')}
            validateTrigger="onBlur"
            rules={[
              {
                validator: async (_, value: string | undefined) => {
                  if (!value?.trim()) throw new Error(t('certificate.query.nameRequired'));
                  if (holderNameProblem(value)) throw new Error(t('certificate.query.nameLength'));
                },
              },
            ]}
          >
            <Input autoComplete="off" maxLength={30} data-testid="query-name" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            icon={<SearchOutlined />}
            loading={result.isFetching}
            data-testid="query-submit"
          >
            {t('certificate.query.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" className="az-small az-section">
          <QrcodeOutlined /> {t('certificate.query.qrHint')}
        </Typography.Paragraph>
      </Card>
      <section className="az-section" aria-live="polite" data-testid="query-result">
        {input && result.isFetching && !result.data ? <Skeleton active /> : null}
        {input && result.isError ? <PublicQueryError error={result.error} /> : null}
        {input && result.data ? (
          <>
            <StatusWarning status={result.data.status} validUntil={result.data.validUntil} />
            <PublicCertificateCard certificate={result.data} />
          </>
        ) : null}
      </section>
    </div>
  );
}
