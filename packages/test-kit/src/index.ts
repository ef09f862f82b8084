export * from './app.ts';
export * from './database.ts';
export * from './http.ts';
export * from './users.ts';
