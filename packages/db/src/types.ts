import type { ColumnType, Generated } from 'kysely';

/**
 * Hand-written table types (CONVENTIONS: "Hand-written Kysely table types"). Each table
 * also has a runtime column description in `schema.ts`, and `schema.test.ts` checks both
 * against the database that the migrations produce.
 *
 * Driver conventions (set in `open.ts`, identical for PGlite and PostgreSQL):
 * bigint → number, date → 'YYYY-MM-DD' string, timestamptz → Date, numeric → string,
 * json/jsonb → parsed value.
 */

/** 系统设置 — small key/value facts about this installation (demo seed version, instance id). */
/** A non-null JSON value (jsonb columns that are NOT NULL). */
export type JsonValue = string | number | boolean | JsonValue[] | { [key: string]: JsonValue | null };

export interface SystemSettingTable {
  key: string;
  value: JsonValue;
  updated_at: Generated<Date>;
}

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface Database {
  system_setting: SystemSettingTable;
}
