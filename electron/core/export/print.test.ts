import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { amountInWords, formatFen } from '../../../shared/domain/money';
import { uuidv7 } from '../../../shared/domain/id';
import { chromiumArgs, chromiumPath } from '../../../test/helpers/browser';
import { projectRoot } from '../../../test/helpers/hostProcess';
import { scenarioSaveInput, scenarioVouchers, twoPersonOffice } from '../../../test/helpers/ledger';
import { tempDir } from '../../../test/helpers/tmp';
import { chromiumPdfRenderer } from '../../host/pdf';
import { openCore, type Core } from '../index';
import { writePdf, type PdfRenderer } from './pdf';
import { splitDocument } from '../../../shared/print/html';
import { resolveExportFile } from './files';

// Real Chromium renders the PDFs; poppler's pdfinfo / pdftotext read them back.
let renderer: PdfRenderer;
let browser: Browser;
let dir: ReturnType<typeof tempDir>;
let core: Core;
const results = join(projectRoot, 'test-results');

beforeAll(async () => {
  renderer = chromiumPdfRenderer({ executablePath: chromiumPath, idleMs: 5_000 });
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  mkdirSync(results, { recursive: true });
});
afterAll(async () => {
  await renderer.close?.();
  await browser.close();
});
beforeEach(() => {
  dir = tempDir();
  core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: '1', log: () => {}, pdf: renderer });
});
afterEach(() => {
  core.close();
  dir.cleanup();
});

function pdfPages(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
}
/** The first page's size in millimetres (Chromium rounds to whole CSS pixels: within half a millimetre). */
function pageSizeMm(file: string): [number, number] {
  const match = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))!;
  return [Number(match[1]) / 72 * 25.4, Number(match[2]) / 72 * 25.4];
}
function expectPaper(file: string, widthMm: number, heightMm: number) {
  const [w, h] = pageSizeMm(file);
  expect(Math.abs(w - widthMm)).toBeLessThan(0.5);
  expect(Math.abs(h - heightMm)).toBeLessThan(0.5);
}
/** Text of the PDF with all whitespace removed (letter-spaced titles come out as 记 账 凭 证). */
function pdfText(file: string, page?: number): string {
  const args = page ? ['-f', String(page), '-l', String(page)] : [];
  return execFileSync('pdftotext', [...args, '-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

async function office() {
  const o = await twoPersonOffice(core);
  const save = async (input: Parameters<typeof scenarioSaveInput>[1] | { date: string; summary: string; lines: { account: string; debit?: number; credit?: number }[] }, attachments = 2) =>
    (await o.accountant.ok('voucher.save', scenarioSaveInput(o.book.id, input as Parameters<typeof scenarioSaveInput>[1], attachments))).voucher;
  const postAll = async (ids: string[]) => {
    for (let i = 0; i < ids.length; i += 500) {
      await o.reviewer.ok('voucher.review', { bookId: o.book.id, ids: ids.slice(i, i + 500) });
      await o.accountant.ok('voucher.post', { bookId: o.book.id, ids: ids.slice(i, i + 500) });
    }
  };
  return { ...o, save, postAll };
}

describe('printing', { timeout: 60_000 }, () => {
  it('记账凭证 on 凭证纸: one page per sheet, 大写 合计 on the last sheet, signatures, 第 n/m 张 for a long voucher', async () => {
    const o = await office();
    const ids: string[] = [];
    for (const v of scenarioVouchers) ids.push((await o.save(v)).id);
    // A voucher of 14 lines: three sheets of six lines.
    const long = await o.save({
      date: '2026-01-31',
      summary: '计提各部门本月工资',
      lines: Array.from({ length: 7 }, (_, i) => [
        { account: '5001', debit: 100_000 * (i + 1) },
        { account: '220101', credit: 100_000 * (i + 1) },
      ]).flat(),
    });
    ids.push(long.id);
    await o.postAll(ids);

    const html = await o.accountant.ok('print.html', { document: 'vouchers', bookId: o.book.id, year: 2026, month: 1, paper: 'voucher' });
    expect(html.pages).toBe(scenarioVouchers.length + 3);
    expect(html.html).toContain('人民币壹拾万元整'); // 记-0001: 100,000.00
    expect(html.html).toContain('@page { size: 240mm 140mm');

    const pdf = await o.accountant.ok('print.pdf', { document: 'vouchers', bookId: o.book.id, year: 2026, month: 1, paper: 'voucher' });
    expect(pdf.fileName).toMatch(/^记账凭证 记-0001—记-0010（10 张）\.pdf$/);
    const file = resolveExportFile(dir.path, pdf.id)!.path;
    expect(pdfPages(file)).toBe(scenarioVouchers.length + 3);
    expect(pdf.pages).toBe(pdfPages(file));
    expectPaper(file, 240, 140);

    const first = pdfText(file, 1);
    expect(first).toContain('记账凭证');
    expect(first).toContain('记-0001');
    expect(first).toContain('附单据2张');
    expect(first).toContain('合计（财务会计）人民币壹拾万元整');
    expect(first).toContain('合计（预算会计）人民币壹拾万元整');
    expect(first).toContain('¥100,000.00');
    for (const sign of ['会计主管：王会计', '记账：王会计', '审核：李所长', '出纳：', '制单：王会计']) expect(first).toContain(sign);
    expect(first).toContain('1011零余额账户用款额度');

    // 记-0010 has 14 lines: 1/3, 2/3, 3/3; only the last sheet carries the 合计 and its 大写.
    const total = 100_000 * (1 + 2 + 3 + 4 + 5 + 6 + 7);
    const sheets = [10, 11, 12].map((page) => pdfText(file, page));
    expect(sheets[0]).toContain('记-00101/3');
    expect(sheets[0]).toContain('第1/3张');
    expect(sheets[0]).toContain('（续下张）');
    expect(sheets[0]).not.toContain(amountInWords(total, { prefix: true }));
    expect(sheets[2]).toContain('第3/3张');
    expect(sheets[2]).toContain(`合计${amountInWords(total, { prefix: true })}¥${formatFen(total)}¥${formatFen(total)}`);

    // A4, two vouchers per page: 12 sheets on 6 pages of A4.
    const a4 = await o.accountant.ok('print.pdf', { document: 'vouchers', bookId: o.book.id, year: 2026, month: 1, paper: 'a4' });
    const a4File = resolveExportFile(dir.path, a4.id)!.path;
    expect(pdfPages(a4File)).toBe(Math.ceil((scenarioVouchers.length + 3) / 2));
    expectPaper(a4File, 210, 297);
    const a4First = pdfText(a4File, 1);
    expect(a4First).toContain('记-0001');
    expect(a4First).toContain('记-0002');

    // A chosen range prints in number order: 记-0003 … 记-0004 only.
    const range = await o.accountant.ok('print.html', { document: 'vouchers', bookId: o.book.id, year: 2026, month: 1, numberFrom: 3, numberTo: 4 });
    expect(range.pages).toBe(2);
    expect(range.html.indexOf('记-0003')).toBeLessThan(range.html.indexOf('记-0004'));
    expect(range.html).not.toContain('记-0005');

    // A long document is printed in parts and joined: same pages, same order.
    const parts = splitDocument(html.html, 5);
    expect(parts).toHaveLength(3);
    expect(parts.every((p) => p.includes('@page { size: 240mm 140mm'))).toBe(true);
    const joinedFile = join(dir.path, 'joined.pdf');
    expect(await writePdf(renderer, html.html, joinedFile, 5)).toBe(12);
    expect(pdfPages(joinedFile)).toBe(12);
    expect(pdfText(joinedFile, 1)).toContain('记-0001');
    expect(pdfText(joinedFile, 6)).toContain('记-0006');
    expect(pdfText(joinedFile, 12)).toContain('第3/3张');
    expectPaper(joinedFile, 240, 140);

    // What an accountant would see: screenshots of the printed voucher, looked at by a person.
    const page = await browser.newPage({ viewport: { width: 960, height: 560 }, deviceScaleFactor: 1.5 });
    await page.setContent(html.html);
    await page.emulateMedia({ media: 'print' });
    await page.locator('.sheet').first().screenshot({ path: join(results, 'print-voucher.png') });
    await page.locator('.sheet').nth(9).screenshot({ path: join(results, 'print-voucher-long-1of3.png') });
    const a4Html = await o.accountant.ok('print.html', { document: 'vouchers', bookId: o.book.id, year: 2026, month: 1, paper: 'a4' });
    await page.setViewportSize({ width: 840, height: 1200 });
    await page.setContent(a4Html.html);
    await page.locator('.sheet').first().screenshot({ path: join(results, 'print-voucher-a4.png') });
    await page.close();
  });

  it('明细账 over several pages closes each page with 过次页 and opens the next with 承前页, carrying the sums of the month', async () => {
    const o = await office();
    const ids: string[] = [];
    for (let i = 0; i < 45; i++) {
      const month = i < 30 ? 1 : 2;
      const day = String((i % 28) + 1).padStart(2, '0');
      ids.push((await o.save({ date: `2026-0${month}-${day}`, summary: `计提工资 第${i + 1}笔`, lines: [{ account: '5001', debit: 10_000 + i }, { account: '220101', credit: 10_000 + i }] }, 1)).id);
    }
    await o.postAll(ids);
    const pdf = await o.accountant.ok('print.pdf', { document: 'ledgerDetail', bookId: o.book.id, accountCode: '5001', year: 2026, fromMonth: 1, toMonth: 2 });
    const file = resolveExportFile(dir.path, pdf.id)!.path;
    const pages = pdfPages(file);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pdf.pages).toBe(pages);

    const first = pdfText(file, 1);
    const second = pdfText(file, 2);
    expect(first).toContain('明细账');
    expect(first).toContain('科目：5001业务活动费用');
    expect(first).toContain('期初余额');
    expect(first).toContain(`第1页共${pages}页`);
    expect(first).not.toContain('承前页');
    // Page 1 holds 期初余额 and the first lines of January; its 过次页 carries their sums.
    const html = await o.accountant.ok('print.html', { document: 'ledgerDetail', bookId: o.book.id, accountCode: '5001', year: 2026, fromMonth: 1, toMonth: 2 });
    const firstPageLines = (html.html.split('<div class="sheet">')[1]!.match(/计提工资 第\d+笔/g) ?? []).length;
    const carried = Array.from({ length: firstPageLines }, (_, i) => 10_000 + i).reduce((s, n) => s + n, 0);
    expect(first).toContain(`过次页${formatFen(carried)}借${formatFen(carried)}`);
    expect(second).toContain(`承前页${formatFen(carried)}借${formatFen(carried)}`);
    // The January totals are the book's.
    const general = await o.accountant.ok('ledger.general', { bookId: o.book.id, accountCode: '5001', year: 2026 });
    const all = pdfText(file);
    expect(all).toContain(`本月合计${formatFen(general.rows[1]!.debit)}借${formatFen(general.rows[1]!.balance)}`);
    expect(all).toContain(`本年累计${formatFen(general.rows[2]!.ytdDebit)}借${formatFen(general.rows[2]!.balance)}`);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('总账, 日记账, statements and 科目余额表 print on A4', async () => {
    const o = await office();
    const ids: string[] = [];
    for (const v of scenarioVouchers) ids.push((await o.save(v)).id);
    await o.postAll(ids);
    const bookId = o.book.id;

    const statement = await o.accountant.ok('print.pdf', { document: 'statement', bookId, id: 'balanceSheet', year: 2026, month: 1 });
    const sFile = resolveExportFile(dir.path, statement.id)!.path;
    const sText = pdfText(sFile);
    const data = await o.accountant.ok('statement.get', { bookId, id: 'balanceSheet', year: 2026, month: 1 });
    expect(sText).toContain('资产负债表');
    expect(sText).toContain(`${data.code}单位：元`);
    expect(sText).toContain('单位负责人：');
    const totalAssets = data.lines.find((l) => l.label.includes('资产总计'))!;
    expect(sText).toContain(formatFen(totalAssets.value));
    expectPaper(sFile, 210, 297);

    const journal = await o.accountant.ok('print.html', { document: 'journal', bookId, accountCode: '1002', year: 2026, month: 1 });
    expect(journal.html).toContain('银行日记账');
    expect(journal.html).toContain('本日合计');

    const gl = await o.accountant.ok('print.html', { document: 'generalLedger', bookId, accountCode: '1011', year: 2026 });
    expect(gl.html).toContain('本年累计');

    const tb = await o.accountant.ok('print.pdf', { document: 'trialBalance', bookId, year: 2026, month: 1 });
    const tbFile = resolveExportFile(dir.path, tb.id)!.path;
    expectPaper(tbFile, 297, 210);
    expect(pdfText(tbFile)).toContain('财务会计合计');

    // Book text is escaped, never markup.
    const tricky = await o.save({ date: '2026-01-31', summary: '<b>购置</b> & "维修"', lines: [{ account: '5001', debit: 100 }, { account: '220101', credit: 100 }] });
    const printed = await o.accountant.ok('print.html', { document: 'vouchers', bookId, year: 2026, month: 1, ids: [tricky.id] });
    expect(printed.html).toContain('&lt;b&gt;购置&lt;/b&gt; &amp; &quot;维修&quot;');
    expect((await o.accountant.fails('print.pdf', { document: 'vouchers', bookId, year: 2026, month: 2 })).message).toBe('2026年02期没有符合条件的凭证可打印');
    expect((await o.accountant.fails('print.pdf', { document: 'vouchers', bookId, year: 2026, month: 1, ids: [uuidv7()] })).code).toBe('NOT_FOUND');
  });
});
