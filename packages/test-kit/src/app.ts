import os from 'node:os';
import path from 'node:path';
import type { DatabaseHandle } from '@anzheng/db';
import { type App, type AppConfig, buildApp } from '@anzheng/server';
import { afterAll } from 'vitest';
import { createTestDatabase } from './database.ts';

export interface TestApp {
  app: App;
  database: DatabaseHandle;
  config: AppConfig;
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: path.join(os.tmpdir(), 'anzheng-test-data'),
    databaseUrl: undefined,
    logLevel: 'silent',
    nodeEnv: 'test',
    webDistDir: path.join(os.tmpdir(), 'anzheng-test-no-web'),
    ...overrides,
  };
}

/** The real app on a fresh database, closed after the file's tests. */
export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig(overrides);
  const app = await buildApp(config, { database });
  afterAll(() => app.close());
  return { app, database, config };
}
