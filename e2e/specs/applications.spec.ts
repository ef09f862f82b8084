/// <reference lib="dom" />
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { consoleLogin, logout, portalLogin, screenshotPath } from '../support/session.ts';

// The demo seed (apps/server/src/demo/registry-demo.ts) links demo-holder to 张安全, who lives
// in 广东省深圳市南山区 (440305), works at the demo enterprise and meets the junior conditions.

/** A smallest valid PDF (the server sniffs `%PDF-`). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** GB 11643 check character for the first 17 digits. */
function citizenId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

test.describe('holder applies, the regulator reviews', () => {
  // Logins wait for a fresh TOTP step when an account was used in the last 30 s.
  test.describe.configure({ mode: 'serial', timeout: 120_000 });
  let applicationId = '';

  test('the holder sees every rule explained, uploads a document and submits', async ({ page }, testInfo) => {
    await portalLogin(page, 'demo-holder');
    await page.getByRole('menuitem', { name: '申请证书' }).click();
    await expect(page).toHaveURL(/\/portal\/apply$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('申请证书');

    // 1. Certificate, level, division (the person's own by default).
    await page.getByTestId('type-00').click();
    await page.getByTestId('level-junior').click();
    await expect(page.getByTestId('apply-choose').getByTestId('division-picker')).toContainText('南山区');
    await page.screenshot({ path: screenshotPath(testInfo, 'portal-apply-choose'), fullPage: true });
    await page.getByTestId('apply-next').click();

    // 2. Each rule with ✓/✗, what is required, what was found, why, and on what basis.
    const eligibility = page.getByTestId('eligibility');
    await expect(eligibility).toHaveAttribute('data-eligible', 'true');
    await expect(page.getByTestId('eligibility-summary')).toContainText('符合申请条件');
    const rule = (kind: string) =>
      eligibility.locator(`[data-testid="eligibility-rule"][data-rule-key="${kind}"]`);
    for (const [kind, name] of [
      ['min_education', '学历'],
      ['min_experience_years', '工作年限'],
      ['not_exam_banned', '禁考'],
      ['not_on_dishonesty_list', '失信'],
    ] as const) {
      await expect(rule(kind)).toHaveAttribute('data-passed', 'true');
      await expect(rule(kind)).toContainText(name);
      await expect(rule(kind)).toContainText('✓');
      await expect(rule(kind)).toContainText('依据');
    }
    await expect(rule('min_education')).toContainText('高中');
    await expect(rule('min_experience_years')).toContainText('要求不少于 2 年');
    await page.screenshot({ path: screenshotPath(testInfo, 'portal-apply-eligibility'), fullPage: true });

    // 3. The draft exists; a PDF goes to it.
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/applications') && r.request().method() === 'POST',
    );
    await page.getByTestId('apply-create').click();
    const draft = (await (await created).json()) as { id: string; state: string };
    expect(draft.state).toBe('draft');
    applicationId = draft.id;
    await expect(page).toHaveURL(new RegExp(`/portal/apply\\?id=${applicationId}$`));
    await page
      .getByTestId('apply-documents')
      .locator('input[type=file]')
      .setInputFiles({ name: '学历证明.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect(page.getByTestId('document-list')).toContainText('学历证明.pdf');
    await page.screenshot({ path: screenshotPath(testInfo, 'portal-apply-documents'), fullPage: true });

    // 4. Review and submit.
    await page.getByTestId('apply-to-review').click();
    const review = page.getByTestId('apply-review');
    await expect(review).toContainText('安全生产管理人员职业资格证书');
    await expect(review).toContainText('1 份');
    await page.screenshot({ path: screenshotPath(testInfo, 'portal-apply-review'), fullPage: true });
    await page.getByTestId('apply-submit').click();
    await expect(page.getByTestId('apply-submitted')).toContainText('申请已提交');

    await page.getByRole('link', { name: '查看我的申请' }).click();
    const card = page.locator(`[data-testid="my-application"][data-application-id="${applicationId}"]`);
    await expect(card.getByTestId('application-state')).toHaveText('已提交');
    await expect(card.getByTestId('application-timeline')).toContainText('已提交');
    await page.screenshot({ path: screenshotPath(testInfo, 'portal-my-applications'), fullPage: true });
  });

  test('the 深圳 officer opens it from the queue, reveals the ID number and starts the review', async ({
    page,
  }, testInfo) => {
    await consoleLogin(page, 'demo-officer-sz');
    await page.getByRole('menuitem', { name: '申请审核' }).click();
    await expect(page).toHaveURL(/\/console\/applications$/);
    const table = page.getByTestId('applications-table');
    await expect(table.locator(`a[href="/console/applications/${applicationId}"]`).first()).toBeVisible();
    await page.screenshot({ path: screenshotPath(testInfo, 'console-applications-queue'), fullPage: true });

    // Filter by state: only submitted applications remain.
    await page.getByTestId('filter-state').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: '已提交' })
      .click();
    await page
      .getByTestId('application-filters')
      .getByRole('button', { name: /查\s*询/ })
      .click();
    await expect(table.locator('[data-testid="application-state"]').first()).toHaveText('已提交');
    await expect(table.locator('[data-state="approved"]')).toHaveCount(0);

    await table.locator(`a[href="/console/applications/${applicationId}"]`).first().click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('的申请');
    await expect(page.getByTestId('eligibility')).toHaveAttribute('data-eligible', 'true');
    await expect(page.getByTestId('document-list')).toContainText('学历证明.pdf');
    const idNumber = page.getByTestId('archive-id-number');
    await expect(idNumber).toContainText('*');
    await page.getByTestId('reveal-toggle').click();
    await expect(idNumber).toHaveText(/^\d{17}[\dX]$/);
    await page.screenshot({ path: screenshotPath(testInfo, 'console-application-review'), fullPage: true });

    // An officer starts the review and may return it, but does not approve.
    await expect(page.getByTestId('action-approve')).toHaveCount(0);
    await page.getByTestId('action-start-review').click();
    await page.getByTestId('action-confirm').click();
    await expect(page.getByRole('heading', { level: 1 }).getByTestId('application-state')).toHaveText(
      '审核中',
    );
    await expect(page.getByTestId('action-return')).toBeVisible();
    await expect(page.getByTestId('action-approve')).toHaveCount(0);
    await logout(page);
  });

  test('the 广东 approver approves; the holder sees 已通过', async ({ page }, testInfo) => {
    await consoleLogin(page, 'demo-regulator-gd');
    await page.goto(`/console/applications/${applicationId}`);
    const state = page.getByRole('heading', { level: 1 }).getByTestId('application-state');
    await expect(state).toHaveText('审核中');

    // Reject needs a reason: the form asks before the server does.
    await page.getByTestId('action-reject').click();
    await page.getByTestId('action-confirm').click();
    await expect(page.getByText('请填写理由')).toBeVisible();
    await page.getByRole('button', { name: /取\s*消/ }).click();
    await expect(page.getByRole('dialog')).toBeHidden();

    await page.getByTestId('action-approve').click();
    await page.getByTestId('action-reason').fill('材料齐全，符合初级报考条件。');
    await page.getByTestId('action-confirm').click();
    await expect(state).toHaveText('已通过');
    await expect(page.getByTestId('application-timeline')).toContainText('材料齐全，符合初级报考条件。');
    await expect(page.getByTestId('review-actions')).toContainText('当前状态下您没有可办理的操作');
    await page.screenshot({ path: screenshotPath(testInfo, 'console-application-approved'), fullPage: true });
    await logout(page);

    await portalLogin(page, 'demo-holder', '/portal/applications');
    const card = page.locator(`[data-testid="my-application"][data-application-id="${applicationId}"]`);
    await expect(card.getByTestId('application-state')).toHaveText('已通过');
    await expect(card.getByTestId('application-timeline')).toContainText('审核中');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({
      path: screenshotPath(testInfo, 'portal-my-applications-mobile'),
      fullPage: true,
    });
  });
});

test.describe('enterprise staff and bulk import', () => {
  test.describe.configure({ timeout: 90_000 });

  test('a CSV with bad rows: valid rows imported, the error report lists the rest', async ({
    page,
  }, testInfo) => {
    await portalLogin(page, 'demo-enterprise');
    await page.getByRole('menuitem', { name: '从业人员' }).click();
    await expect(page.getByTestId('enterprise-card')).toContainText('深圳市安泰化工有限公司');
    await expect(page.getByTestId('staff-table')).toContainText('张安全');
    await page.screenshot({ path: screenshotPath(testInfo, 'portal-staff'), fullPage: true });

    const seq = String(100 + Math.floor(Math.random() * 800));
    const good = citizenId(`44030519910315${seq}`);
    const badCheck = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    const other = citizenId(`44030519880720${seq}`);
    const csv = [
      '姓名,身份证号,手机号,所在地区代码,学历,专业,是否安全相关专业,毕业学校,毕业日期',
      `周导入,${good},13800138000,,,,,,`,
      `吴校验,${badCheck},,,,,,,`,
      `,${other},,,,,,,`,
    ].join('\n');

    await page.getByRole('menuitem', { name: '批量导入' }).click();
    await expect(page).toHaveURL(/\/portal\/imports$/);
    await expect(page.getByTestId('import-templates')).toContainText('人员档案');
    await page.getByTestId('mode-valid-rows').click();
    await page
      .getByTestId('import-form')
      .locator('input[type=file]')
      .setInputFiles({ name: '人员导入.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('import-start').click();

    const result = page.getByTestId('import-result');
    await expect(result.getByTestId('import-status')).toHaveAttribute('data-status', 'succeeded', {
      timeout: 30_000,
    });
    await expect(result.getByTestId('import-accepted')).toContainText('1');
    await expect(result.getByTestId('import-rejected')).toContainText('2');
    const errors = result.getByTestId('import-errors');
    await expect(errors).toContainText('身份证号');
    await expect(errors).toContainText('姓名');
    await page.screenshot({ path: screenshotPath(testInfo, 'portal-import-result'), fullPage: true });

    const downloading = page.waitForEvent('download');
    await result.getByTestId('download-errors').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const report = fs.readFileSync(await download.path(), 'utf8');
    const lines = report
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toContain('行号');
    expect(lines.some((l) => l.startsWith('3,') && l.includes('身份证号'))).toBe(true);
    expect(lines.some((l) => l.startsWith('4,') && l.includes('姓名'))).toBe(true);
    expect(lines.some((l) => l.startsWith('2,'))).toBe(false);

    // The imported person is now on the staff list.
    await page.getByRole('menuitem', { name: '从业人员' }).click();
    await expect(page.getByTestId('staff-table')).toContainText('周导入');
  });
});
