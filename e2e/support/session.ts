import path from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { freshTotp } from './totp.ts';

// Demo accounts seeded by `serve --seed-demo-if-empty` (apps/server/src/demo/seed-demo.ts).
export const DEMO_PASSWORD = 'Anzheng-Demo-2026';
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

export function screenshotPath(testInfo: TestInfo, name: string): string {
  return path.join(testInfo.project.outputDir, 'screenshots', `${name}.png`);
}

async function fillCredentials(page: Page, username: string): Promise<void> {
  const form = page.getByTestId('login-form');
  await form.getByLabel('用户名').fill(username);
  await form.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await form.getByRole('button', { name: /登\s*录/ }).click();
}

/** Console login of a demo regulator/admin (password, then a TOTP code not used before). */
export async function consoleLogin(page: Page, username: string): Promise<void> {
  await page.goto('/console/login');
  await fillCredentials(page, username);
  const input = page.getByTestId('totp-input');
  await expect(input).toBeFocused();
  await input.fill(await freshTotp(username, DEMO_TOTP_SECRET));
  await page.getByRole('button', { name: '验证并登录' }).click();
  await expect(page).toHaveURL(/\/console$/);
}

/** Portal login of a demo holder or enterprise user (no second factor). */
export async function portalLogin(page: Page, username: string, next = '/portal'): Promise<void> {
  await page.goto(`/portal/login?next=${encodeURIComponent(next)}`);
  await fillCredentials(page, username);
  await expect(page).toHaveURL(new RegExp(`${next.replace(/\//g, '\\/')}(\\?.*)?$`));
}

export async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('logout')).toHaveCount(0);
}
