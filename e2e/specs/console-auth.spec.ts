/// <reference lib="dom" />
import path from 'node:path';
import { expect, type Page, type TestInfo, test } from '@playwright/test';
import { currentStep, freshTotp, totpAt } from '../support/totp.ts';

// Demo accounts seeded by `serve --seed-demo-if-empty` (apps/server/src/demo/seed-demo.ts).
const DEMO_PASSWORD = 'Anzheng-Demo-2026';
const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

function screenshotPath(testInfo: TestInfo, name: string): string {
  return path.join(testInfo.project.outputDir, 'screenshots', `${name}.png`);
}

async function fillCredentials(page: Page, username: string, password: string): Promise<void> {
  const form = page.getByTestId('login-form');
  await form.getByLabel('用户名').fill(username);
  await form.getByLabel('密码', { exact: true }).fill(password);
  await form.getByRole('button', { name: /登\s*录/ }).click();
}

/** Console login; with `totpSecret` the second step gets a code not used before. */
async function consoleLogin(
  page: Page,
  username: string,
  password: string,
  totpSecret?: string,
): Promise<void> {
  await page.goto('/console/login');
  await fillCredentials(page, username, password);
  if (!totpSecret) return;
  const input = page.getByTestId('totp-input');
  await expect(input).toBeFocused();
  await input.fill(await freshTotp(username, totpSecret));
  await page.getByRole('button', { name: '验证并登录' }).click();
}

async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('console-login')).toBeVisible();
}

test.describe('console sign-in, users and audit', () => {
  // Logins wait for a fresh TOTP step when an account was used in the last 30 s.
  test.describe.configure({ mode: 'serial', timeout: 120_000 });

  test('the console asks for a login; a wrong password is refused in the form', async ({
    page,
  }, testInfo) => {
    await page.goto('/console/users');
    await expect(page).toHaveURL(/\/console\/login\?next=%2Fconsole%2Fusers$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('监管端登录');
    await page.screenshot({ path: screenshotPath(testInfo, 'console-login'), fullPage: true });

    await fillCredentials(page, 'demo-inspector', 'not-the-password');
    await expect(page.getByTestId('login-error')).toContainText('用户名或密码错误');
    await expect(page.getByTestId('login-form').getByLabel('密码', { exact: true })).toHaveValue('');
    await expect(page).toHaveURL(/\/console\/login/);
  });

  test('admin creates a city regulator; the regulator enrols TOTP and sees only 深圳市', async ({
    page,
  }, testInfo) => {
    test.setTimeout(180_000);
    const username = `sz-reg-${Date.now().toString(36)}`;
    const initialPassword = 'Shenzhen-Reg-2026!';
    const newPassword = 'Shenzhen-Reg-2026#2';

    // 1. System administrator, password then one-time code.
    await page.goto('/console/login');
    await fillCredentials(page, 'demo-admin', DEMO_PASSWORD);
    const totpInput = page.getByTestId('totp-input');
    await expect(totpInput).toBeFocused();
    await expect(totpInput).toHaveAttribute('inputmode', 'numeric');
    await expect(page.getByTestId('login-totp-step')).toContainText('demo-admin');
    await page.screenshot({ path: screenshotPath(testInfo, 'console-login-totp'), fullPage: true });
    await totpInput.fill(await freshTotp('demo-admin', DEMO_TOTP_SECRET));
    await page.getByRole('button', { name: '验证并登录' }).click();

    await expect(page).toHaveURL(/\/console$/);
    await expect(page.getByTestId('current-user-name')).toHaveText('系统管理员（演示）');
    await expect(page.getByTestId('current-user-role')).toHaveText('系统管理员');

    // The id of a provincial regulator, to try later from the city regulator's session.
    const gd = await page.request.get('/api/v1/users?q=demo-regulator-gd&limit=5');
    expect(gd.ok()).toBe(true);
    const gdUser = ((await gd.json()) as { items: { id: string; username: string }[] }).items.find(
      (u) => u.username === 'demo-regulator-gd',
    );
    expect(gdUser).toBeDefined();

    // 2. Users page, then the create drawer.
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    await expect(page).toHaveURL(/\/console\/users$/);
    const table = page.getByTestId('users-table');
    await expect(table).toContainText('demo-regulator-gd');
    await expect(table).toContainText('广东省深圳市');
    await page.screenshot({ path: screenshotPath(testInfo, 'console-users-admin'), fullPage: true });

    await page.getByTestId('open-create-user').click();
    const drawer = page.getByTestId('create-user');
    await expect(drawer).toBeVisible();
    await drawer.getByLabel('用户名').fill(username);
    await drawer.getByLabel('姓名').fill('深圳市应急管理局经办人（测试）');
    await expect(drawer).toContainText('（可选）');
    await drawer.getByLabel('初始密码').fill(initialPassword);

    // Role first: the division picker appears only for a regulator role.
    await expect(drawer.getByTestId('division-picker')).toHaveCount(0);
    await drawer.getByLabel('角色', { exact: true }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '监管部门经办人' }).click();
    const picker = drawer.getByTestId('division-picker');
    await expect(picker).toBeVisible();

    // Submitting without the division: the form asks for it before the server does.
    await page.getByTestId('create-user-submit').click();
    await expect(drawer).toContainText('请选择管辖行政区划');

    await picker.locator('.ant-cascader').click();
    await page
      .locator('.ant-cascader-menu-item')
      .filter({ hasText: /^广东省$/ })
      .click();
    await page
      .locator('.ant-cascader-menu-item')
      .filter({ hasText: /^深圳市$/ })
      .click();
    await expect(page.locator('.ant-cascader-menu-item').filter({ hasText: /^南山区$/ })).toBeVisible();
    // Viewport only: a full-page capture cuts the drawer/modal mask at the fold.
    await page.screenshot({ path: screenshotPath(testInfo, 'console-create-user') });
    await page.keyboard.press('Escape');
    await expect(picker.locator('.ant-cascader')).toContainText('广东省 / 深圳市');

    await page.getByTestId('create-user-submit').click();
    await expect(page.getByText(`用户 ${username} 已创建`)).toBeVisible();
    await expect(drawer).toBeHidden();
    // The demo holds more accounts than one page (the exam demo's candidates): search for it.
    const search = page.getByPlaceholder('搜索用户名或姓名');
    await search.fill(username);
    await search.press('Enter');
    await expect(table).toContainText(username);
    await search.fill('');
    await search.press('Enter');

    // Without a password the server generates one; it is shown once, copyable.
    await page.getByTestId('open-create-user').click();
    await drawer.getByLabel('用户名').fill(`${username}-h`);
    await drawer.getByLabel('姓名').fill('李持证（测试）');
    await drawer.getByLabel('角色', { exact: true }).click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^持证人$/ })
      .click();
    await expect(drawer.getByTestId('division-picker')).toHaveCount(0);
    await page.getByTestId('create-user-submit').click();
    const secretBox = page.getByTestId('one-time-secret');
    await expect(secretBox).toContainText('只显示这一次');
    await expect(page.getByTestId('one-time-secret-value')).toHaveText(/^\S{8,}$/);
    // Viewport only: a full-page capture cuts the drawer/modal mask at the fold.
    await expect(drawer).toBeHidden();
    await page.screenshot({
      path: screenshotPath(testInfo, 'console-initial-password'),
      animations: 'disabled',
    });
    // antd speaks Chinese too (its own locale, not only our strings).
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '知道了' }).click();
    await expect(secretBox).toBeHidden();

    // 3. Log out; log in as the new city regulator (no second factor yet).
    await logout(page);
    await consoleLogin(page, username, initialPassword);
    await expect(page).toHaveURL(/\/console\/account\/totp$/);
    const secret = ((await page.getByTestId('totp-secret').locator('code').textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expect(page.getByTestId('totp-qr')).toHaveAttribute('src', /^data:image\/svg\+xml;utf8,/);
    await page.screenshot({ path: screenshotPath(testInfo, 'console-totp-enrolment'), fullPage: true });
    await page.getByTestId('totp-input').fill(totpAt(secret, currentStep()));
    await page.getByRole('button', { name: '确认绑定' }).click();

    // 4. Password: forced when the account still has a generated/reset password (the server
    //    decides with mustChangePassword); otherwise changed from 我的账户.
    await expect(page).toHaveURL(/\/console(\/account\/password)?$/);
    const forced = page.url().endsWith('/console/account/password');
    if (!forced) await page.getByRole('menuitem', { name: '我的账户' }).click();
    const pw = page.getByTestId('change-password-form');
    await pw.getByLabel('当前密码').fill(initialPassword);
    await pw.getByLabel('新密码', { exact: true }).fill('short');
    await pw.getByLabel('确认新密码').fill('short');
    await pw.getByRole('button', { name: '修改密码' }).click();
    await expect(pw).toContainText('密码须至少 8 位');
    await pw.getByLabel('新密码', { exact: true }).fill(newPassword);
    await pw.getByLabel('确认新密码').fill(newPassword);
    await pw.getByRole('button', { name: '修改密码' }).click();
    await expect(page.getByText('密码已修改')).toBeVisible();
    if (!forced) {
      await expect(page.getByTestId('profile-card')).toContainText('广东省深圳市');
      await page.screenshot({ path: screenshotPath(testInfo, 'console-account-sz'), fullPage: true });
      await page.getByRole('menuitem', { name: '概览' }).click();
    }

    // 5. Home: the jurisdiction is the city only.
    await expect(page).toHaveURL(/\/console$/);
    await expect(page.getByTestId('current-user-role')).toHaveText('监管部门经办人 · 广东省深圳市');
    await expect(page.getByTestId('jurisdiction-scope')).toHaveText(['广东省深圳市']);
    await page.screenshot({ path: screenshotPath(testInfo, 'console-home-sz'), fullPage: true });

    // 6. Users in the 440300 subtree only; read-only for a regulator.
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    await expect(table).toContainText('demo-officer-sz');
    await expect(table).toContainText(username);
    await expect(table).not.toContainText('demo-regulator-gd');
    await expect(table).not.toContainText('demo-admin');
    await expect(page.getByTestId('open-create-user')).toHaveCount(0);
    await expect(page.getByTestId('users-scope-note')).toContainText('广东省深圳市');
    await page.screenshot({ path: screenshotPath(testInfo, 'console-users-sz'), fullPage: true });

    // A provincial regulator is outside the city's scope: same answer as a missing user.
    await page.goto(`/console/users/${gdUser!.id}`);
    await expect(page.getByTestId('user-not-found')).toContainText('用户不存在');

    // Unknown console address: 404 inside the console layout.
    await page.goto('/console/no-such-page');
    await expect(page.getByTestId('console-layout')).toBeVisible();
    await expect(page.getByTestId('not-found')).toContainText('页面不存在');
    await expect(page.locator('.ant-breadcrumb')).toContainText('页面不存在');
    await logout(page);
  });

  test('the audit administrator sees login events and the hash chain verifies', async ({
    page,
  }, testInfo) => {
    await consoleLogin(page, 'demo-auditor', DEMO_PASSWORD, DEMO_TOTP_SECRET);
    await expect(page).toHaveURL(/\/console$/);
    await expect(page.getByRole('menuitem', { name: '用户管理' })).toHaveCount(0);
    await page.getByRole('menuitem', { name: '审计日志' }).click();

    const table = page.getByTestId('audit-table');
    await expect(table).toContainText('auth.login');
    await expect(table).toContainText('demo-admin');
    await expect(table).toContainText('user.create');

    // Only failed events.
    await page.getByTestId('audit-filters').getByLabel('结果').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '失败' }).click();
    await page
      .getByTestId('audit-filters')
      .getByRole('button', { name: /查\s*询/ })
      .click();
    await expect(table).toContainText('demo-inspector');
    await expect(table.locator('.ant-tag').filter({ hasText: '成功' })).toHaveCount(0);

    await table.locator('.ant-table-row-expand-icon').first().click();
    await expect(page.getByTestId('audit-details')).toContainText('事件哈希');

    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-verify-result');
    await expect(result).toHaveAttribute('data-ok', 'true');
    await expect(result).toContainText('哈希链完整');
    await page.screenshot({ path: screenshotPath(testInfo, 'console-audit'), fullPage: true });
  });
});

test('a holder logs in through the portal and sees their name', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await page.goto('/portal');
  await page.getByTestId('portal-login-link').click();
  await expect(page).toHaveURL(/\/portal\/login$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办事入口登录');
  await fillCredentials(page, 'demo-holder', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByTestId('current-user-name')).toHaveText('张安全（演示持证人）');
  await expect(page.getByTestId('portal-session')).toContainText('持证人');
  await expect(page.getByTestId('portal-session')).toContainText('正在建设中');
  await page.screenshot({ path: screenshotPath(testInfo, 'portal-holder'), fullPage: true });

  // The console is not for holders.
  await page.goto('/console');
  await expect(page.getByText('此账户使用办事入口')).toBeVisible();
  await page.goto('/portal');
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('portal-login-info')).toBeVisible();
});
