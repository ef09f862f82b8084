export type * from './formats.ts';
export * from './vc/index.ts';
