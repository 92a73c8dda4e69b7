import { describe, expect, it } from 'vitest';
import { seedLedgerAccounts } from './fixtures/seedChart';
import { checkParallelEntry, defaultParallelRuleConfig } from './parallelEntry';
import type { VoucherLineInput } from './types';
import { validateVoucherLines } from './voucherRules';

const accounts = seedLedgerAccounts({ unitType: '行政单位' });
const dr = (accountCode: string, debit: number): VoucherLineInput => ({ summary: '测试', accountCode, debit, credit: 0 });
const cr = (accountCode: string, credit: number): VoucherLineInput => ({ summary: '测试', accountCode, debit: 0, credit });
const B = { func: '2010301', econ_dep: '30101' };
const codes = (lines: VoucherLineInput[]) => checkParallelEntry(lines, accounts).map((w) => w.code);

describe('平行记账 warnings', () => {
  it('salary accrual (5001 / 2201) needs no budget entry', () => {
    const lines = [dr('5001', 8000000), cr('220101', 8000000)];
    expect(validateVoucherLines(lines, accounts)).toEqual({ errors: [], warnings: [] });
  });

  it('a 1011 payment without budget lines gives PARALLEL_MISSING', () => {
    const lines = [dr('220105', 800000), cr('1011', 800000)];
    const { errors, warnings } = validateVoucherLines(lines, accounts);
    expect(errors).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.code).toBe('PARALLEL_MISSING');
    expect(warnings[0]!.message).toContain('1011 零余额账户用款额度');
  });

  it('财政直接支付 (Dr 2201 / Cr 4001) without budget lines gives PARALLEL_MISSING', () => {
    expect(codes([dr('220101', 100), cr('4001', 100)])).toEqual(['PARALLEL_MISSING']);
  });

  it('money due to the treasury (2103), 转拨 (2307) and 受托代理 need no budget entry', () => {
    expect(codes([dr('100201', 100), cr('2103', 100)])).toEqual([]);
    expect(codes([dr('100201', 100), cr('2307', 100)])).toEqual([]);
    expect(codes([dr('100299', 100), cr('2901', 100)])).toEqual([]);
    expect(codes([dr('1891', 100), cr('2901', 100)])).toEqual([]);
  });

  it('one non-exempt counter-account is enough to expect a budget entry', () => {
    expect(codes([dr('100201', 100), cr('2103', 60), cr('4609', 40)])).toEqual(['PARALLEL_MISSING']);
  });

  it('moves between cash accounts are not flagged', () => {
    expect(codes([dr('100101', 100), cr('100201', 100)])).toEqual([]);
  });

  it('non-cash items (depreciation) are not flagged', () => {
    expect(codes([dr('5001', 100), cr('1602', 100)])).toEqual([]);
  });

  it('budget lines without any trigger give PARALLEL_UNEXPECTED', () => {
    const lines = [dr('5001', 100), cr('220101', 100), { ...dr('710101', 100), dims: B }, cr('800101', 100)];
    expect(codes(lines)).toEqual(['PARALLEL_UNEXPECTED']);
  });

  it('budget-only 8xxx transfers are not PARALLEL_UNEXPECTED', () => {
    expect(codes([dr('810105', 100), cr('810203', 100)])).toEqual([]);
  });

  it('a 受托代理 cash sub-account is not a trigger, so budget lines there are unexpected', () => {
    expect(codes([dr('100299', 100), cr('2901', 100), { ...dr('710101', 100), dims: B }, cr('800102', 100)])).toEqual([
      'PARALLEL_UNEXPECTED',
    ]);
  });

  it('the lists are configurable', () => {
    const config = { ...defaultParallelRuleConfig, exemptions: [...defaultParallelRuleConfig.exemptions, { prefix: '1218', reason: '备用金' }] };
    const lines = [dr('1218', 100), cr('100101', 100)];
    expect(checkParallelEntry(lines, accounts)).toHaveLength(1);
    expect(checkParallelEntry(lines, accounts, config)).toEqual([]);
    expect(validateVoucherLines(lines, accounts, { parallel: config }).warnings).toEqual([]);
  });

  it('default configuration follows domain.md', () => {
    expect(defaultParallelRuleConfig.triggerPrefixes).toEqual(['4001', '1011', '1001', '1002', '1021']);
    expect(defaultParallelRuleConfig.exemptions.map((e) => e.prefix)).toEqual(['2103', '2307', '1891', '2901', '100199', '100299']);
  });
});
