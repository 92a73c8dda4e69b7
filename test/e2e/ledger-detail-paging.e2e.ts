import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open';
import { openCore } from '../../electron/core/index';
import { importPostedVouchers, type ImportVoucher } from '../../electron/core/ledger/bulkImport';
import { loadLedgerChart } from '../../electron/core/ledger/chart';
import { databaseFileName } from '../../electron/core/paths';
import { formatFen } from '../../shared/domain/money';
import { uuidv7 } from '../../shared/domain/id';
import { bookInput } from '../helpers/books';
import { launchChromium, openBookAs } from '../helpers/browser';
import { caller } from '../helpers/core';
import { startHostProcess, type HostProcess } from '../helpers/hostProcess';
import { tempDir } from '../helpers/tmp';

// The 明细账 as one list over a range longer than a page of the core (500 lines): scrolled to the
// end, the last line is there with the balance the whole range adds up to, the pages between are
// fetched as the view passes them, and the page never holds more than the rows in view.
const LINES = 1_234;
let dir: ReturnType<typeof tempDir>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let host: HostProcess;
let bookId: string;
const amounts: number[] = [];

beforeAll(async () => {
  dir = tempDir('xiangcai-e2e-paging-');
  const core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: 'e2e', log: () => {} });
  const anon = caller(core);
  const book = await anon.ok('book.create', bookInput());
  bookId = book.id;
  const wang = await anon.ok('auth.bootstrap', { id: uuidv7(), username: 'wang', displayName: '王会计', password: 'wang-password1', roles: ['accountant', 'cashier', 'admin'] });
  core.close();
  const vouchers: ImportVoucher[] = Array.from({ length: LINES }, (_, i) => {
    const amount = 1_000 + ((i * 7919) % 50_000);
    amounts.push(amount);
    const day = String(1 + Math.floor((i * 28) / LINES)).padStart(2, '0');
    return { id: uuidv7(), date: `2026-03-${day}`, attachments: 0, lines: [
      { summary: `计提折旧 第${i + 1}笔`, accountCode: '5001', debit: amount, credit: 0 },
      { summary: `计提折旧 第${i + 1}笔`, accountCode: '1602', debit: 0, credit: amount },
    ] };
  });
  const db = openDatabase(`${dir.path}/${databaseFileName}`);
  importPostedVouchers(db.write, book, wang.user, vouchers, loadLedgerChart(db.write, book.id));
  db.close();
  chromium = await launchChromium();
  host = await startHostProcess(dir.path);
});
afterAll(async () => {
  await host?.stop();
  await chromium?.close();
  dir?.cleanup();
});

describe('明细账 over several pages of the core', () => {
  it('scrolls to the last line, fetching the pages under the view, with the whole range’s balance', async () => {
    const page = await (await chromium.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await openBookAs(page, host.url, bookId, 'wang', 'wang-password1');
    await page.goto(`${host.origin}/#/book/${bookId}/ledgers/detail/5001/2026/3/3`);

    const total = amounts.reduce((a, b) => a + b, 0);
    await expect.poll(() => page.getByTestId('detail-count').innerText()).toBe(`共 ${LINES} 笔`);
    expect(await page.getByTestId('detail-totals').innerText()).toContain(`借 ${formatFen(total)}`);

    const detail = page.getByTestId('ledger-detail');
    const holder = detail.locator('[data-scroll-holder]');
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/invoke/ledger.detail')) requests.push(r.postData() ?? '');
    });
    // To the end: row LINES is the last line (row 0 is the opening line).
    await holder.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    const last = detail.locator(`[data-row-index="${LINES}"]`);
    await expect.poll(() => last.innerText()).toContain(`计提折旧 第${LINES}笔`);
    expect(await last.innerText()).toContain(formatFen(total)); // the running balance there is the range's
    expect(await detail.locator('.xc-row-pending').count()).toBe(0);
    // The page under the end (the third of 500 lines) and its neighbour were asked for; not the first again.
    const offsets = requests.map((body) => (JSON.parse(body) as { offset: number }).offset);
    expect(offsets).toContain(1000);
    expect(offsets).not.toContain(0);
    expect(await detail.locator('.xc-vt-row').count()).toBeLessThan(60);

    // Back in the middle: the line there has its own running balance.
    const middle = 600;
    await holder.evaluate((el, row) => {
      el.scrollTop = row * 26;
    }, middle);
    const row = detail.locator(`[data-row-index="${middle}"]`);
    await expect.poll(() => row.innerText()).toContain(`计提折旧 第${middle}笔`);
    expect(await row.innerText()).toContain(formatFen(amounts.slice(0, middle).reduce((a, b) => a + b, 0)));
    expect(errors).toEqual([]);
  });
});
