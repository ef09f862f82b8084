import { AppError } from '@anzheng/contracts';
import type { DatabaseHandle } from '@anzheng/db';
import { sql } from 'kysely';
import type { AppConfig } from '../config.ts';

export interface DemoAccount {
  username: string;
  role: string;
  scope: string;
}

export interface DemoSeedResult {
  /** false when the database already held the demo data (seeding is idempotent). */
  created: boolean;
  accounts: DemoAccount[];
}

const DEMO_SEED_KEY = 'demo_seed';

/** Demo seeding is refused in production: it creates accounts with a published password. */
export function assertDemoAllowed(config: Pick<AppConfig, 'nodeEnv'>): void {
  if (config.nodeEnv === 'production') {
    throw new AppError({
      statusCode: 409,
      code: 'DEMO_SEED_REFUSED',
      message: '生产环境（NODE_ENV=production）禁止写入演示数据',
    });
  }
}

export async function isDatabaseEmpty(database: DatabaseHandle): Promise<boolean> {
  const row = await database.db
    .selectFrom('system_setting')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('key', '=', DEMO_SEED_KEY)
    .executeTakeFirstOrThrow();
  return row.n === 0;
}

/**
 * `anzheng seed --demo`: fills the database with demo data so every face has something to
 * show. Each domain adds its part here as it lands. Idempotent.
 */
export async function seedDemo(
  database: DatabaseHandle,
  config: Pick<AppConfig, 'nodeEnv'>,
): Promise<DemoSeedResult> {
  assertDemoAllowed(config);
  const accounts: DemoAccount[] = [];
  const already = !(await isDatabaseEmpty(database));
  if (already) return { created: false, accounts };
  await database.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('system_setting')
      .values({ key: DEMO_SEED_KEY, value: { version: 1, seededAt: new Date().toISOString() } })
      .execute();
  });
  return { created: true, accounts };
}
