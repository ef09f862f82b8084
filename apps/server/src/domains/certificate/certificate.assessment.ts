import type { CertificateAssessment } from '@anzheng/contracts';
import { AssessmentNotPassedError, AssessmentRequiredError } from './certificate.errors.ts';

/**
 * 考核成绩 (REQ-EXAM-2, REQ-EXAM-6) until the exam domain supplies results: the components
 * with a weight > 0 in `exam.weights` are required, the composite is Σ weight·score (theory
 * after the master-degree bonus, capped at 100), rounded to one decimal, and every component
 * and the composite must reach `exam.pass_rules`.
 */
export interface ExamWeights {
  theory: number;
  practical: number;
  performance: number;
}

export interface PassRules {
  composite: number;
  eachComponent: number;
}

const COMPONENTS = ['theory', 'practical', 'performance'] as const;

export function evaluateAssessment(
  input: CertificateAssessment | undefined,
  weights: ExamWeights,
  pass: PassRules,
  bonusPoints: number,
): CertificateAssessment & { composite: number; bonus: number } {
  const required = COMPONENTS.filter((c) => weights[c] > 0);
  const missing = required.filter((c) => input?.[c] === undefined);
  if (missing.length > 0) throw new AssessmentRequiredError(missing);
  const scores: Partial<Record<(typeof COMPONENTS)[number], number>> = {};
  for (const c of required) scores[c] = input![c]!;
  const bonus =
    bonusPoints > 0 && scores.theory !== undefined ? Math.min(100 - scores.theory, bonusPoints) : 0;
  if (scores.theory !== undefined) scores.theory += bonus;
  const composite = Math.round(required.reduce((sum, c) => sum + weights[c] * scores[c]!, 0) * 10) / 10;
  const failures: { component: string; score: number; required: number }[] = [];
  for (const c of required) {
    if (scores[c]! < pass.eachComponent)
      failures.push({ component: c, score: scores[c]!, required: pass.eachComponent });
  }
  if (composite < pass.composite)
    failures.push({ component: 'composite', score: composite, required: pass.composite });
  if (failures.length > 0) throw new AssessmentNotPassedError(failures);
  return { ...scores, composite, bonus, source: input?.source ?? 'recorded' };
}
