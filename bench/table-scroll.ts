// Scrolling the books in real Chromium over a 100,000-line 明细账: frame times (requestAnimationFrame
// deltas), long tasks (PerformanceObserver 'longtask'), how many rows the DOM holds, and how long the
// lines under the view take to arrive after a jump. Browser mode: the built host (out/host) on a
// generated book, Debian's Chromium through playwright-core, headless, 1366×768 (the usual township screen).
// Usage: npm run build && npm run bench -- table-scroll [lines=100000] [journalLines=20000]
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { openCore } from '../electron/core/index';
import { openDatabase } from '../electron/core/db/open';
import { databaseFileName } from '../electron/core/paths';
import { importPostedVouchers, type ImportVoucher } from '../electron/core/ledger/bulkImport';
import { loadLedgerChart } from '../electron/core/ledger/chart';
import { uuidv7 } from '../shared/domain/id';
import { bookInput } from '../test/helpers/books';
import { launchChromium, openBookAs } from '../test/helpers/browser';
import { caller } from '../test/helpers/core';
import { startHostProcess } from '../test/helpers/hostProcess';
import { tempDir } from '../test/helpers/tmp';
import { median, percentile } from './stats';

const numbers = process.argv.slice(2).filter((a) => !a.startsWith('--')).map(Number);
const detailLines = numbers[0] ?? 100_000;
const journalLines = numbers[1] ?? 20_000;
/** `--profile`: also record a CPU profile of the 明细账 fling (Chrome DevTools protocol) into .tmp/table-scroll.cpuprofile. */
const profile = process.argv.includes('--profile');

/** Seeded PRNG: the same book on every run. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

function* vouchers(): Generator<ImportVoucher> {
  const next = lcg(20261128);
  const pad = (n: number) => String(n).padStart(2, '0');
  // 明细账 of 5001: one line per voucher (Dr 5001 / Cr 1602, 计提折旧 by asset), spread over the year in date order.
  for (let i = 0; i < detailLines; i++) {
    const month = 1 + Math.floor((i * 12) / detailLines);
    const day = 1 + Math.floor(((i * 12) % detailLines) / detailLines * 28);
    const amount = 100 + next(5_000_000);
    const summary = `计提折旧：资产${String(i % 977).padStart(4, '0')}号`;
    yield { id: uuidv7(), date: `2026-${pad(month)}-${pad(day)}`, attachments: 1, lines: [
      { summary, accountCode: '5001', debit: amount, credit: 0 },
      { summary, accountCode: '1602', debit: 0, credit: amount },
    ] };
  }
  // 银行日记账 of January: 代收 money passed on (financial only, with the 平行记账 reason).
  for (let i = 0; i < journalLines; i++) {
    const day = 1 + Math.floor((i * 31) / journalLines);
    const amount = 100 + next(2_000_000);
    const summary = `代收款项：第${i + 1}笔`;
    yield { id: uuidv7(), date: `2026-01-${pad(day)}`, attachments: 1, parallelReason: '代收代付款，不纳入部门预算', lines: [
      { summary, accountCode: '100201', debit: amount, credit: 0 },
      { summary, accountCode: '2103', debit: 0, credit: amount },
    ] };
  }
}

const dir = tempDir('xiangcai-bench-scroll-');
console.log(`book: 明细账 5001 with ${detailLines.toLocaleString('en')} lines in 2026, 银行日记账 2026-01 with ${journalLines.toLocaleString('en')} lines`);
const core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: 'bench', log: () => {} });
const anon = caller(core);
const book = await anon.ok('book.create', bookInput());
const wang = await anon.ok('auth.bootstrap', { id: uuidv7(), username: 'wang', displayName: '王会计', password: 'wang-bench-2026', roles: ['accountant', 'cashier', 'admin'] });
core.close();
const db = openDatabase(`${dir.path}/${databaseFileName}`);
let t = performance.now();
const imported = importPostedVouchers(db.write, book, wang.user, vouchers(), loadLedgerChart(db.write, book.id));
db.close();
console.log(`imported ${imported.lines.toLocaleString('en')} lines in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const host = await startHostProcess(dir.path);
const chromium = await launchChromium();
const page = await (await chromium.newContext()).newPage();
await openBookAs(page, host.url, book.id, 'wang', 'wang-bench-2026');

interface Run {
  frames: number[];
  longTasks: number[];
  maxRows: number;
  reachedEnd: boolean;
}

// The in-page parts are plain JavaScript text: bench/ is type-checked for Node, without the DOM.

/**
 * Scrolls the virtual list inside `testId` by `step` px per animation frame, for `frames` frames or
 * to the end, from `startAt` (0–1 of the height). Measured in the page: the time between frames,
 * long tasks, and the most rows ever in the DOM (sampled every 10 frames).
 */
const SCROLL = `({ testId, step, frames, startAt, untilEnd }) => new Promise((resolve) => {
  const table = document.querySelector('[data-testid="' + testId + '"]');
  const holder = table.querySelector('[data-scroll-holder], .ant-table-tbody-virtual-holder');
  holder.scrollTop = startAt * holder.scrollHeight;
  const deltas = [];
  const longTasks = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
  observer.observe({ type: 'longtask' });
  let maxRows = 0, last = 0, n = 0;
  const tick = (now) => {
    if (last) deltas.push(now - last);
    last = now;
    if (n % 10 === 0) maxRows = Math.max(maxRows, table.querySelectorAll('.ant-table-row, .xc-vt-row').length);
    const atEnd = holder.scrollTop + holder.clientHeight >= holder.scrollHeight - 2;
    if (n++ >= frames || (untilEnd && atEnd)) {
      observer.disconnect();
      resolve({ frames: deltas, longTasks, maxRows, reachedEnd: atEnd });
      return;
    }
    holder.scrollTop += step;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(() => requestAnimationFrame(tick));
})`;

/** Jumps to `at` (0–1) and waits until no row on screen is still “…”: how long the lines take to arrive. */
const JUMP = `({ testId, at }) => new Promise((resolve) => {
  const table = document.querySelector('[data-testid="' + testId + '"]');
  const holder = table.querySelector('[data-scroll-holder], .ant-table-tbody-virtual-holder');
  const start = performance.now();
  holder.scrollTop = at * (holder.scrollHeight - holder.clientHeight);
  const check = () => {
    if (table.querySelectorAll('.xc-row-pending').length === 0 && performance.now() - start > 50) resolve(performance.now() - start);
    else setTimeout(check, 10);
  };
  setTimeout(check, 10);
})`;

function scroll(p: Page, testId: string, step: number, frames: number, startAt = 0): Promise<Run> {
  // A cap even when scrolling to the end: a stuck list must not hang the bench.
  const args = { testId, step, frames: frames === Infinity ? 20_000 : frames, startAt, untilEnd: frames === Infinity };
  return p.evaluate(`(${SCROLL})(${JSON.stringify(args)})`) as Promise<Run>;
}

function jumpAndFill(p: Page, testId: string, at: number): Promise<number> {
  return p.evaluate(`(${JUMP})(${JSON.stringify({ testId, at })})`) as Promise<number>;
}

const results: string[] = [];
function report(label: string, run: Run) {
  const f = run.frames;
  const long = run.longTasks;
  const line = `${label}: ${f.length} frames, frame time median ${median(f).toFixed(1)} ms, p95 ${percentile(f, 95).toFixed(1)} ms, p99 ${percentile(f, 99).toFixed(1)} ms, max ${Math.max(...f).toFixed(1)} ms; long tasks ${long.length} (total ${long.reduce((a, b) => a + b, 0).toFixed(0)} ms, max ${long.length ? Math.max(...long).toFixed(0) : 0} ms); DOM rows ≤ ${run.maxRows}${run.reachedEnd ? '; reached the end' : ''}`;
  results.push(line);
  console.log(line);
}

const loadBefore = loadavg()[0]!;
console.log(`${cpus().length} cores, Node ${process.version}, Chromium ${chromium.browser.version()}, load average ${loadBefore.toFixed(2)}`);

// 明细账: the whole year of 5001.
t = performance.now();
await page.goto(`${host.origin}/#/book/${book.id}/ledgers/detail/5001/2026/1/12`);
await page.getByTestId('detail-count').filter({ hasText: `共 ${detailLines} 笔` }).waitFor({ timeout: 60_000 });
await page.locator('[data-testid="ledger-detail"] .xc-vt-row').first().waitFor();
console.log(`明细账 opened (first page shown, ${detailLines.toLocaleString('en')} lines counted) in ${(performance.now() - t).toFixed(0)} ms`);
await page.waitForTimeout(500);
report('明细账 read (40 px/frame, 600 frames from the top, pages fetched as it goes)', await scroll(page, 'ledger-detail', 40, 600));
const cdp = profile ? await page.context().newCDPSession(page) : null;
if (cdp) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
}
report('明细账 fling (2,400 px/frame, top to bottom)', await scroll(page, 'ledger-detail', 2400, Infinity));
if (cdp) {
  const { profile: cpu } = await cdp.send('Profiler.stop');
  writeFileSync('.tmp/table-scroll.cpuprofile', JSON.stringify(cpu));
  console.log('CPU profile of the fling: .tmp/table-scroll.cpuprofile');
}
const fills: number[] = [];
for (const at of [0.5, 0.999, 0.25, 0.75]) fills.push(await jumpAndFill(page, 'ledger-detail', at));
const fillLine = `明细账 jump and fill (50%, end, 25%, 75%): lines on screen arrived after ${fills.map((x) => x.toFixed(0)).join(', ')} ms`;
results.push(fillLine);
console.log(fillLine);
report('明细账 read in the middle (40 px/frame, 600 frames from 50%)', await scroll(page, 'ledger-detail', 40, 600, 0.5));

// 银行日记账 of January: every line and daily total at once.
t = performance.now();
await page.goto(`${host.origin}/#/book/${book.id}/ledgers/journal/1002/2026/1`);
await page.locator('[data-testid="journal"] .xc-vt-row').first().waitFor({ timeout: 60_000 });
console.log(`日记账 opened in ${(performance.now() - t).toFixed(0)} ms`);
await page.waitForTimeout(500);
report(`日记账 fling (${journalLines.toLocaleString('en')} lines + daily totals, 2,400 px/frame, to the bottom)`, await scroll(page, 'journal', 2400, Infinity));
report('日记账 read (40 px/frame, 600 frames)', await scroll(page, 'journal', 40, 600, 0.3));

// 科目余额表 (a few dozen rows: the same table, for comparison).
await page.goto(`${host.origin}/#/book/${book.id}/ledgers`);
await page.getByTestId('tb-row-5001').waitFor();
report('科目余额表 read (20 px/frame, 120 frames)', await scroll(page, 'trial-balance', 20, 120));

console.log(`load average ${loadBefore.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`);
await chromium.close();
await host.stop();
dir.cleanup();
