import type { TablesSpec } from './spec.ts';

/** Examination tables (domains/exam, docs/exam.md). Filled in by the exam migrations. */
// biome-ignore lint/complexity/noBannedTypes: filled in by the exam work
export type ExamTables = {};

export const examSpec: TablesSpec<ExamTables> = {};
