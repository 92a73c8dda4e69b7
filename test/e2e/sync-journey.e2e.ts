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
import { startCountyProcess, type CountyProcess } from '../sync/sim/countyProcess';

// Issue 5's journey: the township works with no county server at all (会计 enters vouchers by
// keyboard, 审核 reviews and posts them) → the county server is started as its own process
// (PGlite in a temp dir, the first 管理员 from --bootstrap-admin and XIANGCAI_ADMIN_PASSWORD),
// registers the 乡镇 and issues a 登记码 over its HTTP API → 同步设置 in the app, 立即同步 → the
// county lists the vouchers and its 科目余额表 equals the app's → the county goes away again:
// the header says 离线 with the pending count and the next voucher is entered all the same →
// the county is back, 立即同步 → an indicator the county issues shows on the 预算指标 screen →
// the PC breaks: a replacement is restored from the county on its first run (从县级恢复账套).
const TOWNSHIP = '420102001';
const shots = join(projectRoot, 'test-results');
let dir: ReturnType<typeof tempDir>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let host: HostProcess;
let county: CountyProcess | null = null;
let bookId: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  dir = tempDir('xiangcai-e2e-sync-');
  chromium = await launchChromium();
  host = await startHostProcess(join(dir.path, 'app'));
  const anon = hostApi(host.url);
  bookId = (await anon('book.create', bookInput())).id;
  const wang = await anon('auth.bootstrap', { id: uuidv7(), username: 'wang', displayName: '王会计', password: 'wang-password1', roles: ['accountant', 'cashier', 'admin'] });
  await hostApi(host.url, wang.token)('user.create', { id: uuidv7(), username: 'li', displayName: '李所长', password: 'li-password1', roles: ['reviewer', 'supervisor'] });
});
afterAll(async () => {
  await county?.dispose();
  await host?.stop();
  await chromium?.close();
  dir?.cleanup();
}, 30_000);

async function logIn(username: string, password: string): Promise<Page> {
  return openBookAs(await (await chromium.newContext()).newPage(), host.url, bookId, username, password);
}

async function typeCell(page: Page, text: string) {
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** One two-track voucher, keyboard only from the date field on (as in the ledger journey). */
async function enterVoucher(page: Page, date: string, summary: string, amount: string, label: string) {
  await page.getByTestId('voucher-date').focus();
  await page.keyboard.press('Control+A');
  await typeCell(page, date);
  await typeCell(page, '1');
  await expect.poll(() => page.locator(':focus').getAttribute('data-testid')).toBe('line-0-summary');
  await typeCell(page, summary);
  await typeCell(page, '5001');
  await typeCell(page, amount);
  await typeCell(page, '..');
  await typeCell(page, '1011');
  await page.keyboard.press('Enter');
  await typeCell(page, '=');
  await typeCell(page, '..');
  await typeCell(page, '710101');
  await typeCell(page, '2010301');
  await typeCell(page, '30201');
  await page.keyboard.press('Enter');
  await typeCell(page, amount);
  await typeCell(page, '..');
  await typeCell(page, '800101');
  await page.keyboard.press('Enter');
  await typeCell(page, '=');
  await page.keyboard.press('F6');
  await expect.poll(() => page.getByTestId('voucher-label').innerText()).toContain(label);
}

async function reviewAndPost(page: Page, label: string) {
  await page.getByRole('menuitem', { name: /凭证列表/ }).click();
  const row = page.getByTestId(`voucher-row-${label}`);
  await row.locator('input[type="checkbox"]').check();
  await page.getByTestId('batch-review').click();
  await expect.poll(() => row.innerText()).toContain('已审核');
  await row.locator('input[type="checkbox"]').check();
  await page.getByTestId('batch-post').click();
  await expect.poll(() => row.innerText()).toContain('已记账');
}

/** The 科目余额表 figures both sides must agree on (code, track and the eight amounts). */
type Row = { code: string; track: string; openingDebit: number; openingCredit: number; periodDebit: number; periodCredit: number; ytdDebit: number; ytdCredit: number; closingDebit: number; closingCredit: number };
function figures(tb: { rows: Row[] }) {
  return tb.rows.map((r) => [r.code, r.track, r.openingDebit, r.openingCredit, r.periodDebit, r.periodCredit, r.ytdDebit, r.ytdCredit, r.closingDebit, r.closingCredit]);
}

describe('sync journey', () => {
  it('works offline, enrolls, syncs to the county, stays usable offline, receives an indicator, and is restored on a new PC', { timeout: 300_000 }, async () => {
    const started = Date.now();
    const wang = await logIn('wang', 'wang-password1');
    const errors: string[] = [];
    wang.on('pageerror', (e) => errors.push(String(e)));
    const header = wang.getByTestId('status-sync-text');

    // No county server anywhere: the header says so and entering is not blocked.
    await expect.poll(() => header.innerText()).toBe('同步：未设置');
    await wang.getByRole('menuitem', { name: /填制凭证/ }).click();
    await enterVoucher(wang, '2026-01-08', '零余额账户支付办公用品费', '3200', '记-0001');
    await wang.keyboard.press('F5');
    await enterVoucher(wang, '2026-01-12', '零余额账户支付印刷费', '1250.50', '记-0002');

    const li = await logIn('li', 'li-password1');
    await reviewAndPost(li, '记-0001');
    await reviewAndPost(li, '记-0002');

    // The county server as a real process; the township and a 登记码 through its HTTP API.
    county = await startCountyProcess('pglite', join(dir.path, 'county'));
    await county.admin.ok('POST', '/api/townships', { code: TOWNSHIP, name: '青山镇' });
    const { code } = await county.admin.ok<{ code: string }>('POST', `/api/townships/${TOWNSHIP}/enrollment-codes`);

    // 同步设置 → 登记, then 立即同步.
    await header.click();
    await wang.getByTestId('sync-server-url').fill(county.url);
    await wang.getByTestId('sync-code').fill(code);
    await wang.getByTestId('sync-configure').click();
    await wang.getByTestId('sync-now').waitFor();
    await expect.poll(() => wang.getByTestId('sync-now').isEnabled()).toBe(true);
    await wang.getByTestId('sync-now').click();
    await expect.poll(() => wang.getByTestId('sync-pending').innerText(), { timeout: 20_000 }).toBe('0 条');
    await expect.poll(() => header.innerText(), { timeout: 20_000 }).toMatch(/^已同步 \d\d-\d\d \d\d:\d\d$/);
    await wang.screenshot({ path: join(shots, 'sync-page.png') });

    // The county has the vouchers and the same 科目余额表 to the fen.
    const api = hostApi(host.url, (await hostApi(host.url)('auth.login', { username: 'wang', password: 'wang-password1' })).token);
    const atCounty = async () => {
      const vouchers = await county!.admin.ok<{ word: string; number: number; status: string; lines: unknown[] }[]>('GET', `/api/townships/${TOWNSHIP}/books/${bookId}/vouchers?year=2026`);
      return vouchers.map((v) => `${v.word}-${v.number}:${v.status}:${v.lines.length}`).sort();
    };
    const sameTrialBalance = async () => {
      const ours = await api('ledger.trialBalance', { bookId, year: 2026, month: 1 });
      const theirs = await county!.admin.ok('GET', `/api/townships/${TOWNSHIP}/books/${bookId}/trial-balance?year=2026&month=1`);
      expect(figures(theirs)).toEqual(figures(ours));
      expect(theirs.totals).toEqual(ours.totals);
      return ours;
    };
    expect(await atCounty()).toEqual(['记-1:posted:4', '记-2:posted:4']);
    const tb = await sameTrialBalance();
    expect(tb.rows.find((r: { code: string }) => r.code === '1011')).toMatchObject({ periodCredit: 4450_50 });

    // The county goes away: the header says 离线 with what waits, and work goes on.
    await county.stop();
    await wang.getByRole('menuitem', { name: /填制凭证/ }).click();
    await wang.keyboard.press('F5');
    await enterVoucher(wang, '2026-01-20', '零余额账户支付差旅费', '860', '记-0003');
    await wang.getByTestId('status-sync-now').click();
    await expect.poll(() => header.innerText(), { timeout: 20_000 }).toMatch(/^离线，待上传 \d+ 条$/);
    await wang.getByTestId('offline-banner').waitFor();
    expect(await wang.getByTestId('offline-banner').innerText()).toContain('本机记账照常进行');
    await wang.screenshot({ path: join(shots, 'sync-offline-header.png') });
    await li.reload();
    await reviewAndPost(li, '记-0003');

    // Back on the same data: 立即同步 from the header; the county catches up.
    await county.start();
    // A background sync that began while the county was going down or coming up may still be
    // waiting for its answer (the client allows 2 minutes for a page on a slow line): 立即同步 is
    // greyed out until it ends, as the user would see it.
    await expect.poll(() => wang.getByTestId('status-sync-now').isEnabled(), { timeout: 130_000 }).toBe(true);
    await wang.getByTestId('status-sync-now').click();
    await expect.poll(() => header.innerText(), { timeout: 20_000 }).toMatch(/^已同步 /);
    expect(await atCounty()).toEqual(['记-1:posted:4', '记-2:posted:4', '记-3:posted:4']);
    await sameTrialBalance();

    // The county issues an indicator; after 立即同步 it is on the 预算指标 screen.
    await county.admin.ok('POST', `/api/townships/${TOWNSHIP}/indicators`, {
      bookId, date: '2026-02-10', year: 2026, funcCode: '2010301', econDepCode: '30201', fundNature: '一般公共预算', docNo: '青财预〔2026〕7号', payMethod: '直接支付', amount: 80_000_00,
    });
    await wang.getByTestId('status-sync-now').click();
    await expect.poll(() => header.innerText(), { timeout: 20_000 }).toMatch(/^已同步 /);
    await wang.getByRole('menuitem', { name: /预算/ }).click();
    await wang.getByTestId('budget-tab-indicators').click();
    await expect.poll(() => wang.getByTestId('indicator-table').innerText(), { timeout: 15_000 }).toContain('青财预〔2026〕7号');
    expect(await wang.getByTestId('indicator-table').innerText()).toContain('80,000.00');
    await wang.screenshot({ path: join(shots, 'sync-indicator.png') });

    // The PC breaks. A replacement, on a fresh data directory, is restored from the county on its
    // first run (从县级恢复账套) with a new 登记码, and shows the same books and the indicator.
    const replacement = await startHostProcess(join(dir.path, 'replacement'));
    try {
      const { code: second } = await county.admin.ok<{ code: string }>('POST', `/api/townships/${TOWNSHIP}/enrollment-codes`);
      const page = await (await chromium.newContext()).newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(replacement.url);
      await page.getByTestId('restore-from-county').click();
      await page.getByTestId('restore-server').fill(county.url);
      await page.getByTestId('restore-code').fill(second);
      await page.getByTestId('restore-username').fill('wang');
      await page.getByTestId('restore-password').fill('wang-newpass2');
      await page.getByTestId('restore-confirm').fill('wang-newpass2');
      await page.getByTestId('restore-submit').click();
      await page.getByTestId('restore-open').waitFor({ timeout: 30_000 });
      const summary = await page.locator('.ant-result').innerText();
      expect(summary).toContain('已从县级恢复本乡镇的账套');
      expect(summary).toContain('李所长（li）');
      await page.screenshot({ path: join(shots, 'sync-restore-done.png') });
      await page.getByTestId('restore-open').click();
      await page.getByTestId(`book-open-${bookId}`).click();
      await page.getByRole('menuitem', { name: /凭证列表/ }).click();
      for (const label of ['记-0001', '记-0002', '记-0003']) {
        await expect.poll(() => page.getByTestId(`voucher-row-${label}`).innerText(), { timeout: 15_000 }).toContain('已记账');
      }
      const restoredApi = hostApi(replacement.url, (await hostApi(replacement.url)('auth.login', { username: 'wang', password: 'wang-newpass2' })).token);
      const back = await restoredApi('ledger.trialBalance', { bookId, year: 2026, month: 1 });
      expect(figures(back)).toEqual(figures(await api('ledger.trialBalance', { bookId, year: 2026, month: 1 })));
      // Passwords never travel: 李所长 gets a new one from the administrator (设置 → 用户管理 → 重设密码).
      await page.goto(`${replacement.url}/#/book/${encodeURIComponent(bookId)}/settings`);
      await page.getByTestId('user-reset-li').click();
      await page.getByTestId('reset-password').fill('li-newpass2');
      await page.getByTestId('reset-confirm').fill('li-newpass2');
      await page.getByRole('dialog').getByRole('button', { name: '重 设' }).or(page.getByRole('dialog').getByRole('button', { name: '重设', exact: true })).first().click();
      await page.getByText('已重设 李所长 的密码').waitFor();
      await page.screenshot({ path: join(shots, 'sync-restore-users.png') });
      expect((await hostApi(replacement.url)('auth.login', { username: 'li', password: 'li-newpass2' })).user.displayName).toBe('李所长');
      // The old PC is fenced: its next sync is refused with the reason.
      await wang.getByTestId('status-sync-now').click();
      await expect.poll(() => header.innerText(), { timeout: 20_000 }).not.toMatch(/^已同步 /);
    } finally {
      await replacement.stop();
    }

    expect(errors).toEqual([]);
    console.log(`sync journey: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
