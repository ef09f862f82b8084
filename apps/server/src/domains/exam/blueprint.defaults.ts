import type { BlueprintSection } from '@anzheng/contracts';

/**
 * Default theory-exam blueprint, mirroring the national computer-based safety-management exam:
 * 100 points in 120 minutes — 判断题 20 × 1, 单选题 40 × 1, 多选题 10 × 2, 案例分析 2 × 10
 * (REQ-EXAM-1). Each section draws from every competency area of the base modules every
 * certificate shares (REQ-TYPE-2/4: BASE-LAW 法律法规, BASE-MGMT 安全管理, BASE-RISK 风险与隐患,
 * BASE-EMERG 应急与事故), leaving a few places open to any area. Every part is configurable per
 * blueprint (POST /api/v1/blueprints with `sections`: difficulty bands, K/S/Q competencies and
 * industry modules are available as quota filters).
 */
export const DEFAULT_DURATION_MINUTES = 120;

export function defaultSections(): BlueprintSection[] {
  return [
    {
      code: 'judge',
      title: '判断题',
      itemType: 'true_false',
      pointsPerItem: 1,
      quotas: [
        { competency: 'BASE-LAW', count: 8 },
        { competency: 'BASE-RISK', count: 6 },
        { competency: 'BASE-EMERG', count: 2 },
        { competency: 'BASE-MGMT', count: 2 },
        { count: 2 },
      ],
    },
    {
      code: 'single',
      title: '单项选择题',
      itemType: 'single_choice',
      pointsPerItem: 1,
      quotas: [
        { competency: 'BASE-LAW', count: 10 },
        { competency: 'BASE-RISK', count: 12 },
        { competency: 'BASE-EMERG', count: 10 },
        { competency: 'BASE-MGMT', count: 4 },
        { count: 4 },
      ],
    },
    {
      code: 'multiple',
      title: '多项选择题',
      itemType: 'multiple_choice',
      pointsPerItem: 2,
      quotas: [
        { competency: 'BASE-LAW', count: 3 },
        { competency: 'BASE-RISK', count: 3 },
        { competency: 'BASE-EMERG', count: 2 },
        { competency: 'BASE-MGMT', count: 1 },
        { count: 1 },
      ],
    },
    {
      code: 'case',
      title: '案例分析题',
      itemType: 'scenario',
      pointsPerItem: 10,
      quotas: [{ count: 2 }],
    },
  ];
}
