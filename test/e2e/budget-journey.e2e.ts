import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/id';
import { bookInput } from '../helpers/books';
import { launchChromium, openBookAs } from '../helpers/browser';
import { hostApi } from '../helpers/hostApi';
import { projectRoot, startHostProcess, type HostProcess } from '../helpers/hostProcess';
import { tempDir } from '../helpers/tmp';

// The budget journey, in the UI: a project with 绩效目标 → 申报 → 模拟县级批复 入库 → 编制
// (roster, project, revenue) → 一上 → 模拟一下 → 二上 → 模拟二下 → indicators → a payment
// refused over 可用, then applied (王), reviewed (李), confirmed (王) → the voucher in the
// ledger → 执行监控 and 绩效运行监控 follow.
// Dates are the host's today, so the journey runs in the current year whenever it runs.
const shots = join(projectRoot, 'test-results');
const year = new Date().getFullYear();
const month = new Date().getMonth() + 1;
let dir: ReturnType<typeof tempDir>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let host: HostProcess;
let bookId: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  dir = tempDir('xiangcai-e2e-budget-');
  chromium = await launchChromium();
  host = await startHostProcess(dir.path);
  const anon = hostApi(host.url);
  bookId = (await anon('book.create', bookInput({ startYear: year, startMonth: 1 }))).id;
  const wang = await anon('auth.bootstrap', { id: uuidv7(), username: 'wang', displayName: '王会计', password: 'wang-pass-2026', roles: ['accountant', 'cashier', 'admin'] });
  await hostApi(host.url, wang.token)('user.create', { id: uuidv7(), username: 'li', displayName: '李所长', password: 'li-pass-2026', roles: ['reviewer', 'supervisor'] });
});
afterEach(async (context) => {
  // On failure, every open window as it was: what the accountant would have seen.
  if (context.task.result?.state === 'fail') {
    for (const [i, page] of pages.entries()) await page.screenshot({ path: join(shots, `budget-failure-${i}.png`) }).catch(() => {});
  }
});
afterAll(async () => {
  await host?.stop();
  await chromium?.close();
  dir?.cleanup();
});

/** expect.poll with room for a busy machine (its default gives up after one second). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

const errors: string[] = [];
const pages: Page[] = [];

async function logIn(username: string, password: string): Promise<Page> {
  const page = await (await chromium.newContext()).newPage();
  page.on('pageerror', (e) => errors.push(`${username}: ${String(e)}`));
  await openBookAs(page, host.url, bookId, username, password);
  pages.push(page);
  return page;
}

async function openBudget(page: Page, tab: string) {
  await page.getByRole('menuitem', { name: /预算/ }).click();
  await page.getByTestId(`budget-tab-${tab}`).click();
}

/** Types into a searchable antd Select and takes the first match. */
async function pick(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active').first().waitFor();
  await page.keyboard.press('Enter');
}

async function confirmPop(page: Page) {
  await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
}

/** A screenshot once closing dialogs have finished animating (an open one is waited for by its caller). */
async function shot(page: Page, name: string, { dialog = false } = {}) {
  if (!dialog) {
    await poll(() => page.locator('.ant-modal-wrap:visible, .ant-drawer-mask:visible, .ant-popover:visible, .ant-select-dropdown:visible').count()).toBe(0);
  }
  await page.waitForTimeout(350);
  await page.screenshot({ path: join(shots, `budget-${name}.png`) });
}

describe('budget journey', () => {
  it('project → 二上二下 → indicators → payment with voucher → execution rate', { timeout: 240_000 }, async () => {
    const wang = await logIn('wang', 'wang-pass-2026');

    // 项目库: a new project with two 绩效目标.
    await openBudget(wang, 'projects');
    await wang.getByTestId('project-new').click();
    await wang.getByTestId('project-code').fill('P-001');
    await wang.getByTestId('project-name').fill('乡村道路养护');
    await pick(wang, 'project-func', '2130701');
    await wang.getByTestId('project-amount-0').fill('500000');
    await wang.getByTestId('target-name-0').fill('养护村道里程');
    await wang.getByTestId('target-value-0').fill('40');
    await wang.getByTestId('target-unit-0').fill('公里');
    await wang.getByTestId('target-name-1').fill('群众满意度');
    await wang.getByTestId('target-value-1').fill('90');
    await wang.getByTestId('target-unit-1').fill('%');
    await shot(wang, '01-project-form', { dialog: true });
    await wang.getByTestId('project-save').click();
    const row = wang.getByTestId('project-row-P-001');
    await poll(() => row.innerText()).toContain('储备');

    // 申报, then 模拟县级批复 入库 (王 is 管理员).
    await wang.getByTestId('project-declare-P-001').click();
    await poll(() => row.innerText()).toContain('申报');
    await wang.getByTestId('project-county-P-001').click();
    await wang.getByTestId('project-county-ok').click();
    await poll(() => row.innerText()).toContain('入库');
    await shot(wang, '02-project-admitted');
    await row.getByText('乡村道路养护').click();
    await poll(() => wang.locator('.ant-drawer:visible').innerText()).toContain('审核入库');
    await shot(wang, '02b-project-detail', { dialog: true });
    await wang.keyboard.press('Escape');

    // 编制: roster and standards → 基本支出; the project; a revenue line.
    await openBudget(wang, 'preparation');
    await wang.getByTestId('prep-tab-staffing').click();
    await wang.getByTestId('roster-headcount-0').fill('10');
    await wang.getByTestId('standard-amount-0').fill('48000');
    await wang.getByTestId('standard-amount-1').fill('6000');
    await wang.getByTestId('staffing-save-compute').click();
    await poll(() => wang.getByText('540,000.00').count()).toBeGreaterThan(0);
    await shot(wang, '03a-staffing');
    await wang.getByTestId('prep-tab-draft').click();
    await poll(() => wang.getByTestId('draft-total-expenditure').innerText()).toContain('540,000.00');
    await wang.getByTestId('draft-add-project').click();
    await pick(wang, 'project-line-project', 'P-001');
    await pick(wang, 'project-line-econ', '30213');
    await wang.getByTestId('project-line-ok').click();
    await poll(() => wang.getByTestId('draft-total-expenditure').innerText()).toContain('1,040,000.00');
    await wang.getByTestId('draft-add-revenue').click();
    await pick(wang, 'revenue-line-code', '1100299');
    await wang.getByTestId('revenue-line-amount').fill('1040000');
    await wang.getByTestId('revenue-line-ok').click();
    await poll(() => wang.getByTestId('draft-table').innerText()).toContain('1100299');
    await shot(wang, '03-draft');

    // 报送 is the 主管's: 李所长 submits 一上.
    const li = await logIn('li', 'li-pass-2026');
    await openBudget(li, 'preparation');
    await li.getByTestId('cycle-submit').click();
    await confirmPop(li);
    await poll(() => li.getByTestId('cycle-state').innerText()).toBe('一上已报送');

    // 模拟一下: the county cuts the project to 450,000; 王 follows in the draft.
    await wang.reload();
    await wang.getByTestId('cycle-county').click();
    await wang.getByRole('menuitem', { name: '下达一下控制数' }).click();
    await wang.getByTestId('control-amount-2').fill('450000');
    await shot(wang, '04-control-figures', { dialog: true });
    await wang.getByTestId('control-ok').click();
    await poll(() => wang.getByTestId('cycle-state').innerText()).toBe('一下已下达');
    await poll(() => wang.getByTestId('control-excess').innerText()).toContain('超出一下控制数');
    await wang.getByTestId('draft-line-项目支出').getByRole('button', { name: '修改' }).click();
    await wang.getByTestId('project-line-amount').fill('450000');
    await wang.getByTestId('project-line-ok').click();
    await poll(() => wang.getByTestId('control-excess').count()).toBe(0);

    // 二上 by 李, then the snapshot comparison shows the cut.
    await li.reload();
    await li.getByTestId('cycle-submit').click();
    await confirmPop(li);
    await poll(() => li.getByTestId('cycle-state').innerText()).toBe('二上已报送');
    await li.getByTestId('prep-tab-submissions').click();
    await poll(() => li.getByTestId('compare-totals').innerText()).toContain('项目支出：500,000.00 → 450,000.00（-50,000.00）');
    expect(await li.getByTestId('compare-table').innerText()).toContain('减少');
    await shot(li, '05-snapshot-compare');

    // 模拟二下: the project's line is 直达资金; the approved budget becomes indicators.
    await wang.reload();
    await wang.getByTestId('cycle-county').click();
    await wang.getByRole('menuitem', { name: /二下批复/ }).click();
    await wang.getByTestId('approve-direct-3').check();
    await shot(wang, '06-approve', { dialog: true });
    await wang.getByTestId('approve-ok').click();
    await poll(() => wang.getByTestId('cycle-state').innerText()).toBe('二下已批复');
    await shot(wang, '07-approved-steps');

    await wang.getByTestId('budget-tab-indicators').click();
    const projectIndicator = wang.getByTestId('indicator-row-项目支出-30213');
    await poll(() => projectIndicator.innerText()).toContain('450,000.00');
    expect(await wang.getByTestId('indicator-table').innerText()).toContain('直达');
    await shot(wang, '08-indicators');
    await projectIndicator.locator('a').first().click();
    await poll(() => wang.getByTestId('ledger-movements').innerText()).toContain('下达');
    await shot(wang, '08b-indicator-ledger', { dialog: true });
    await wang.keyboard.press('Escape');

    // 支付申请 from the indicator: over 可用 first — the core's refusal shows as-is.
    await projectIndicator.getByRole('button', { name: '支付' }).click();
    await wang.getByTestId('payment-amount').fill('600000');
    await poll(() => wang.getByTestId('payment-hint').innerText()).toContain('超出可用余额 150,000.00 元');
    await wang.getByTestId('payment-purpose').fill('一季度村道养护费');
    await wang.getByTestId('payment-payee').fill('青山镇路桥养护队');
    await wang.getByTestId('payment-account').fill('6222020200005678');
    await wang.getByTestId('payment-bank').fill('农业银行青山支行');
    await wang.getByTestId('payment-create-ok').click();
    const refusal = wang.locator('.ant-form-item-explain-error', { hasText: '可用余额不足' });
    await poll(() => refusal.innerText()).toContain('可用 450,000.00 元，本次支付 600,000.00 元，差额 150,000.00 元');
    await shot(wang, '09-payment-refused', { dialog: true });
    await wang.getByTestId('payment-amount').fill('135000');
    await wang.getByTestId('payment-create-ok').click();
    const payment = wang.getByTestId('payment-row-一季度村道养护费');
    await poll(() => payment.innerText()).toContain('申请');
    expect(await payment.getByRole('button', { name: '审核' }).count()).toBe(0); // 王 holds no 审核 post

    // 李 reviews (not the applicant), 王 confirms (not the reviewer): the voucher is made.
    await openBudget(li, 'payments');
    await li.getByTestId('payment-review-一季度村道养护费').click();
    await poll(() => li.getByTestId('payment-row-一季度村道养护费').innerText()).toContain('已审核');
    await wang.reload();
    await wang.getByTestId('payment-confirm-一季度村道养护费').click();
    await wang.getByTestId('payment-confirm-ok').click();
    await poll(() => payment.innerText()).toContain('已支付');
    const voucherLink = wang.getByTestId('payment-voucher-一季度村道养护费');
    const voucherLabel = await voucherLink.innerText();
    expect(voucherLabel).toMatch(/^[记付]-\d{4}$/);
    await shot(wang, '10-payment-paid');
    await payment.locator('a', { hasText: '一季度村道养护费' }).click();
    await poll(() => wang.locator('.ant-drawer:visible').innerText()).toContain('确认支付');
    await shot(wang, '10b-payment-detail', { dialog: true });
    await wang.keyboard.press('Escape');
    await shot(wang, '10c-payment-list');

    // The voucher in the ledger: open it, then 科目余额表 of this month.
    await voucherLink.click();
    await poll(() => wang.getByTestId('voucher-label').innerText()).toContain(voucherLabel);
    await shot(wang, '11-voucher');
    await wang.getByRole('menuitem', { name: /账簿查询/ }).click();
    const period = wang.getByTestId('period-picker');
    await period.click();
    await wang.keyboard.press('Control+A');
    await wang.keyboard.type(`${year}年${String(month).padStart(2, '0')}期`);
    await wang.keyboard.press('Enter');
    await poll(() => wang.getByTestId('tb-row-5001').innerText()).toContain('135,000.00');
    expect(await wang.getByTestId('tb-row-7101').innerText()).toContain('135,000.00');
    await shot(wang, '12-trial-balance');

    // 调剂 between the two basic indicators: 王 requests, 李 approves; 可执行 moves, the total does not.
    await openBudget(wang, 'adjustments');
    await wang.getByTestId('adjust-new').click();
    await wang.getByTestId('adjust-reason').fill('办公费不足，从基本工资调剂');
    await pick(wang, 'adjust-from-indicator-0', '30101');
    await wang.getByTestId('adjust-from-amount-0').fill('10000');
    await pick(wang, 'adjust-to-indicator-0', '30201');
    await wang.getByTestId('adjust-to-amount-0').fill('10000');
    await shot(wang, '15-adjust-form', { dialog: true });
    await wang.getByTestId('adjust-ok').click();
    await poll(() => wang.getByTestId('adjust-table').innerText()).toContain('待审批');
    await openBudget(li, 'adjustments');
    await li.getByTestId('adjust-approve-办公费不足，从基本工资调剂').click();
    await li.getByTestId('adjust-approve-ok').click();
    await poll(() => li.getByTestId('adjust-table').innerText()).toContain('已批准');
    await shot(li, '16-adjust-approved');
    await openBudget(li, 'indicators');
    await poll(() => li.getByTestId('indicator-row-日常公用经费-30201').innerText()).toContain('70,000.00');
    expect(await li.getByTestId('indicator-total').innerText()).toContain('990,000.00');

    // 执行监控: 135,000 of 990,000 paid = 13.64%; the indicator shows it too.
    await openBudget(wang, 'dashboard');
    await poll(() => wang.getByTestId('dash-paid').innerText()).toContain('135,000.00');
    expect(await wang.getByTestId('dash-executable').innerText()).toContain('990,000.00');
    expect(await wang.getByTestId('dash-rate').innerText()).toContain('13.64%');
    await wang.getByTestId('chart-monthly').locator('canvas').first().waitFor();
    expect(await wang.getByTestId('lagging-projects').innerText()).toContain('30.00%');
    await poll(() => wang.getByTestId('direct-progress').innerText()).toContain('30.00%');
    await shot(wang, '13-dashboard');

    // 绩效运行监控: nothing done on the road yet, so (once 序时进度 has started) the core wants a
    // cause and a corrective action before it takes the figures.
    await wang.getByTestId('budget-tab-performance').click();
    await wang.getByTestId('perf-actual-0').fill('0');
    await wang.getByTestId('perf-actual-1').fill('95');
    if (month >= 2) {
      await wang.getByTestId('perf-save').click();
      await poll(() => wang.locator('.ant-form-item-explain-error').first().innerText()).toContain('请填写偏差原因和纠偏措施');
    }
    await wang.getByTestId('perf-reason-0').fill('雨季施工暂停');
    await wang.getByTestId('perf-action-0').fill('四季度增加施工班组');
    await wang.getByTestId('perf-save').click();
    await poll(() => wang.getByTestId('perf-table').innerText()).toContain('105.56%');
    await wang.getByTestId('perf-score').fill('88.5');
    await wang.getByTestId('perf-summary').fill('道路养护按计划推进，群众满意度较高');
    await wang.getByTestId('perf-evaluate').click();
    await poll(() => wang.getByTestId('perf-evaluation').innerText()).toContain('88.5 分（良）');
    await shot(wang, '14-performance');

    expect(errors).toEqual([]);
  });
});
