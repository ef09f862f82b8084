import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has defaults for the embedded setup', () => {
    const c = loadConfig({}, '/srv/anzheng');
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('/srv/anzheng/data'),
      databaseUrl: undefined,
      logLevel: 'info',
      nodeEnv: 'development',
    });
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', NODE_ENV: 'staging' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT=abc', 'DATABASE_URL', 'LOG_LEVEL=loud', 'NODE_ENV=staging'])
      expect(message).toContain(name);
  });

  it('rejects out-of-range ports', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT=70000/);
    expect(() => loadConfig({ PORT: '-1' })).toThrow(/PORT=-1/);
  });

  it('accepts a PostgreSQL URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres:///test' }).databaseUrl).toBe('postgres:///test');
  });
});
