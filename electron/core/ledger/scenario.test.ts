import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatementData, TrialBalance } from '../../../shared/api/types';
import { tempDir } from '../../../test/helpers/tmp';
import { scenarioExpected, scenarioSaveInput, scenarioVouchers, twoPersonOffice } from '../../../test/helpers/ledger';
import { openCore, type Core } from '../index';

// The worked examples of domain.md (scenarios/township-basic.json) posted through the
// command API, then the 科目余额表 and statements asserted line by line.
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

const values = (s: StatementData) => Object.fromEntries(s.lines.map((l) => [l.key, l.value]));

function firstLevelClosing(tb: TrialBalance, track: 'financial' | 'budget') {
  return Object.fromEntries(
    tb.rows.filter((r) => r.level === 1 && r.track === track).map((r) => [r.code, r.closingDebit - r.closingCredit]),
  );
}

describe('township-basic scenario through the command API', () => {
  it('posts the nine vouchers and yields the expected trial balance and statements', async () => {
    const { book, accountant, reviewer } = await twoPersonOffice(core);
    const ids: string[] = [];
    for (const v of scenarioVouchers) {
      const saved = await accountant.ok('voucher.save', scenarioSaveInput(book.id, v));
      expect(saved.warnings).toEqual([]);
      ids.push(saved.voucher.id);
    }
    const listed = await accountant.ok('voucher.list', { bookId: book.id, year: 2026, month: 1 });
    expect(listed.map((v) => v.label)).toEqual(['记-0001', '记-0002', '记-0003', '记-0004', '记-0005', '记-0006', '记-0007', '记-0008', '记-0009']);

    expect(await reviewer.ok('voucher.review', { bookId: book.id, ids })).toEqual({ done: ids, failed: [] });
    expect(await accountant.ok('voucher.post', { bookId: book.id, ids })).toEqual({ done: ids, failed: [] });

    const tb = await accountant.ok('ledger.trialBalance', { bookId: book.id, year: 2026, month: 1 });
    for (const track of ['financial', 'budget'] as const) {
      const expected = scenarioExpected.trial_balance_closing_first_level[track] as Record<string, { debit?: number; credit?: number }>;
      const actual = firstLevelClosing(tb, track);
      for (const [code, side] of Object.entries(expected)) {
        expect(actual[code] ?? 0, `${track} ${code}`).toBe((side.debit ?? 0) - (side.credit ?? 0));
      }
      // No first-level balance the scenario does not expect.
      for (const [code, net] of Object.entries(actual)) if (net !== 0) expect(Object.keys(expected), code).toContain(code);
      expect(tb.totals[track].closingDebit).toBe(scenarioExpected.track_totals[track].debit);
      expect(tb.totals[track].closingCredit).toBe(scenarioExpected.track_totals[track].credit);
      expect(tb.totals[track].periodDebit).toBe(tb.totals[track].periodCredit);
    }
    // Leaf detail: 220101 accrued 80,000 and was cleared by 15,000 + 65,000.
    expect(tb.rows.find((r) => r.code === '220101')).toMatchObject({ periodDebit: 8000000, periodCredit: 8000000, closingDebit: 0, closingCredit: 0 });

    const get = (id: 'incomeExpense' | 'budgetRevenueExpenditure' | 'balanceSheet' | 'budgetSurplusReconciliation') =>
      accountant.ok('statement.get', { bookId: book.id, id, year: 2026, month: 1 });
    const income = await get('incomeExpense');
    expect(values(income)).toMatchObject({ totalRevenue: 22100000, totalExpenses: 8330000, surplus: 13770000 });
    const budget = await get('budgetRevenueExpenditure');
    expect(values(budget)).toMatchObject({ totalRevenue: 22100000, totalExpenditure: 8920000, balance: 13180000 });
    const sheet = await get('balanceSheet');
    const e = scenarioExpected['资产负债表_before_closing'];
    expect(values(sheet)).toMatchObject({
      cash: e['货币资金'],
      fixedAssetsCost: e['固定资产原值'],
      fixedAssetsDepreciation: e['固定资产累计折旧'],
      fixedAssetsNet: e['固定资产净值'],
      totalAssets: e['资产合计'],
      totalLiabilities: e['负债合计'],
      totalNetAssets: e['净资产合计'],
    });
    expect(sheet.allChecksPass).toBe(true);
    const reconciliation = await get('budgetSurplusReconciliation');
    expect(values(reconciliation)).toMatchObject({ budgetSurplus: 13180000, addNonCurrentAssets: 600000, lessDepreciation: 10000, reconciledSurplus: 13770000, surplus: 13770000 });
    expect(reconciliation.allChecksPass).toBe(true);

    // Month-end closing: revenue and expense into 3301, then the period is locked.
    const closed = await accountant.ok('period.close', { bookId: book.id, year: 2026, month: 1 });
    expect(closed).toMatchObject({ status: 'closed', voucherCount: 10, postedCount: 10 });
    const after = await accountant.ok('ledger.trialBalance', { bookId: book.id, year: 2026, month: 1 });
    const fin = firstLevelClosing(after, 'financial');
    expect(fin['3301']).toBe(-13770000);
    expect(fin['4001'] ?? 0).toBe(0);
    expect(fin['5001'] ?? 0).toBe(0);
    expect(after.totals.financial.closingDebit).toBe(after.totals.financial.closingCredit);
    // Flows leave closing vouchers out: the month's revenue is still there after closing.
    expect(values(await get('incomeExpense'))).toMatchObject({ totalRevenue: 22100000, surplus: 13770000 });
    const sheetAfter = await get('balanceSheet');
    expect(values(sheetAfter)).toMatchObject({ totalAssets: 13770000, totalNetAssets: 13770000 });
    expect(sheetAfter.allChecksPass).toBe(true);
  });
});
