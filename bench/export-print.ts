// Export and print figures over a generated busy township year (bench/ledger-book.ts with
// 71,000 vouchers of 5 lines: 7101 行政支出 gets about 100,000 lines in the year):
//   xlsx  export.ledgerDetail of 7101 for the whole year (≈100,000 lines + monthly totals),
//         run in a child process so its peak RSS (process.resourceUsage().maxRSS) is the export's;
//   pdf   print.pdf of 记-0001 … 记-2000 of January on 凭证纸 (one page per sheet), Chromium
//         through playwright-core (the browser-mode renderer, electron/host/pdf.ts).
// Both go through core.invoke on a working copy of the cached book, as the app runs them.
// Usage: npm run build && npm run bench -- export-print [--only=xlsx,pdf] [--vouchers=2000]
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { openCore } from '../electron/core/index';
import { resolveExportFile } from '../electron/core/export/files';
import { chromiumPdfRenderer } from '../electron/host/pdf';
import { migrations } from '../electron/core/db/migrations';
import { caller } from '../test/helpers/core';
import { tempDir } from '../test/helpers/tmp';
import { cachedBook, copyBookTo, USERS } from './ledger-book';
import type { TownshipOptions } from './ledger-township';

const BUSY_YEAR: TownshipOptions = { seed: 20261128, startYear: 2026, years: 1, vouchersPerYear: 71_000 };
const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const printCount = Number(args.find((a) => a.startsWith('--vouchers='))?.slice('--vouchers='.length) ?? 2000);
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

interface ChildFigures {
  seconds: number;
  rows: number;
  bytes: number;
  maxRssKb: number;
  fileName: string;
  id: string;
  dataDir: string;
}

async function runExportChild(cacheDir: string, bookId: string): Promise<void> {
  const work = tempDir('xiangcai-bench-export-');
  copyBookTo(cacheDir, work.path);
  const core = openCore({ dataDir: work.path, mode: 'browser', appVersion: 'bench', log: (m, e) => console.error(m, e), backupSchedule: false });
  const session = await caller(core).ok('auth.login', USERS.accountant);
  const accountant = caller(core, session.token);
  const started = performance.now();
  const file = await accountant.ok('export.ledgerDetail', { bookId, accountCode: '7101', year: 2026, fromMonth: 1, toMonth: 12 });
  const seconds = (performance.now() - started) / 1000;
  const figures: ChildFigures = { seconds, rows: file.rows, bytes: file.bytes, maxRssKb: process.resourceUsage().maxRSS, fileName: file.fileName, id: file.id, dataDir: work.path };
  core.close();
  // The parent reads the file back and removes the folder.
  console.log(`FIGURES ${JSON.stringify(figures)}`);
}

async function main() {
  if (args[0] === '--child') return runExportChild(args[1]!, args[2]!);
  const { dir, meta, built } = await cachedBook(BUSY_YEAR, migrations, (line) => console.log(line));
  console.log(`book: ${meta.vouchers} vouchers, ${meta.lines} lines (${built ? 'built now' : 'cached'}); load ${load()}`);

  if (!only || only.includes('xlsx')) {
    console.log(`\n明细账 7101 → xlsx (child process), load before ${load()}`);
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', dir, meta.bookId], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (child.status !== 0) throw new Error(`export child failed:\n${child.stderr}`);
    const figures = JSON.parse(/^FIGURES (.*)$/m.exec(child.stdout)![1]!) as ChildFigures;
    const file = resolveExportFile(figures.dataDir, figures.id)!;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file.path);
    const ws = workbook.worksheets[0]!;
    let lines = 0;
    ws.eachRow((row, n) => {
      if (n > 4 && typeof row.getCell(2).value === 'string' && /^记-/.test(row.getCell(2).value as string)) lines++;
    });
    console.log(`  ${figures.fileName}: ${figures.rows} rows written (${lines} voucher lines read back), ${(figures.bytes / 1048576).toFixed(1)} MiB`);
    console.log(`  time ${figures.seconds.toFixed(2)} s (target < 10 s: ${figures.seconds < 10 ? 'OK' : 'MISSED'}), peak RSS of the exporting process ${mb(figures.maxRssKb)} (target < 500 MB: ${figures.maxRssKb / 1024 < 500 ? 'OK' : 'MISSED'}); load after ${load()}`);
    tempDirCleanup(figures.dataDir);
  }

  if (!only || only.includes('pdf')) {
    const work = tempDir('xiangcai-bench-print-');
    copyBookTo(dir, work.path);
    const pdf = chromiumPdfRenderer();
    const core = openCore({ dataDir: work.path, mode: 'browser', appVersion: 'bench', log: (m, e) => console.error(m, e), backupSchedule: false, pdf });
    try {
      const session = await caller(core).ok('auth.login', USERS.accountant);
      const accountant = caller(core, session.token);
      console.log(`\nprint.pdf 记-0001…记-${String(printCount).padStart(4, '0')} of 2026-01 on 凭证纸, load before ${load()}`);
      const htmlStarted = performance.now();
      const html = await accountant.ok('print.html', { document: 'vouchers', bookId: meta.bookId, year: 2026, month: 1, numberFrom: 1, numberTo: printCount });
      const htmlSeconds = (performance.now() - htmlStarted) / 1000;
      const started = performance.now();
      const file = await accountant.ok('print.pdf', { document: 'vouchers', bookId: meta.bookId, year: 2026, month: 1, numberFrom: 1, numberTo: printCount, paper: 'voucher' });
      const seconds = (performance.now() - started) / 1000;
      const path = resolveExportFile(work.path, file.id)!.path;
      const pages = Number(/^Pages:\s+(\d+)/m.exec(spawnSync('pdfinfo', [path], { encoding: 'utf8' }).stdout)?.[1] ?? NaN);
      console.log(`  HTML alone (print.html): ${htmlSeconds.toFixed(2)} s, ${(html.html.length / 1048576).toFixed(1)} MiB, ${html.pages} sheets`);
      console.log(`  print.pdf: ${seconds.toFixed(2)} s including Chromium start (target < 60 s: ${seconds < 60 ? 'OK' : 'MISSED'}); ${pages} pages (pdfinfo), ${(statSync(path).size / 1048576).toFixed(1)} MiB; load after ${load()}`);
    } finally {
      await pdf.close?.();
      core.close();
      work.cleanup();
    }
  }
}

function tempDirCleanup(path: string) {
  spawnSync('rm', ['-rf', path]);
}

await main();
