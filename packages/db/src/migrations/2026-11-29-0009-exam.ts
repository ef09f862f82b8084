import type { Kysely } from 'kysely';

/** Examination (docs/exam.md). */
export async function up(_db: Kysely<any>): Promise<void> {}
