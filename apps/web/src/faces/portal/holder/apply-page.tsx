import {
  CheckCircleOutlined,
  InboxOutlined,
  LeftOutlined,
  RightOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Radio,
  Result,
  Skeleton,
  Space,
  Steps,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  type EligibilityEvaluateBody,
  useApplication,
  useApplicationAction,
  useCreateApplication,
  useEligibility,
} from '../../../api/applications.ts';
import { ApiError } from '../../../api/client.ts';
import { useCertificateTypes } from '../../../api/reference.ts';
import { ACCEPTED_DOCUMENT_TYPES, uploadDocument, usePersons } from '../../../api/registry.ts';
import type { LevelCode } from '../../../api/types.ts';
import { ActionError } from '../../../components/application/action-error.tsx';
import { DocumentList } from '../../../components/application/documents.tsx';
import { EligibilityExplanation } from '../../../components/application/eligibility.tsx';
import { ApplicationStateTag } from '../../../components/application/state-tag.tsx';
import { DivisionName } from '../../../components/division-name.tsx';
import { DivisionPicker } from '../../../components/division-picker.tsx';
import { levelName } from '../../../components/levels.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';

const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

interface Choice {
  certificateTypeCode?: string;
  level?: string;
  divisionCode?: string;
}

/** Step 3: materials for the draft (PDF, JPG, PNG). */
function DocumentsStep({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const application = useApplication(applicationId);
  return (
    <div data-testid="apply-documents">
      <Typography.Paragraph type="secondary">{t('apply.documents.lead')}</Typography.Paragraph>
      <Upload.Dragger
        multiple
        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        showUploadList={false}
        beforeUpload={(file) => {
          if (!(ACCEPTED_DOCUMENT_TYPES as readonly string[]).includes(file.type)) {
            void message.error(t('apply.documents.wrongType', { name: file.name }));
            return Upload.LIST_IGNORE;
          }
          if (file.size > MAX_UPLOAD_BYTES) {
            void message.error(t('apply.documents.tooLarge', { name: file.name }));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file, onSuccess, onError }) => {
          uploadDocument('application', applicationId, file as File)
            .then((doc) => {
              onSuccess?.(doc);
              void message.success(t('apply.documents.uploaded', { name: doc.originalName }));
              void queryClient.invalidateQueries({ queryKey: ['applications', 'detail', applicationId] });
            })
            .catch((error: unknown) => {
              onError?.(error as Error);
              void message.error(error instanceof ApiError ? error.message : String(error));
            });
        }}
        data-testid="document-upload"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('apply.documents.drop')}</p>
        <p className="ant-upload-hint">{t('apply.documents.hint')}</p>
      </Upload.Dragger>
      <h3 className="az-subheading">{t('apply.documents.uploadedTitle')}</h3>
      {application.data ? <DocumentList documents={application.data.documents} /> : <Skeleton active />}
    </div>
  );
}

/**
 * 申请证书: choose the certificate → see every eligibility rule explained → upload materials
 * → review and submit. `?id=` resumes a draft (or a returned application).
 */
export function ApplyPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('apply.title'));
  const [params, setParams] = useSearchParams();
  const draftId = params.get('id') ?? undefined;
  const persons = usePersons();
  const person = persons.data?.items[0];
  const types = useCertificateTypes();
  const draft = useApplication(draftId);
  const create = useCreateApplication();
  const act = useApplicationAction();
  const [step, setStep] = useState(draftId ? 2 : 0);
  const [choice, setChoice] = useState<Choice>({});
  const [form] = Form.useForm<Choice>();
  const typeCode = Form.useWatch('certificateTypeCode', form);

  const activeTypes = (types.data?.items ?? []).filter((c) => c.status === 'active');
  const chosenType = activeTypes.find((c) => c.code === typeCode);

  useEffect(() => {
    if (person && !form.getFieldValue('divisionCode'))
      form.setFieldValue('divisionCode', person.divisionCode);
  }, [person, form]);

  // A resumed draft brings its own choice.
  useEffect(() => {
    if (draft.data) {
      setChoice({
        certificateTypeCode: draft.data.certificateTypeCode,
        level: draft.data.level,
        divisionCode: draft.data.divisionCode,
      });
    }
  }, [draft.data]);

  const eligibilityInput: EligibilityEvaluateBody | null = useMemo(
    () =>
      step === 1 && person && choice.certificateTypeCode && choice.level && choice.divisionCode
        ? {
            personId: person.id,
            certificateTypeCode: choice.certificateTypeCode,
            level: choice.level as LevelCode,
            divisionCode: choice.divisionCode,
          }
        : null,
    [step, person, choice],
  );
  const eligibility = useEligibility(eligibilityInput);

  if (persons.isPending || (draftId && draft.isPending)) return <Skeleton active />;
  if (!person) {
    return (
      <Result
        status="info"
        title={t('apply.noPerson')}
        subTitle={t('apply.noPersonBody')}
        extra={<Link to="/portal">{t('notFound.backPortal')}</Link>}
      />
    );
  }
  if (act.isSuccess && act.data.state === 'submitted') {
    return (
      <div data-testid="apply-submitted">
        <Result
          status="success"
          icon={<CheckCircleOutlined />}
          title={t('apply.submitted')}
          subTitle={t('apply.submittedBody')}
          extra={
            <Link to="/portal/applications">
              <Button type="primary">{t('apply.toMyApplications')}</Button>
            </Link>
          }
        />
      </div>
    );
  }

  const applicationId = draftId ?? create.data?.id;
  if (draft.data && !['draft', 'returned'].includes(draft.data.state) && !act.isSuccess) {
    return (
      <Result
        status="info"
        title={t('apply.notEditable')}
        extra={
          <Link to="/portal/applications">
            <Button type="primary">{t('apply.toMyApplications')}</Button>
          </Link>
        }
      />
    );
  }
  const typeName = (code?: string) => activeTypes.find((c) => c.code === code)?.name ?? code ?? '—';

  const steps = [
    { title: t('apply.steps.choose') },
    { title: t('apply.steps.eligibility') },
    { title: t('apply.steps.documents') },
    { title: t('apply.steps.submit') },
  ];

  return (
    <div className="az-apply">
      <h1 className="az-page-title">{t('apply.title')}</h1>
      <Typography.Paragraph className="az-page-lead">
        {t('apply.lead', { name: person.name })}
      </Typography.Paragraph>
      <Card className="az-steps-card">
        <Steps current={step} items={steps} responsive size="small" data-testid="apply-steps" />
      </Card>
      <Card>
        {step === 0 ? (
          <Form<Choice>
            form={form}
            layout="vertical"
            initialValues={{ divisionCode: person.divisionCode, ...choice }}
            onFinish={(values) => {
              setChoice(values);
              setStep(1);
            }}
            data-testid="apply-choose"
          >
            <Form.Item
              name="certificateTypeCode"
              label={t('application.field.type')}
              rules={[{ required: true, message: t('apply.typeRequired') }]}
            >
              <Radio.Group
                className="az-choice-list"
                onChange={(e) => {
                  const type = activeTypes.find((c) => c.code === e.target.value);
                  form.setFieldValue('level', type?.levels.length === 1 ? type.levels[0] : undefined);
                }}
              >
                {activeTypes.map((c) => (
                  <Radio key={c.code} value={c.code} className="az-choice">
                    <span data-testid={`type-${c.code}`}>
                      <span className="az-mono az-muted">{c.code}</span> {c.name}
                    </span>
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
            <Form.Item
              name="level"
              label={t('application.field.level')}
              rules={[{ required: true, message: t('apply.levelRequired') }]}
            >
              <Radio.Group optionType="button" buttonStyle="solid" disabled={!chosenType}>
                {(chosenType?.levels ?? []).map((l) => (
                  <Radio.Button key={l} value={l}>
                    <span data-testid={`level-${l}`}>{levelName(t, l)}</span>
                  </Radio.Button>
                ))}
              </Radio.Group>
            </Form.Item>
            <Form.Item
              name="divisionCode"
              label={t('application.field.division')}
              extra={t('apply.divisionHelp')}
              rules={[{ required: true, message: t('apply.divisionRequired') }]}
            >
              <DivisionPicker />
            </Form.Item>
            <div className="az-wizard-actions">
              <span />
              <Button type="primary" htmlType="submit" data-testid="apply-next">
                {t('apply.next')} <RightOutlined />
              </Button>
            </div>
          </Form>
        ) : null}

        {step === 1 ? (
          <div data-testid="apply-eligibility">
            <Descriptions size="small" column={{ xs: 1, md: 3 }} className="az-choice-summary">
              <Descriptions.Item label={t('application.field.type')}>
                {typeName(choice.certificateTypeCode)}
              </Descriptions.Item>
              <Descriptions.Item label={t('application.field.level')}>
                {levelName(t, choice.level)}
              </Descriptions.Item>
              <Descriptions.Item label={t('application.field.division')}>
                <DivisionName code={choice.divisionCode} />
              </Descriptions.Item>
            </Descriptions>
            {eligibility.isPending ? <Skeleton active /> : null}
            {eligibility.isError ? <ActionError error={eligibility.error} /> : null}
            {eligibility.data ? <EligibilityExplanation result={eligibility.data} /> : null}
            <ActionError error={create.error} />
            <div className="az-wizard-actions">
              <Button onClick={() => setStep(0)} icon={<LeftOutlined />}>
                {t('apply.back')}
              </Button>
              <Button
                type="primary"
                disabled={!eligibility.data?.eligible}
                loading={create.isPending}
                data-testid="apply-create"
                onClick={() =>
                  create.mutate(
                    {
                      certificateTypeCode: choice.certificateTypeCode ?? '',
                      level: choice.level as LevelCode,
                      divisionCode: choice.divisionCode ?? '',
                    },
                    {
                      onSuccess: (app) => {
                        setParams({ id: app.id }, { replace: true });
                        setStep(2);
                      },
                    },
                  )
                }
              >
                {t('apply.createDraft')} <RightOutlined />
              </Button>
            </div>
            {eligibility.data && !eligibility.data.eligible ? (
              <Alert type="warning" showIcon className="az-form-alert" message={t('apply.notEligibleHelp')} />
            ) : null}
          </div>
        ) : null}

        {step === 2 && applicationId ? (
          <>
            <DocumentsStep applicationId={applicationId} />
            <div className="az-wizard-actions">
              <span className="az-muted">{t('apply.draftSaved')}</span>
              <Button type="primary" onClick={() => setStep(3)} data-testid="apply-to-review">
                {t('apply.next')} <RightOutlined />
              </Button>
            </div>
          </>
        ) : null}

        {step === 3 && applicationId ? (
          <ReviewStep applicationId={applicationId} onBack={() => setStep(2)} act={act} typeName={typeName} />
        ) : null}
      </Card>
    </div>
  );
}

function ReviewStep({
  applicationId,
  onBack,
  act,
  typeName,
}: {
  applicationId: string;
  onBack: () => void;
  act: ReturnType<typeof useApplicationAction>;
  typeName: (code?: string) => string;
}) {
  const { t } = useTranslation();
  const application = useApplication(applicationId);
  if (!application.data) return <Skeleton active />;
  const a = application.data;
  return (
    <div data-testid="apply-review">
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('application.field.person')}>
          {a.person.name} <span className="az-mono az-muted">{a.person.idNumber}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('application.field.type')}>
          <span className="az-mono">{a.certificateTypeCode}</span>{' '}
          {a.certificateTypeName ?? typeName(a.certificateTypeCode)}
        </Descriptions.Item>
        <Descriptions.Item label={t('application.field.level')}>{levelName(t, a.level)}</Descriptions.Item>
        <Descriptions.Item label={t('application.field.division')}>
          <DivisionName code={a.divisionCode} />
        </Descriptions.Item>
        <Descriptions.Item label={t('application.field.state')}>
          <ApplicationStateTag state={a.state} />
        </Descriptions.Item>
        <Descriptions.Item label={t('apply.eligibilityResult')}>
          {a.eligibility
            ? a.eligibility.eligible
              ? t('eligibility.eligible')
              : t('eligibility.notEligible', { count: a.eligibility.results.filter((r) => !r.passed).length })
            : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('review.documents')}>
          {t('apply.documentCount', { count: a.documents.length })}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" className="az-declaration">
        {t('apply.declaration')}
      </Typography.Paragraph>
      <ActionError error={act.error} />
      <div className="az-wizard-actions">
        <Button onClick={onBack} icon={<LeftOutlined />}>
          {t('apply.back')}
        </Button>
        <Space>
          <Button
            type="primary"
            icon={<SendOutlined />}
            disabled={!a.abilities.submit}
            loading={act.isPending}
            onClick={() => act.mutate({ id: a.id, action: 'submit' })}
            data-testid="apply-submit"
          >
            {t('apply.submit')}
          </Button>
        </Space>
      </div>
    </div>
  );
}
