/**
 * Exam analysis: pure, database-free modules the item bank and delivery call
 * (docs/exam-analysis.md) — Moodle-exact item and test statistics, QTI 3.0 packages, and the
 * demo item bank.
 */
export type { DemoItem } from './demo-items.ts';
export { DEMO_ITEMS } from './demo-items.ts';
export type {
  QtiImportResult,
  QtiIssue,
  QtiItemInput,
  QtiTestInput,
  QtiTestSection,
} from './qti.ts';
export { exportQtiPackage, importQtiPackage, readQtiItem, validateQtiItem, writeQtiItem } from './qti.ts';
export type {
  DistractorAnalysis,
  ExamStatistics,
  ExamStatisticsInput,
  ItemStatistics,
  ReviewFlag,
  ReviewThresholds,
  StatisticsAttempt,
  StatisticsItem,
  TestStatistics,
} from './statistics.ts';
export {
  computeExamStatistics,
  DEFAULT_REVIEW_THRESHOLDS,
  multipleChoiceFraction,
  randomGuessPercent,
} from './statistics.ts';
