export * from './append-only.ts';
export * from './lock.ts';
export * from './migrate.ts';
export * from './open.ts';
export * from './schema.ts';
export type * from './types.ts';
