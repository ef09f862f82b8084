import { type Kysely, sql } from 'kysely';

/**
 * Background jobs (DESIGN §7) and bulk imports (docs/imports.md).
 *
 * `job` is a transactional queue: a worker claims the oldest due row with
 * `FOR UPDATE SKIP LOCKED`, so several server processes share it without double work.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('job')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`length(kind) between 1 and 100`))
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('queued').check(sql`status in ('queued', 'running', 'succeeded', 'failed')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0).check(sql`attempts >= 0`))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(3).check(sql`max_attempts >= 1`))
    .addColumn('run_after', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('locked_by', 'text')
    .addColumn('locked_at', 'timestamptz')
    .addColumn('progress', 'jsonb')
    .addColumn('result', 'jsonb')
    .addColumn('error', 'text')
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'job_lock_check',
      sql`(status = 'running') = (locked_by is not null and locked_at is not null)`,
    )
    .execute();
  // The claim query: due queued jobs in id order, and running jobs whose lock went stale.
  await sql`create index job_queued_idx on job (run_after, id) where status = 'queued'`.execute(db);
  await sql`create index job_running_idx on job (locked_at) where status = 'running'`.execute(db);

  await db.schema
    .createTable('import_batch')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('persons', 'enterprises', 'work-records', 'training-records')`),
    )
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('valid-rows', 'all-or-nothing')`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('queued', 'running', 'succeeded', 'failed')`),
    )
    .addColumn('file_name', 'text', (c) => c.notNull().check(sql`length(file_name) between 1 and 255`))
    .addColumn('file_sha256', 'text', (c) => c.notNull().check(sql`file_sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('file_bytes', 'bigint', (c) => c.notNull().check(sql`file_bytes >= 0`))
    .addColumn('enterprise_id', 'bigint', (c) => c.references('enterprise.id'))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accepted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .execute();
  // "My imports", newest first.
  await db.schema
    .createIndex('import_batch_creator_idx')
    .on('import_batch')
    .columns(['created_by', 'id'])
    .execute();

  await db.schema
    .createTable('import_error')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('batch_id', 'bigint', (c) => c.notNull().references('import_batch.id').onDelete('cascade'))
    .addColumn('row', 'integer', (c) => c.notNull().check(sql`"row" >= 0`))
    .addColumn('column', 'text')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('import_error_batch_idx')
    .on('import_error')
    .columns(['batch_id', 'id'])
    .execute();
}
