import { describe, expect, it } from 'vitest';
import { accumulate, closingSide, firstLevelBalances } from './balances';
import { budgetRevenueExpenditureDefinition } from './budgetStatements';
import { balanceSheetDefinition, incomeExpenseStatementDefinition } from './financialStatements';
import { SCENARIO_UNOPENED_SUBACCOUNTS, scenarioExpected, scenarioVouchers } from './fixtures/scenario';
import { seedLedgerAccounts } from './fixtures/seedChart';
import { budgetSurplusReconciliationDefinition } from './reconciliationStatement';
import { statementDefinitions } from './statementRegistry';
import { createBalanceLookup, evaluateStatement, statementValues } from './statements';
import { trackTotals, validateVoucherLines } from './voucherRules';

const accounts = seedLedgerAccounts({ unitType: '行政单位', omit: SCENARIO_UNOPENED_SUBACCOUNTS });
const vouchers = scenarioVouchers();
const allLines = vouchers.flatMap((v) => v.lines);
const balances = accumulate(allLines);
// One month, no opening balances, no closing vouchers: closing = period = ytd.
const lookup = createBalanceLookup({ opening: new Map(), closing: balances, period: balances, ytd: balances });
const valuesOf = (def: Parameters<typeof evaluateStatement>[0]) => {
  const result = evaluateStatement(def, lookup);
  return { result, values: statementValues(result) };
};

describe('township-basic scenario (2026-01)', () => {
  it('has nine vouchers', () => {
    expect(vouchers).toHaveLength(9);
  });

  it.each(vouchers.map((v) => [v.summary, v] as const))('%s: valid, no 平行记账 warning', (_summary, voucher) => {
    const result = validateVoucherLines(voucher.lines, accounts, {
      classificationCodes: {
        func: new Set(['2010301']),
        econ_dep: new Set(['30101', '30108', '30201', '31002']),
      },
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  // The scenario's track_totals are the 期末余额 columns of the trial balance (debit-side
  // balances vs credit-side balances per track), not the 发生额 that trackTotals sums.
  it('track_totals: closing balances of the trial balance agree per track', () => {
    const totals = { financial: { debit: 0, credit: 0 }, budget: { debit: 0, credit: 0 } };
    for (const [code, dc] of firstLevelBalances(balances)) {
      const track = accounts.get(code)!.track;
      const { side, amount } = closingSide(dc.debit, dc.credit);
      if (side === '借') totals[track].debit += amount;
      if (side === '贷') totals[track].credit += amount;
    }
    expect(totals).toEqual(scenarioExpected.track_totals);
  });

  it('发生额 per track balance (trackTotals)', () => {
    const turnover = trackTotals(allLines, accounts);
    expect(turnover.financial.debit).toBe(turnover.financial.credit);
    expect(turnover.budget.debit).toBe(turnover.budget.credit);
    // 10,000,000 + 320,000 + 6,500,000 + 1,500,000 + 600,000 + 5,000,000
    expect(turnover.budget.debit).toBe(23920000);
  });

  it('first-level trial balance matches, per track, with nothing else left over', () => {
    const firstLevel = firstLevelBalances(balances);
    for (const track of ['financial', 'budget'] as const) {
      const expected = scenarioExpected.trial_balance_closing_first_level[track] as Record<
        string,
        { debit?: number; credit?: number }
      >;
      for (const [code, side] of Object.entries(expected)) {
        const dc = firstLevel.get(code) ?? { debit: 0, credit: 0 };
        const actual = closingSide(dc.debit, dc.credit);
        if (side.debit !== undefined && side.debit > 0) expect(actual, code).toEqual({ side: '借', amount: side.debit });
        else if (side.credit !== undefined && side.credit > 0) expect(actual, code).toEqual({ side: '贷', amount: side.credit });
        else expect(actual, code).toEqual({ side: '平', amount: 0 });
        expect(accounts.get(code)?.track).toBe(track);
      }
      for (const [code, dc] of firstLevel) {
        if (accounts.get(code)?.track === track && dc.debit !== dc.credit) expect(Object.keys(expected)).toContain(code);
      }
    }
  });

  it('收入费用表', () => {
    const { result, values } = valuesOf(incomeExpenseStatementDefinition);
    const e = scenarioExpected['收入费用表'];
    expect(values.totalRevenue).toBe(e['本期收入']);
    expect(values.totalExpenses).toBe(e['本期费用']);
    expect(values.surplus).toBe(e['本期盈余']);
    expect(values.fiscalAppropriation).toBe(17100000);
    expect(values.nonSameLevelAppropriation).toBe(5000000);
    expect(result.allChecksPass).toBe(true);
  });

  it('预算收入支出表', () => {
    const { result, values } = valuesOf(budgetRevenueExpenditureDefinition);
    const e = scenarioExpected['预算收入支出表'];
    expect(values.totalRevenue).toBe(e['本年预算收入']);
    expect(values.totalExpenditure).toBe(e['本年预算支出']);
    expect(values.balance).toBe(e['本年预算收支差额']);
    expect(values.administrativeExpenditure).toBe(8920000);
    expect(result.allChecksPass).toBe(true);
  });

  it('资产负债表 before closing', () => {
    const { result, values } = valuesOf(balanceSheetDefinition);
    const e = scenarioExpected['资产负债表_before_closing'];
    expect(values.cash).toBe(e['货币资金']);
    expect(values.fixedAssetsCost).toBe(e['固定资产原值']);
    expect(values.fixedAssetsDepreciation).toBe(e['固定资产累计折旧']);
    expect(values.fixedAssetsNet).toBe(e['固定资产净值']);
    expect(values.totalAssets).toBe(e['资产合计']);
    expect(values.totalLiabilities).toBe(e['负债合计']);
    expect(values.totalNetAssets).toBe(e['净资产合计']);
    expect(values.currentSurplus).toBe(e['净资产合计']);
    expect(result.checks).toEqual([
      { label: '资产总计 = 负债和净资产总计', left: 13770000, right: 13770000, difference: 0, pass: true },
    ]);
  });

  it('预算结余与盈余差异调节', () => {
    const { result, values } = valuesOf(budgetSurplusReconciliationDefinition);
    const e = scenarioExpected['预算结余与盈余差异调节'];
    expect(values.budgetSurplus).toBe(e['本年预算结余']);
    expect(values.addNonCurrentAssets).toBe(e['加_购置固定资产的预算支出']);
    expect(values.lessDepreciation).toBe(e['减_固定资产折旧费用']);
    expect(values.reconciledSurplus).toBe(e['本年盈余']);
    expect(values.surplus).toBe(e['本年盈余']);
    for (const key of ['addOtherAssets', 'lessLiabilities', 'addNonBudgetCash', 'lessDirectNetAssets', 'addDirectBudgetBalances']) {
      expect(values[key], key).toBe(0);
    }
    expect(result.allChecksPass).toBe(true);
  });

  it('every statement evaluates and its checks pass', () => {
    for (const def of statementDefinitions) {
      const result = evaluateStatement(def, lookup);
      expect(result.checks.filter((c) => !c.pass), def.id).toEqual([]);
    }
  });

  it('预算结转结余变动表 and 财政拨款预算收入支出表 before 年终结转', () => {
    const carry = statementValues(evaluateStatement(statementDefinitions.find((d) => d.id === 'budgetCarryForwardChanges')!, lookup));
    expect(carry.fiscalNet).toBe(17100000 - 8920000);
    expect(carry.otherNet).toBe(5000000);
    expect(carry.totalClosing).toBe(13180000);
    expect(carry.fundBalance).toBe(13180000);
    const fiscal = statementValues(evaluateStatement(statementDefinitions.find((d) => d.id === 'fiscalAppropriationBudget')!, lookup));
    expect(fiscal).toMatchObject({
      revenue: 17100000,
      revenuePersonnel: 6500000,
      revenueOperating: 10000000,
      revenueProjects: 600000,
      expenditure: 8920000,
      closing: 8180000,
    });
  });
});

describe('scenario against the full seed chart', () => {
  // The scenario says it posts to leaves "first-level codes where coa.json lists no customary
  // sub-account", yet coa.json lists 400101/400102 and 100201/100299. With every seed
  // sub-account opened, 4001 and 1002 are parents and the leaf rule rejects them.
  it('rejects 4001 and 1002 when their seed sub-accounts are opened', () => {
    const full = seedLedgerAccounts({ unitType: '行政单位' });
    const first = vouchers[0]!;
    const { errors } = validateVoucherLines(first.lines, full);
    expect(errors.map((e) => e.message)).toEqual(['第2行：只能记入末级科目：4001 财政拨款收入 下设明细科目']);
  });
});
