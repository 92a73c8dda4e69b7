import { describe, expect, it } from 'vitest';
import { seedLedgerAccounts } from '../ledger/fixtures/seedChart';
import { validateVoucherLines } from '../ledger/voucherRules';
import { paymentVoucherLines, type PaymentPosting } from './paymentVoucher';

const chart = seedLedgerAccounts({ unitType: '行政单位' });
const base: PaymentPosting = {
  payMethod: '直接支付',
  amount: 320_000,
  funcCode: '2010301',
  econDepCode: '30201',
  econGovCode: '50201',
  projectCode: null,
  fundNature: '一般公共预算',
  unitType: '行政单位',
  summary: '支付办公用品费',
};

function accounts(p: PaymentPosting, c = chart) {
  const result = paymentVoucherLines(p, c);
  if (!result.ok) throw new Error(result.message);
  expect(validateVoucherLines(result.lines, c)).toEqual({ errors: [], warnings: [] });
  return result.lines.map((l) => `${l.debit ? 'Dr' : 'Cr'} ${l.accountCode}`);
}

describe('payment voucher lines', () => {
  it('books a direct payment of 日常公用经费 on both tracks', () => {
    expect(accounts(base)).toEqual(['Dr 5001', 'Cr 400101', 'Dr 710101', 'Cr 60010102']);
  });

  it('follows 人员经费 and 项目支出 on the budget revenue side', () => {
    expect(accounts({ ...base, econDepCode: '30101', econGovCode: '50101' })[3]).toBe('Cr 60010101');
    expect(accounts({ ...base, econDepCode: '30305', econGovCode: '50901' })[3]).toBe('Cr 60010101');
    expect(accounts({ ...base, projectCode: 'P2026-001' })[3]).toBe('Cr 600102');
  });

  it('capitalises 310xx into 固定资产', () => {
    expect(accounts({ ...base, econDepCode: '31002', econGovCode: '50306', projectCode: 'P2026-001' })).toEqual(['Dr 160103', 'Cr 400101', 'Dr 710101', 'Cr 600102']);
    expect(accounts({ ...base, econDepCode: '31001', econGovCode: '50301' })[0]).toBe('Dr 160101');
  });

  it('pays an authorised payment from the 零余额 account', () => {
    expect(accounts({ ...base, payMethod: '授权支付' })).toEqual(['Dr 5001', 'Cr 1011', 'Dr 710101', 'Cr 800101']);
  });

  it('uses 4001 when its sub-accounts are not opened, and 400102 for 政府性基金', () => {
    const plain = seedLedgerAccounts({ unitType: '行政单位', disabled: ['400101', '400102'] });
    expect(accounts(base, plain)[1]).toBe('Cr 4001');
    expect(accounts({ ...base, fundNature: '政府性基金预算' })[1]).toBe('Cr 400102');
  });

  it('carries the budget dimensions on the budget lines', () => {
    const result = paymentVoucherLines({ ...base, projectCode: 'P1' }, chart);
    expect(result.ok && result.lines[2]!.dims).toEqual({ func: '2010301', econ_dep: '30201', econ_gov: '50201', project: 'P1', fund: '一般公共预算' });
    expect(result.ok && result.lines[3]!.dims).toEqual({ func: '2010301', project: 'P1', fund: '一般公共预算' });
  });

  it('refuses when no postable account is left, naming it', () => {
    const closed = seedLedgerAccounts({ unitType: '行政单位', disabled: ['1011'] });
    const result = paymentVoucherLines({ ...base, payMethod: '授权支付' }, closed);
    expect(result).toEqual({ ok: false, message: '无法生成支付凭证：零余额账户用款额度没有可用的末级科目（候选 1011，1011 零余额账户用款额度已停用）。请在会计科目中启用或调整后再确认支付。' });
  });
});
