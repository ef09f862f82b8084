import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Alert, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EligibilityResult, EligibilityRuleResult } from '../../api/applications.ts';
import { formatRuleValue } from '../levels.ts';

/** A readable name for a rule: its kind translated (unknown kinds show the rule key). */
export function useRuleName() {
  const { t, i18n } = useTranslation();
  return (rule: Pick<EligibilityRuleResult, 'ruleKey' | 'kind'>) => {
    const kindKey = `eligibility.kinds.${rule.kind}`;
    return i18n.exists(kindKey) ? t(kindKey) : rule.ruleKey;
  };
}

/** REQ-APP-4: every rule, passed or failed, with what was required, what was found and why. */
export function EligibilityExplanation({ result }: { result: EligibilityResult }) {
  const { t } = useTranslation();
  const ruleName = useRuleName();
  const failed = result.results.filter((r) => !r.passed).length;
  return (
    <div data-testid="eligibility" data-eligible={result.eligible}>
      <Alert
        type={result.eligible ? 'success' : 'error'}
        showIcon
        className="az-form-alert"
        data-testid="eligibility-summary"
        message={
          result.eligible ? t('eligibility.eligible') : t('eligibility.notEligible', { count: failed })
        }
        description={t('eligibility.summary', { total: result.results.length, failed })}
      />
      <List
        className="az-rule-list"
        bordered
        dataSource={result.results}
        renderItem={(rule) => (
          <List.Item
            key={`${rule.ruleKey}-${rule.ruleId}`}
            data-testid="eligibility-rule"
            data-rule-key={rule.ruleKey}
            data-passed={rule.passed}
            className={rule.passed ? 'az-rule az-rule-passed' : 'az-rule az-rule-failed'}
          >
            <div className="az-rule-icon" aria-hidden="true">
              {rule.passed ? <CheckCircleFilled /> : <CloseCircleFilled />}
            </div>
            <div className="az-rule-body">
              <div className="az-rule-title">
                <span className="az-rule-name">{ruleName(rule)}</span>
                <Tag color={rule.passed ? 'success' : 'error'} className="az-rule-verdict">
                  {rule.passed ? `✓ ${t('eligibility.passed')}` : `✗ ${t('eligibility.failed')}`}
                </Tag>
              </div>
              <dl className="az-rule-values">
                <div className="az-rule-pair">
                  <dt>{t('eligibility.expected')}</dt>
                  <dd>{formatRuleValue(t, rule.expected)}</dd>
                </div>
                <div className="az-rule-pair">
                  <dt>{t('eligibility.actual')}</dt>
                  <dd>{formatRuleValue(t, rule.actual)}</dd>
                </div>
              </dl>
              {rule.reason ? <div className="az-rule-reason">{rule.reason}</div> : null}
              <Typography.Text type="secondary" className="az-rule-source">
                {t('eligibility.source')}：{rule.source || '—'}
                {` · ${t('eligibility.version', { version: rule.ruleVersion })}`}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
    </div>
  );
}
