/** Examination API contracts (docs/exam.md). Filled in by the exam work. */
export {};
