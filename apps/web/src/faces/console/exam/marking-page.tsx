import { App, Button, Card, Descriptions, Empty, Form, Input, InputNumber, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../../../account/session.ts';
import {
  type AssessmentView,
  type GradingView,
  useAssessment,
  useAssessmentActions,
  useGradeAttempt,
  useMarkItem,
} from '../../../api/exam.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { AppealDecisionCard } from './appeal-decision-card.tsx';
import '../../../components/exam/exam.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Blind double marking: the form per rubric criterion; other markers' marks stay hidden until both first marks are in. */
function AssessmentCard({ a }: { a: AssessmentView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ops = useAssessmentActions(a.id);
  const [form] = Form.useForm<{ criteria: Record<string, number>; comment?: string }>();
  const [arbForm] = Form.useForm<{ arbitratorId: string }>();
  const mine = a.marks.find((m) => m.role === a.myRole);
  const canMark =
    a.myRole !== null &&
    !mine &&
    (a.myRole === 'arbitrator' ? a.state === 'arbitration' : a.state === 'marking');
  return (
    <Card
      data-testid="assessment"
      data-state={a.state}
      title={
        <span>
          {a.title} <Tag>{t(`exam.marking.componentName.${a.component}`, a.component)}</Tag>
          <Tag color={a.state === 'completed' ? 'green' : a.state === 'arbitration' ? 'red' : 'blue'}>
            {t(`exam.marking.state.${a.state}`, a.state)}
          </Tag>
        </span>
      }
    >
      <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
        <Descriptions.Item label={t('exam.marking.myRole')}>
          {a.myRole ? t(`exam.marking.role.${a.myRole}`, a.myRole) : t('exam.marking.regulatorView')}
        </Descriptions.Item>
        <Descriptions.Item label={t('exam.marking.max')}>{a.maxPoints}</Descriptions.Item>
        <Descriptions.Item label={t('exam.marking.threshold')}>{a.thresholdPoints}</Descriptions.Item>
        {a.finalPoints !== null ? (
          <Descriptions.Item label={t('exam.marking.final')}>
            <span className="az-strong" data-testid="assessment-final">
              {a.finalPoints}
            </span>{' '}
            ({t(`exam.marking.method.${a.finalMethod ?? ''}`, a.finalMethod ?? '')})
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Table
        className="az-exam-mt"
        size="small"
        rowKey={(m) => m.role}
        pagination={false}
        dataSource={a.marks}
        locale={{ emptyText: t('exam.marking.noMarks') }}
        columns={[
          {
            title: t('exam.marking.marker'),
            key: 'role',
            render: (_, m) => t(`exam.marking.role.${m.role}`, m.role),
          },
          { title: t('exam.marking.points'), dataIndex: 'points' },
          { title: t('exam.marking.comment'), dataIndex: 'comment' },
          {
            title: t('exam.marking.submittedAt'),
            key: 'at',
            render: (_, m) => new Date(m.submittedAt).toLocaleString(),
          },
        ]}
      />
      {a.myRole && a.state === 'marking' && mine ? (
        <p className="az-muted az-exam-mt">{t('exam.marking.blindHint')}</p>
      ) : null}
      {canMark ? (
        <Form
          form={form}
          layout="vertical"
          className="az-exam-mt"
          onFinish={(v) =>
            ops.mark.mutate(
              { criteria: v.criteria, ...(v.comment ? { comment: v.comment } : {}) },
              {
                onSuccess: () => void message.success(t('exam.marking.submitted')),
                onError: (e) => void message.error(e.message),
              },
            )
          }
        >
          {a.rubric.map((c) => (
            <Form.Item
              key={c.id}
              name={['criteria', c.id]}
              label={`${c.id} ${c.description}（${t('exam.marking.upTo', { n: c.points })}）`}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={c.points} step={0.5} data-testid={`criterion-${c.id}`} />
            </Form.Item>
          ))}
          <Form.Item name="comment" label={t('exam.marking.comment')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={ops.mark.isPending} data-testid="mark-submit">
            {t('exam.marking.submit')}
          </Button>
        </Form>
      ) : null}
      {a.state === 'arbitration' && a.myRole === null ? (
        <Form
          form={arbForm}
          layout="inline"
          className="az-exam-mt"
          onFinish={(v) =>
            ops.arbitrator.mutate(v.arbitratorId, { onError: (e) => void message.error(e.message) })
          }
        >
          <Form.Item
            name="arbitratorId"
            label={t('exam.marking.arbitrator')}
            rules={[{ required: true, pattern: UUID }]}
          >
            <Input className="az-mono" style={{ width: 320 }} />
          </Form.Item>
          <Button htmlType="submit" loading={ops.arbitrator.isPending}>
            {t('exam.marking.assign')}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}

/** Theory paper: auto-grade objective items, then points for short answers and scenarios. */
function TheoryMarking() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const grade = useGradeAttempt();
  const markItem = useMarkItem();
  const [view, setView] = useState<GradingView | undefined>();
  const [points, setPoints] = useState<Record<string, number>>({});
  return (
    <Card title={t('exam.marking.theory')}>
      <Form
        layout="inline"
        onFinish={(v: { attemptId: string }) =>
          grade.mutate(v.attemptId.trim(), {
            onSuccess: setView,
            onError: (e) => void message.error(e.message),
          })
        }
      >
        <Form.Item
          name="attemptId"
          label={t('exam.marking.attemptId')}
          rules={[{ required: true, pattern: UUID }]}
        >
          <Input className="az-mono" style={{ width: 320 }} />
        </Form.Item>
        <Button htmlType="submit" loading={grade.isPending}>
          {t('exam.marking.grade')}
        </Button>
      </Form>
      {view ? (
        <>
          <Descriptions size="small" className="az-exam-mt" column={{ xs: 1, sm: 3 }}>
            <Descriptions.Item label={t('exam.marking.auto')}>{view.autoPoints}</Descriptions.Item>
            <Descriptions.Item label={t('exam.marking.paper')}>
              {view.theoryPoints ?? '—'} / {view.totalPoints}
            </Descriptions.Item>
            <Descriptions.Item label={t('exam.result.theory')}>{view.theoryScore ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            rowKey="itemRef"
            pagination={false}
            dataSource={view.items}
            expandable={{
              rowExpandable: (i) => i.marking !== undefined,
              defaultExpandAllRows: true,
              expandedRowRender: (i) => (i.marking ? <MarkingContext marking={i.marking} /> : null),
            }}
            columns={[
              { title: t('exam.stats.item'), dataIndex: 'itemRef' },
              {
                title: t('exam.marking.method.title'),
                key: 'm',
                render: (_, i) => t(`exam.marking.method.${i.method}`, i.method),
              },
              {
                title: t('exam.marking.points'),
                key: 'p',
                render: (_, i) => `${i.points ?? '—'} / ${i.maxPoints}`,
              },
              {
                title: t('exam.bank.actions'),
                key: 'a',
                render: (_, i) =>
                  view.pendingItems.includes(i.itemRef) || i.method !== 'auto' ? (
                    <Space>
                      <InputNumber
                        min={0}
                        max={i.maxPoints}
                        value={points[i.itemRef]}
                        onChange={(n) => setPoints({ ...points, [i.itemRef]: Number(n) })}
                      />
                      <Button
                        size="small"
                        onClick={() =>
                          markItem.mutate(
                            { attemptId: view.attemptId, itemRef: i.itemRef, points: points[i.itemRef] ?? 0 },
                            { onSuccess: setView, onError: (e) => void message.error(e.message) },
                          )
                        }
                      >
                        {t('exam.marking.submit')}
                      </Button>
                    </Space>
                  ) : null,
              },
            ]}
          />
        </>
      ) : null}
    </Card>
  );
}

type Marking = NonNullable<GradingView['items'][number]['marking']>;

/** What the marker reads before scoring a rubric item: the stem, rubric, model answer and the answer. */
function MarkingContext({ marking }: { marking: Marking }) {
  const { t } = useTranslation();
  const answer = (text: string | undefined) =>
    text && text.trim() !== '' ? text : t('exam.marking.noAnswer');
  return (
    <Descriptions size="small" column={1} bordered data-testid="marking-context">
      <Descriptions.Item label={t('exam.marking.stem')}>
        <span className="az-exam-pre">{marking.stem}</span>
      </Descriptions.Item>
      {marking.body.rubric?.length ? (
        <Descriptions.Item label={t('exam.marking.rubric')}>
          {marking.body.rubric.map((r) => (
            <div key={r.id}>
              {r.description}（{r.points}）
            </div>
          ))}
        </Descriptions.Item>
      ) : null}
      {marking.modelAnswer?.modelAnswer ? (
        <Descriptions.Item label={t('exam.marking.modelAnswer')}>
          <span className="az-exam-pre">{marking.modelAnswer.modelAnswer}</span>
        </Descriptions.Item>
      ) : null}
      <Descriptions.Item label={t('exam.marking.response')}>
        {marking.body.subItems?.length ? (
          marking.body.subItems.map((sub) => (
            <div key={sub.ref}>
              <strong>{sub.ref}</strong> {sub.stem}
              <div className="az-exam-pre">
                {answer(
                  marking.response?.subItems?.[sub.ref]?.text ??
                    marking.response?.subItems?.[sub.ref]?.choices?.join('、'),
                )}
              </div>
            </div>
          ))
        ) : (
          <span className="az-exam-pre">{answer(marking.response?.text)}</span>
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** 评分 (REQ-EXAM-1/3): practical/performance double marking, theory subjective marking, appeal decisions. */
export function MarkingPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('exam.marking.title'));
  const [params, setParams] = useSearchParams();
  const id = params.get('assessment') ?? undefined;
  const assessment = useAssessment(id);
  const { user } = useSession();
  const regulator = user.roles.some((r) => ['regulator_officer', 'regulator_approver'].includes(r.role));
  return (
    <>
      <div className="az-page-head">
        <h1 className="az-page-title">{t('exam.marking.title')}</h1>
      </div>
      <Space direction="vertical" size={16} className="az-block">
        <Card title={t('exam.marking.practical')}>
          <Form layout="inline" onFinish={(v: { id: string }) => setParams({ assessment: v.id.trim() })}>
            <Form.Item
              name="id"
              label={t('exam.marking.assessmentId')}
              rules={[{ required: true, pattern: UUID }]}
              initialValue={id}
            >
              <Input className="az-mono" style={{ width: 320 }} data-testid="assessment-id" />
            </Form.Item>
            <Button htmlType="submit" data-testid="assessment-open">
              {t('exam.marking.open')}
            </Button>
          </Form>
        </Card>
        {id && assessment.isError ? <Card>{assessment.error.message}</Card> : null}
        {id && !assessment.data && !assessment.isError ? <Card loading /> : null}
        {assessment.data ? <AssessmentCard a={assessment.data} /> : null}
        {!id ? <Empty description={t('exam.marking.hint')} /> : null}
        <TheoryMarking />
        {regulator ? <AppealDecisionCard /> : null}
      </Space>
    </>
  );
}
