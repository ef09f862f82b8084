/// <reference lib="dom" />
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { certificateNumberCheckChar } from '@anzheng/identifiers';
import { type APIRequestContext, expect, type Page, request, test } from '@playwright/test';
import {
  certificateNumberProblem,
  checkCharFor,
  holderNameProblem,
} from '../../apps/web/src/components/certificate/certificate-number.ts';
import {
  consoleLogin,
  DEMO_PASSWORD,
  DEMO_TOTP_SECRET,
  logout,
  portalLogin,
  screenshotPath,
} from '../support/session.ts';
import { freshTotp } from '../support/totp.ts';

// Issue 7 "Done means" (REQ-CERT-1, REQ-CERT-3, REQ-CERT-4, REQ-CERT-5, REQ-PUB-1): an officer
// issues a certificate from an approved application in the console; the holder downloads the
// PDF and the bundle; the public finds it by number + name and by the QR URL; an approver
// revokes it; the public page shows 已撤销; the offline verifier rejects the old bundle.
//
// The certificate goes to demo-holder (张安全, 深圳市南山区 440305), whose application is made
// and approved through the API first unless an approved one without a certificate exists
// (applications.spec.ts leaves one behind when it ran before).

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HOLDER_NAME = '张安全';

test('certificate number check characters: known answers (docs/certificate-number.md), same as @anzheng/identifiers', () => {
  expect(checkCharFor('442024200000123')).toBe('4');
  expect(checkCharFor('112023100000001')).toBe('X');
  expect(certificateNumberProblem('4420242000001234')).toBeNull();
  expect(certificateNumberProblem('112023100000001x')).toBeNull();
  expect(certificateNumberProblem('4420242000001235')).toBe('check');
  expect(certificateNumberProblem('442024200000123')).toBe('length');
  expect(certificateNumberProblem('44202420000012A4')).toBe('character');
  expect(holderNameProblem('张')).toBe('length');
  expect(holderNameProblem(' 张安全 ')).toBeNull();
  // Every single-digit substitution of a valid number is caught; the check agrees with the server's.
  let seed = 20261129;
  for (let i = 0; i < 500; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const first15 = String(seed).padStart(10, '0').slice(0, 10) + String(i).padStart(5, '0');
    expect(checkCharFor(first15)).toBe(certificateNumberCheckChar(first15));
  }
});

async function apiLogin(baseURL: string, username: string, totp = false): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL });
  const body: Record<string, string> = { username, password: DEMO_PASSWORD };
  if (totp) body.totp = await freshTotp(username, DEMO_TOTP_SECRET);
  const res = await ctx.post('/api/v1/auth/login', { data: body });
  expect(res.status(), await res.text()).toBe(200);
  return ctx;
}

async function json<T>(res: { status(): number; text(): Promise<string> }, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  return JSON.parse(text) as T;
}

interface AppSummary {
  id: string;
  state: string;
  certificateTypeCode: string;
  level: string;
}

/** An approved junior application of demo-holder that has no certificate yet (made if needed). */
async function approvedHolderApplication(baseURL: string): Promise<string> {
  const holder = await apiLogin(baseURL, 'demo-holder');
  try {
    const certs = await json<{ items: { applicationPublicId: string | null }[] }>(
      await holder.get('/api/v1/certificates?limit=200'),
    );
    const issued = new Set(certs.items.map((c) => c.applicationPublicId));
    const mine = await json<{ items: AppSummary[] }>(await holder.get('/api/v1/applications?limit=200'));
    const approved = mine.items.find((a) => a.state === 'approved' && !issued.has(a.id));
    if (approved) return approved.id;

    // An open one (draft … under review) is carried on; otherwise a new one is made.
    let app = mine.items.find(
      (a) =>
        a.certificateTypeCode === '00' && a.level === 'junior' && !['approved', 'rejected'].includes(a.state),
    );
    if (!app) {
      app = await json<AppSummary>(
        await holder.post('/api/v1/applications', { data: { certificateTypeCode: '00', level: 'junior' } }),
      );
    }
    if (app.state === 'draft' || app.state === 'returned') {
      app = await json<AppSummary>(await holder.post(`/api/v1/applications/${app.id}/submit`, { data: {} }));
    }
    const approver = await apiLogin(baseURL, 'demo-regulator-gd', true);
    try {
      if (app.state === 'submitted') {
        app = await json<AppSummary>(
          await approver.post(`/api/v1/applications/${app.id}/start-review`, { data: {} }),
        );
      }
      app = await json<AppSummary>(
        await approver.post(`/api/v1/applications/${app.id}/approve`, {
          data: { reason: '端到端测试：材料齐全。' },
        }),
      );
      expect(app.state).toBe('approved');
      return app.id;
    } finally {
      await approver.dispose();
    }
  } finally {
    await holder.dispose();
  }
}

/** Saves a download and returns its bytes. */
async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer; file: string }> {
  const downloading = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const d = await downloading;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-cert-')), d.suggestedFilename());
  await d.saveAs(file);
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(file), file };
}

test.describe('certificate: issue, e-certificate, public query, revoke, offline verification', () => {
  // Logins wait for a fresh TOTP step when an account was used in the last 30 s.
  test.describe.configure({ mode: 'serial', timeout: 240_000 });
  let applicationId = '';
  let number = '';
  let qrPath = '';
  let check = '';
  let bundleFile = '';

  test('the 深圳 officer issues the certificate from the approved application', async ({
    page,
    baseURL,
  }, testInfo) => {
    applicationId = await approvedHolderApplication(baseURL ?? '');
    await consoleLogin(page, 'demo-officer-sz');
    await page.getByRole('menuitem', { name: '证书签发' }).click();
    await expect(page).toHaveURL(/\/console\/certificates\/issue$/);
    const row = page.locator(`tr[data-application-id="${applicationId}"]`);
    for (let i = 0; i < 20 && !(await row.isVisible()); i++) {
      const more = page.getByRole('button', { name: /加载更多/ });
      if (!(await more.isVisible())) break;
      await more.click();
      await page.waitForTimeout(500);
    }
    await expect(row).toContainText(HOLDER_NAME);
    await page.screenshot({ path: screenshotPath(testInfo, 'console-certificate-issue'), fullPage: true });

    await row.getByTestId('issue-open').click();
    const drawer = page.getByTestId('issue-drawer');
    await expect(drawer).toContainText(HOLDER_NAME);
    // Junior: theory + practical, no performance evaluation.
    await expect(drawer.getByTestId('score-performance')).toHaveCount(0);
    await drawer.getByTestId('issue-submit').click();
    await expect(drawer.getByText('请填写理论考试成绩（0–100）')).toBeVisible();
    await drawer.getByTestId('score-theory').fill('86');
    await drawer.getByTestId('score-practical').fill('78');
    await page.screenshot({
      path: screenshotPath(testInfo, 'console-certificate-issue-drawer'),
      fullPage: true,
    });
    await drawer.getByTestId('issue-submit').click();
    await expect(drawer.getByTestId('issued-number')).toHaveText(/^\d{15}[\dX]$/, { timeout: 30_000 });
    number = (await drawer.getByTestId('issued-number').textContent()) ?? '';

    await drawer.getByTestId('issued-open').click();
    await expect(page).toHaveURL(new RegExp(`/console/certificates/${number}$`));
    await expect(page.getByRole('heading', { level: 1 }).getByTestId('certificate-status')).toHaveText(
      '有效',
    );
    await expect(page.getByTestId('certificate-claims')).toContainText(HOLDER_NAME);
    await expect(page.getByTestId('certificate-timeline')).toContainText('签发');
    // An officer may suspend but not revoke (REQ-CERT-3: revocation is the approver's decision).
    await expect(page.getByTestId('action-suspend')).toBeVisible();
    await expect(page.getByTestId('action-revoke')).toHaveCount(0);
    await page.screenshot({ path: screenshotPath(testInfo, 'console-certificate-detail'), fullPage: true });
    await logout(page);
  });

  test('the holder opens the e-certificate, downloads PDF and bundle, and shares it', async ({
    page,
  }, testInfo) => {
    expect(number).not.toBe('');
    await portalLogin(page, 'demo-holder', '/portal/certificates');
    const card = page.locator(`[data-testid="my-certificate"][data-number="${number}"]`);
    await expect(card.getByTestId('certificate-status')).toHaveText('有效');
    await card.click();
    await expect(page.getByTestId('e-certificate')).toHaveAttribute('data-number', number);
    await expect(page.getByTestId('ecert-holder')).toHaveText(HOLDER_NAME);

    // The live QR: the verification URL (never an ID number) and the current time under it.
    const qr = page.getByTestId('live-qr');
    const qrUrl = (await qr.getAttribute('data-url')) ?? '';
    expect(qrUrl).toMatch(new RegExp(`/v/${number}\\?c=[^&]+$`));
    const url = new URL(qrUrl);
    qrPath = url.pathname + url.search;
    check = url.searchParams.get('c') ?? '';
    await expect(page.getByTestId('live-qr-time')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    const pdf = await download(page, 'download-pdf');
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const bundle = await download(page, 'download-bundle');
    expect(bundle.name).toMatch(/\.json$/);
    const parsed = JSON.parse(bundle.bytes.toString('utf8')) as { claims?: { number?: string } };
    expect(JSON.stringify(parsed)).toContain(number);
    bundleFile = bundle.file;

    // A share link for an employer: shown once, opened without login, full name and purpose.
    await page.getByTestId('share-purpose').fill('应聘深圳某公司安全主管');
    await page.getByTestId('share-create').click();
    const shareUrl = (await page.getByTestId('share-url').textContent()) ?? '';
    expect(shareUrl).toMatch(/\/s\/[^/]+$/);
    await expect(page.locator('[data-testid="share-link"][data-state="active"]')).toContainText(
      '应聘深圳某公司安全主管',
    );
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: screenshotPath(testInfo, 'portal-e-certificate-mobile'), fullPage: true });
    await logout(page);

    await page.goto(new URL(shareUrl).pathname);
    await expect(page.getByTestId('public-holder-name')).toHaveText(HOLDER_NAME);
    await expect(page.getByTestId('shared-purpose')).toHaveText('应聘深圳某公司安全主管');
    await page.screenshot({ path: screenshotPath(testInfo, 'public-share-landing-mobile'), fullPage: true });
  });

  test('the public finds it by number + name and by the QR URL; the employer batch-verifies', async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/');
    await page.getByTestId('home-certificate-query').click();
    await expect(page).toHaveURL(/\/certificates$/);

    // Client-side checks first: a wrong check character and a one-character name.
    const wrong = number.slice(0, 15) + (number[15] === '0' ? '1' : '0');
    await page.getByTestId('query-number').fill(wrong);
    await page.getByTestId('query-name').fill('张');
    await page.getByTestId('query-submit').click();
    await expect(page.getByText('证书编号校验码不对')).toBeVisible();
    await expect(page.getByText('姓名应为 2–30 个字符')).toBeVisible();

    // A wrong name is "not found", exactly like an unknown number.
    await page.getByTestId('query-number').fill(number);
    await page.getByTestId('query-name').fill('李四');
    await page.getByTestId('query-submit').click();
    await expect(page.getByTestId('public-not-found')).toContainText('未查到证书');

    await page.getByTestId('query-name').fill(HOLDER_NAME);
    await page.getByTestId('query-submit').click();
    const card = page.getByTestId('public-certificate');
    await expect(card).toHaveAttribute('data-status', 'valid');
    await expect(card.getByTestId('public-holder-name')).toContainText('*');
    await expect(card.getByTestId('public-holder-name')).not.toHaveText(HOLDER_NAME);
    await expect(card).toContainText('安全生产管理人员职业资格证书');
    await expect(card.getByTestId('public-verification')).toContainText('签名');
    await page.screenshot({
      path: screenshotPath(testInfo, 'public-certificate-query-mobile'),
      fullPage: true,
    });

    await page.goto(qrPath);
    await expect(page.getByTestId('public-certificate')).toHaveAttribute('data-status', 'valid');
    await expect(page.getByTestId('public-number')).toHaveText(number);
    await expect(page.getByTestId('certificate-warning')).toHaveCount(0);
    // 经签名与透明日志验证: the issuer's signature holds and the issuance is in a signed checkpoint.
    await expect(page.getByTestId('public-verification')).toHaveAttribute('data-verified', 'true');
    await page.screenshot({
      path: screenshotPath(testInfo, 'public-qr-landing-valid-mobile'),
      fullPage: true,
    });

    // 张安全 works at the demo enterprise: its admin checks a CSV of staff certificates.
    await page.setViewportSize({ width: 1280, height: 900 });
    await portalLogin(page, 'demo-enterprise', '/portal/verify');
    const csv = ['证书编号,姓名', `${number},${HOLDER_NAME}`, `${number},李四`, '12345,王五'].join('\n');
    await page
      .getByTestId('verify-form')
      .locator('input[type=file]')
      .setInputFiles({ name: '核验.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('verify-start').click();
    const rows = page.getByTestId('verify-rows');
    await expect(rows.locator('[data-outcome="valid"]')).toHaveCount(1);
    await expect(rows.locator('[data-outcome="not_found"]')).toHaveCount(1);
    await expect(rows.locator('[data-outcome="invalid_input"]')).toHaveCount(1);
    await page.screenshot({ path: screenshotPath(testInfo, 'portal-batch-verify'), fullPage: true });
    const results = await download(page, 'verify-download');
    expect(results.name).toMatch(/\.csv$/);
    expect(results.bytes.toString('utf8')).toContain(number);
    await logout(page);
  });

  test('the 广东 approver revokes it; the public page shows 已撤销; the offline verifier rejects the old bundle', async ({
    page,
    baseURL,
  }, testInfo) => {
    await consoleLogin(page, 'demo-regulator-gd');
    await page.getByRole('menuitem', { name: '证书管理' }).click();
    await page.getByTestId('certificate-search').fill(number);
    await page
      .getByTestId('certificate-filters')
      .getByRole('button', { name: /查\s*询/ })
      .click();
    const table = page.getByTestId('certificates-table');
    await expect(table.getByTestId('certificate-link')).toHaveText([number]);
    await table.getByTestId('certificate-link').click();

    await page.getByTestId('action-revoke').click();
    // Ground, basis and reason are all required before anything is sent.
    await page.getByTestId('action-confirm').click();
    await expect(page.getByText('请选择撤销事由')).toBeVisible();
    await page.getByTestId('action-ground').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: '非法挂证' })
      .click();
    await page.getByTestId('action-basis').fill('粤应急罚〔2026〕15号');
    await page.getByTestId('action-reason').fill('端到端测试：查实该证书在外单位挂证。');
    await page.getByTestId('action-confirm').click();
    await page.getByTestId('action-final-confirm').click();
    await expect(page.getByRole('heading', { level: 1 }).getByTestId('certificate-status')).toHaveText(
      '已撤销',
    );
    const timeline = page.getByTestId('certificate-timeline');
    await expect(timeline).toContainText('撤销');
    await expect(timeline).toContainText('粤应急罚〔2026〕15号');
    await page.screenshot({ path: screenshotPath(testInfo, 'console-certificate-revoked'), fullPage: true });
    await logout(page);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(qrPath);
    await expect(page.getByTestId('public-certificate')).toHaveAttribute('data-status', 'revoked');
    await expect(page.getByTestId('certificate-status')).toHaveText('已撤销');
    await expect(page.getByTestId('certificate-warning')).toContainText('已撤销');
    await page.screenshot({
      path: screenshotPath(testInfo, 'public-qr-landing-revoked-mobile'),
      fullPage: true,
    });

    // Offline: the bundle downloaded before the revocation, the published trust list and the
    // signed status document of now.
    const api = await request.newContext({ baseURL: baseURL ?? '' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-verify-'));
    const trustFile = path.join(dir, 'trust.json');
    const statusFile = path.join(dir, 'status.json');
    fs.writeFileSync(trustFile, await (await api.get('/.well-known/anzheng/trust.json')).text());
    let result: { status: number | null; stdout: string; stderr: string } = {
      status: null,
      stdout: '',
      stderr: '',
    };
    let outcome = '';
    // The status document reflects the revocation once it is in a signed checkpoint (seconds).
    for (let attempt = 0; attempt < 15 && outcome !== 'revoked'; attempt++) {
      if (attempt > 0) await page.waitForTimeout(2000);
      const status = await api.get(
        `/api/v1/public/certificates/${number}/status?c=${encodeURIComponent(check)}`,
      );
      expect(status.status(), await status.text()).toBe(200);
      fs.writeFileSync(statusFile, await status.text());
      const run = spawnSync(
        process.execPath,
        [
          path.join(root, 'packages/verifier/bin/anzheng-verify.js'),
          bundleFile,
          '--trust',
          trustFile,
          '--checkpoint',
          statusFile,
          '--json',
        ],
        { cwd: root, encoding: 'utf8', timeout: 60_000 },
      );
      result = { status: run.status, stdout: run.stdout, stderr: run.stderr };
      outcome = (JSON.parse(run.stdout || '{}') as { outcome?: string }).outcome ?? '';
    }
    await api.dispose();
    expect(result.status, `${result.stdout}\n${result.stderr}`).not.toBe(0);
    expect(outcome, result.stdout).toBe('revoked');
    expect(result.stdout).toContain('revoked');
  });
});
