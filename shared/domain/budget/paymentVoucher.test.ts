import { describe, expect, it } from 'vitest';
import { seedLedgerAccounts } from '../ledger/fixtures/seedChart';
import { validateVoucherLines } from '../ledger/voucherRules';
import { missingFundRevenueAccount, paymentVoucherLines, quotaVoucherLines, type PaymentPosting } from './paymentVoucher';

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

  describe('国有资本经营预算', () => {
    const soe: PaymentPosting = { ...base, fundNature: '国有资本经营预算' };
    const withSoe = () => {
      const c = new Map(chart);
      c.set('400103', { ...c.get('400101')!, code: '400103', name: '国有资本经营预算财政拨款' });
      return c;
    };

    it('needs its own 4001 sub-account in the seeded chart, where 4001 is no leaf', () => {
      expect(missingFundRevenueAccount(chart, '国有资本经营预算')).toEqual({ parentCode: '4001', name: '国有资本经营预算财政拨款' });
      expect(missingFundRevenueAccount(chart, '一般公共预算')).toBeNull();
      const refused = paymentVoucherLines(soe, chart);
      expect(refused).toMatchObject({ ok: false, message: expect.stringContaining('财政拨款收入-国有资本经营预算没有可用的末级科目') });
    });

    it('books to that sub-account once it exists, and to 4001 where 4001 has no open sub-accounts', () => {
      const c = withSoe();
      expect(missingFundRevenueAccount(c, '国有资本经营预算')).toBeNull();
      expect(accounts(soe, c)).toEqual(['Dr 5001', 'Cr 400103', 'Dr 710101', 'Cr 60010102']);
      const plain = seedLedgerAccounts({ unitType: '行政单位', disabled: ['400101', '400102'] });
      expect(missingFundRevenueAccount(plain, '国有资本经营预算')).toBeNull();
      expect(accounts(soe, plain)[1]).toBe('Cr 4001');
    });

    it('does not open a sub-account the book disabled: the refusal names it', () => {
      const c = withSoe();
      c.set('400103', { ...c.get('400103')!, enabled: false });
      expect(missingFundRevenueAccount(c, '国有资本经营预算')).toBeNull();
      expect(paymentVoucherLines(soe, c)).toMatchObject({ ok: false, message: expect.stringContaining('400103 国有资本经营预算财政拨款已停用') });
    });
  });

  describe('额度到账 (授权支付 quota)', () => {
    const quota = { amount: 10_000_000, funcCode: '2010301', econDepCode: '30201', projectCode: null, fundNature: '一般公共预算' as const, summary: '额度到账' };

    it('books domain.md example 1: Dr 1011 / Cr 4001 and Dr 8001-零余额账户用款额度 / Cr 6001-日常公用经费', () => {
      const result = quotaVoucherLines(quota, chart);
      if (!result.ok) throw new Error(result.message);
      expect(validateVoucherLines(result.lines, chart)).toEqual({ errors: [], warnings: [] });
      expect(result.lines.map((l) => [l.debit ? 'Dr' : 'Cr', l.accountCode, l.debit || l.credit])).toEqual([
        ['Dr', '1011', 10_000_000],
        ['Cr', '400101', 10_000_000],
        ['Dr', '800101', 10_000_000],
        ['Cr', '60010102', 10_000_000],
      ]);
      expect(result.lines[3]!.dims).toEqual({ func: '2010301', fund: '一般公共预算' });
    });

    it('books a reduction the other way round, and a project quota against 6001-项目支出', () => {
      const reduced = quotaVoucherLines({ ...quota, amount: -250_000, projectCode: 'P1' }, chart);
      expect(reduced.ok && reduced.lines.map((l) => `${l.debit ? 'Dr' : 'Cr'} ${l.accountCode} ${l.debit || l.credit}`)).toEqual([
        'Cr 1011 250000', 'Dr 400101 250000', 'Cr 800101 250000', 'Dr 600102 250000',
      ]);
      expect(quotaVoucherLines({ ...quota, amount: 0 }, chart)).toEqual({ ok: false, message: '额度金额必须是不为零的整数（分）' });
    });

    it('records the quota with the payment where quotas are not pre-issued: 1011 and 8001 net to zero', () => {
      const result = paymentVoucherLines({ ...base, payMethod: '授权支付' }, chart, { quotaWithPayment: true });
      if (!result.ok) throw new Error(result.message);
      expect(validateVoucherLines(result.lines, chart)).toEqual({ errors: [], warnings: [] });
      expect(result.lines.map((l) => `${l.debit ? 'Dr' : 'Cr'} ${l.accountCode}`)).toEqual([
        'Dr 1011', 'Cr 400101', 'Dr 5001', 'Cr 1011', 'Dr 800101', 'Cr 60010102', 'Dr 710101', 'Cr 800101',
      ]);
      // A direct payment is unaffected by the option.
      expect(accounts({ ...base }, chart)).toEqual(['Dr 5001', 'Cr 400101', 'Dr 710101', 'Cr 60010102']);
    });
  });
});
