import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/id';
import { bookInput } from '../helpers/books';
import { launchChromium, openBookAs } from '../helpers/browser';
import { hostApi } from '../helpers/hostApi';
import { projectRoot, startHostProcess, type HostProcess } from '../helpers/hostProcess';
import { tempDir } from '../helpers/tmp';

// Issue 3's journey: 会计 enters a two-track voucher by keyboard only → 审核 reviews, tries
// nothing of their own → 会计 posts → it shows in 明细账 and 科目余额表 → reviewing your own
// voucher is refused in plain Chinese → the month closes → 资产负债表 opens.
const shots = join(projectRoot, 'test-results');
let dir: ReturnType<typeof tempDir>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let host: HostProcess;
let bookId: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  dir = tempDir('xiangcai-e2e-ledger-');
  chromium = await launchChromium();
  host = await startHostProcess(dir.path);
  const anon = hostApi(host.url);
  bookId = (await anon('book.create', bookInput())).id;
  const wang = await anon('auth.bootstrap', { id: uuidv7(), username: 'wang', displayName: '王会计', password: 'wang-password1', roles: ['accountant', 'cashier', 'admin'] });
  await hostApi(host.url, wang.token)('user.create', { id: uuidv7(), username: 'li', displayName: '李所长', password: 'li-password1', roles: ['reviewer', 'supervisor'] });
});
afterAll(async () => {
  await host?.stop();
  await chromium?.close();
  dir?.cleanup();
});

async function logIn(username: string, password: string): Promise<Page> {
  return openBookAs(await (await chromium.newContext()).newPage(), host.url, bookId, username, password);
}

async function typeCell(page: Page, text: string) {
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describe('ledger journey', () => {
  it('enters, reviews, posts, sees the books, closes the month and opens 资产负债表', async () => {
    const accountant = await logIn('wang', 'wang-password1');
    const errors: string[] = [];
    accountant.on('pageerror', (e) => errors.push(String(e)));
    await accountant.getByRole('menuitem', { name: /填制凭证/ }).click();

    // Keyboard only from the date field on.
    await accountant.getByTestId('voucher-date').focus();
    await accountant.keyboard.press('Control+A');
    await typeCell(accountant, '2026-01-08');
    await typeCell(accountant, '1'); // 附单据
    await expect.poll(() => accountant.locator(':focus').getAttribute('data-testid')).toBe('line-0-summary');
    await typeCell(accountant, '零余额账户支付办公用品费');
    await typeCell(accountant, '5001');
    await typeCell(accountant, '3200'); // 借方; Enter goes on to the next line's 摘要
    await typeCell(accountant, '..');
    await typeCell(accountant, '1011');
    await accountant.keyboard.press('Enter'); // no 借方
    await typeCell(accountant, '='); // 贷方 balances the financial track
    await typeCell(accountant, '..');
    await typeCell(accountant, '710101');
    await typeCell(accountant, '2010301'); // 功能分类
    await typeCell(accountant, '30201'); // 经济分类
    await accountant.keyboard.press('Enter'); // 项目 left empty
    await typeCell(accountant, '3200');
    await typeCell(accountant, '..');
    await typeCell(accountant, '800101'); // 8xxx needs no 辅助核算
    await accountant.keyboard.press('Enter'); // no 借方
    await typeCell(accountant, '=');
    await accountant.keyboard.press('F6');

    await expect.poll(() => accountant.getByTestId('voucher-label').innerText()).toContain('记-0001');
    expect(await accountant.getByTestId('total-words').innerText()).toContain('叁仟贰佰元整');
    await accountant.screenshot({ path: join(shots, 'voucher-entry.png') });

    // The reviewer reviews it; then tries a voucher of their own and is refused.
    const reviewer = await logIn('li', 'li-password1');
    await reviewer.getByRole('menuitem', { name: /凭证列表/ }).click();
    const row = reviewer.getByTestId('voucher-row-记-0001');
    await row.locator('input[type="checkbox"]').check();
    await reviewer.getByTestId('batch-review').click();
    await expect.poll(() => row.innerText()).toContain('已审核');

    // Reviewing your own voucher: 李所长 prepares one through the API and tries to review it in the list.
    const li = await hostApi(host.url)('auth.login', { username: 'li', password: 'li-password1' });
    const own = await hostApi(host.url, li.token)('voucher.save', {
      bookId, id: uuidv7(), word: '记', date: '2026-01-31', attachments: 1,
      lines: [
        { summary: '计提折旧', accountCode: '5001', debit: 10000, credit: 0 },
        { summary: '计提折旧', accountCode: '1602', debit: 0, credit: 10000 },
      ],
    });
    await reviewer.reload();
    await reviewer.getByRole('menuitem', { name: /凭证列表/ }).click();
    const ownRow = reviewer.getByTestId(`voucher-row-${own.voucher.label}`);
    await ownRow.locator('input[type="checkbox"]').check();
    await reviewer.getByTestId('batch-review').click();
    await expect.poll(() => reviewer.getByTestId('batch-failures').innerText()).toContain(`不能审核自己制单的凭证${own.voucher.label}`);
    await reviewer.screenshot({ path: join(shots, 'review-own-refused.png') });
    await reviewer.keyboard.press('Escape');

    // 王会计 reviews 李所长's voucher? No: 王 is no reviewer. 李 deletes it instead, so the month can close.
    await hostApi(host.url, li.token)('voucher.delete', { bookId, id: own.voucher.id });

    // The accountant posts 记-0001.
    await accountant.getByRole('menuitem', { name: /凭证列表/ }).click();
    const posted = accountant.getByTestId('voucher-row-记-0001');
    await posted.locator('input[type="checkbox"]').check();
    await accountant.getByTestId('batch-post').click();
    await expect.poll(() => posted.innerText()).toContain('已记账');

    // 科目余额表 and 明细账.
    await accountant.getByRole('menuitem', { name: /账簿查询/ }).click();
    await accountant.getByTestId('trial-balance').waitFor();
    await expect.poll(() => accountant.getByTestId('tb-row-1011').innerText()).toContain('3,200.00');
    expect(await accountant.getByTestId('tb-row-7101').innerText()).toContain('3,200.00');
    await accountant.screenshot({ path: join(shots, 'trial-balance.png') });
    await accountant.getByTestId('tb-row-1011').getByTitle('查看明细账').click();
    await accountant.getByTestId('ledger-detail').waitFor();
    await expect.poll(() => accountant.getByTestId('ledger-detail').innerText()).toContain('记-0001');
    expect(await accountant.getByTestId('ledger-detail').innerText()).toContain('零余额账户支付办公用品费');

    // Close January, then open 资产负债表.
    await accountant.getByRole('menuitem', { name: /期末结账/ }).click();
    const january = accountant.getByTestId('period-row-2026-01');
    await january.getByRole('button', { name: /结\s*账/ }).click();
    const confirm = accountant.locator('.ant-modal-confirm-btns .ant-btn-primary, .ant-popconfirm-buttons .ant-btn-primary');
    if (await confirm.count()) await confirm.first().click();
    await expect.poll(() => january.innerText()).toContain('已结账');
    await accountant.getByRole('menuitem', { name: /报表/ }).click();
    await expect.poll(() => accountant.getByTestId('statement-title').innerText()).toBe('资产负债表');
    expect(await accountant.getByTestId('statement-checks').innerText()).toContain('✓');
    await accountant.screenshot({ path: join(shots, 'balance-sheet.png') });
    expect(errors).toEqual([]);
  });
});
