/// <reference lib="dom" />
import { expect, type Page, request, test } from '@playwright/test';
import { consoleLogin, screenshotPath } from '../support/session.ts';

interface CertificateType {
  code: string;
  name: string;
  kind: string;
  industryCode: string | null;
  levels: string[];
  modules: { code: string; kind: string }[];
  competencyModel: Record<string, { knowledge: string[] }>;
}

const NEW_TYPE = {
  code: '09',
  name: '数据中心消防安全管理专项证书',
  nameEn: 'Data Centre Fire Safety Management Special Certificate',
};

async function chooseOption(page: Page, text: string): Promise<void> {
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: text })
    .first()
    .click();
}

/** Fills the certificate type drawer for NEW_TYPE (industry special, one level). */
async function fillNewType(page: Page): Promise<void> {
  const drawer = page.getByTestId('certificate-type-drawer');
  await drawer.getByLabel('代码', { exact: true }).fill(NEW_TYPE.code);
  await drawer.getByLabel('名称', { exact: true }).fill(NEW_TYPE.name);
  await drawer.getByLabel('英文名称').fill(NEW_TYPE.nameEn);
  await drawer.getByLabel('所属行业').click();
  await page.keyboard.type('信息传输');
  await chooseOption(page, '信息传输、软件和信息技术服务业');

  // The first module row is prefilled with BASE-LAW; name it and add the industry module.
  const modules = drawer.getByTestId('module-list');
  await modules.getByLabel('模块名称').first().fill('安全生产法律法规与标准规范');
  await drawer.getByTestId('add-module').click();
  await modules.getByLabel('模块代码').nth(1).fill('IND-DC');
  await modules.getByLabel('模块名称').nth(1).fill('数据中心消防安全技术与管理');

  const competency = drawer.getByTestId('competency-special');
  await competency.getByLabel('知识').fill('《消防法》及数据中心设计规范\n气体灭火系统与早期烟雾探测原理');
  await competency.getByLabel('技能').fill('编制机房消防应急预案\n组织气体灭火系统联动测试');
  await competency.getByLabel('素养').fill('底线思维与风险意识');
}

test.describe('reference data in the console', () => {
  test.describe.configure({ mode: 'serial', timeout: 120_000 });

  test('admin adds certificate type 09 without a code change; it is in the public list', async ({
    page,
    baseURL,
  }, testInfo) => {
    await consoleLogin(page, 'demo-admin');
    await page.getByRole('menuitem', { name: '基础数据' }).click();
    await expect(page).toHaveURL(/\/console\/reference$/);
    const table = page.getByTestId('certificate-types-table');
    await expect(table).toContainText('安全生产管理人员职业资格证书');
    await expect(table).toContainText('矿山安全管理专项证书');
    await page.screenshot({ path: screenshotPath(testInfo, 'console-reference-types'), fullPage: true });

    // A type whose code exists: the server's 409 lands on the code field.
    await page.getByTestId('open-create-type').click();
    const drawer = page.getByTestId('certificate-type-drawer');
    await expect(drawer).toBeVisible();
    await fillNewType(page);
    await drawer.getByLabel('代码', { exact: true }).fill('01');
    await page.getByTestId('certificate-type-submit').click();
    await expect(drawer).toContainText('代码 01 已被使用');

    await drawer.getByLabel('代码', { exact: true }).fill(NEW_TYPE.code);
    await page.screenshot({
      path: screenshotPath(testInfo, 'console-reference-create-type'),
      fullPage: true,
    });
    await page.getByTestId('certificate-type-submit').click();
    await expect(drawer).toBeHidden();
    await expect(table.locator('tr', { hasText: NEW_TYPE.name })).toContainText('行业专项证书');

    // Public, without a session.
    const anonymous = await request.newContext({ baseURL });
    const res = await anonymous.get('/api/v1/certificate-types');
    expect(res.ok()).toBe(true);
    const body = (await res.json()) as { items: CertificateType[] };
    const created = body.items.find((c) => c.code === NEW_TYPE.code);
    expect(created).toMatchObject({
      name: NEW_TYPE.name,
      kind: 'industry_special',
      industryCode: 'I',
      levels: ['special'],
    });
    expect(created?.modules.map((m) => m.code)).toEqual(['BASE-LAW', 'IND-DC']);
    expect(created?.competencyModel.special?.knowledge).toHaveLength(2);
    await anonymous.dispose();
  });

  test('industries with the high-risk flag; rule parameters resolve to the value in force', async ({
    page,
  }, testInfo) => {
    await consoleLogin(page, 'demo-regulator-gd');
    await page.goto('/console/reference?tab=industries');
    const industries = page.getByTestId('industries-table');
    await expect(industries.locator('tr', { hasText: '危险化学品' })).toContainText(
      '《安全生产法》第二十四条',
    );
    await page.screenshot({ path: screenshotPath(testInfo, 'console-reference-industries'), fullPage: true });
    // A provincial approver reads reference data but does not edit certificate types.
    await page.getByRole('tab', { name: '证书类型' }).click();
    await expect(page.getByTestId('certificate-types-table')).toBeVisible();
    await expect(page.getByTestId('open-create-type')).toHaveCount(0);

    await page.getByRole('tab', { name: '规则参数' }).click();
    await expect(page.getByTestId('rule-parameters-table')).toContainText('certificate.validity_years');
    const resolve = page.getByTestId('rule-resolve');
    await resolve.getByLabel('规则键').fill('eligibility.min_education');
    await resolve.getByLabel('证书类型').click();
    await chooseOption(page, '00 安全生产管理人员职业资格证书');
    await resolve.getByLabel('等级').click();
    await chooseOption(page, '初级');
    await page.getByTestId('resolve-submit').click();
    const result = page.getByTestId('resolve-result');
    await expect(result).toContainText('"high_school"');
    await expect(result).toContainText('REQ-APP-1');
    await expect(result).toContainText('国家');
    await page.screenshot({ path: screenshotPath(testInfo, 'console-reference-rules'), fullPage: true });
  });
});
