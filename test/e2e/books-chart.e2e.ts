import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/id';
import { bookInput } from '../helpers/books';
import { launchChromium, openBookAs } from '../helpers/browser';
import { hostApi } from '../helpers/hostApi';
import { projectRoot, startHostProcess, type HostProcess } from '../helpers/hostProcess';
import { scenarioSaveInput, scenarioVouchers } from '../helpers/ledger';
import { tempDir } from '../helpers/tmp';

// 会计科目维护 by keyboard (新增下级 with the 4-2-2 code suggested, 重命名, 辅助核算, 停用/启用, 删除,
// and the core's refusals as it words them), who may maintain the chart, and the books:
// 总账 → 明细账 → 凭证, 银行日记账 with its daily total, 辅助余额表 → 明细账 of those dimension values.
const shots = join(projectRoot, 'test-results');
let dir: ReturnType<typeof tempDir>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let host: HostProcess;
let bookId: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  dir = tempDir('xiangcai-e2e-books-');
  chromium = await launchChromium();
  host = await startHostProcess(dir.path);
  const anon = hostApi(host.url);
  bookId = (await anon('book.create', bookInput())).id;
  const wang = await anon('auth.bootstrap', { id: uuidv7(), username: 'wang', displayName: '王会计', password: 'wang-password1', roles: ['accountant', 'cashier', 'admin'] });
  const asWang = hostApi(host.url, wang.token);
  await asWang('user.create', { id: uuidv7(), username: 'li', displayName: '李所长', password: 'li-password1', roles: ['reviewer', 'supervisor'] });
  await asWang('user.create', { id: uuidv7(), username: 'zhao', displayName: '赵出纳', password: 'zhao-password1', roles: ['cashier'] });
  // The scenario's vouchers (domain.md §1), posted: 4001 and 1002 without sub-accounts, as the office uses them.
  for (const code of ['400101', '400102', '100201', '100299']) await asWang('account.setEnabled', { bookId, code, enabled: false });
  const ids: string[] = [];
  for (const v of scenarioVouchers) ids.push((await asWang('voucher.save', scenarioSaveInput(bookId, v))).voucher.id);
  const li = await anon('auth.login', { username: 'li', password: 'li-password1' });
  await hostApi(host.url, li.token)('voucher.review', { bookId, ids });
  await asWang('voucher.post', { bookId, ids });
});
afterAll(async () => {
  await host?.stop();
  await chromium?.close();
  dir?.cleanup();
});

async function logIn(username: string, password: string): Promise<Page> {
  return openBookAs(await (await chromium.newContext()).newPage(), host.url, bookId, username, password);
}

const errorText = (page: Page) => page.getByTestId('account-error').innerText();
async function closeError(page: Page) {
  await page.locator('.ant-modal-confirm-btns .ant-btn').last().click();
}

describe('会计科目维护', () => {
  it('adds, renames, sets dimensions, disables, enables and deletes by keyboard; shows the core’s refusals', async () => {
    const page = await logIn('wang', 'wang-password1');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.getByRole('menuitem', { name: /会计科目/ }).click();
    const search = page.getByTestId('account-search');

    // 1021 其他货币资金 has never been used: ↓ from the search chooses it, Ins suggests the next free
    // 4-2-2 code after the seeded sub-accounts.
    const wang = await hostApi(host.url)('auth.login', { username: 'wang', password: 'wang-password1' });
    const taken = (await hostApi(host.url, wang.token)('account.list', { bookId })).filter((a) => a.parentCode === '1021').map((a) => a.code);
    const code = Array.from({ length: 99 }, (_, i) => `1021${String(i + 1).padStart(2, '0')}`).find((c) => !taken.includes(c))!;
    await search.fill('1021');
    // ↓ chooses the first row shown: wait until the filter has caught up with what was typed.
    await expect.poll(() => page.locator('[data-testid^="account-row-"]').first().getAttribute('data-testid')).toBe('account-row-1021');
    await search.press('ArrowDown');
    await page.keyboard.press('Insert');
    await expect.poll(() => page.getByTestId('account-code-input').inputValue()).toBe(code);
    await expect.poll(() => page.locator(':focus').getAttribute('data-testid')).toBe('account-name-input');
    await page.keyboard.type('零星采购备用金');
    await page.keyboard.press('Enter');
    await page.getByTestId(`account-row-${code}`).waitFor();
    expect(await page.getByTestId(`account-row-${code}`).innerText()).toContain('零星采购备用金');

    // F2 renames the chosen account, F4 sets its 辅助核算.
    await page.getByTestId(`account-row-${code}`).click();
    await page.keyboard.press('F2');
    const name = page.getByTestId('account-name-input');
    await expect.poll(() => name.inputValue()).toBe('零星采购备用金');
    await name.fill('公务卡备用金');
    await name.press('Enter');
    await expect.poll(() => page.getByTestId(`account-row-${code}`).innerText()).toContain('公务卡备用金');
    // The dialog closes; the keys work on the list again.
    await name.waitFor({ state: 'detached' });
    await page.keyboard.press('F4');
    await page.getByTestId('account-dims').getByText('部门', { exact: true }).click();
    await page.getByTestId('account-dims-ok').click();
    await expect.poll(() => page.getByTestId(`account-row-${code}`).innerText()).toContain('部门');

    // F8 停用 then 启用.
    await page.getByTestId(`account-row-${code}`).click();
    await page.keyboard.press('F8');
    await page.getByTestId('account-toggle-ok').click();
    await expect.poll(() => page.getByTestId(`account-row-${code}`).innerText()).toContain('停用');
    await page.getByTestId(`account-row-${code}`).click();
    await page.keyboard.press('F8');
    await page.getByTestId('account-toggle-ok').click();
    await expect.poll(() => page.getByTestId(`account-row-${code}`).innerText()).toContain('启用');
    await page.screenshot({ path: join(shots, 'chart-maintenance.png') });

    // Del removes it: never used.
    await page.getByTestId(`account-row-${code}`).click();
    await page.keyboard.press('Delete');
    await page.getByTestId('account-delete-ok').click();
    await expect.poll(() => page.getByTestId(`account-row-${code}`).count()).toBe(0);

    // The core's refusals, as it words them: a used account gets no children and is not deleted.
    await search.fill('5001');
    // ↓ chooses the first row shown: wait until the filter has caught up with what was typed.
    await expect.poll(() => page.locator('[data-testid^="account-row-"]').first().getAttribute('data-testid')).toBe('account-row-5001');
    await search.press('ArrowDown');
    await page.keyboard.press('Insert');
    await expect.poll(() => page.locator(':focus').getAttribute('data-testid')).toBe('account-name-input');
    await page.keyboard.type('办公费');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('account-name-error').innerText()).toContain('科目 5001 业务活动费用 已用于凭证，不能再增加下级科目');
    await page.keyboard.press('Escape');
    await search.fill('710101');
    // ↓ chooses the first row shown: wait until the filter has caught up with what was typed.
    await expect.poll(() => page.locator('[data-testid^="account-row-"]').first().getAttribute('data-testid')).toBe('account-row-710101');
    await search.press('ArrowDown');
    await page.keyboard.press('Delete');
    await page.getByTestId('account-delete-ok').click();
    await expect.poll(() => errorText(page)).toContain('已用于凭证，不能删除；不再使用时可以停用');
    await closeError(page);
    expect(errors).toEqual([]);
  });

  it('leaves the chart read-only for a user without 会计, 主管 or 管理员', async () => {
    const page = await logIn('zhao', 'zhao-password1');
    await page.getByRole('menuitem', { name: /会计科目/ }).click();
    await page.getByTestId('account-search').fill('1021');
    await page.getByTestId('account-search').press('ArrowDown');
    for (const action of ['create', 'rename', 'dims', 'toggle', 'delete']) expect(await page.getByTestId(`account-${action}`).isDisabled()).toBe(true);
    await page.keyboard.press('Insert');
    expect(await page.getByTestId('account-code-input').count()).toBe(0);
  });
});

describe('账簿 drill-down', () => {
  it('总账 → 明细账 → 凭证; 日记账 with 本日合计; 辅助余额表 → 明细账 of those values', async () => {
    const page = await logIn('wang', 'wang-password1');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.getByRole('menuitem', { name: /账簿查询/ }).click();
    await page.getByTestId('trial-balance').waitFor();

    // Alt+2: 总账 of the account, by month.
    await page.keyboard.press('Alt+2');
    await page.getByTestId('general-ledger').waitFor();
    await page.goto(`${host.origin}/#/book/${bookId}/ledgers/general/1011/2026`);
    await expect.poll(() => page.getByTestId('general-row-1').innerText()).toContain('100,000.00');
    expect(await page.getByTestId('general-row-1').innerText()).toContain('81,800.00');
    const settled = () => expect.poll(() => page.getByTestId('export-excel').isEnabled()).toBe(true);
    await settled();
    await page.screenshot({ path: join(shots, 'general-ledger.png') });
    await page.getByTestId('general-month-1').click();
    await page.getByTestId('ledger-detail').waitFor();
    await expect.poll(() => page.getByTestId('detail-count').innerText()).toBe('共 3 笔');
    expect(await page.getByTestId('detail-totals').innerText()).toMatch(/借 100,000\.00 贷 18,200\.00，期末余额 借 81,800\.00/);
    await page.getByTestId('ledger-detail').getByText('记-0001').click();
    await expect.poll(() => page.getByTestId('voucher-label').innerText()).toContain('记-0001');

    // Alt+4 from the books: 银行日记账 with the day's total.
    await page.goto(`${host.origin}/#/book/${bookId}/ledgers/journal/1002/2026/1`);
    await page.getByTestId('journal').waitFor();
    await expect.poll(() => page.getByTestId('journal-day-2026-01-31').innerText()).toContain('本日合计');
    expect(await page.getByTestId('journal-day-2026-01-31').innerText()).toContain('50,000.00');
    expect(await page.getByTestId('journal').innerText()).toContain('收到县农业农村局专项补助');
    await settled();
    await page.screenshot({ path: join(shots, 'bank-journal.png') });

    // 辅助余额表: 行政支出 by 功能分类 and 经济分类; a row opens the 明细账 of those values only.
    await page.keyboard.press('Alt+5');
    await page.getByTestId('dimension-balance').waitFor();
    const row = page.getByTestId('dims-row-710101-2010301-30101');
    await expect.poll(() => row.innerText()).toContain('65,000.00');
    expect(await row.innerText()).toContain('基本工资');
    await settled();
    await page.screenshot({ path: join(shots, 'dimension-balance.png') });
    await row.getByTitle('查看这些辅助核算值的明细账').click();
    await page.getByTestId('detail-filter-econ_dep').waitFor();
    expect(await page.getByTestId('detail-filter-func').innerText()).toContain('2010301');
    await expect.poll(() => page.getByTestId('detail-count').innerText()).toBe('共 1 笔');
    expect(await page.getByTestId('detail-totals').innerText()).toContain('借 65,000.00');
    expect(errors).toEqual([]);
  });
});
