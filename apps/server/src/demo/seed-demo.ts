import { AppError } from '@anzheng/contracts';
import type { DatabaseHandle } from '@anzheng/db';
import { sql } from 'kysely';
import type { App } from '../app.ts';
import type { AppConfig } from '../config.ts';
import { ROLE_NAMES, type Role } from '../domains/identity/roles.ts';
import { seedCertificateDemo } from './certificate-demo.ts';
import { seedExamDemo } from './exam-demo.ts';
import { seedRegistryDemo } from './registry-demo.ts';

export interface DemoAccount {
  username: string;
  role: string;
  scope: string;
  totp: boolean;
}

export interface DemoSeedResult {
  /** false when the database already held the demo data (seeding is idempotent). */
  created: boolean;
  accounts: DemoAccount[];
  password: string;
  totpSecret: string;
}

const DEMO_SEED_KEY = 'demo_seed';
export const DEFAULT_DEMO_PASSWORD = 'Anzheng-Demo-2026';
export const DEFAULT_DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

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

interface DemoUserSpec {
  username: string;
  displayName: string;
  role: Role;
  divisionCode?: string;
  enterpriseCreditCode?: string;
}

/** One account per role (issue 4 §6). Enterprise credit code: a valid GB 32100 code in 深圳 (generateCreditCode(mulberry32(2026))). */
const DEMO_USERS: DemoUserSpec[] = [
  { username: 'demo-admin', displayName: '系统管理员（演示）', role: 'system_admin' },
  { username: 'demo-security', displayName: '安全管理员（演示）', role: 'security_admin' },
  { username: 'demo-auditor', displayName: '审计管理员（演示）', role: 'audit_admin' },
  {
    username: 'demo-regulator',
    displayName: '应急管理部审批人（演示）',
    role: 'regulator_approver',
    divisionCode: '000000',
  },
  {
    username: 'demo-regulator-gd',
    displayName: '广东省应急管理厅审批人（演示）',
    role: 'regulator_approver',
    divisionCode: '440000',
  },
  {
    username: 'demo-officer-sz',
    displayName: '深圳市应急管理局经办人（演示）',
    role: 'regulator_officer',
    divisionCode: '440300',
  },
  {
    username: 'demo-inspector',
    displayName: '深圳市执法检查人员（演示）',
    role: 'inspector',
    divisionCode: '440300',
  },
  {
    username: 'demo-enterprise',
    displayName: '深圳市安泰化工有限公司管理员（演示）',
    role: 'enterprise_admin',
    enterpriseCreditCode: '91440300LK46MQ915L',
  },
  { username: 'demo-holder', displayName: '张安全（演示持证人）', role: 'holder' },
  { username: 'demo-assessor', displayName: '广东省安全生产协会考评员（演示）', role: 'assessor' },
  { username: 'demo-trainer', displayName: '深圳安全培训中心（演示）', role: 'training_provider' },
];

/**
 * `anzheng seed --demo`: fills the database with demo data so every face has something to
 * show. Each domain adds its part here as it lands. Idempotent.
 */
export async function seedDemo(app: App, config: Pick<AppConfig, 'nodeEnv'>): Promise<DemoSeedResult> {
  assertDemoAllowed(config);
  const password = process.env.ANZHENG_DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
  const totpSecret = process.env.ANZHENG_DEMO_TOTP_SECRET || DEFAULT_DEMO_TOTP_SECRET;
  const accounts: DemoAccount[] = [];
  if (!(await isDatabaseEmpty(app.database))) {
    // Accounts exist; the registry part has its own marker (a database seeded before it existed gets it now).
    const registry = await seedRegistryDemo(app);
    const certificates = await seedCertificateDemo(app);
    const exam = await seedExamDemo(app);
    return {
      created: registry !== undefined || certificates !== undefined || exam !== undefined,
      accounts,
      password,
      totpSecret,
    };
  }
  await app.database.db.transaction().execute(async (trx) => {
    for (const spec of DEMO_USERS) {
      const { user, roles } = await app.services.identity.bootstrapUser(trx, {
        username: spec.username,
        displayName: spec.displayName,
        password,
        totpSecret,
        roles: [
          {
            role: spec.role,
            divisionCode: spec.divisionCode ?? null,
            enterpriseCreditCode: spec.enterpriseCreditCode ?? null,
          },
        ],
      });
      accounts.push({
        username: user.username,
        role: ROLE_NAMES[spec.role],
        scope: roles[0]?.division_code ?? roles[0]?.enterprise_credit_code ?? '',
        totp: user.totp_enabled,
      });
    }
    await trx
      .insertInto('system_setting')
      .values({ key: DEMO_SEED_KEY, value: { version: 1, seededAt: new Date().toISOString() } })
      .execute();
  });
  // Enterprises, persons and applications: bulk records, applications through the services.
  await seedRegistryDemo(app);
  // Certificates through the issuance service, after the registry (persons, applications).
  await seedCertificateDemo(app);
  await seedExamDemo(app);
  return { created: true, accounts, password, totpSecret };
}
