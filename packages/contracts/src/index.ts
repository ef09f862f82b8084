export * from './application.ts';
export * from './common.ts';
export * from './errors.ts';
export * from './health.ts';
export * from './identity.ts';
export * from './imports.ts';
export * from './reference.ts';
export * from './registry.ts';
