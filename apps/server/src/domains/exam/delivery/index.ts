import type { HttpServer } from '../../../http.ts';
import type { ExamDomainDeps } from '../index.ts';

/** Attempts, autosave, deadlines, invigilation, grading and results (docs/exam.md §delivery). */
export async function registerExamDelivery(_app: HttpServer, _deps: ExamDomainDeps): Promise<void> {}
