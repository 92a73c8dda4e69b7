import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admittedProject, budgetOffice, issueIndicator, pay } from '../../../test/helpers/budget';
import { scenarioSaveInput, scenarioVouchers, twoPersonOffice } from '../../../test/helpers/ledger';
import { tempDir } from '../../../test/helpers/tmp';
import { openCore, type Core } from '../index';
import { resolveExportFile } from './files';

let dir: ReturnType<typeof tempDir>;
let core: Core;
beforeEach(() => {
  dir = tempDir();
  core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: '1', log: () => {} });
});
afterEach(() => {
  core.close();
  dir.cleanup();
});

async function postedScenario() {
  const office = await twoPersonOffice(core);
  const ids = [];
  for (const v of scenarioVouchers) ids.push((await office.accountant.ok('voucher.save', scenarioSaveInput(office.book.id, v))).voucher.id);
  await office.reviewer.ok('voucher.review', { bookId: office.book.id, ids });
  await office.accountant.ok('voucher.post', { bookId: office.book.id, ids });
  return office;
}

async function readBack(id: string) {
  const file = resolveExportFile(dir.path, id);
  expect(file).not.toBeNull();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file!.path);
  return { workbook, file: file! };
}

/** Rows of a sheet as arrays of cell values (1-based columns dropped to 0-based). */
function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    out[n - 1] = (row.values as unknown[]).slice(1);
  });
  return out;
}

const yuan = (fen: number) => fen / 100;

/** The distinct texts of a row: exceljs reads a merged range back as its master value in every cell. */
function textsOf(ws: ExcelJS.Worksheet, n: number): unknown[] {
  return [...new Set((ws.getRow(n).values as unknown[]).filter(Boolean))];
}

describe('Excel export', () => {
  it('明细账: title, 单位, period, real numbers with #,##0.00, 本月合计/本年累计 equal to the book, frozen header, print setup', async () => {
    const { book, accountant } = await postedScenario();
    const exported = await accountant.ok('export.ledgerDetail', { bookId: book.id, accountCode: '1011', year: 2026, fromMonth: 1, toMonth: 12 });
    expect(exported.fileName).toBe('明细账_青山镇人民政府_1011_2026年度.xlsx');
    expect(exported.pages).toBeNull();
    const { workbook, file } = await readBack(exported.id);
    expect(file.bytes).toBe(exported.bytes);
    const ws = workbook.worksheets[0]!;

    // Title block: merged bold title, 编制单位 · 期间 · 单位：元, the account.
    expect(ws.getCell('A1').value).toBe('明细账');
    expect(ws.getCell('A1').font.bold).toBe(true);
    expect(ws.model.merges).toContain(`A1:${ws.getColumn(ws.columnCount).letter}1`);
    const info = textsOf(ws, 2);
    expect(info).toEqual(['编制单位：青山镇人民政府', '2026年度', '单位：元']);
    expect(ws.getCell('A3').value).toBe('科目：1011 零余额账户用款额度　余额方向：借');
    const header = (ws.getRow(4).values as unknown[]).slice(1);
    expect(header).toEqual(['日期', '凭证字号', '摘要', '功能分类', '借方', '贷方', '借或贷', '余额'].filter((h) => header.includes(h)));
    expect(header).toContain('借方');

    // Frozen below the header; A4, fit to one page wide, header rows repeated.
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(ws.pageSetup.printTitlesRow).toBe('4:4');

    // The figures: every line and total against the core's own books.
    const col = (name: string) => header.indexOf(name);
    const rows = rowsOf(ws).slice(4);
    const detail = await accountant.ok('ledger.detail', { bookId: book.id, accountCode: '1011', year: 2026, fromMonth: 1, toMonth: 12, limit: 1000 });
    const general = await accountant.ok('ledger.general', { bookId: book.id, accountCode: '1011', year: 2026 });
    expect(rows[0]![col('摘要')]).toBe('期初余额');
    const lines = rows.filter((r) => typeof r[col('凭证字号')] === 'string' && r[col('凭证字号')] !== '');
    expect(lines).toHaveLength(detail.total);
    lines.forEach((r, i) => {
      const d = detail.rows[i]!;
      expect(r[col('凭证字号')]).toBe(d.voucherLabel);
      expect(r[col('借方')] ?? 0).toBe(yuan(d.debit));
      expect(r[col('贷方')] ?? 0).toBe(yuan(d.credit));
      expect(r[col('余额')]).toBe(yuan(Math.abs(d.balance)));
    });
    const monthTotal = rows.find((r) => r[col('摘要')] === '本月合计')!;
    const ytd = rows.find((r) => r[col('摘要')] === '本年累计')!;
    expect(monthTotal[col('借方')]).toBe(yuan(general.rows[1]!.debit));
    expect(monthTotal[col('贷方')]).toBe(yuan(general.rows[1]!.credit));
    expect(ytd[col('余额')]).toBe(yuan(general.rows[1]!.balance));
    expect(ytd[col('借或贷')]).toBe('借');

    // Number cells are numbers in 元 with two decimals and thousands separators.
    const balanceCell = ws.getRow(5 + rows.indexOf(ytd)).getCell(col('余额') + 1);
    expect(typeof balanceCell.value).toBe('number');
    expect(balanceCell.numFmt.startsWith('#,##0.00')).toBe(true);
    expect(ws.getRow(5 + rows.indexOf(ytd)).getCell(1).font.bold).toBe(true);
    const dateCell = ws.getRow(5 + rows.indexOf(lines[0]!)).getCell(1);
    expect(dateCell.value).toBeInstanceOf(Date);
  });

  it('科目余额表: grouped header, each track with its 合计 equal to the book', async () => {
    const { book, accountant } = await postedScenario();
    const tb = await accountant.ok('ledger.trialBalance', { bookId: book.id, year: 2026, month: 1 });
    const exported = await accountant.ok('export.trialBalance', { bookId: book.id, year: 2026, month: 1, level: 'one' });
    const { workbook } = await readBack(exported.id);
    const ws = workbook.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('科目余额表');
    expect(textsOf(ws, 2)).toEqual(['编制单位：青山镇人民政府', '2026年01期', '单位：元']);
    // Two header rows: 期初余额 over 借方/贷方 …; the frozen pane sits below both.
    expect(ws.getCell('C3').value).toBe('期初余额');
    expect(ws.getCell('C4').value).toBe('借方');
    expect(ws.model.merges).toEqual(expect.arrayContaining(['C3:D3', 'A3:A4', 'I3:J3']));
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    const rows = rowsOf(ws);
    for (const [track, label] of [['financial', '财务会计合计'], ['budget', '预算会计合计']] as const) {
      const total = rows.find((r) => r[1] === label)!;
      const t = tb.totals[track];
      expect(total.slice(2, 10)).toEqual([t.openingDebit, t.openingCredit, t.periodDebit, t.periodCredit, t.ytdDebit, t.ytdCredit, t.closingDebit, t.closingCredit].map(yuan));
      expect(total[8]).toBe(total[9]); // each track balances on its own
    }
    const firstLevel = tb.rows.filter((r) => r.level === 1);
    expect(rows.filter((r) => typeof r[0] === 'string' && /^\d{4}$/.test(r[0] as string))).toHaveLength(firstLevel.length);
    expect(ws.pageSetup.orientation).toBe('landscape');
  });

  it('every book, statement and list exports with its title and totals', async () => {
    const { book, accountant } = await postedScenario();
    const bookId = book.id;
    const statements = await accountant.ok('export.statement', { bookId, year: 2026, month: 1 });
    const all = await readBack(statements.id);
    expect(all.workbook.worksheets.map((w) => w.getCell('A1').value)).toEqual([
      '资产负债表',
      '收入费用表',
      '净资产变动表',
      '预算收入支出表',
      '预算结转结余变动表',
      '财政拨款预算收入支出表',
      '本年预算结余与本年盈余差异调节表',
    ]);
    const sheet = await accountant.ok('statement.get', { bookId, id: 'incomeExpense', year: 2026, month: 1 });
    const income = all.workbook.worksheets[1]!;
    expect(textsOf(income, 2)).toEqual(['编制单位：青山镇人民政府', '2026年01期', `${sheet.code}　单位：元`]);
    const visible = sheet.lines.filter((l) => !l.hidden);
    const exportedLines = rowsOf(income).slice(3);
    expect(exportedLines.map((r) => [r[0], r[1], r[2], r[3]])).toEqual(visible.map((l, i) => [l.label, i + 1, yuan(l.value), yuan(l.ytdValue)]));

    const general = await readBack((await accountant.ok('export.generalLedger', { bookId, accountCode: '1011', year: 2026 })).id);
    expect(general.workbook.worksheets[0]!.getCell('A1').value).toBe('总账');
    expect(rowsOf(general.workbook.worksheets[0]!).slice(4).map((r) => r[1])).toEqual(['年初余额', '本月合计', '本年累计']);

    const journal = await readBack((await accountant.ok('export.journal', { bookId, accountCode: '1002', year: 2026, month: 1 })).id);
    const jr = rowsOf(journal.workbook.worksheets[0]!).slice(4);
    expect(journal.workbook.worksheets[0]!.getCell('A1').value).toBe('银行日记账');
    expect(jr.map((r) => r[2])).toEqual(['期初余额', '收到县农业农村局专项补助（非同级财政拨款）', '本日合计', '本月合计']);
    expect(jr[3]![4]).toBe(50000);

    const dims = await readBack((await accountant.ok('export.dimensionBalance', { bookId, accountCode: '7101', year: 2026, fromMonth: 1, toMonth: 1, by: ['func', 'econ_dep'] })).id);
    const dr = rowsOf(dims.workbook.worksheets[0]!);
    expect(dr.at(-1)!.slice(1, 2)).toEqual(['合计']);
    expect(dr.at(-1)![9]).toBe(89200);

    const vouchers = await accountant.ok('export.vouchers', { bookId, year: 2026, month: 1 });
    const vr = rowsOf((await readBack(vouchers.id)).workbook.worksheets[0]!);
    const list = await accountant.ok('voucher.list', { bookId, year: 2026, month: 1 });
    expect(vouchers.rows).toBe(list.reduce((n, v) => n + v.lines.length, 0) + 2);
    const financial = vr.find((r) => typeof r[2] === 'string' && (r[2] as string).startsWith('财务会计合计'))!;
    const fin = list.reduce((s, v) => s + v.totals.financial.debit, 0);
    expect([financial[6], financial[7]]).toEqual([yuan(fin), yuan(fin)]);

    const accounts = await accountant.ok('export.accounts', { bookId });
    const ar = rowsOf((await readBack(accounts.id)).workbook.worksheets[0]!);
    expect([...new Set(ar[1]!.filter(Boolean))]).toEqual(['编制单位：青山镇人民政府', '启用期间 2026年01期']);
    expect(ar.find((r) => r[0] === '1011')!.slice(0, 3)).toEqual(['1011', '零余额账户用款额度', 1]);
  });

  it('refuses an unknown account with a Chinese message and leaves no file behind', async () => {
    const { book, accountant } = await postedScenario();
    const error = await accountant.fails('export.ledgerDetail', { bookId: book.id, accountCode: '9999', year: 2026, fromMonth: 1, toMonth: 12 });
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: '找不到科目 9999' });
    expect((await accountant.fails('export.ledgerDetail', { bookId: book.id, accountCode: '1011', year: 2026, fromMonth: 5, toMonth: 2 })).message).toContain('月份范围不正确');
    const anonymous = await core.invoke('export.trialBalance', { bookId: book.id, year: 2026, month: 1 });
    expect(anonymous).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(resolveExportFile(dir.path, '../xiangcai.db')).toBeNull();
    expect(existsSync(`${dir.path}/exports`) ? (await import('node:fs')).readdirSync(`${dir.path}/exports`) : []).toEqual([]);
  });

  it('budget lists: 指标, 支付申请, 项目库 and 执行监控 with their 合计, only the rows shown when ids are given', async () => {
    const office = await budgetOffice(core);
    const { bookId, accountant } = office;
    await admittedProject(office);
    const first = await issueIndicator(office, { amount: 1_000_000 });
    const second = await issueIndicator(office, { amount: 500_000, docNo: '青财预〔2026〕2号', econDepCode: '30211' });
    await pay(office, first, 123_456);
    await pay(office, second, 100_000, '2026-01-21');

    const indicators = rowsOf((await readBack((await accountant.ok('export.indicators', { bookId, year: 2026 })).id)).workbook.worksheets[0]!);
    const total = indicators.at(-1)!;
    expect(total[0]).toBe('合计（2 条）');
    expect(total.slice(10, 14)).toEqual([15000, 2234.56, 0, 12765.44]);
    expect(total[14]).toBeCloseTo(2234.56 / 15000, 4); // 执行率 as a real percentage

    const one = rowsOf((await readBack((await accountant.ok('export.indicators', { bookId, year: 2026, ids: [second.id] })).id)).workbook.worksheets[0]!);
    expect(one.at(-1)![0]).toBe('合计（1 条）');
    expect(one.at(-1)![10]).toBe(5000);

    const payments = await readBack((await accountant.ok('export.payments', { bookId, year: 2026 })).id);
    const pr = rowsOf(payments.workbook.worksheets[0]!);
    expect(payments.workbook.worksheets[0]!.getCell('A1').value).toBe('支付申请');
    expect(pr.at(-1)!.slice(1, 2)).toEqual(['合计（2 笔）']);
    expect(pr.at(-1)![6]).toBe(2234.56);

    const projects = rowsOf((await readBack((await accountant.ok('export.projects', { bookId, year: 2026 })).id)).workbook.worksheets[0]!);
    expect(projects.find((r) => r[0] === 'P2026-001')!.slice(7, 9)).toEqual([500000, 800000]);

    const execution = await readBack((await accountant.ok('export.execution', { bookId, year: 2026, asOf: '2026-06-30', by: 'indicator' })).id);
    const er = rowsOf(execution.workbook.worksheets[0]!);
    expect(execution.workbook.worksheets[0]!.getCell('A1').value).toBe('预算执行情况（按指标）');
    expect(er.at(-1)!.slice(0, 5)).toEqual(['合计', 15000, 2234.56, 0, 12765.44]);
    expect(er.at(-1)![6]).toBe(0.5); // 序时进度 at the end of June
  });
});

describe('Excel export of a screen table', () => {
  it('writes the columns and rows the screen sends, money from fen, and refuses a ragged row', async () => {
    const { book, accountant } = await twoPersonOffice(core);
    const exported = await accountant.ok('export.table', {
      bookId: book.id,
      title: '调整调剂',
      period: '2026年度',
      columns: [
        { header: '文号', kind: 'text' },
        { header: '净变动', kind: 'money' },
        { header: '生效日期', kind: 'date' },
      ],
      rows: [
        { cells: ['青财调〔2026〕1号', 123456, '2026-03-01'] },
        { cells: ['合计', 123456, null], total: true },
      ],
    });
    expect(exported.fileName).toBe('调整调剂_青山镇人民政府_2026年度.xlsx');
    const { workbook } = await readBack(exported.id);
    const ws = workbook.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('调整调剂');
    expect(ws.getCell('B4').value).toBe(1234.56);
    expect(ws.getCell('B4').numFmt.startsWith('#,##0.00')).toBe(true);
    expect(ws.getCell('C4').value).toBeInstanceOf(Date);
    expect(ws.getCell('A5').font.bold).toBe(true);
    const error = await accountant.fails('export.table', { bookId: book.id, title: '调整调剂', columns: [{ header: '文号', kind: 'text' }], rows: [{ cells: ['a', 'b'] }] });
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('第 1 行有 2 个单元格，应为 1 个') });
  });
});
