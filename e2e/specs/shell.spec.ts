/// <reference lib="dom" />
// page.evaluate() callbacks run in the browser; the root tsconfig has no DOM lib.
import path from 'node:path';
import { expect, type Page, type TestInfo, test } from '@playwright/test';

// Screenshots land in e2e/test-results/screenshots/ so a reviewer can look at them.
function screenshotPath(testInfo: TestInfo, name: string): string {
  return path.join(testInfo.project.outputDir, 'screenshots', `${name}.png`);
}

async function switchLanguage(page: Page, label: '中文' | 'English'): Promise<void> {
  await page.getByTestId('lang-switch').getByText(label, { exact: true }).click();
}

test.describe('web shell', () => {
  test('home shows the product and the live system status', async ({ page }, testInfo) => {
    await page.goto('/');
    await expect(page).toHaveTitle('安证 · 安全生产管理人员职业资格证书信息系统');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('banner').getByText('安证', { exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('安全生产管理人员职业资格证书信息系统');

    const status = page.getByTestId('system-status');
    await expect(status.getByTestId('status-badge')).toHaveText('正常');
    await expect(status.getByTestId('status-badge')).toHaveAttribute('data-status', 'ok');
    await expect(status.getByTestId('status-database')).toHaveText(/^(PGlite \(内嵌\)|PostgreSQL)$/);
    await expect(status).toContainText('版本');

    await expect(page.getByRole('link', { name: 'API 文档' })).toHaveAttribute('href', '/api/docs');
    await page.screenshot({ path: screenshotPath(testInfo, 'home-zh'), fullPage: true });

    await page.setViewportSize({ width: 375, height: 812 });
    await expect(page.getByTestId('status-badge')).toHaveText('正常');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'no horizontal scrolling at 375 px').toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath(testInfo, 'home-zh-375'), fullPage: true });
  });

  test('the public face does not download console or portal code', async ({ page }) => {
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto('/');
    await expect(page.getByTestId('status-badge')).toHaveText('正常');
    expect(scripts.some((s) => /\/assets\/public-face-/.test(s))).toBe(true);
    expect(scripts.filter((s) => /\/assets\/(console|portal)-face-/.test(s))).toEqual([]);
  });

  test('language switch changes the interface and persists across reloads', async ({ page }, testInfo) => {
    await page.goto('/');
    await expect(page.getByTestId('status-badge')).toHaveText('正常');

    await switchLanguage(page, 'English');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Safety Production Management Personnel Qualification Certificate Information System',
    );
    await expect(page.getByTestId('status-badge')).toHaveText('Operational');
    await expect(page.getByTestId('status-database')).toHaveText(/^(PGlite \(embedded\)|PostgreSQL)$/);
    await expect(page).toHaveTitle(/^Anzheng · /);
    await page.screenshot({ path: screenshotPath(testInfo, 'home-en'), fullPage: true });

    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
    await expect(page.getByTestId('status-badge')).toHaveText('Operational');
    await expect(page.getByRole('navigation', { name: 'Main navigation' })).toContainText('Regulators');

    await switchLanguage(page, '中文');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByTestId('status-badge')).toHaveText('正常');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('安全生产管理人员职业资格证书信息系统');
  });

  test('unknown addresses show a 404 inside the face they belong to', async ({ page }) => {
    await page.goto('/no-such-page');
    await expect(page.getByTestId('public-layout')).toBeVisible();
    await expect(page.getByTestId('not-found')).toContainText('页面不存在');
    await page.getByTestId('not-found').getByRole('button', { name: '返回首页' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('system-status')).toBeVisible();

    // Console pages need a session: an unknown console address leads to the login first
    // (console-auth.spec.ts checks the console 404 after logging in).
    await page.goto('/console/no-such-page');
    await expect(page).toHaveURL(/\/console\/login\?next=%2Fconsole%2Fno-such-page$/);
    await expect(page.getByTestId('console-login')).toBeVisible();

    await page.goto('/portal/no-such-page');
    await expect(page.getByTestId('portal-layout')).toBeVisible();
    await expect(page.getByTestId('not-found')).toBeVisible();
  });

  test('console asks for a login; portal opens in its own layout', async ({ page }, testInfo) => {
    await page.goto('/');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '监管端' }).click();
    await expect(page).toHaveURL(/\/console\/login\?next=%2Fconsole$/);
    const login = page.getByTestId('console-login');
    await expect(login.getByRole('heading', { level: 1 })).toHaveText('监管端登录');
    await expect(login.getByTestId('lang-switch')).toBeVisible();
    await page.screenshot({ path: screenshotPath(testInfo, 'console-zh'), fullPage: true });

    await page.goto('/portal');
    const portalLayout = page.getByTestId('portal-layout');
    await expect(portalLayout).toBeVisible();
    await expect(portalLayout.getByRole('heading', { level: 1 })).toHaveText('办事入口');
    await expect(page.getByTestId('portal-login-info')).toContainText('监管部门核发');
    await expect(portalLayout.getByTestId('lang-switch')).toBeVisible();
    await page.screenshot({ path: screenshotPath(testInfo, 'portal-zh'), fullPage: true });
  });

  test('status card reports a degraded, failing or unreachable server', async ({ page }) => {
    // The real server is healthy; these two answers can only be staged.
    await page.route('**/api/health', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        headers: { 'x-request-id': 'e2e-degraded' },
        body: JSON.stringify({
          status: 'degraded',
          database: 'postgresql',
          version: '0.0.0-e2e',
          uptimeSeconds: 7_500,
        }),
      }),
    );
    await page.goto('/');
    await expect(page.getByTestId('status-badge')).toHaveText('降级');
    await expect(page.getByTestId('status-database')).toHaveText('PostgreSQL');
    await expect(page.getByTestId('system-status')).toContainText('2 小时 5 分');

    await page.unroute('**/api/health');
    await page.route('**/api/health', (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        headers: { 'x-request-id': 'e2e-failed' },
        body: JSON.stringify({
          statusCode: 500,
          code: 'INTERNAL_ERROR',
          error: 'Internal Server Error',
          message: '服务器内部错误',
          requestId: 'e2e-failed',
        }),
      }),
    );
    await page.getByTestId('system-status').getByRole('button', { name: '重新检查' }).click();
    await expect(page.getByTestId('status-badge')).toHaveText('异常');
    await expect(page.getByTestId('system-status')).toContainText('服务器内部错误');
    await expect(page.getByTestId('system-status').getByTestId('request-id')).toContainText('e2e-failed');

    await page.unroute('**/api/health');
    await page.route('**/api/health', (route) => route.abort('connectionrefused'));
    await page.getByTestId('system-status').getByRole('button', { name: '重新检查' }).click();
    await expect(page.getByTestId('status-badge')).toHaveText('无法连接');
    await expect(page.getByTestId('system-status')).toContainText('无法连接服务器');
  });
});
