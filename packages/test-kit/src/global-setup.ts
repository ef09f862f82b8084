import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, openDatabase } from '@anzheng/db';
import { syncEligibilityRules, syncReferenceData } from '@anzheng/server';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

/**
 * Runs once per `vitest run`: builds one migrated template database (with the reference data), which every test file
 * then clones (DESIGN §10: a fresh PGlite costs seconds, a clone a fraction of that).
 * - PGlite (default): a dump of a migrated in-memory database, written to a temp file.
 * - PostgreSQL (`TEST_DATABASE_URL`): a migrated database used as `CREATE DATABASE … TEMPLATE`.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    anzhengTemplate:
      | { kind: 'pglite'; dumpFile: string }
      | { kind: 'postgresql'; adminUrl: string; template: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const template = `anzheng_tpl_${process.pid}`;
    await adminQuery(adminUrl, async (client) => {
      await dropStaleTestDatabases(client);
      await client.query(`drop database if exists ${template}`);
      await client.query(`create database ${template}`);
    });
    const handle = await openDatabase({ databaseUrl: withDatabase(adminUrl, template), poolSize: 1 });
    await migrateToLatest(handle.db);
    await syncReferenceData(handle.db);
    await syncEligibilityRules(handle.db);
    await handle.close();
    project.provide('anzhengTemplate', { kind: 'postgresql', adminUrl, template });
    return async () => {
      await adminQuery(adminUrl, (client) => client.query(`drop database if exists ${template}`));
    };
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-test-'));
  const handle = await openDatabase({});
  await migrateToLatest(handle.db);
  await syncReferenceData(handle.db);
  await syncEligibilityRules(handle.db);
  const dump = await handle.pglite!.dumpDataDir('none');
  await handle.close();
  const dumpFile = path.join(dir, 'template.tar');
  fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
  project.provide('anzhengTemplate', { kind: 'pglite', dumpFile });
  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Databases left by a test run that was killed. Names carry the pid of the run that made
 * them (`anzheng_tpl_<pid>`, `anzheng_t_<pid>_<random>`), so a concurrent run's databases —
 * whose process is alive — are never touched.
 */
async function dropStaleTestDatabases(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    `select datname from pg_database where datname ~ '^anzheng_(tpl|t)_[0-9]+'`,
  );
  for (const { datname } of rows) {
    const pid = Number(/^anzheng_(?:tpl|t)_(\d+)/.exec(datname)?.[1]);
    if (!isAlive(pid)) await client.query(`drop database if exists "${datname}" with (force)`);
  }
}
