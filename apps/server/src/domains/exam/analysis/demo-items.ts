import { CASE_AND_SHORT_ITEMS } from './demo-items/cases.ts';
import { HAZARD_ITEMS } from './demo-items/hazards.ts';
import { LAW_ITEMS, REGULATION_ITEMS } from './demo-items/laws.ts';
import { MANAGEMENT_ITEMS } from './demo-items/management.ts';
import { STANDARD_ITEMS } from './demo-items/standards.ts';

/**
 * 演示题库 — the demo item bank of the junior and intermediate general safety-management
 * certificates (certificate type '00', module 'base'; REQ-EXAM-1 theory: laws, standards,
 * management, hazards). Written for this project; every item names the article or standard it
 * rests on in `source`. The bank's seed loads these (docs/exam-analysis.md §3).
 */
export type { Competency, DemoItem } from './demo-items/build.ts';

export const DEMO_ITEMS = [
  ...LAW_ITEMS,
  ...REGULATION_ITEMS,
  ...STANDARD_ITEMS,
  ...MANAGEMENT_ITEMS,
  ...HAZARD_ITEMS,
  ...CASE_AND_SHORT_ITEMS,
];
