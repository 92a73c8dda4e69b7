import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/id';
import { exportedBytes, readXlsx, uploadFile, xlsxOf } from '../../../test/helpers/imports';
import { scenarioSaveInput, scenarioVouchers, twoPersonOffice, type Caller } from '../../../test/helpers/ledger';
import { tempDir } from '../../../test/helpers/tmp';
import { openCore, type Core } from '../index';
import { checkInvariants, describeViolations } from '../reliability/invariants';

// Export → import round trips on real SQLite files and real .xlsx files: the books of a source
// installation (opening balances, two months of vouchers with a 红字冲销, January closed) are
// exported in the import layout and imported into a fresh installation, whose 科目余额表 must
// then be identical for every month of the year.

let dirs: ReturnType<typeof tempDir>[] = [];
let cores: Core[] = [];
function newCore(): Core {
  const dir = tempDir();
  dirs.push(dir);
  const core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: '1', log: () => {}, backupSchedule: false });
  cores.push(core);
  return core;
}
beforeEach(() => {
  dirs = [];
  cores = [];
});
afterEach(() => {
  for (const core of cores) core.close();
  for (const dir of dirs) dir.cleanup();
});

const openingHeaders = ['科目编码', '科目名称', '往来单位', '期初借方余额', '期初贷方余额'];
// Amounts as Excel holds them: numbers (one with a float tail), and text with thousands separators.
const openingRows = [
  ['1002', '银行存款', null, 500000, null],
  ['1011', '零余额账户用款额度', null, 80000.5, null],
  ['1212', '应收账款', '青山建筑公司', '12,345.67', null],
  ['1212', '应收账款', '绿水农业合作社', 0.1 + 0.2, null],
  ['3001', '累计盈余', null, null, 592346.47],
  ['800102', '货币资金', null, 580000.5, null],
  ['810107', '累计结转', null, null, '580,000.50'],
];

async function importFile(caller: Caller, bookId: string, kind: 'openingBalances' | 'vouchers', bytes: Buffer, extra: { post?: boolean } = {}) {
  const uploadId = await uploadFile(caller, bytes, `${kind}.xlsx`);
  const input = kind === 'vouchers' ? { kind, bookId, uploadId, post: extra.post ?? false } : { kind, bookId, uploadId };
  const preview = await caller.ok('imports.preview', input);
  expect(preview.problems, JSON.stringify(preview.problems.slice(0, 5))).toEqual([]);
  expect(preview.canApply).toBe(true);
  return caller.ok('imports.apply', input);
}

async function postAll(office: Awaited<ReturnType<typeof twoPersonOffice>>, ids: string[]) {
  expect((await office.reviewer.ok('voucher.review', { bookId: office.book.id, ids })).failed).toEqual([]);
  expect((await office.accountant.ok('voucher.post', { bookId: office.book.id, ids })).failed).toEqual([]);
}

async function trialBalances(caller: Caller, bookId: string) {
  const out = [];
  for (let month = 1; month <= 12; month++) out.push(await caller.ok('ledger.trialBalance', { bookId, year: 2026, month }));
  return out;
}

describe('export then import gives back the same books', () => {
  it('opening balances and vouchers: 科目余额表 identical for every period, exports identical', { timeout: 60_000 }, async () => {
    const source = await twoPersonOffice(newCore());
    const bookId = source.book.id;
    await importFile(source.accountant, bookId, 'openingBalances', await xlsxOf(openingHeaders, openingRows));

    // The 科目余额表 opening column of the start period is the file.
    const tb1 = await source.accountant.ok('ledger.trialBalance', { bookId, year: 2026, month: 1 });
    const row = (code: string) => tb1.rows.find((r) => r.code === code)!;
    expect(row('1002')).toMatchObject({ openingDebit: 50000000, openingCredit: 0 });
    expect(row('1011').openingDebit).toBe(8000050);
    expect(row('1212').openingDebit).toBe(1234567 + 30);
    expect(row('3001').openingCredit).toBe(59234647);
    expect(row('800102').openingDebit).toBe(58000050);
    expect(row('810107').openingCredit).toBe(58000050);
    expect(tb1.totals.financial.openingDebit).toBe(tb1.totals.financial.openingCredit);
    expect(tb1.totals.budget.openingDebit).toBe(58000050);
    // Per counterparty, too (辅助余额表 reads the same lines).
    const byCounterparty = await source.accountant.ok('ledger.dimensionBalance', { bookId, accountCode: '1212', year: 2026, fromMonth: 1, toMonth: 1, by: ['counterparty'] });
    expect(byCounterparty.map((r) => [r.values.counterparty, r.openingNet])).toEqual([['绿水农业合作社', 30], ['青山建筑公司', 1234567]]);
    // 总账: the 年初余额 is the opening (January start).
    const general = await source.accountant.ok('ledger.general', { bookId, accountCode: '1002', year: 2026 });
    expect(general.rows[0]).toMatchObject({ label: '年初余额', balance: 50000000 });

    // January: the nine worked examples; February: three again and a 红字冲销 of January's first.
    const jan: string[] = [];
    for (const v of scenarioVouchers) jan.push((await source.accountant.ok('voucher.save', scenarioSaveInput(bookId, v, 2))).voucher.id);
    await postAll(source, jan);
    const feb: string[] = [];
    for (const v of scenarioVouchers.slice(0, 3)) feb.push((await source.accountant.ok('voucher.save', scenarioSaveInput(bookId, { ...v, date: v.date.replace('2026-01', '2026-02') }, 0))).voucher.id);
    const red = await source.accountant.ok('voucher.reverse', { bookId, id: jan[0]!, newId: uuidv7(), date: '2026-02-20' });
    feb.push(red.voucher.id);
    await postAll(source, feb);
    await source.accountant.ok('period.close', { bookId, year: 2026, month: 1 });

    const openingExport = await source.accountant.ok('imports.exportOpeningBalances', { bookId });
    const voucherExport = await source.accountant.ok('imports.exportVouchers', { bookId, year: 2026, fromMonth: 1, toMonth: 12 });
    const exported = await readXlsx(exportedBytes(cores[0]!, voucherExport));
    // Every line of the 13 vouchers (the closing voucher of January is not exported), plus the header.
    const listed = [...(await source.accountant.ok('voucher.list', { bookId, year: 2026, month: 1 })), ...(await source.accountant.ok('voucher.list', { bookId, year: 2026, month: 2 }))];
    expect(listed.filter((v) => v.kind === 'closing')).toHaveLength(1);
    const lineCount = listed.filter((v) => v.kind !== 'closing').reduce((n, v) => n + v.lines.length, 0);
    expect(exported['凭证']!.length).toBe(1 + lineCount);
    expect(exported['凭证']![0]!.slice(0, 5)).toEqual(['凭证日期', '凭证字', '凭证号', '摘要', '科目编码']);
    expect(Object.keys(exported)).toEqual(['凭证', '说明']);

    // A fresh installation: import, close January the same way, compare every month.
    const target = await twoPersonOffice(newCore());
    await importFile(target.accountant, target.book.id, 'openingBalances', exportedBytes(cores[0]!, openingExport));
    const applied = await importFile(target.reviewer, target.book.id, 'vouchers', exportedBytes(cores[0]!, voucherExport), { post: true });
    expect(applied.created).toBe(13);
    await target.accountant.ok('period.close', { bookId: target.book.id, year: 2026, month: 1 });

    expect(await trialBalances(target.accountant, target.book.id)).toEqual(await trialBalances(source.accountant, bookId));
    const labels = async (caller: Caller, id: string, month: number) => (await caller.ok('voucher.list', { bookId: id, year: 2026, month })).map((v) => `${v.label} ${v.kind} ${v.status}`);
    expect(await labels(target.accountant, target.book.id, 2)).toEqual(await labels(source.accountant, bookId, 2));
    for (const id of ['incomeExpense', 'budgetRevenueExpenditure', 'balanceSheet'] as const) {
      expect(await target.accountant.ok('statement.get', { bookId: target.book.id, id, year: 2026, month: 2 })).toEqual(
        await source.accountant.ok('statement.get', { bookId, id, year: 2026, month: 2 }),
      );
    }
    // Exported again from the target: the same rows (the 说明 sheet names the unit, which is the same).
    const again = await target.accountant.ok('imports.exportVouchers', { bookId: target.book.id, year: 2026, fromMonth: 1, toMonth: 12 });
    expect((await readXlsx(exportedBytes(cores[1]!, again)))['凭证']).toEqual(exported['凭证']);
    const openingAgain = await target.accountant.ok('imports.exportOpeningBalances', { bookId: target.book.id });
    expect((await readXlsx(exportedBytes(cores[1]!, openingAgain)))['期初余额']).toEqual((await readXlsx(exportedBytes(cores[0]!, openingExport)))['期初余额']);
    // Both installations' audit chains hold (the import wrote through audited transactions), and the
    // independent invariant checker of the fault tests finds nothing (movements = posted lines, closed
    // months with their events, tracks balanced per period).
    for (const [i, core] of cores.entries()) {
      expect(core.verifyAudit().problems).toEqual([]);
      const report = checkInvariants(core.databaseFile, { dataDir: dirs[i]!.path });
      expect(describeViolations(report.violations)).toBe(describeViolations([]));
    }
  });

  it('a mid-year start: 本年累计 before the start gives 年初余额 and 本年累计; export round-trips', { timeout: 30_000 }, async () => {
    const core = newCore();
    const office = await twoPersonOffice(core);
    // twoPersonOffice starts in January: a second book starting in April.
    const { bookInput } = await import('../../../test/helpers/books');
    const book = await office.accountant.ok('book.create', bookInput({ name: '青山镇农业服务中心', unitType: '事业单位', startMonth: 4 }));
    for (const code of ['100201', '100299']) await office.accountant.ok('account.setEnabled', { bookId: book.id, code, enabled: false });
    const file = await xlsxOf(['科目编码', '期初借方余额', '期初贷方余额', '本年累计借方', '本年累计贷方'], [
      ['1002', 3000, null, 5000, 2000],
      ['3001', null, 1000, null, 1000],
      ['2302', null, 2000, 1000, 3000],
    ]);
    await importFile(office.accountant, book.id, 'openingBalances', file);
    const tb = await office.accountant.ok('ledger.trialBalance', { bookId: book.id, year: 2026, month: 4 });
    expect(tb.rows.find((r) => r.code === '1002')).toMatchObject({ openingDebit: 300000, ytdDebit: 500000, ytdCredit: 200000, closingDebit: 300000 });
    expect(tb.rows.find((r) => r.code === '2302')).toMatchObject({ openingCredit: 200000, ytdDebit: 100000, ytdCredit: 300000 });
    const general = await office.accountant.ok('ledger.general', { bookId: book.id, accountCode: '1002', year: 2026 });
    expect(general.rows[0]).toMatchObject({ label: '年初余额', balance: 0 });
    const exported = await readXlsx(exportedBytes(core, await office.accountant.ok('imports.exportOpeningBalances', { bookId: book.id })));
    const data = exported['期初余额']!.slice(1).map((r) => [r[0], r[9], r[10], r[11], r[12]]);
    expect(data).toEqual([['1002', 3000, null, 5000, 2000], ['2302', null, 2000, 1000, 3000], ['3001', null, 1000, null, 1000]]);
    // Importing the same file again changes nothing; a corrected file makes the opening that file,
    // by a correcting voucher (红字 where an amount goes down): posted vouchers are never changed.
    await importFile(office.accountant, book.id, 'openingBalances', file);
    const again = await office.accountant.ok('ledger.trialBalance', { bookId: book.id, year: 2026, month: 4 });
    expect(again).toEqual(tb);
    // The 凭证字 scheme can still change: months before the start take no new vouchers.
    await office.reviewer.ok('book.setVoucherWords', { bookId: book.id, voucherWords: 'receiptPaymentTransfer' });
    const corrected = await xlsxOf(['科目编码', '期初借方余额', '期初贷方余额', '本年累计借方', '本年累计贷方'], [
      ['1002', 2500, null, 4000, 1500],
      ['3001', null, 500, null, 500],
      ['2302', null, 2000, 1000, 3000],
    ]);
    await importFile(office.accountant, book.id, 'openingBalances', corrected);
    const fixed = await office.accountant.ok('ledger.trialBalance', { bookId: book.id, year: 2026, month: 4 });
    expect(fixed.rows.find((r) => r.code === '1002')).toMatchObject({ openingDebit: 250000, ytdDebit: 400000, ytdCredit: 150000 });
    expect(fixed.rows.find((r) => r.code === '3001')).toMatchObject({ openingCredit: 50000, ytdCredit: 50000 });
    expect(fixed.totals.financial.openingDebit).toBe(fixed.totals.financial.openingCredit);
    const march = await office.accountant.ok('voucher.list', { bookId: book.id, year: 2026, month: 3 });
    expect(march.map((v) => [v.label, v.kind, v.status])).toEqual([['记-0001', 'normal', 'posted'], ['转-0001', 'reversal', 'posted']]);
    const reExported = await readXlsx(exportedBytes(core, await office.accountant.ok('imports.exportOpeningBalances', { bookId: book.id })));
    expect(reExported['期初余额']!.slice(1).map((r) => [r[0], r[9], r[10], r[11], r[12]])).toEqual([['1002', 2500, null, 4000, 1500], ['2302', null, 2000, 1000, 3000], ['3001', null, 500, null, 500]]);
    expect(core.verifyAudit().problems).toEqual([]);
    expect(describeViolations(checkInvariants(core.databaseFile, { dataDir: dirs[0]!.path }).violations)).toBe(describeViolations([]));
  });
});

describe('templates', () => {
  it('each template: the data sheet with its header, drop-downs and notes, a 说明 sheet with the example; empty it imports nothing', async () => {
    const core = newCore();
    const office = await twoPersonOffice(core);
    const ExcelJS = (await import('exceljs')).default;
    for (const kind of ['openingBalances', 'accounts', 'vouchers', 'indicators'] as const) {
      const file = await office.accountant.ok('imports.template', { bookId: office.book.id, kind });
      expect(file.fileName).toMatch(/导入模板\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(exportedBytes(core, file) as never);
      const [data, guide] = workbook.worksheets;
      expect(guide!.name).toBe('说明');
      expect(data!.getRow(1).getCell(1).note).toBeTruthy();
      expect(data!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const texts: string[] = [];
      guide!.eachRow((row) => texts.push(String(row.getCell(1).value ?? '')));
      expect(texts).toContain('导入规则');
      expect(texts.some((t) => t.startsWith('示例'))).toBe(true);
      if (kind === 'vouchers') {
        expect(data!.getRow(1).values).toEqual([undefined, '凭证日期', '凭证字', '凭证号', '摘要', '科目编码', '科目名称', '支出功能分类', '部门经济分类', '政府经济分类', '项目', '资金性质', '往来单位', '部门', '借方金额', '贷方金额', '附单据张数']);
        expect(data!.getCell('B2').dataValidation).toMatchObject({ type: 'list', formulae: ['"记,收,付,转"'] });
        expect(data!.getCell('B1001').dataValidation).toMatchObject({ type: 'list' });
      }
      if (kind === 'indicators') expect(data!.getCell('K500').dataValidation).toMatchObject({ type: 'list', formulae: ['"直接支付,授权支付"'] });
      // The template as downloaded is recognised, and says it holds no rows.
      const input = kind === 'indicators'
        ? { kind, bookId: office.book.id, uploadId: await uploadFile(office.accountant, exportedBytes(core, file)), issueDate: '2026-01-06' }
        : { kind, bookId: office.book.id, uploadId: await uploadFile(office.accountant, exportedBytes(core, file)) };
      const preview = await office.accountant.ok('imports.preview', input);
      expect(preview.problems.map((p) => p.message)).toEqual(['文件中没有数据行（表头下面是空的）']);
    }
  });
});
