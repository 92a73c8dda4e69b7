import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
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

// 导出Excel and 打印 in browser mode: the core writes the file, the browser downloads it from
// the host under its Chinese name; 打印 opens the print page in a frame of the app.
const shots = join(projectRoot, 'test-results');
let dir: ReturnType<typeof tempDir>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let host: HostProcess;
let bookId: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  dir = tempDir('xiangcai-e2e-export-');
  chromium = await launchChromium();
  host = await startHostProcess(dir.path);
  const anon = hostApi(host.url);
  bookId = (await anon('book.create', bookInput())).id;
  const wang = await anon('auth.bootstrap', { id: uuidv7(), username: 'wang', displayName: '王会计', password: 'wang-password1', roles: ['accountant', 'cashier', 'admin'] });
  const accountant = hostApi(host.url, wang.token);
  await accountant('user.create', { id: uuidv7(), username: 'li', displayName: '李所长', password: 'li-password1', roles: ['reviewer', 'supervisor'] });
  const reviewer = hostApi(host.url, (await anon('auth.login', { username: 'li', password: 'li-password1' })).token);
  for (const code of ['400101', '400102', '100201', '100299']) await accountant('account.setEnabled', { bookId, code, enabled: false });
  const ids: string[] = [];
  for (const v of scenarioVouchers) ids.push((await accountant('voucher.save', scenarioSaveInput(bookId, v))).voucher.id);
  await reviewer('voucher.review', { bookId, ids });
  await accountant('voucher.post', { bookId, ids });
});
afterAll(async () => {
  await host?.stop();
  await chromium?.close();
  dir?.cleanup();
});

async function logIn(): Promise<Page> {
  return openBookAs(await (await chromium.newContext()).newPage(), host.url, bookId, 'wang', 'wang-password1');
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; path: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = join(dir.path, `download-${Date.now()}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path };
}

describe('export and print in browser mode', () => {
  it('downloads 凭证列表 and 科目余额表 as xlsx, a period of vouchers as PDF, and prints through a frame', async () => {
    const page = await logIn();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    await page.getByRole('menuitem', { name: /凭证列表/ }).click();
    await page.getByTestId('voucher-counts').getByText(/共 9 张/).waitFor();
    const list = await download(page, () => page.getByTestId('export-excel').click());
    expect(list.name).toBe('凭证列表_青山镇人民政府_2026年01期.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(list.path);
    const ws = workbook.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('凭证列表');
    expect(ws.getCell('A3').value).toBe('日期');
    expect(ws.getCell('A4').value).toEqual(new Date(Date.UTC(2026, 0, 5)));

    // 打印凭证 → 保存为PDF（A4，每页两张）: nine vouchers on five pages.
    await page.getByTestId('vouchers-print').click();
    const pdf = await download(page, () => page.getByText('保存为PDF（A4，每页两张）').click());
    expect(pdf.name).toBe('记账凭证 记-0001—记-0009（9 张）.pdf');
    expect(execFileSync('pdfinfo', [pdf.path], { encoding: 'utf8' })).toMatch(/^Pages:\s+5$/m);

    // 打印 (凭证纸): the print page goes into a hidden frame of the app and the print dialog opens there.
    await page.getByTestId('vouchers-print').click();
    await page.getByText('打印（凭证纸 240×140毫米）').click();
    const frame = page.frameLocator('[data-testid="print-frame"]');
    await expect.poll(() => frame.locator('.sheet').count()).toBe(9);
    expect(await frame.locator('.voucher .title').first().textContent()).toBe('记账凭证');

    await page.getByRole('menuitem', { name: /账簿查询/ }).click();
    await page.getByTestId('tb-row-1011').waitFor();
    await expect.poll(() => page.getByTestId('export-excel').isEnabled()).toBe(true);
    await page.screenshot({ path: join(shots, 'export-print-trial-balance.png') });
    const tb = await download(page, () => page.getByTestId('export-excel').click());
    expect(tb.name).toBe('科目余额表_青山镇人民政府_2026年01期.xlsx');
    const tbBook = new ExcelJS.Workbook();
    await tbBook.xlsx.readFile(tb.path);
    expect(tbBook.worksheets[0]!.getCell('A1').value).toBe('科目余额表');
    expect(errors).toEqual([]);
  });
});
