import { describe, expect, it } from 'vitest';
import { seedLedgerAccounts } from './fixtures/seedChart';
import type { VoucherLineInput } from './types';
import { trackTotals, validateVoucherLines } from './voucherRules';

const accounts = seedLedgerAccounts({ unitType: '行政单位', disabled: ['1021', '102101', '102102', '102103', '102104'] });

const dr = (accountCode: string, debit: number, dims?: VoucherLineInput['dims']): VoucherLineInput => ({
  summary: '测试',
  accountCode,
  debit,
  credit: 0,
  ...(dims ? { dims } : {}),
});
const cr = (accountCode: string, credit: number, dims?: VoucherLineInput['dims']): VoucherLineInput => ({
  summary: '测试',
  accountCode,
  debit: 0,
  credit,
  ...(dims ? { dims } : {}),
});
const messages = (lines: VoucherLineInput[], kind?: 'normal' | 'redReversal' | 'closing') =>
  validateVoucherLines(lines, accounts, kind ? { kind } : {}).errors.map((e) => e.message);

const officeSupplies = [
  dr('5001', 320000),
  cr('1011', 320000),
  dr('710101', 320000, { func: '2010301', econ_dep: '30201' }),
  cr('800101', 320000),
];

describe('validateVoucherLines', () => {
  it('accepts a balanced dual-track voucher', () => {
    expect(validateVoucherLines(officeSupplies, accounts)).toEqual({ errors: [], warnings: [] });
  });

  it('needs at least two lines', () => {
    expect(messages([dr('5001', 100)])).toContain('凭证至少需要两行分录');
    expect(messages([])).toEqual(['凭证至少需要两行分录']);
  });

  it('reports each track unbalanced on its own, amounts formatted in 元', () => {
    const lines = [dr('5001', 123400), cr('1011', 100000), dr('710101', 500, { func: '2010301', econ_dep: '30201' }), cr('800101', 400)];
    expect(messages(lines)).toEqual([
      '财务会计分录借贷不平：借方 1,234.00，贷方 1,000.00',
      '预算会计分录借贷不平：借方 5.00，贷方 4.00',
    ]);
  });

  it('does not let one track make up for the other', () => {
    // Totals over both tracks agree (1,000 = 1,000) but each track is off.
    const lines = [dr('5001', 600), cr('1011', 400), dr('710101', 400, { func: '2010301', econ_dep: '30201' }), cr('800101', 600)];
    const errs = validateVoucherLines(lines, accounts).errors;
    expect(errs.map((e) => e.code)).toEqual(['TRACK_UNBALANCED', 'TRACK_UNBALANCED']);
    expect(errs.map((e) => e.field)).toEqual(['financial', 'budget']);
  });

  it('rejects blank, zero, two-sided, negative and non-integer amounts', () => {
    const blank: VoucherLineInput = { summary: '', accountCode: '', debit: 0, credit: 0 };
    expect(messages([dr('5001', 100), cr('1011', 100), blank])).toEqual(['第3行是空行，请填写或删除']);
    expect(messages([dr('5001', 0), cr('1011', 0)])).toEqual([
      '第1行：借方和贷方金额不能都为零',
      '第2行：借方和贷方金额不能都为零',
    ]);
    expect(messages([{ ...dr('5001', 100), credit: 100 }, cr('1011', 0)])).toEqual([
      '第1行：借方和贷方只能填写一方',
      '第2行：借方和贷方金额不能都为零',
    ]);
    expect(messages([dr('5001', -100), cr('1011', -100)])).toEqual([
      '第1行：金额不能为负数（更正已记账凭证请使用红字冲销）',
      '第2行：金额不能为负数（更正已记账凭证请使用红字冲销）',
    ]);
    expect(messages([dr('5001', 10.5), cr('1011', 10.5)])).toEqual([
      '第1行：金额必须是以“分”为单位的整数',
      '第2行：金额必须是以“分”为单位的整数',
    ]);
    expect(messages([dr('5001', Number.MAX_SAFE_INTEGER), dr('5001', 1), cr('1011', 1)])).toContain(
      '财务会计分录合计金额超出允许范围',
    );
  });

  it('allows negative amounts on a 红字冲销 voucher', () => {
    expect(messages([dr('5001', -100), cr('1011', -100)], 'redReversal')).toEqual([]);
  });

  it('checks 摘要', () => {
    expect(messages([{ ...dr('5001', 100), summary: '  ' }, cr('1011', 100)])).toEqual(['第1行：请填写摘要']);
    expect(messages([{ ...dr('5001', 100), summary: '字'.repeat(100) }, cr('1011', 100)])).toEqual([]);
    expect(messages([{ ...dr('5001', 100), summary: '字'.repeat(101) }, cr('1011', 100)])).toEqual([
      '第1行：摘要不能超过100个字',
    ]);
  });

  it('checks the account: present, known, enabled, leaf', () => {
    expect(messages([dr('', 100), cr('1011', 100)])).toEqual(['第1行：请选择会计科目']);
    expect(messages([dr('5999', 100), cr('1011', 100)])).toEqual(['第1行：科目 5999 不存在']);
    expect(messages([dr('102101', 100), cr('1011', 100)])).toEqual(['第1行：科目 102101 外埠存款 已停用']);
    expect(messages([dr('1001', 100), cr('1011', 100)])).toEqual(['第1行：只能记入末级科目：1001 库存现金 下设明细科目']);
    // 1021's sub-accounts are all disabled, but so is 1021 itself.
    expect(messages([dr('1021', 100), cr('1011', 100)])).toEqual(['第1行：科目 1021 其他货币资金 已停用']);
  });

  it('checks required dimensions with the line number', () => {
    const lines = [dr('5001', 100), cr('1011', 100), dr('710101', 100, { func: '20103' }), cr('800101', 100)];
    const errs = validateVoucherLines(lines, accounts).errors;
    expect(errs).toEqual([
      { code: 'DIM_REQUIRED', line: 2, field: 'dims.econ_dep', message: '第3行：科目 710101 财政拨款支出 须填写辅助核算“部门经济分类”' },
      { code: 'DIM_LEVEL', line: 2, field: 'dims.func', message: '第3行：支出功能分类须细化到项级（7位代码），“20103”不符合' },
    ]);
  });

  it('checks classification codes against the year’s tables', () => {
    const lines = [...officeSupplies.slice(0, 2), dr('710101', 320000, { func: '2010399', econ_dep: '30201' }), cr('800101', 320000)];
    const result = validateVoucherLines(lines, accounts, {
      classificationCodes: { func: new Set(['2010301']), econ_dep: new Set(['30201']) },
    });
    expect(result.errors.map((e) => e.message)).toEqual(['第3行：支出功能分类“2010399”不在本年度分类代码表中']);
  });

  it('skips required dimensions and 平行记账 warnings on closing vouchers', () => {
    const closing = [dr('60010101', 100), cr('810106', 100)];
    expect(validateVoucherLines(closing, accounts, { kind: 'closing' })).toEqual({ errors: [], warnings: [] });
    expect(messages(closing)).toEqual(['第1行：科目 60010101 人员经费 须填写辅助核算“支出功能分类”']);
  });
});

describe('trackTotals', () => {
  it('sums each track separately', () => {
    expect(trackTotals(officeSupplies, accounts)).toEqual({
      financial: { debit: 320000, credit: 320000 },
      budget: { debit: 320000, credit: 320000 },
    });
  });

  it('infers the track from the code when the account is unknown', () => {
    expect(trackTotals([dr('5999', 5), cr('7999', 7), dr('9999', 9)], new Map())).toEqual({
      financial: { debit: 5, credit: 0 },
      budget: { debit: 0, credit: 7 },
    });
  });
});
