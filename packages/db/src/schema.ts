import type { ColumnType } from 'kysely';
import type { Database } from './types.ts';

/**
 * The runtime twin of `types.ts`: for every table, every column with its PostgreSQL type
 * and nullability. The compiler checks this map against the hand-written types (same
 * columns; `nullable` must agree with `| null`), and `schema.test.ts` checks it against the
 * database the migrations build — so types, map and migrations cannot drift apart.
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

export type SchemaSpec = {
  [T in keyof Database]: { [C in keyof Database[T]]-?: ColumnSpec<Database[T][C]> };
};

export const schemaSpec: SchemaSpec = {
  system_setting: {
    key: { type: 'text', nullable: false },
    value: { type: 'jsonb', nullable: false },
    updated_at: { type: 'timestamp with time zone', nullable: false },
  },
};
