import { round2 } from './scoring.ts';

/**
 * Composite result (REQ-EXAM-2, REQ-EXAM-6; pure). Scores are out of 100. Weights, pass rules
 * and the master's bonus come from rule data (`exam.weights`, `exam.pass_rules`,
 * `exam.master_bonus_points`), never from literals here.
 */

export type Component = 'theory' | 'practical' | 'performance';
export const COMPONENTS: readonly Component[] = ['theory', 'practical', 'performance'];
export const COMPONENT_NAMES: Record<Component, string> = {
  theory: '理论考试',
  practical: '实操考核',
  performance: '业绩考核',
};

export interface CompositeInput {
  weights: Record<Component, number>;
  passRules: { composite: number; eachComponent: number };
  /** Bonus on the theory score for a safety-related master's degree or higher (0 when none). */
  masterBonusPoints: number;
  hasSafetyMaster: boolean;
  /** Component scores out of 100; a component with weight 0 may be null. */
  scores: Record<Component, number | null>;
  /** 业绩考核: a responsibility accident in the last 3 years fails (REQ-EXAM-1). */
  responsibilityAccident: boolean;
}

export interface CompositeResult {
  theory: number | null;
  theoryBonus: number;
  practical: number | null;
  performance: number | null;
  composite: number;
  passed: boolean;
  /** Why it failed (Chinese), empty on a pass. */
  reasons: string[];
}

export class MissingComponentError extends Error {
  constructor(readonly component: Component) {
    super(`${COMPONENT_NAMES[component]}成绩尚未评定`);
  }
}

export function computeComposite(input: CompositeInput): CompositeResult {
  const { weights, passRules } = input;
  for (const c of COMPONENTS) {
    if (weights[c] > 0 && input.scores[c] === null) throw new MissingComponentError(c);
  }
  const rawTheory = input.scores.theory;
  // REQ-EXAM-6: bonus on theory, capped at 100.
  const theoryBonus =
    rawTheory !== null && input.hasSafetyMaster
      ? round2(Math.min(100, rawTheory + input.masterBonusPoints) - rawTheory)
      : 0;
  const effective: Record<Component, number | null> = {
    theory: rawTheory === null ? null : round2(rawTheory + theoryBonus),
    practical: input.scores.practical,
    performance: input.scores.performance,
  };
  const composite = round2(COMPONENTS.reduce((s, c) => s + weights[c] * (effective[c] ?? 0), 0));
  const reasons: string[] = [];
  for (const c of COMPONENTS) {
    const score = effective[c];
    if (weights[c] > 0 && score !== null && score < passRules.eachComponent) {
      reasons.push(`${COMPONENT_NAMES[c]}成绩 ${score} 低于合格线 ${passRules.eachComponent}`);
    }
  }
  if (composite < passRules.composite)
    reasons.push(`综合成绩 ${composite} 低于合格线 ${passRules.composite}`);
  if (weights.performance > 0 && input.responsibilityAccident) {
    reasons.push('近3年内发生负有责任的生产安全事故，业绩考核不合格');
  }
  return {
    theory: effective.theory,
    theoryBonus,
    practical: effective.practical,
    performance: effective.performance,
    composite,
    passed: reasons.length === 0,
    reasons,
  };
}

/** Double marking (pure): mean when |a − b| ≤ threshold, otherwise the arbitrator's score stands. */
export function resolveDoubleMarking(
  first: number,
  second: number,
  thresholdPoints: number,
  arbitrator?: number,
): { needsArbitration: boolean; final: number | null; method: 'mean' | 'arbitration' | null } {
  if (Math.abs(first - second) <= thresholdPoints + 1e-9) {
    return { needsArbitration: false, final: round2((first + second) / 2), method: 'mean' };
  }
  if (arbitrator === undefined) return { needsArbitration: true, final: null, method: null };
  return { needsArbitration: true, final: round2(arbitrator), method: 'arbitration' };
}
