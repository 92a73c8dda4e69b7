import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Indicator } from '../../../shared/api/budgetTypes';
import { uuidv7 } from '../../../shared/domain/id';
import { budgetOffice, issueIndicator, pay, writeFootprint, type Office } from '../../../test/helpers/budget';
import { tempDir } from '../../../test/helpers/tmp';
import { openCore, type Core } from '../index';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let office: Office;
beforeEach(async () => {
  dir = tempDir();
  core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: '1', log: () => {} });
  office = await budgetOffice(core);
});
afterEach(() => {
  core.close();
  dir.cleanup();
});

/** Closing debit − credit of one account at a month end, from the 科目余额表. */
async function balance(code: string, month = 12): Promise<number> {
  const tb = await office.accountant.ok('ledger.trialBalance', { bookId: office.bookId, year: 2026, month });
  const row = tb.rows.find((r) => r.code === code);
  return row ? row.closingDebit - row.closingCredit : 0;
}

/** The lines of a voucher as `Dr 1011 100000`, straight from the file. */
function linesOf(voucherId: string): string[] {
  const raw = new Database(core.databaseFile, { readonly: true });
  const rows = raw.prepare('SELECT account_code, debit, credit FROM voucher_line WHERE voucher_id = ? ORDER BY line_no').all(voucherId) as { account_code: string; debit: number; credit: number }[];
  raw.close();
  return rows.map((r) => `${r.debit ? 'Dr' : 'Cr'} ${r.account_code} ${r.debit || r.credit}`);
}

const detail = (id: string) => office.accountant.ok('budget.indicatorGet', { bookId: office.bookId, id });
const authorised = (overrides: Parameters<typeof issueIndicator>[1] = {}) => issueIndicator(office, { payMethod: '授权支付', ...overrides });

describe('授权支付额度 (额度到账)', () => {
  it('books the quota’s arrival with the 下达, on both tracks, and 1011 then equals what the quotas have left', async () => {
    const indicator = await authorised();
    expect(indicator.quota).toEqual({ booked: 1_000_000, outstanding: 0 });
    const { quotaVouchers } = await detail(indicator.id);
    expect(quotaVouchers).toEqual([{ voucherId: expect.any(String), voucherLabel: '记-0001', date: '2026-01-05', amount: 1_000_000, refKind: 'county' }]);
    expect(linesOf(quotaVouchers[0]!.voucherId)).toEqual(['Dr 1011 1000000', 'Cr 4001 1000000', 'Dr 800101 1000000', 'Cr 60010102 1000000']);
    const voucher = await office.accountant.ok('voucher.get', { bookId: office.bookId, id: quotaVouchers[0]!.voucherId });
    expect(voucher).toMatchObject({ status: 'posted', date: '2026-01-05' });
    expect(voucher.lines[3]!.dims).toEqual({ func: '2010301', fund: '一般公共预算' });

    // A 零余额 payment draws 1011 and 8001 down; a 调减 (approved) books the reduction.
    await pay(office, indicator, 320_000);
    expect(await balance('1011')).toBe(680_000);
    const cut = await office.accountant.ok('budget.adjustmentCreate', { bookId: office.bookId, id: uuidv7(), year: 2026, kind: '调整', reason: '压减公用经费', from: [{ indicatorId: indicator.id, amount: 200_000 }] });
    await office.reviewer.ok('budget.adjustmentApprove', { bookId: office.bookId, id: cut.id, date: '2026-01-28' });
    const after = await detail(indicator.id);
    expect(after.quotaVouchers.map((q) => [q.voucherLabel, q.amount, q.refKind])).toEqual([['记-0001', 1_000_000, 'county'], ['记-0003', -200_000, 'adjustment']]);
    expect(linesOf(after.quotaVouchers[1]!.voucherId)).toEqual(['Cr 1011 200000', 'Dr 4001 200000', 'Cr 800101 200000', 'Dr 60010102 200000']);
    expect(after.quota).toEqual({ booked: 800_000, outstanding: 0 });
    // 1011 (financial) and 8001-零余额 (budget) both equal 可执行 − 已支付 of the 授权支付 indicators.
    expect(await balance('1011')).toBe(after.balance.executable - after.balance.paid);
    expect(await balance('800101')).toBe(480_000);
    // Each track balances: the 科目余额表 totals.
    const tb = await office.accountant.ok('ledger.trialBalance', { bookId: office.bookId, year: 2026, month: 1 });
    for (const track of ['financial', 'budget'] as const) expect(tb.totals[track].closingDebit).toBe(tb.totals[track].closingCredit);
    // The arrival voucher belongs to the indicator: it is not red-reversed by hand.
    expect((await office.accountant.fails('voucher.reverse', { bookId: office.bookId, id: quotaVouchers[0]!.voucherId, newId: uuidv7(), date: '2026-01-30' })).message).toContain('额度到账凭证');
    expect((await office.accountant.ok('audit.verify', {})).ok).toBe(true);
  });

  it('leaves a quota that arrives in a closed month outstanding, and books it with 登记额度到账 in an open one', async () => {
    await office.accountant.ok('period.close', { bookId: office.bookId, year: 2026, month: 1 });
    const late = await authorised({ date: '2026-01-25', amount: 500_000 });
    expect(late.quota).toEqual({ booked: 0, outstanding: 500_000 });
    expect((await detail(late.id)).quotaVouchers).toEqual([]);

    const register = (date: string) => office.accountant.call('budget.quotaRegister', { bookId: office.bookId, indicatorId: late.id, voucherId: uuidv7(), date });
    const before = writeFootprint(core.databaseFile);
    const closed = await register('2026-01-31');
    expect(closed.ok || closed.error).toMatchObject({ code: 'PERIOD_CLOSED' });
    expect(writeFootprint(core.databaseFile)).toEqual(before);
    const booked = await register('2026-02-02');
    if (!booked.ok) throw new Error(booked.error.message);
    expect(booked.value.quota).toEqual({ booked: 500_000, outstanding: 0 });
    expect(booked.value.quotaVouchers).toMatchObject([{ date: '2026-02-02', amount: 500_000, refKind: 'manual' }]);
    expect(await balance('1011')).toBe(500_000);
    const again = await register('2026-02-03');
    expect(again.ok || again.error).toMatchObject({ code: 'RULE_VIOLATION', message: expect.stringContaining('额度已全部登记') });

    const direct = await issueIndicator(office, { date: '2026-02-01' });
    expect(direct.quota).toBeNull();
    expect(await office.accountant.fails('budget.quotaRegister', { bookId: office.bookId, indicatorId: direct.id, voucherId: uuidv7(), date: '2026-02-02' })).toMatchObject({ message: expect.stringContaining('是直接支付，没有零余额账户用款额度') });
  });

  it('books the quota inside each payment’s voucher where the book records quotas with payments', async () => {
    await office.reviewer.ok('budget.settingsSet', { bookId: office.bookId, yellowBp: 500, redBp: 1000, scheduleMethod: 'month', quotaArrival: 'withPayment' });
    // Setting the bands again without naming the quota method keeps it.
    await office.reviewer.ok('budget.settingsSet', { bookId: office.bookId, yellowBp: 600, redBp: 1200, scheduleMethod: 'month' });
    expect((await office.accountant.ok('budget.settingsGet', { bookId: office.bookId })).quotaArrival).toBe('withPayment');

    const indicator: Indicator = await authorised();
    expect((await detail(indicator.id)).quotaVouchers).toEqual([]);
    expect(indicator.quota).toEqual({ booked: 0, outstanding: 1_000_000 });
    const paid = await pay(office, indicator, 100_000);
    expect(linesOf(paid.voucherId!)).toEqual([
      'Dr 1011 100000', 'Cr 4001 100000', 'Dr 5001 100000', 'Cr 1011 100000',
      'Dr 800101 100000', 'Cr 60010102 100000', 'Dr 710101 100000', 'Cr 800101 100000',
    ]);
    expect(await balance('1011')).toBe(0);
    expect(await balance('4001')).toBe(-100_000);
    expect(await office.accountant.fails('budget.quotaRegister', { bookId: office.bookId, indicatorId: indicator.id, voucherId: uuidv7(), date: '2026-01-25' })).toMatchObject({ message: expect.stringContaining('随支付登记额度') });
  });
  it('still takes the 下达 when the chart cannot book its quota, and says what to fix when asked to book it', async () => {
    await office.accountant.ok('account.setEnabled', { bookId: office.bookId, code: '1011', enabled: false });
    const indicator = await authorised();
    expect(indicator.balance.executable).toBe(1_000_000);
    expect(indicator.quota).toEqual({ booked: 0, outstanding: 1_000_000 });
    expect(await office.accountant.ok('voucher.list', { bookId: office.bookId, year: 2026, month: 1 })).toEqual([]);
    const refused = await office.accountant.fails('budget.quotaRegister', { bookId: office.bookId, indicatorId: indicator.id, voucherId: uuidv7(), date: '2026-01-06' });
    expect(refused).toMatchObject({ code: 'RULE_VIOLATION', message: expect.stringContaining('零余额账户用款额度没有可用的末级科目（候选 1011，1011 零余额账户用款额度已停用）') });
    await office.accountant.ok('account.setEnabled', { bookId: office.bookId, code: '1011', enabled: true });
    expect((await office.accountant.ok('budget.quotaRegister', { bookId: office.bookId, indicatorId: indicator.id, voucherId: uuidv7(), date: '2026-01-06' })).quota).toEqual({ booked: 1_000_000, outstanding: 0 });
    expect((await office.accountant.ok('audit.verify', {})).ok).toBe(true);
  });
});

describe('国有资本经营预算 in the seeded chart', () => {
  it('opens 4001’s sub-account for it on the first payment and books there, on both tracks', async () => {
    // The seeded chart as a new book has it: 4001 with 400101 and 400102 open (the office helper closes them).
    for (const code of ['400101', '400102']) await office.accountant.ok('account.setEnabled', { bookId: office.bookId, code, enabled: true });
    const indicator = await issueIndicator(office, { fundNature: '国有资本经营预算', docNo: '青财预〔2026〕9号' });
    const first = await pay(office, indicator, 60_000);
    const accounts = await office.accountant.ok('account.list', { bookId: office.bookId });
    expect(accounts.find((a) => a.code === '400103')).toMatchObject({ name: '国有资本经营预算财政拨款', parentCode: '4001', level: 2, isLeaf: true, track: 'financial', pinyinInitials: 'gyzbjyysczbk' });
    expect(linesOf(first.voucherId!)).toEqual(['Dr 5001 60000', 'Cr 400103 60000', 'Dr 710101 60000', 'Cr 60010102 60000']);
    const second = await pay(office, indicator, 15_000, '2026-01-22');
    expect(linesOf(second.voucherId!)[1]).toBe('Cr 400103 15000');
    expect((await office.accountant.ok('account.list', { bookId: office.bookId })).filter((a) => a.code.startsWith('4001')).map((a) => a.code)).toEqual(['4001', '400101', '400102', '400103']);
    // 一般公共预算 still goes to 400101.
    const general = await issueIndicator(office, { docNo: '青财预〔2026〕10号' });
    expect(linesOf((await pay(office, general, 1_000, '2026-01-23')).voucherId!)[1]).toBe('Cr 400101 1000');
    expect((await office.accountant.ok('audit.verify', {})).ok).toBe(true);
  });
});
