import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scenarioSaveInput, scenarioVouchers, twoPersonOffice } from '../../../test/helpers/ledger';
import { tempDir } from '../../../test/helpers/tmp';
import { openCore, type Core } from '../index';

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

describe('books', () => {
  it('总账 shows the opening line and each month with year-to-date and balance', async () => {
    const { book, accountant } = await postedScenario();
    const gl = await accountant.ok('ledger.general', { bookId: book.id, accountCode: '1011', year: 2026 });
    expect(gl.rows).toEqual([
      { month: 0, label: '年初余额', debit: 0, credit: 0, ytdDebit: 0, ytdCredit: 0, balance: 0 },
      { month: 1, label: '1月 本月合计', debit: 10000000, credit: 1820000, ytdDebit: 10000000, ytdCredit: 1820000, balance: 8180000 },
    ]);
    const income = await accountant.ok('ledger.general', { bookId: book.id, accountCode: '4001', year: 2026 });
    expect(income.rows[1]!.balance).toBe(17100000); // credit-normal, shown positive
  });

  it('银行日记账 lists each line with its counter-accounts and a daily total', async () => {
    const { book, accountant } = await postedScenario();
    const j = await accountant.ok('ledger.journal', { bookId: book.id, accountCode: '1002', year: 2026, month: 1 });
    expect(j.rows.map((r) => [r.kind, r.date, r.summary, r.counterAccounts, r.debit, r.credit, r.balance])).toEqual([
      ['opening', '2026-01-01', '期初余额', '', 0, 0, 0],
      ['line', '2026-01-31', '收到县农业农村局专项补助（非同级财政拨款）', '4601', 5000000, 0, 5000000],
      ['day', '2026-01-31', '本日合计', '', 5000000, 0, 5000000],
      ['month', '2026-01-31', '本月合计', '', 5000000, 0, 5000000],
    ]);
    expect((await accountant.fails('ledger.journal', { bookId: book.id, accountCode: '5001', year: 2026, month: 1 })).code).toBe('RULE_VIOLATION');
  });

  it('辅助余额表 sums 行政支出 by 功能分类 and 经济分类, with names', async () => {
    const { book, accountant } = await postedScenario();
    const rows = await accountant.ok('ledger.dimensionBalance', { bookId: book.id, accountCode: '7101', year: 2026, fromMonth: 1, toMonth: 1, by: ['func', 'econ_dep'] });
    expect(rows.map((r) => [r.accountCode, r.values.func, r.values.econ_dep, r.periodDebit, r.closingNet])).toEqual([
      ['710101', '2010301', '30101', 6500000, 6500000],
      ['710101', '2010301', '30108', 1500000, 1500000],
      ['710101', '2010301', '30201', 320000, 320000],
      ['710101', '2010301', '31002', 600000, 600000],
    ]);
    expect(rows[0]!.labels.econ_dep).toBe('基本工资');
    expect(rows.reduce((sum, r) => sum + r.closingNet, 0)).toBe(8920000);
  });
});
