import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { type DatabaseHandle, openDatabase } from '@anzheng/db';
import { afterAll, inject } from 'vitest';
import { adminQuery, withDatabase } from './global-setup.ts';

/**
 * A fresh migrated database for the calling test file, cloned from the run's template and
 * dropped when the file's tests end. PGlite by default; PostgreSQL with TEST_DATABASE_URL.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const template = inject('anzhengTemplate');
  if (template.kind === 'pglite') {
    const dump = new Blob([fs.readFileSync(template.dumpFile)]);
    const handle = await openDatabase({ loadDataDir: dump });
    afterAll(() => handle.close());
    return handle;
  }
  // The pid is that of the Vitest main process (the template's owner), see dropStaleTestDatabases.
  const name = `anzheng_t_${template.template.slice('anzheng_tpl_'.length)}_${randomBytes(6).toString('hex')}`;
  await adminQuery(template.adminUrl, (client) =>
    client.query(`create database ${name} template ${template.template}`),
  );
  const handle = await openDatabase({ databaseUrl: withDatabase(template.adminUrl, name), poolSize: 5 });
  afterAll(async () => {
    await handle.close();
    await adminQuery(template.adminUrl, (client) =>
      client.query(`drop database if exists ${name} with (force)`),
    );
  });
  return handle;
}

export function testDatabaseKind(): 'pglite' | 'postgresql' {
  return inject('anzhengTemplate').kind;
}
