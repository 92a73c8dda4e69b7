import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { projectRoot, startHostProcess, type HostProcess } from '../helpers/hostProcess';
import { tempDir } from '../helpers/tmp';

// The journey of issue 2: first run → 建账 → find 1011 by pinyin initials and by code →
// stop the host → start it again on the same data dir → the 账套 and its chart are there.
const screenshots = join(projectRoot, 'test-results');
let dir: ReturnType<typeof tempDir>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let host: HostProcess | null = null;

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  dir = tempDir('xiangcai-e2e-');
  chromium = await launchChromium();
});
afterAll(async () => {
  await host?.stop();
  await chromium?.close();
  dir?.cleanup();
});

async function findAccount(page: Page, query: string) {
  const search = page.getByTestId('account-search');
  await search.fill('');
  await search.fill(query);
  const row = page.locator('tr[data-row-key="1011"]');
  await row.waitFor({ state: 'visible' });
  expect(await row.innerText()).toContain('零余额账户用款额度');
  return row;
}

describe('first run', () => {
  it('creates a book, finds 1011 by lyed and by code, and finds it again after a restart', async () => {
    host = await startHostProcess(dir.path);
    const page = await (await chromium.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(host.url);

    // First run: no 账套 yet, so the 建账 wizard opens by itself.
    await page.getByTestId('book-name').fill('青山镇人民政府');
    await page.getByTestId('book-region').fill('420102');
    await expect.poll(() => page.getByText('湖北省').first().isVisible()).toBe(true);
    await page.getByTestId('book-supervisor').fill('王会计');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-submit').click();

    // The shell opens on the new book; 会计科目 is the working page.
    await expect.poll(() => page.getByTestId('status-book').innerText()).toContain('青山镇人民政府');
    // First user of the installation (must include 管理员), then the shell opens.
    await page.getByTestId('bootstrap-username').fill('wangkj');
    await page.getByTestId('bootstrap-name').fill('王会计');
    await page.getByTestId('bootstrap-password').fill('qingshan2026');
    await page.getByTestId('bootstrap-password2').fill('qingshan2026');
    await page.getByTestId('bootstrap-role-accountant').check();
    await page.getByTestId('bootstrap-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByRole('menuitem', { name: /会计科目/ }).click();
    await findAccount(page, 'lyed');
    const byCode = await findAccount(page, '1011');
    expect(await byCode.innerText()).toMatch(/财务/);
    await page.screenshot({ path: join(screenshots, 'accounts-1011.png') });

    // A new installation is not enrolled with the county: the sync status says so, and work goes on.
    await page.getByRole('menuitem', { name: /同步/ }).click();
    await expect.poll(() => page.getByText('同步异常').first().isVisible()).toBe(true);
    await expect.poll(() => page.getByText('同步：未设置').first().isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();

    // Close the app (a clean stop), then start it again on the same data directory.
    expect(await host.stop()).toBe(0);
    host = await startHostProcess(dir.path);
    const again = await (await chromium.newContext()).newPage();
    await again.goto(host.url);
    const open = again.locator('[data-testid^="book-open-"]');
    await open.first().waitFor({ state: 'visible' });
    expect(await open.count()).toBe(1);
    expect(await again.locator('body').innerText()).toContain('青山镇人民政府');
    await open.first().click();
    await again.getByTestId('login-username').fill('wangkj');
    await again.getByTestId('login-password').fill('qingshan2026');
    await again.getByTestId('login-submit').click();
    await again.getByRole('menuitem', { name: /会计科目/ }).click();
    await findAccount(again, 'lyed');
    await again.close();
  });

  it('refuses the API to a page without the token', async () => {
    host ??= await startHostProcess(dir.path);
    const page = await (await chromium.newContext()).newPage();
    const response = await page.goto(`${host.origin}/`);
    expect(response?.status()).toBe(401);
    expect(await page.locator('body').innerText()).toContain('访问令牌无效');
    await page.close();
  });
});
