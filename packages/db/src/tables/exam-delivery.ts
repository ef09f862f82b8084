import type { TablesSpec } from './spec.ts';

/** Exam delivery tables: attempts, answers (append-only), integrity signals, grading (docs/exam.md). */
// biome-ignore lint/complexity/noBannedTypes: filled in by the exam delivery work
export type ExamDeliveryTables = {};

export const examDeliverySpec: TablesSpec<ExamDeliveryTables> = {};
