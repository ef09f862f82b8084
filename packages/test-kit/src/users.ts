import { randomBytes } from 'node:crypto';
import { type App, base32Decode, hotp } from '@anzheng/server';

export interface RoleSpec {
  role: string;
  divisionCode?: string | null;
  enterpriseCreditCode?: string | null;
}

export interface TestUser {
  username: string;
  password: string;
  publicId: string;
  id: number;
  totpSecret?: string;
}

/** Base32 secret used for TOTP-required test users. */
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXP';
export const TEST_PASSWORD = 'Test-Passw0rd!';

let counter = 0;

/** Creates a user directly through the identity service (no HTTP, no actor). */
export async function createUser(
  app: App,
  roles: RoleSpec[],
  options: { username?: string; password?: string } = {},
) {
  counter++;
  const username = options.username ?? `u${counter}-${randomBytes(3).toString('hex')}`;
  const password = options.password ?? TEST_PASSWORD;
  const { user } = await app.database.db.transaction().execute((trx) =>
    app.services.identity.bootstrapUser(trx, {
      username,
      displayName: `测试用户${counter}`,
      password,
      roles,
      totpSecret: TEST_TOTP_SECRET,
    }),
  );
  return {
    username,
    password,
    publicId: user.public_id,
    id: user.id,
    ...(user.totp_enabled ? { totpSecret: TEST_TOTP_SECRET } : {}),
  } satisfies TestUser;
}

/** The current TOTP code for a base32 secret at `now`. */
export function totpCode(secretBase32: string, now: Date = new Date()): string {
  return hotp(base32Decode(secretBase32), Math.floor(now.getTime() / 30_000));
}

/** Logs in over HTTP and returns the session cookie for `requestJson(..., { cookies })`. */
export async function login(
  app: App,
  user: TestUser,
  now: Date = new Date(),
): Promise<Record<string, string>> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: {
      username: user.username,
      password: user.password,
      ...(user.totpSecret ? { totp: totpCode(user.totpSecret, now) } : {}),
    },
  });
  if (res.statusCode !== 200)
    throw new Error(`login failed for ${user.username}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'anzheng_session');
  if (!cookie) throw new Error('no session cookie');
  return { anzheng_session: cookie.value };
}

/** A user with the given roles, logged in. */
export async function loginAs(app: App, roles: RoleSpec[], now?: Date) {
  const user = await createUser(app, roles);
  return { user, cookies: await login(app, user, now) };
}
