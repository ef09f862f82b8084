import {
  createTestApp,
  createUser,
  expectError,
  login,
  loginAs,
  requestJson,
  TEST_PASSWORD,
  totpCode,
} from '@anzheng/test-kit';
import { describe, expect, it } from 'vitest';

const { app, clock } = await createTestApp();

const admin = await loginAs(app, [{ role: 'system_admin' }]);
const auditor = await loginAs(app, [{ role: 'audit_admin' }]);

describe('login', () => {
  it('sets an httpOnly SameSite=Lax cookie and /auth/me describes the user', async () => {
    const user = await createUser(app, [{ role: 'holder' }]);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.username, password: user.password },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/anzheng_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookies = { anzheng_session: res.cookies[0]!.value };
    const me = await requestJson<{ user: { username: string; roles: { role: string }[] }; mfa: object }>(
      app,
      'GET',
      '/api/v1/auth/me',
      { cookies },
    );
    expect(me.statusCode).toBe(200);
    expect(me.body.user.username).toBe(user.username);
    expect(me.body.user.roles.map((r) => r.role)).toEqual(['holder']);
    expect(me.body.mfa).toEqual({ enabled: false, required: false, enrolmentRequired: false });
  });

  it('answers the same for an unknown username and a wrong password', async () => {
    const user = await createUser(app, [{ role: 'holder' }]);
    const wrong = await requestJson(app, 'POST', '/api/v1/auth/login', {
      body: { username: user.username, password: 'Wrong-Passw0rd' },
    });
    const unknown = await requestJson(app, 'POST', '/api/v1/auth/login', {
      body: { username: 'no-such-user-x', password: 'Wrong-Passw0rd' },
    });
    const a = expectError(wrong, 401, 'INVALID_CREDENTIALS');
    const b = expectError(unknown, 401, 'INVALID_CREDENTIALS');
    expect(a.message).toBe(b.message);
  });

  it('400 with field details for a bad body', async () => {
    const res = await requestJson(app, 'POST', '/api/v1/auth/login', { body: { username: '', extra: true } });
    const body = expectError(res, 400, 'VALIDATION_FAILED');
    expect(body.details?.map((d) => d.field).sort()).toEqual([
      'body.extra',
      'body.password',
      'body.username',
    ]);
  });

  it('locks after 5 failures for 15 minutes (423), for existing and unknown usernames alike', async () => {
    const user = await createUser(app, [{ role: 'holder' }]);
    for (const username of [user.username, 'ghost-user-zz']) {
      for (let i = 0; i < 5; i++) {
        const r = await requestJson(app, 'POST', '/api/v1/auth/login', {
          body: { username, password: 'Bad-Passw0rd' },
        });
        expect(r.statusCode).toBe(401);
      }
      const locked = await requestJson(app, 'POST', '/api/v1/auth/login', {
        body: { username, password: username === user.username ? user.password : 'x' },
      });
      expectError(locked, 423, 'ACCOUNT_LOCKED');
    }
    clock.advance(15 * 60_000 + 1_000);
    const ok = await requestJson(app, 'POST', '/api/v1/auth/login', {
      body: { username: user.username, password: user.password },
    });
    expect(ok.statusCode).toBe(200);
    clock.reset();
  });
});

describe('sessions', () => {
  it('expire after 30 idle minutes; activity keeps them alive; logout ends them', async () => {
    const { cookies } = await loginAs(app, [{ role: 'holder' }]);
    clock.advance(20 * 60_000);
    expect((await requestJson(app, 'GET', '/api/v1/auth/me', { cookies })).statusCode).toBe(200);
    clock.advance(20 * 60_000);
    expect((await requestJson(app, 'GET', '/api/v1/auth/me', { cookies })).statusCode).toBe(200);
    clock.advance(31 * 60_000);
    expectError(await requestJson(app, 'GET', '/api/v1/auth/me', { cookies }), 401, 'UNAUTHENTICATED');
    clock.reset();

    const second = await loginAs(app, [{ role: 'holder' }]);
    expect(
      (await requestJson(app, 'POST', '/api/v1/auth/logout', { cookies: second.cookies })).statusCode,
    ).toBe(200);
    expectError(
      await requestJson(app, 'GET', '/api/v1/auth/me', { cookies: second.cookies }),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('end after the absolute limit even when active', async () => {
    const { cookies } = await loginAs(app, [{ role: 'holder' }]);
    for (let i = 0; i < 25; i++) {
      clock.advance(29 * 60_000);
      const r = await requestJson(app, 'GET', '/api/v1/auth/me', { cookies });
      if (r.statusCode === 401) break;
    }
    expectError(await requestJson(app, 'GET', '/api/v1/auth/me', { cookies }), 401, 'UNAUTHENTICATED');
    clock.reset();
  });
});

describe('TOTP', () => {
  it('is required for regulators who enrolled; codes are single-use', async () => {
    const user = await createUser(app, [{ role: 'regulator_officer', divisionCode: '440300' }]);
    const missing = await requestJson(app, 'POST', '/api/v1/auth/login', {
      body: { username: user.username, password: user.password },
    });
    expectError(missing, 401, 'TOTP_REQUIRED');
    const code = totpCode(user.totpSecret!);
    const ok = await requestJson(app, 'POST', '/api/v1/auth/login', {
      body: { username: user.username, password: user.password, totp: code },
    });
    expect(ok.statusCode).toBe(200);
    const replay = await requestJson(app, 'POST', '/api/v1/auth/login', {
      body: { username: user.username, password: user.password, totp: code },
    });
    expectError(replay, 401, 'INVALID_TOTP');
  });

  it('a new regulator must enrol before using anything else', async () => {
    const created = await requestJson<{ user: { id: string } }>(app, 'POST', '/api/v1/users', {
      cookies: admin.cookies,
      body: {
        username: 'sz-reg-new',
        displayName: '深圳新经办人',
        password: 'Shenzhen-Reg-2026!',
        roles: [{ role: 'regulator_officer', divisionCode: '440300' }],
      },
    });
    expect(created.statusCode).toBe(200);
    const cookies = await login(app, {
      username: 'sz-reg-new',
      password: 'Shenzhen-Reg-2026!',
      publicId: '',
      id: 0,
    });
    const me = await requestJson<{ mfa: { enrolmentRequired: boolean } }>(app, 'GET', '/api/v1/auth/me', {
      cookies,
    });
    expect(me.body.mfa.enrolmentRequired).toBe(true);
    expectError(await requestJson(app, 'GET', '/api/v1/users', { cookies }), 403, 'MFA_ENROLMENT_REQUIRED');

    const enrol = await requestJson<{ secret: string; otpauthUri: string; qrSvg: string }>(
      app,
      'POST',
      '/api/v1/auth/totp/enrolment',
      { cookies },
    );
    expect(enrol.statusCode).toBe(200);
    expect(enrol.body.qrSvg).toContain('<svg');
    expectError(
      await requestJson(app, 'POST', '/api/v1/auth/totp/enrolment/confirm', {
        cookies,
        body: { code: '000000' },
      }),
      400,
      'INVALID_TOTP',
    );
    const confirm = await requestJson(app, 'POST', '/api/v1/auth/totp/enrolment/confirm', {
      cookies,
      body: { code: totpCode(enrol.body.secret) },
    });
    expect(confirm.statusCode).toBe(200);
    const list = await requestJson<{ items: { username: string }[] }>(app, 'GET', '/api/v1/users', {
      cookies,
    });
    expect(list.statusCode).toBe(200);
  });
});

describe('user management', () => {
  it('401 without session, 403 for a holder', async () => {
    expectError(await requestJson(app, 'GET', '/api/v1/users'), 401, 'UNAUTHENTICATED');
    expectError(await requestJson(app, 'POST', '/api/v1/users', { body: {} }), 401, 'UNAUTHENTICATED');
    const holder = await loginAs(app, [{ role: 'holder' }]);
    expectError(
      await requestJson(app, 'GET', '/api/v1/users', { cookies: holder.cookies }),
      403,
      'FORBIDDEN',
    );
  });

  it('creates a user with a generated initial password shown once', async () => {
    const res = await requestJson<{
      user: { username: string; mustChangePassword: boolean };
      initialPassword: string;
    }>(app, 'POST', '/api/v1/users', {
      cookies: admin.cookies,
      body: { username: 'gen-pass-user', displayName: '张三', roles: [{ role: 'holder' }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body.initialPassword).toMatch(/^.{16}$/);
    expect(res.body.user.mustChangePassword).toBe(true);
    const cookies = await login(app, {
      username: 'gen-pass-user',
      password: res.body.initialPassword,
      publicId: '',
      id: 0,
    });
    const change = await requestJson(app, 'POST', '/api/v1/auth/password', {
      cookies,
      body: { currentPassword: res.body.initialPassword, newPassword: 'short' },
    });
    expect(expectError(change, 400, 'PASSWORD_POLICY').details?.[0]?.field).toBe('body.newPassword');
  });

  it('400 with field details: unknown role scope, bad division, weak password', async () => {
    const res = await requestJson(app, 'POST', '/api/v1/users', {
      cookies: admin.cookies,
      body: { username: 'x', displayName: '', roles: [], nope: 1 },
    });
    const body = expectError(res, 400, 'VALIDATION_FAILED');
    expect(body.details?.map((d) => d.field)).toEqual(
      expect.arrayContaining(['body.username', 'body.displayName', 'body.roles', 'body.nope']),
    );
    const noScope = await requestJson(app, 'POST', '/api/v1/users', {
      cookies: admin.cookies,
      body: { username: 'reg-no-scope', displayName: '甲', roles: [{ role: 'regulator_officer' }] },
    });
    expect(expectError(noScope, 400, 'INVALID_ROLE_SCOPE').details?.[0]?.field).toBe(
      'body.roles.0.divisionCode',
    );
    const badDivision = await requestJson(app, 'POST', '/api/v1/users', {
      cookies: admin.cookies,
      body: {
        username: 'reg-bad-div',
        displayName: '乙',
        roles: [{ role: 'regulator_officer', divisionCode: '999999' }],
      },
    });
    expectError(badDivision, 400, 'INVALID_ROLE_SCOPE');
  });

  it('refuses to combine the three administrator roles (三员分立)', async () => {
    const both = await requestJson(app, 'POST', '/api/v1/users', {
      cookies: admin.cookies,
      body: {
        username: 'two-hats',
        displayName: '丙',
        roles: [{ role: 'system_admin' }, { role: 'audit_admin' }],
      },
    });
    expectError(both, 409, 'ADMIN_ROLE_CONFLICT');
    const sec = await createUser(app, [{ role: 'security_admin' }]);
    const grant = await requestJson(app, 'POST', `/api/v1/users/${sec.publicId}/roles`, {
      cookies: admin.cookies,
      body: { role: 'system_admin' },
    });
    expectError(grant, 409, 'ADMIN_ROLE_CONFLICT');
  });

  it('a city regulator sees only users in its subtree; others are 404', async () => {
    const sz = await createUser(app, [{ role: 'regulator_officer', divisionCode: '440305' }]);
    const gd = await createUser(app, [{ role: 'regulator_approver', divisionCode: '440000' }]);
    const regulator = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '440300' }]);
    const list = await requestJson<{ items: { username: string }[] }>(app, 'GET', '/api/v1/users?limit=200', {
      cookies: regulator.cookies,
    });
    const names = list.body.items.map((u) => u.username);
    expect(names).toContain(sz.username);
    expect(names).not.toContain(gd.username);
    expect(
      (await requestJson(app, 'GET', `/api/v1/users/${sz.publicId}`, { cookies: regulator.cookies }))
        .statusCode,
    ).toBe(200);
    expectError(
      await requestJson(app, 'GET', `/api/v1/users/${gd.publicId}`, { cookies: regulator.cookies }),
      404,
      'USER_NOT_FOUND',
    );
    // Read-only: cannot change a user in scope either.
    expectError(
      await requestJson(app, 'PATCH', `/api/v1/users/${sz.publicId}`, {
        cookies: regulator.cookies,
        body: { status: 'disabled' },
      }),
      403,
      'FORBIDDEN',
    );
  });

  it('disabling a user ends their sessions; reset password issues a temporary one', async () => {
    const target = await createUser(app, [{ role: 'holder' }]);
    const cookies = await login(app, target);
    const disabled = await requestJson<{ status: string }>(app, 'PATCH', `/api/v1/users/${target.publicId}`, {
      cookies: admin.cookies,
      body: { status: 'disabled' },
    });
    expect(disabled.body.status).toBe('disabled');
    expectError(await requestJson(app, 'GET', '/api/v1/auth/me', { cookies }), 401, 'UNAUTHENTICATED');
    expectError(
      await requestJson(app, 'POST', '/api/v1/auth/login', {
        body: { username: target.username, password: TEST_PASSWORD },
      }),
      403,
      'ACCOUNT_DISABLED',
    );
    await requestJson(app, 'PATCH', `/api/v1/users/${target.publicId}`, {
      cookies: admin.cookies,
      body: { status: 'active' },
    });
    const reset = await requestJson<{ temporaryPassword: string }>(
      app,
      'POST',
      `/api/v1/users/${target.publicId}/reset-password`,
      {
        cookies: admin.cookies,
      },
    );
    expect(reset.statusCode).toBe(200);
    await login(app, { ...target, password: reset.body.temporaryPassword });
  });
});

describe('API clients', () => {
  it('token shown once, works as bearer, stops working when revoked', async () => {
    const created = await requestJson<{ token: string; client: { id: string } }>(
      app,
      'POST',
      '/api/v1/api-clients',
      {
        cookies: admin.cookies,
        body: { name: '广东省市场监管局', scopes: ['certificates:read'], divisionCode: '440000' },
      },
    );
    expect(created.statusCode).toBe(200);
    const headers = { authorization: `Bearer ${created.body.token}` };
    const me = await app.inject({ url: '/api/v1/users', headers });
    expect(me.statusCode).toBe(403);
    const list = await requestJson<{ items: { tokenPrefix: string }[] }>(app, 'GET', '/api/v1/api-clients', {
      cookies: admin.cookies,
    });
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    await requestJson(app, 'POST', `/api/v1/api-clients/${created.body.client.id}/revoke`, {
      cookies: admin.cookies,
    });
    expect((await app.inject({ url: '/api/v1/users', headers })).statusCode).toBe(401);
  });
});

describe('audit of security events', () => {
  it('records logins, failures and denials, readable only by the audit admin', async () => {
    expectError(
      await requestJson(app, 'GET', '/api/v1/audit-events', { cookies: admin.cookies }),
      403,
      'FORBIDDEN',
    );
    const res = await requestJson<{ items: { action: string; result: string }[] }>(
      app,
      'GET',
      '/api/v1/audit-events?limit=200',
      {
        cookies: auditor.cookies,
      },
    );
    expect(res.statusCode).toBe(200);
    const seen = new Set(res.body.items.map((e) => `${e.action}:${e.result}`));
    for (const e of [
      'auth.login:success',
      'auth.login:failure',
      'auth.lockout:failure',
      'access.denied:denied',
      'user.create:success',
    ]) {
      expect(seen, e).toContain(e);
    }
    const verify = await requestJson<{ ok: boolean; count: number }>(
      app,
      'GET',
      '/api/v1/audit-events/verification',
      {
        cookies: auditor.cookies,
      },
    );
    expect(verify.body.ok).toBe(true);
    expect(verify.body.count).toBeGreaterThan(10);
  });
});
