import { App, Button, Card, Form, Input, InputNumber, Radio, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { type AppealDecision, useDecideAppeal } from '../../../api/exam.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Values {
  appealId: string;
  decision: AppealDecision['decision'];
  note: string;
  theory?: number;
  practical?: number;
  performance?: number;
}

/** 成绩复核 (REQ-EXAM-2): the regulator's conclusion; an upheld appeal publishes a corrected result version. */
export function AppealDecisionCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const decide = useDecideAppeal();
  const decision = Form.useWatch('decision', form);
  return (
    <Card title={t('exam.appeal.title')}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ decision: 'rejected' }}
        onFinish={(v) => {
          const scores = Object.fromEntries(
            (['theory', 'practical', 'performance'] as const)
              .filter((k) => typeof v[k] === 'number')
              .map((k) => [k, v[k] as number]),
          );
          decide.mutate(
            {
              appealId: v.appealId.trim(),
              body: {
                decision: v.decision,
                note: v.note,
                ...(v.decision === 'upheld' ? { scores } : {}),
              },
            },
            {
              onSuccess: () => {
                void message.success(t(`exam.appeal.done.${v.decision}`));
                form.resetFields();
              },
              onError: (e) => void message.error(e.message),
            },
          );
        }}
      >
        <Form.Item name="appealId" label={t('exam.appeal.id')} rules={[{ required: true, pattern: UUID }]}>
          <Input className="az-mono" style={{ maxWidth: 360 }} />
        </Form.Item>
        <Form.Item name="decision" label={t('exam.appeal.decision')}>
          <Radio.Group
            options={[
              { value: 'rejected', label: t('exam.appeal.rejected') },
              { value: 'upheld', label: t('exam.appeal.upheld') },
            ]}
          />
        </Form.Item>
        {decision === 'upheld' ? (
          <Space wrap>
            {(['theory', 'practical', 'performance'] as const).map((k) => (
              <Form.Item key={k} name={k} label={t(`exam.result.${k}`)}>
                <InputNumber min={0} max={100} />
              </Form.Item>
            ))}
          </Space>
        ) : null}
        <Form.Item name="note" label={t('exam.appeal.note')} rules={[{ required: true, max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={decide.isPending}>
          {t('exam.appeal.submit')}
        </Button>
      </Form>
    </Card>
  );
}
