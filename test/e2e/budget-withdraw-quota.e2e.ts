import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/id';
import { bookInput } from '../helpers/books';
import { launchChromium, openBookAs } from '../helpers/browser';
import { projectInput } from '../helpers/budget';
import { hostApi } from '../helpers/hostApi';
import { projectRoot, startHostProcess, type HostProcess } from '../helpers/hostProcess';
import { tempDir } from '../helpers/tmp';

// The unit takes back a declaration before the county decides (撤回申报); an 授权支付 quota that
// arrived in a closed month is booked later from the indicator's ledger (登记额度到账), and one that
// arrives in an open month is booked with the 下达 (its voucher shown there).
const shots = join(projectRoot, 'test-results');
let dir: ReturnType<typeof tempDir>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let host: HostProcess;
let bookId: string;
let asWang: ReturnType<typeof hostApi>;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  dir = tempDir('xiangcai-e2e-budget2-');
  chromium = await launchChromium();
  host = await startHostProcess(dir.path);
  const anon = hostApi(host.url);
  bookId = (await anon('book.create', bookInput())).id;
  const wang = await anon('auth.bootstrap', { id: uuidv7(), username: 'wang', displayName: '王会计', password: 'wang-password1', roles: ['accountant', 'cashier', 'admin'] });
  asWang = hostApi(host.url, wang.token);
  await asWang('user.create', { id: uuidv7(), username: 'li', displayName: '李所长', password: 'li-password1', roles: ['reviewer', 'supervisor'] });
});
afterAll(async () => {
  await host?.stop();
  await chromium?.close();
  dir?.cleanup();
});

async function logIn(username: string, password: string): Promise<Page> {
  return openBookAs(await (await chromium.newContext()).newPage(), host.url, bookId, username, password);
}

const indicatorInput = (date: string, docNo: string, amount: number) => ({
  action: '指标下达' as const, bookId, id: uuidv7(), date, indicatorId: uuidv7(), year: 2026, funcCode: '2010301', econDepCode: '30201',
  fundNature: '一般公共预算' as const, docNo, payMethod: '授权支付' as const, directFund: false, amount,
});

describe('撤回申报 and 登记额度到账 on screen', () => {
  it('withdraws a declared project; books a quota left outstanding by a closed month', async () => {
    const project = await asWang('budget.projectSave', projectInput(bookId, { code: 'P-009' }));
    await asWang('budget.projectDeclare', { bookId, id: project.id });
    const page = await logIn('wang', 'wang-password1');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    await page.goto(`${host.origin}/#/book/${bookId}/budget/projects`);
    const row = page.getByTestId('project-row-P-009');
    await expect.poll(() => row.innerText()).toContain('申报');
    await page.getByTestId('project-withdraw-P-009').click();
    await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
    await expect.poll(() => row.innerText()).toContain('储备');
    expect(await page.getByTestId('project-declare-P-009').isVisible()).toBe(true);

    // January closed, then a quota arrives dated in it: nothing can be booked there.
    await asWang('period.close', { bookId, year: 2026, month: 1 });
    const late = (await asWang('budget.simulateCountyApproval', indicatorInput('2026-01-25', '青财预〔2026〕7号', 300_000))).indicators[0]!;
    expect(late.quota).toEqual({ booked: 0, outstanding: 300_000 });
    await page.goto(`${host.origin}/#/book/${bookId}/budget/indicators/${late.id}`);
    const quota = page.getByTestId('ledger-quota');
    await expect.poll(() => quota.innerText()).toContain('待登记 3,000.00 元');
    await page.getByTestId('quota-register').click();
    // A date in an open month, whatever today is.
    const date = page.getByTestId('quota-date');
    await date.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2026-11-20');
    // Enter takes the typed date and submits the dialog.
    await page.keyboard.press('Enter');
    await expect.poll(() => quota.innerText()).toMatch(/已入账\s*3,000\.00\s*（记-0001）/);
    expect(await quota.innerText()).not.toContain('待登记');
    expect((await asWang('budget.indicatorGet', { bookId, id: late.id })).quotaVouchers).toMatchObject([{ date: '2026-11-20', amount: 300_000, refKind: 'manual' }]);
    await page.screenshot({ path: join(shots, 'budget-quota-registered.png') });

    // In an open month the quota is booked with the 下达 itself (numbers run per month: February's first).
    const onTime = (await asWang('budget.simulateCountyApproval', indicatorInput('2026-02-03', '青财预〔2026〕8号', 120_000))).indicators[0]!;
    await page.goto(`${host.origin}/#/book/${bookId}/budget/indicators/${onTime.id}`);
    await expect.poll(() => page.getByTestId('ledger-quota').innerText()).toMatch(/已入账\s*1,200\.00\s*（记-0001）/);
    await page.getByTestId('ledger-quota').getByText('记-0001').click();
    await expect.poll(() => page.getByTestId('voucher-label').innerText()).toContain('记-0001');
    expect(await page.getByTestId('voucher-date').inputValue()).toBe('2026-02-03');
    expect(errors).toEqual([]);
  });
});
