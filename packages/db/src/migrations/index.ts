import type { Migration } from 'kysely/migration';
import * as foundation from './2026-11-29-0001-foundation.ts';

/**
 * Every migration, in order. Names are dated; a migration is never edited after it lands
 * (CONVENTIONS) — add a new file and list it here.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-29-0001-foundation': foundation,
};
