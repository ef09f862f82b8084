import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { createFieldCipher, type FieldCipher } from '@anzheng/crypto';
import type { DatabaseHandle } from '@anzheng/db';
import { type App, type AppConfig, buildApp, loadConfig } from '@anzheng/server';
import { afterAll } from 'vitest';
import { createTestDatabase } from './database.ts';

/** A clock tests can move forward (session idle timeout, lockout expiry). */
export interface TestClock {
  now: () => Date;
  advance(ms: number): void;
  reset(): void;
}

export function createTestClock(): TestClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms) {
      offset += ms;
    },
    reset() {
      offset = 0;
    },
  };
}

export interface TestApp {
  app: App;
  database: DatabaseHandle;
  config: AppConfig;
  clock: TestClock;
  cipher: FieldCipher;
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    dataDir: path.join(os.tmpdir(), 'anzheng-test-data'),
    webDistDir: path.join(os.tmpdir(), 'anzheng-test-no-web'),
    ...overrides,
  };
}

export function testCipher(): FieldCipher {
  return createFieldCipher({
    keyring: { activeKeyId: 't1', keys: { t1: randomBytes(32) }, suite: 'aes-256-gcm' },
  });
}

/** The real app on a fresh database, closed after the file's tests. */
export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig(overrides);
  const clock = createTestClock();
  const cipher = testCipher();
  const app = await buildApp(config, { database, fieldCipher: cipher, clock: clock.now });
  afterAll(() => app.close());
  return { app, database, config, clock, cipher };
}
