import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type AssessmentCreate, type RegistrationView, useCreateAssessment } from '../../../api/exam.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * 实操 / 业绩考核评分任务 (REQ-EXAM-1/3): rubric and two different assessors who mark blind;
 * a difference above the threshold goes to an arbitrator.
 */
export function CreateAssessmentModal({
  registration,
  onClose,
}: {
  registration: RegistrationView | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<AssessmentCreate>();
  const create = useCreateAssessment();
  return (
    <Modal
      open={Boolean(registration)}
      title={t('exam.marking.createTitle', { name: registration?.candidateName ?? '' })}
      width={720}
      onCancel={onClose}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          component: 'practical',
          rubric: [{ id: 'C1', description: '', points: 50 }],
        }}
        onFinish={(v) =>
          create.mutate(
            { registrationId: registration?.id as string, body: v },
            {
              onSuccess: (a) => {
                onClose();
                modal.success({
                  title: t('exam.marking.created'),
                  content: (
                    <span>
                      {t('exam.marking.createdBody')}{' '}
                      <Link to={`/console/exam/marking?assessment=${a.id}`} className="az-mono">
                        {a.id}
                      </Link>
                    </span>
                  ),
                });
              },
              onError: (e) => void message.error(e.message),
            },
          )
        }
      >
        <Space wrap>
          <Form.Item name="component" label={t('exam.marking.component')} rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              options={(['practical', 'performance'] as const).map((c) => ({
                value: c,
                label: t(`exam.marking.componentName.${c}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="title" label={t('exam.marking.taskTitle')} rules={[{ required: true, max: 200 }]}>
            <Input style={{ width: 360 }} />
          </Form.Item>
        </Space>
        <Form.List name="rubric">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item name={[field.name, 'id']} rules={[{ required: true, max: 40 }]}>
                    <Input placeholder={t('exam.marking.criterionId')} style={{ width: 70 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'description']} rules={[{ required: true, max: 1000 }]}>
                    <Input placeholder={t('exam.marking.criterion')} style={{ width: 380 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'points']} rules={[{ required: true }]}>
                    <InputNumber
                      min={0}
                      max={100}
                      addonAfter={t('exam.marking.pointsUnit')}
                      style={{ width: 120 }}
                    />
                  </Form.Item>
                  <MinusCircleOutlined
                    aria-label={t('exam.item.removeSub')}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ id: `C${fields.length + 1}`, points: 10 })}
              >
                {t('exam.marking.addCriterion')}
              </Button>
            </>
          )}
        </Form.List>
        <Space wrap className="az-exam-mt">
          <Form.Item
            name="firstAssessorId"
            label={t('exam.marking.first')}
            rules={[{ required: true, pattern: UUID }]}
          >
            <Input className="az-mono" style={{ width: 320 }} />
          </Form.Item>
          <Form.Item
            name="secondAssessorId"
            label={t('exam.marking.second')}
            rules={[{ required: true, pattern: UUID }]}
          >
            <Input className="az-mono" style={{ width: 320 }} />
          </Form.Item>
          <Form.Item
            name="thresholdPoints"
            label={t('exam.marking.threshold')}
            extra={t('exam.marking.thresholdHint')}
          >
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="responsibilityAccident" valuePropName="checked">
            <Checkbox>{t('exam.marking.accident')}</Checkbox>
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
