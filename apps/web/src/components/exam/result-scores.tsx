import { Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ExamResultView } from '../../api/exam.ts';

const score = (n: number | null) => (n === null ? '—' : n.toFixed(1));

/** Composite result (REQ-EXAM-2): components, bonus, composite, pass and the reasons. */
export function ResultScores({ result }: { result: ExamResultView }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
      <Descriptions.Item label={t('exam.result.composite')}>
        <span className="az-strong" data-testid="result-composite">
          {score(result.composite)}
        </span>{' '}
        <Tag color={result.passed ? 'green' : 'red'} data-testid="result-passed" data-passed={result.passed}>
          {result.passed ? t('exam.result.passed') : t('exam.result.failed')}
        </Tag>
      </Descriptions.Item>
      <Descriptions.Item label={t('exam.result.theory')}>
        {score(result.theory)}
        {result.theoryBonus > 0 ? ` (+${result.theoryBonus})` : ''}
      </Descriptions.Item>
      <Descriptions.Item label={t('exam.result.practical')}>
        <span data-testid="result-practical">{score(result.practical)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('exam.result.performance')}>{score(result.performance)}</Descriptions.Item>
      <Descriptions.Item label={t('exam.result.publishedAt')}>
        {new Date(result.publishedAt).toLocaleString()}
      </Descriptions.Item>
      <Descriptions.Item label={t('exam.result.appealUntil')}>{result.appealUntil}</Descriptions.Item>
      {result.reasons.length > 0 ? (
        <Descriptions.Item label={t('exam.result.reasons')} span={3}>
          {result.reasons.join('；')}
        </Descriptions.Item>
      ) : null}
      {result.changeReason ? (
        <Descriptions.Item label={t('exam.result.changeReason')} span={3}>
          {result.changeReason}
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}
