import type { ColumnType } from 'kysely';

/**
 * Runtime description of a table's columns, checked by the compiler against the
 * hand-written table type and by `schema.test.ts` against the migrated database.
 */
export type PgType =
  | 'bigint'
  | 'integer'
  | 'smallint'
  | 'boolean'
  | 'text'
  | 'jsonb'
  | 'bytea'
  | 'date'
  | 'timestamp with time zone'
  | 'uuid'
  | 'numeric'
  | 'ARRAY';

type Selected<V> = V extends ColumnType<infer S, unknown, unknown> ? S : V;

export type ColumnSpec<V> = { type: PgType; nullable: null extends Selected<V> ? true : false };

export type TableSpec<T> = { [C in keyof T]-?: ColumnSpec<T[C]> };

export type TablesSpec<Tables> = { [T in keyof Tables]: TableSpec<Tables[T]> };

/** A non-null JSON value (jsonb columns that are NOT NULL). */
export type JsonValue = string | number | boolean | JsonValue[] | { [key: string]: JsonValue | null };
