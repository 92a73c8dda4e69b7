import { describe, expect, it } from 'vitest';
import { accumulate } from './balances';
import { balanceSheetDefinition, incomeExpenseStatementDefinition } from './financialStatements';
import { seedLedgerAccounts } from './fixtures/seedChart';
import { findStatementDefinition, statementDefinitions } from './statementRegistry';
import {
  type StatementDefinition,
  createBalanceLookup,
  definitionProblems,
  evaluateStatement,
  statementValues,
} from './statements';

const toy: StatementDefinition = {
  id: 'toy',
  title: '示例',
  code: 'T01',
  lines: [
    { key: 'cost', label: '原值', formula: [{ account: '1601', sign: 1, basis: 'closing' }] },
    { key: 'depreciation', label: '减：累计折旧', formula: [{ account: '1602', sign: -1, basis: 'closing' }] },
    { key: 'net', label: '净值', formula: { sum: ['cost', '-depreciation'] } },
    { key: 'expense', label: '费用', formula: [{ account: '5', sign: 1, basis: 'period' }] },
  ],
  checks: [{ label: '净值 = 原值 − 折旧', left: ['net'], right: ['cost', '-depreciation'] }],
};

const closing = new Map([
  ['160103', { debit: 600000, credit: 0 }],
  ['1602', { debit: 0, credit: 10000 }],
  ['5001', { debit: 300, credit: 0 }],
]);
const period = new Map([['5001', { debit: 100, credit: 0 }]]);
const ytd = new Map([['5001', { debit: 300, credit: 0 }]]);

describe('evaluateStatement', () => {
  it('adds account terms by prefix with signs, and sums lines', () => {
    const result = evaluateStatement(toy, createBalanceLookup({ closing, period, ytd }));
    expect(statementValues(result)).toEqual({ cost: 600000, depreciation: 10000, net: 590000, expense: 100 });
    expect(result.checks).toEqual([{ label: '净值 = 原值 − 折旧', left: 590000, right: 590000, difference: 0, pass: true }]);
    expect(result.lines[0]).toEqual({ key: 'cost', label: '原值', indent: 0, hidden: false, value: 600000 });
  });

  it('flowBasis switches period terms to 本年累计', () => {
    const result = evaluateStatement(toy, createBalanceLookup({ closing, period, ytd }), { flowBasis: 'ytd' });
    expect(statementValues(result).expense).toBe(300);
  });

  it('reports a failing check with its difference', () => {
    // An unbalanced posting (never allowed by validateVoucherLines) breaks the balance sheet.
    const broken = accumulate([{ accountCode: '1011', debit: 500, credit: 0 }]);
    const result = evaluateStatement(balanceSheetDefinition, createBalanceLookup({ closing: broken }));
    expect(result.allChecksPass).toBe(false);
    expect(result.checks[0]).toMatchObject({ left: 500, right: 0, difference: 500, pass: false });
  });

  it('refuses malformed definitions', () => {
    const bad: StatementDefinition = {
      ...toy,
      lines: [
        ...toy.lines,
        { key: 'net', label: '重复', formula: { sum: [] } },
        { key: 'a', label: 'a', formula: { sum: ['b'] } },
        { key: 'b', label: 'b', formula: { sum: ['-a', 'missing'] } },
      ],
      checks: [{ label: 'x', left: ['nowhere'], right: [] }],
    };
    expect(definitionProblems(bad)).toEqual([
      'toy: duplicate line key net',
      'toy.b: unknown line missing',
      'toy check x: unknown line nowhere',
      'toy: cycle through a',
    ]);
    expect(() => evaluateStatement(bad, () => 0)).toThrow('报表定义有误');
  });

  it('a basis without data is a programming error', () => {
    expect(() => evaluateStatement(incomeExpenseStatementDefinition, createBalanceLookup({ closing }))).toThrow(
      '没有提供“period”口径的余额数据',
    );
  });
});

describe('statement definitions', () => {
  it('are all well formed, with unique ids', () => {
    for (const def of statementDefinitions) expect(definitionProblems(def), def.id).toEqual([]);
    expect(new Set(statementDefinitions.map((d) => d.id)).size).toBe(statementDefinitions.length);
    expect(statementDefinitions.map((d) => `${d.code} ${d.title}`)).toEqual([
      '会政财01 资产负债表',
      '会政财02 收入费用表',
      '会政财03 净资产变动表',
      '会政预01 预算收入支出表',
      '会政预02 预算结转结余变动表',
      '会政预03 财政拨款预算收入支出表',
      '附注 本年预算结余与本年盈余差异调节表',
    ]);
    expect(findStatementDefinition('balanceSheet')).toBe(balanceSheetDefinition);
  });

  it('the balance sheet shows every first-level balance-sheet account of the chart exactly once', () => {
    const chart = seedLedgerAccounts();
    const printed = balanceSheetDefinition.lines.filter((l) => Array.isArray(l.formula) && !l.label.includes('本期盈余'));
    for (const account of chart.values()) {
      if (account.code.length !== 4 || !/^[123]/.test(account.code) || ['3301', '3302'].includes(account.code)) continue;
      const hits = printed.filter((l) =>
        (l.formula as readonly { account: string }[]).some((t) => t.account === account.code),
      );
      expect(hits.map((l) => l.key), account.code).toHaveLength(1);
    }
  });
});
