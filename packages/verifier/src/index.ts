export type * from './formats.ts';
