import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/id';
import { bookInput } from '../helpers/books';
import { launchChromium, openBookAs } from '../helpers/browser';
import { hostApi } from '../helpers/hostApi';
import { xlsxOf } from '../helpers/imports';
import { projectRoot, startHostProcess, type HostProcess } from '../helpers/hostProcess';
import { tempDir } from '../helpers/tmp';

// 数据导入 in Chromium: download a template from the host, choose a bad opening-balance file
// (its rows marked with their errors, 确认导入 disabled), then a good one, import it, and find
// it in the 科目余额表.
const shots = join(projectRoot, 'test-results');
let dir: ReturnType<typeof tempDir>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let host: HostProcess;
let bookId: string;
let liToken: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  dir = tempDir('xiangcai-e2e-import-');
  chromium = await launchChromium();
  host = await startHostProcess(dir.path);
  const anon = hostApi(host.url);
  bookId = (await anon('book.create', bookInput())).id;
  const wang = await anon('auth.bootstrap', { id: uuidv7(), username: 'wang', displayName: '王会计', password: 'wang-password1', roles: ['accountant', 'cashier', 'admin'] });
  await hostApi(host.url, wang.token)('user.create', { id: uuidv7(), username: 'li', displayName: '李所长', password: 'li-password1', roles: ['reviewer', 'supervisor'] });
  liToken = (await anon('auth.login', { username: 'li', password: 'li-password1' })).token;
});
afterAll(async () => {
  await host?.stop();
  await chromium?.close();
  dir?.cleanup();
});

async function logIn(username: string, password: string): Promise<Page> {
  return openBookAs(await (await chromium.newContext()).newPage(), host.url, bookId, username, password);
}

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('import journey', () => {
  it('template, a bad file with row errors, a good file imported and in the 科目余额表', async () => {
    const page = await logIn('li', 'li-password1');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.getByRole('menuitem', { name: /数据导入/ }).click();
    const panel = page.getByTestId('import-panel-openingBalances');
    await panel.waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('import-template').click()]);
    expect(download.suggestedFilename()).toBe('期初余额导入模板.xlsx');

    const bad = await xlsxOf(['科目编码', '科目名称', '期初借方余额', '期初贷方余额'], [
      ['100201', '本单位存款', 500, null],
      ['1999', '不存在', 10, null],
      ['3001', '累计盈余', null, '500.001'],
    ]);
    await panel.getByTestId('import-file').setInputFiles({ name: '期初余额-有错.xlsx', mimeType: xlsx, buffer: bad });
    const problems = panel.getByTestId('import-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain('第 3 行：科目 1999 不存在');
    expect(await problems.textContent()).toContain('第 4 行：期初贷方余额 500.001 超过两位小数');
    expect(await panel.locator('tr.import-row-error').count()).toBe(2);
    expect(await panel.getByTestId('import-apply').isDisabled()).toBe(true);
    await page.screenshot({ path: join(shots, 'import-preview-errors.png') });

    const good = await xlsxOf(['科目编码', '科目名称', '期初借方余额', '期初贷方余额'], [
      ['100201', '本单位存款', '1,234.56', null],
      ['3001', '累计盈余', null, 1234.56],
    ]);
    await panel.getByTestId('import-file').setInputFiles({ name: '期初余额.xlsx', mimeType: xlsx, buffer: good });
    await panel.getByTestId('import-ready').waitFor();
    await panel.getByTestId('import-apply').click();
    await page.getByText('期初余额导入完成').filter({ visible: true }).first().waitFor();
    await page.locator('.ant-modal-confirm-btns button').click();
    expect(errors).toEqual([]);

    const tb = await hostApi(host.url, liToken)('ledger.trialBalance', { bookId, year: 2026, month: 1 });
    expect(tb.rows.find((r) => r.code === '100201')).toMatchObject({ openingDebit: 123456 });
    expect(tb.rows.find((r) => r.code === '3001')).toMatchObject({ openingCredit: 123456 });

    // 凭证: a bank payment without its budget entry asks for a reason before it can be imported;
    // 李所长 (主管, not 出纳) may post directly.
    await page.getByRole('tab', { name: '凭证' }).click();
    const vouchers = page.getByTestId('import-panel-vouchers');
    await vouchers.waitFor();
    const postBox = vouchers.locator('input[type=checkbox]').first();
    expect(await postBox.isDisabled()).toBe(false);
    const file = await xlsxOf(['凭证日期', '凭证字', '凭证号', '摘要', '科目编码', '借方金额', '贷方金额', '附单据张数'], [
      ['2026-01-08', '记', 1, '支付会议场地费', '5001', 200, null, 1],
      ['2026-01-08', '记', 1, '支付会议场地费', '100201', null, 200, null],
    ]);
    await vouchers.getByTestId('import-file').setInputFiles({ name: '凭证.xlsx', mimeType: xlsx, buffer: file });
    await vouchers.getByTestId('import-ready').waitFor();
    await page.screenshot({ path: join(shots, 'import-vouchers-reason.png') });
    expect(await vouchers.textContent()).toContain('有平行记账提示');
    expect(await vouchers.getByTestId('import-apply').isDisabled()).toBe(true);
    await vouchers.getByTestId('import-reason').fill('非预算资金支付，已核实');
    await postBox.check();
    // The preview is made again for 直接记账 and says so.
    await vouchers.getByText(/导入后直接记账（已记账）/).waitFor();
    await vouchers.getByTestId('import-apply').click();
    await page.getByText('凭证导入完成').filter({ visible: true }).first().waitFor();
    const listed = await hostApi(host.url, liToken)('voucher.list', { bookId, year: 2026, month: 1 });
    expect(listed.map((v) => [v.label, v.status, v.parallelReason])).toEqual([['记-0001', 'posted', '非预算资金支付，已核实']]);
    expect(errors).toEqual([]);
  });
});
