import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Form,
  InputNumber,
  Radio,
  Result,
  Space,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApplicationSummary } from '../../../api/applications.ts';
import {
  type CertificateView,
  SIGNING_SUITES,
  type SigningSuite,
  useIssueCertificate,
} from '../../../api/certificates.ts';
import { ActionError } from '../../../components/application/action-error.tsx';
import { DivisionName } from '../../../components/division-name.tsx';
import { levelName } from '../../../components/levels.ts';

type Component = 'theory' | 'practical' | 'performance';

/**
 * Which assessment parts a level has (reference `exam.weights`, seed §2.3): 初级 and 行业专项
 * theory + practical; 中级 and 高级 also the performance evaluation (业绩).
 */
export function componentsFor(level: string): Component[] {
  return level === 'intermediate' || level === 'senior'
    ? ['theory', 'practical', 'performance']
    : ['theory', 'practical'];
}

interface Values {
  theory?: number;
  practical?: number;
  performance?: number;
  suite: SigningSuite;
}

/**
 * 签发证书: the scores the issuance rests on and the signing suite, then the new number.
 * Mounted per application (keyed by its id), so every opening starts from an empty form.
 */
export function IssueDrawer({
  application: a,
  onClose,
}: {
  application: ApplicationSummary;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const issue = useIssueCertificate();
  const components = componentsFor(a.level);
  const issued: CertificateView | undefined = issue.data;

  const submit = async () => {
    const v = await form.validateFields();
    const assessment: Partial<Record<Component, number>> & { source: string } = { source: 'recorded' };
    for (const k of components) if (v[k] !== undefined && v[k] !== null) assessment[k] = v[k];
    issue.mutate({ applicationPublicId: a.id, assessment, suite: v.suite });
  };

  return (
    <Drawer
      open
      onClose={onClose}
      width={520}
      title={t('certificate.issue.drawerTitle')}
      data-testid="issue-drawer"
      extra={
        issued ? null : (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              loading={issue.isPending}
              onClick={() => void submit().catch(() => undefined)}
              data-testid="issue-submit"
            >
              {t('certificate.issue.submit')}
            </Button>
          </Space>
        )
      }
    >
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('certificate.field.holder')}>
          <span className="az-strong">{a.person.name}</span>{' '}
          <span className="az-mono az-muted">{a.person.idNumber}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('certificate.field.type')}>
          <span className="az-mono">{a.certificateTypeCode}</span>&nbsp;{a.certificateTypeName ?? ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('certificate.field.level')}>{levelName(t, a.level)}</Descriptions.Item>
        <Descriptions.Item label={t('certificate.field.division')}>
          <DivisionName code={a.divisionCode} />
        </Descriptions.Item>
      </Descriptions>
      {issued ? (
        <Result
          status="success"
          title={t('certificate.issue.done')}
          subTitle={
            <span data-testid="issued-number" className="az-mono">
              {issued.number}
            </span>
          }
          extra={
            <Link to={`/console/certificates/${issued.number}`}>
              <Button type="primary" data-testid="issued-open">
                {t('certificate.issue.openCertificate')}
              </Button>
            </Link>
          }
        />
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ suite: 'ed25519' }}
          data-testid="issue-form"
        >
          <Typography.Paragraph type="secondary">{t('certificate.issue.scoresHelp')}</Typography.Paragraph>
          {components.map((k) => (
            <Form.Item
              key={k}
              name={k}
              label={t(`certificate.score.${k}`)}
              rules={[
                {
                  required: true,
                  message: t('certificate.issue.scoreRequired', { part: t(`certificate.score.${k}`) }),
                },
              ]}
            >
              <InputNumber
                min={0}
                max={100}
                step={0.5}
                style={{ width: 160 }}
                data-testid={`score-${k}`}
                suffix={t('certificate.issue.points')}
              />
            </Form.Item>
          ))}
          <Form.Item
            name="suite"
            label={t('certificate.issue.suite')}
            extra={t('certificate.issue.suiteHelp')}
          >
            <Radio.Group data-testid="issue-suite">
              {SIGNING_SUITES.map((s) => (
                <Radio key={s} value={s} data-testid={`suite-${s}`}>
                  {t(`certificate.suite.${s}`)}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          <ActionError error={issue.error} />
          <Alert type="info" showIcon message={t('certificate.issue.logNote')} />
        </Form>
      )}
    </Drawer>
  );
}
