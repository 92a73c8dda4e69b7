import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accumulate, netDebit } from './balances';
import {
  type ClosingBalance,
  assertBalancedPerTrack,
  closingLines,
  monthEndClosingLines,
  yearEndBudgetCarryForwardLines,
  yearEndBudgetClosingLines,
  yearEndFinancialClosingLines,
} from './closing';
import { balanceSheetDefinition, incomeExpenseStatementDefinition } from './financialStatements';
import { SCENARIO_UNOPENED_SUBACCOUNTS, scenarioVouchers } from './fixtures/scenario';
import { leafCodes, seedLedgerAccounts } from './fixtures/seedChart';
import { statementDefinitions } from './statementRegistry';
import { createBalanceLookup, evaluateStatement, statementValues } from './statements';
import type { Posting, VoucherLineInput } from './types';
import { trackTotals, validateVoucherLines } from './voucherRules';

const fullChart = seedLedgerAccounts();
const leaves = leafCodes(fullChart);
const scenarioChart = seedLedgerAccounts({ unitType: '行政单位', omit: SCENARIO_UNOPENED_SUBACCOUNTS });
const scenarioLines = scenarioVouchers().flatMap((v) => v.lines);

/** Balances per account and full dimension set, as a dimension-aware ledger keeps them. */
function balancesWithDims(lines: readonly VoucherLineInput[]): ClosingBalance[] {
  const byKey = new Map<string, ClosingBalance>();
  for (const l of lines) {
    const key = `${l.accountCode}|${JSON.stringify(Object.entries(l.dims ?? {}).sort())}`;
    const current = byKey.get(key);
    if (current) {
      current.debit += l.debit;
      current.credit += l.credit;
    } else {
      byKey.set(key, { accountCode: l.accountCode, debit: l.debit, credit: l.credit, ...(l.dims ? { dims: l.dims } : {}) });
    }
  }
  return [...byKey.values()];
}

const net = (postings: readonly Posting[], prefix: string): number =>
  [...accumulate(postings)].filter(([c]) => c.startsWith(prefix)).reduce((acc, [, dc]) => acc + netDebit(dc), 0);

describe('month-end closing on the scenario', () => {
  const lines = monthEndClosingLines(accumulate(scenarioLines));

  it('closes revenue and expense into 3301, debit lines first', () => {
    expect(lines).toEqual([
      { summary: '结转本期收入', accountCode: '4001', debit: 17100000, credit: 0 },
      { summary: '结转本期收入', accountCode: '4601', debit: 5000000, credit: 0 },
      { summary: '结转本期收入', accountCode: '3301', debit: 0, credit: 22100000 },
      { summary: '结转本期费用', accountCode: '3301', debit: 8330000, credit: 0 },
      { summary: '结转本期费用', accountCode: '5001', debit: 0, credit: 8330000 },
    ]);
    expect(validateVoucherLines(lines, scenarioChart, { kind: 'closing' })).toEqual({ errors: [], warnings: [] });
  });

  it('leaves the statements unchanged when period figures exclude the closing voucher', () => {
    const ytd = accumulate(scenarioLines);
    const closed = accumulate([...scenarioLines, ...lines]);
    const lookup = createBalanceLookup({ opening: new Map(), closing: closed, period: ytd, ytd });
    const sheet = evaluateStatement(balanceSheetDefinition, lookup);
    expect(statementValues(sheet)).toMatchObject({ totalAssets: 13770000, currentSurplus: 13770000 });
    expect(sheet.allChecksPass).toBe(true);
    expect(statementValues(evaluateStatement(incomeExpenseStatementDefinition, lookup)).surplus).toBe(13770000);
    for (const def of statementDefinitions) expect(evaluateStatement(def, lookup).allChecksPass, def.id).toBe(true);
  });
});

describe('year-end closing on the scenario', () => {
  const budgetLines = yearEndBudgetClosingLines(balancesWithDims(scenarioLines));

  it('budget steps 1–3: 6001/710101 → 810106, 660101 → 820104, keeping 功能分类 and project', () => {
    const targets = budgetLines.filter((l) => l.accountCode.startsWith('8'));
    expect(targets).toEqual([
      { summary: '财政拨款预算收入年末结转', accountCode: '810106', debit: 0, credit: 16500000, dims: { func: '2010301' } },
      { summary: '财政拨款预算收入年末结转', accountCode: '810106', debit: 0, credit: 600000, dims: { func: '2010301', project: 'P2026-001' } },
      { summary: '财政拨款支出年末结转', accountCode: '810106', debit: 8320000, credit: 0, dims: { func: '2010301' } },
      { summary: '财政拨款支出年末结转', accountCode: '810106', debit: 600000, credit: 0, dims: { func: '2010301', project: 'P2026-001' } },
      { summary: '非财政专项资金预算收入年末结转', accountCode: '820104', debit: 0, credit: 5000000 },
    ]);
    const after = [...scenarioLines, ...budgetLines];
    for (const prefix of ['6', '7']) expect(net(after, prefix)).toBe(0);
    expect(validateVoucherLines(budgetLines, scenarioChart, { kind: 'closing' }).errors).toEqual([]);
  });

  it('steps 4 and 6, then 8001 = 8101 + 8102 + 8201 + 8202 (domain.md budget-side invariant)', () => {
    const afterSteps13 = [...scenarioLines, ...budgetLines];
    const carry = yearEndBudgetCarryForwardLines(balancesWithDims(afterSteps13));
    const after = [...afterSteps13, ...carry];
    expect(net(after, '810106')).toBe(0);
    expect(-net(after, '810107')).toBe(8180000);
    expect(-net(after, '820105')).toBe(5000000);
    expect(net(after, '8001')).toBe(-['8101', '8102', '8201', '8202', '8301', '8401'].reduce((a, p) => a + net(after, p), 0));
  });

  it('financial: 3301 → 3302 → 3001', () => {
    const monthEnd = monthEndClosingLines(accumulate(scenarioLines));
    const before = [...scenarioLines, ...monthEnd];
    const lines = yearEndFinancialClosingLines(accumulate(before));
    expect(lines).toEqual([
      { summary: '本期盈余转入本年盈余分配', accountCode: '3301', debit: 13770000, credit: 0 },
      { summary: '本期盈余转入本年盈余分配', accountCode: '3302', debit: 0, credit: 13770000 },
      { summary: '本年盈余分配转入累计盈余', accountCode: '3302', debit: 13770000, credit: 0 },
      { summary: '本年盈余分配转入累计盈余', accountCode: '3001', debit: 0, credit: 13770000 },
    ]);
    const after = [...before, ...lines];
    expect(net(after, '33')).toBe(0);
    expect(-net(after, '3001')).toBe(13770000);
  });
});

describe('closing configuration errors', () => {
  it('refuses to leave a must-close balance unmapped', () => {
    const config = { steps: [[{ source: '6001', target: '810106', summary: 'x' }]], carryDims: [], mustClose: ['6', '7'] };
    expect(() => closingLines(new Map([['7101', { debit: 5, credit: 0 }]]), config)).toThrow('结账规则未配置科目 7101 的结转去向');
  });

  it('refuses a chain inside one step', () => {
    const config = {
      steps: [
        [
          { source: '3301', target: '3302', summary: 'a' },
          { source: '3302', target: '3001', summary: 'b' },
        ],
      ],
      carryDims: [],
      mustClose: [],
    };
    expect(() => closingLines(new Map([['3302', { debit: 0, credit: 5 }]]), config)).toThrow('请分成先后两步');
  });

  it('refuses a rule across tracks', () => {
    const config = { steps: [[{ source: '6001', target: '3301', summary: 'x' }]], carryDims: [], mustClose: [] };
    expect(() => closingLines(new Map([['6001', { debit: 0, credit: 5 }]]), config)).toThrow('不属于同一核算体系');
  });

  it('assertBalancedPerTrack throws on an unbalanced track', () => {
    expect(() => assertBalancedPerTrack([{ summary: 'x', accountCode: '3301', debit: 1, credit: 0 }])).toThrow('借贷不平');
  });
});

const balanceArb = (codes: readonly string[]) =>
  fc.array(
    fc.record({
      accountCode: fc.constantFrom(...codes),
      debit: fc.integer({ min: 0, max: 1_000_000_000 }),
      credit: fc.integer({ min: 0, max: 1_000_000_000 }),
    }),
    { maxLength: 20 },
  );

describe('closing properties', () => {
  it('month end zeroes every 4xxx/5xxx balance into 3301 and balances', () => {
    fc.assert(
      fc.property(balanceArb(leaves), (postings) => {
        const lines = monthEndClosingLines(accumulate(postings));
        const totals = trackTotals(lines, fullChart);
        expect(totals.financial.debit).toBe(totals.financial.credit);
        expect(totals.budget).toEqual({ debit: 0, credit: 0 });
        const after = [...postings, ...lines];
        for (const [code, dc] of accumulate(after)) {
          if (/^[45]/.test(code)) expect(netDebit(dc), code).toBe(0);
        }
        expect(net(after, '3301') - net(postings, '3301')).toBe(net(postings, '4') + net(postings, '5'));
        expect(validateVoucherLines(lines, fullChart, { kind: 'closing' }).errors.filter((e) => e.code !== 'TOO_FEW_LINES')).toEqual([]);
        for (const l of lines) expect((l.debit > 0) !== (l.credit > 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('year-end budget closing zeroes 6xxx/7xxx and touches neither 8001 nor the financial track', () => {
    const budgetLeaves = leafCodes(fullChart, 'budget');
    fc.assert(
      fc.property(balanceArb(budgetLeaves), (postings) => {
        const lines = yearEndBudgetClosingLines(postings);
        const after = [...postings, ...lines];
        for (const [code, dc] of accumulate(after)) if (/^[67]/.test(code)) expect(netDebit(dc), code).toBe(0);
        expect(lines.every((l) => l.accountCode !== '8001' && !l.accountCode.startsWith('8001'))).toBe(true);
        expect(new Set(lines.filter((l) => l.accountCode.startsWith('8')).map((l) => l.accountCode))).toSatisfy(
          (s: Set<string>) => [...s].every((c) => ['810106', '820104', '8401', '8501'].includes(c)),
        );
        const totals = trackTotals(lines, fullChart);
        expect(totals.budget.debit).toBe(totals.budget.credit);
        expect(totals.financial).toEqual({ debit: 0, credit: 0 });
      }),
      { numRuns: 300 },
    );
  });

  it('year-end financial closing leaves only 3001 among the net-asset accounts it closes', () => {
    fc.assert(
      fc.property(balanceArb(['3001', '3301', '3302', '3401', '3501']), (postings) => {
        const lines = yearEndFinancialClosingLines(accumulate(postings));
        const after = [...postings, ...lines];
        for (const code of ['3301', '3302', '3401', '3501']) expect(net(after, code), code).toBe(0);
        expect(net(after, '3001')).toBe(net(postings, '3'));
      }),
      { numRuns: 300 },
    );
  });
});
