import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Drawer,
  Form,
  Input,
  Radio,
  Select,
  Space,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../account/form-errors.ts';
import { remapErrorFields } from '../../../account/remap-errors.ts';
import { useIndustries, useSaveCertificateType } from '../../../api/reference.ts';
import type {
  CertificateModule,
  CertificateTypeView,
  CompetencyModel,
  LevelCode,
} from '../../../api/types.ts';
import { LEVEL_CODES, levelName } from '../../../components/levels.ts';

type Outline = { knowledge?: string; skills?: string; qualities?: string };

interface FormValues {
  code: string;
  name: string;
  nameEn: string;
  kind: 'general' | 'industry_special';
  industryCode?: string | null;
  levels: LevelCode[];
  modules: CertificateModule[];
  competency?: Partial<Record<LevelCode, Outline>>;
  effectiveFrom: Dayjs;
  effectiveTo?: Dayjs | null;
  status?: 'active' | 'retired';
}

const OUTLINE_PARTS = ['knowledge', 'skills', 'qualities'] as const;

const lines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function toFormValues(type: CertificateTypeView | null): Partial<FormValues> {
  if (!type) {
    return {
      kind: 'industry_special',
      levels: ['special'],
      modules: [{ code: 'BASE-LAW', name: '', kind: 'base', version: `${dayjs().year()}.1` }],
      effectiveFrom: dayjs(),
      industryCode: null,
    };
  }
  const competency: Partial<Record<LevelCode, Outline>> = {};
  for (const [level, outline] of Object.entries(type.competencyModel)) {
    if (!outline) continue;
    competency[level as LevelCode] = {
      knowledge: outline.knowledge.join('\n'),
      skills: outline.skills.join('\n'),
      qualities: outline.qualities.join('\n'),
    };
  }
  return {
    code: type.code,
    name: type.name,
    nameEn: type.nameEn,
    kind: type.kind,
    industryCode: type.industryCode,
    levels: [...type.levels],
    modules: type.modules.map((m) => ({ ...m })),
    competency,
    effectiveFrom: dayjs(type.effectiveFrom),
    effectiveTo: type.effectiveTo ? dayjs(type.effectiveTo) : null,
    status: type.status,
  };
}

/** `body.competencyModel.junior.skills.2` → `competency.junior.skills` (one textarea per list). */
function formField(field: string): string {
  const m = /^body\.competencyModel\.(\w+)(?:\.(knowledge|skills|qualities))?/.exec(field);
  if (m) return `competency.${m[1]}.${m[2] ?? 'knowledge'}`;
  const level = /^body\.levels\.\d+$/.exec(field);
  if (level) return 'levels';
  return field;
}

/**
 * New or changed certificate type (REQ-TYPE-3: a type added here is usable without a code
 * change). Code and kind are fixed once created.
 */
export function CertificateTypeDrawer({
  open,
  editing,
  onClose,
}: {
  open: boolean;
  editing: CertificateTypeView | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveCertificateType();
  const industries = useIndustries();
  const [problems, setProblems] = useState<string[]>([]);
  const kind = Form.useWatch('kind', form);
  const levels = Form.useWatch('levels', form) ?? [];

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(toFormValues(editing));
    setProblems([]);
    save.reset();
  }, [open, editing, form, save.reset]);

  const submit = (values: FormValues) => {
    setProblems([]);
    const competencyModel: CompetencyModel = {};
    for (const level of values.levels) {
      const o = values.competency?.[level];
      competencyModel[level] = {
        knowledge: lines(o?.knowledge),
        skills: lines(o?.skills),
        qualities: lines(o?.qualities),
      };
    }
    const common = {
      name: values.name.trim(),
      nameEn: values.nameEn.trim(),
      industryCode: values.industryCode ?? null,
      levels: values.levels,
      modules: values.modules.map((m) => ({ ...m, code: m.code.trim(), name: m.name.trim() })),
      competencyModel,
      effectiveFrom: values.effectiveFrom.format('YYYY-MM-DD'),
      effectiveTo: values.effectiveTo ? values.effectiveTo.format('YYYY-MM-DD') : null,
    };
    const request = editing
      ? {
          mode: 'update' as const,
          code: editing.code,
          body: { ...common, status: values.status ?? 'active' },
        }
      : { mode: 'create' as const, body: { ...common, code: values.code, kind: values.kind } };
    save.mutate(request, {
      onSuccess: (saved) => {
        void message.success(
          editing
            ? t('reference.types.updated', { name: saved.name })
            : t('reference.types.created', { name: saved.name }),
        );
        onClose();
      },
      onError: (error) => {
        setProblems(
          applyServerErrors(form, remapErrorFields(error, formField), (name) => {
            const top = String(name[0]);
            return (
              [
                'code',
                'name',
                'nameEn',
                'kind',
                'industryCode',
                'levels',
                'competency',
                'effectiveFrom',
                'effectiveTo',
                'status',
              ].includes(top) ||
              (top === 'modules' && name.length === 3)
            );
          }),
        );
      },
    });
  };

  const industryOptions = (industries.data?.items ?? []).map((i) => ({
    value: i.code,
    label: `${i.parentCode ? '— ' : ''}${i.name}${i.highRisk ? ` · ${t('reference.industries.highRisk')}` : ''}`,
  }));

  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={760}
      destroyOnHidden
      title={
        editing ? t('reference.types.editTitle', { code: editing.code }) : t('reference.types.createTitle')
      }
      data-testid="certificate-type-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="certificate-type-submit"
          >
            {editing ? t('common.save') : t('common.create')}
          </Button>
        </Space>
      }
    >
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          className="az-form-alert"
          data-testid="certificate-type-error"
          message={problems[0]}
          description={problems.length > 1 ? problems.slice(1).join('；') : undefined}
        />
      ) : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark="optional"
        scrollToFirstError
      >
        <div className="az-form-grid">
          <Form.Item
            name="code"
            label={t('reference.types.field.code')}
            extra={t('reference.types.codeHelp')}
            rules={[
              { required: true, message: t('reference.types.codeRequired') },
              { pattern: /^[0-9]{2}$/, message: t('reference.types.codePattern') },
            ]}
          >
            <Input disabled={Boolean(editing)} maxLength={2} className="az-mono" style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="kind" label={t('reference.types.field.kind')} rules={[{ required: true }]}>
            <Radio.Group
              disabled={Boolean(editing)}
              optionType="button"
              onChange={(e) => {
                if (e.target.value === 'general') {
                  form.setFieldsValue({ industryCode: null, levels: ['junior', 'intermediate', 'senior'] });
                } else form.setFieldsValue({ levels: ['special'] });
              }}
              options={[
                { value: 'general', label: t('reference.types.kind.general') },
                { value: 'industry_special', label: t('reference.types.kind.industry_special') },
              ]}
            />
          </Form.Item>
        </div>
        <Form.Item
          name="name"
          label={t('reference.types.field.name')}
          rules={[{ required: true, min: 2, max: 60, message: t('reference.types.nameRule') }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('reference.types.field.nameEn')}
          rules={[{ required: true, min: 2, max: 120, message: t('reference.types.nameEnRule') }]}
        >
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item
          name="industryCode"
          label={t('reference.types.field.industry')}
          rules={[{ required: kind === 'industry_special', message: t('reference.types.industryRequired') }]}
          extra={kind === 'general' ? t('reference.types.generalNoIndustry') : undefined}
        >
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            disabled={kind === 'general'}
            loading={industries.isPending}
            options={industryOptions}
            placeholder={t('reference.types.industryPlaceholder')}
          />
        </Form.Item>
        <Form.Item
          name="levels"
          label={t('reference.types.field.levels')}
          rules={[{ required: true, message: t('reference.types.levelsRequired') }]}
        >
          <Checkbox.Group
            options={LEVEL_CODES.map((code) => ({
              value: code,
              label: levelName(t, code),
              disabled: kind === 'general' ? code === 'special' : false,
            }))}
          />
        </Form.Item>

        <h3 className="az-subheading">{t('reference.types.field.modules')}</h3>
        <Form.List
          name="modules"
          rules={[
            {
              validator: async (_, value?: CertificateModule[]) => {
                if (!value || value.length === 0) throw new Error(t('reference.types.modulesRequired'));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <div className="az-module-list" data-testid="module-list">
              {fields.map((field) => (
                <div key={field.key} className="az-module-row">
                  <Form.Item
                    name={[field.name, 'code']}
                    label={t('reference.types.module.code')}
                    rules={[
                      { required: true, message: t('reference.types.module.codeRequired') },
                      { pattern: /^[A-Z][A-Z0-9-]{1,31}$/, message: t('reference.types.module.codePattern') },
                    ]}
                  >
                    <Input className="az-mono" placeholder="BASE-LAW" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'name']}
                    label={t('reference.types.module.name')}
                    rules={[{ required: true, message: t('reference.types.module.nameRequired') }]}
                  >
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'kind']}
                    label={t('reference.types.module.kind')}
                    rules={[{ required: true }]}
                  >
                    <Select
                      options={[
                        { value: 'base', label: t('reference.types.module.base') },
                        { value: 'industry', label: t('reference.types.module.industry') },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'version']}
                    label={t('reference.types.module.version')}
                    rules={[
                      { required: true, message: t('reference.types.module.versionRequired') },
                      {
                        pattern: /^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$/,
                        message: t('reference.types.module.versionPattern'),
                      },
                    ]}
                  >
                    <Input className="az-mono" placeholder="2026.1" />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<MinusCircleOutlined />}
                    aria-label={t('reference.types.module.remove')}
                    onClick={() => remove(field.name)}
                    className="az-module-remove"
                  />
                </div>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({ code: '', name: '', kind: 'industry', version: `${dayjs().year()}.1` })}
                data-testid="add-module"
              >
                {t('reference.types.module.add')}
              </Button>
              <Form.ErrorList errors={errors} />
            </div>
          )}
        </Form.List>

        <h3 className="az-subheading">{t('reference.types.field.competency')}</h3>
        <p className="az-muted">{t('reference.types.competencyHelp')}</p>
        {levels.length === 0 ? <p className="az-muted">{t('reference.types.pickLevels')}</p> : null}
        {LEVEL_CODES.filter((l) => levels.includes(l)).map((level) => (
          <Card
            key={level}
            size="small"
            title={levelName(t, level)}
            className="az-competency-card"
            data-testid={`competency-${level}`}
          >
            <div className="az-form-grid az-form-grid-3">
              {OUTLINE_PARTS.map((part) => (
                <Form.Item
                  key={part}
                  name={['competency', level, part]}
                  label={t(`reference.types.competency.${part}`)}
                  rules={[
                    { required: true, whitespace: true, message: t('reference.types.competency.required') },
                  ]}
                >
                  <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
                </Form.Item>
              ))}
            </div>
          </Card>
        ))}

        <div className="az-form-grid">
          <Form.Item
            name="effectiveFrom"
            label={t('reference.field.effectiveFrom')}
            rules={[{ required: true }]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="effectiveTo" label={t('reference.field.effectiveTo')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </div>
        {editing ? (
          <Form.Item name="status" label={t('reference.types.field.status')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'active', label: t('reference.types.status.active') },
                { value: 'retired', label: t('reference.types.status.retired') },
              ]}
            />
          </Form.Item>
        ) : null}
      </Form>
    </Drawer>
  );
}
