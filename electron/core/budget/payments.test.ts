import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/id';
import { auditIndicator, budgetOffice, issueIndicator, pay, paymentInput, writeFootprint, type Office } from '../../../test/helpers/budget';
import { caller } from '../../../test/helpers/core';
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

const balanceOf = async (id: string) => (await office.accountant.ok('budget.indicatorGet', { bookId: office.bookId, id })).balance;

describe('支付申请 state machine', () => {
  it('holds the amount at 申请, and books it at 确认支付', async () => {
    const indicator = await issueIndicator(office);
    const created = await office.accountant.ok('budget.paymentCreate', paymentInput(office.bookId, indicator, 320_000));
    expect(created).toMatchObject({ status: '申请', allowedActions: ['review', 'return'] });
    expect(await balanceOf(indicator.id)).toEqual({ executable: 1_000_000, frozen: 320_000, paid: 0, available: 680_000 });
    const reviewed = await office.reviewer.ok('budget.paymentReview', { bookId: office.bookId, id: created.id });
    expect(reviewed).toMatchObject({ status: '审核', reviewedBy: { displayName: '李所长' } });
    const paid = await office.accountant.ok('budget.paymentConfirm', { bookId: office.bookId, id: created.id, voucherId: uuidv7(), date: '2026-01-20' });
    expect(paid).toMatchObject({ status: '已支付', payDate: '2026-01-20', voucherLabel: '记-0001', allowedActions: ['refund'] });
    expect(await balanceOf(indicator.id)).toEqual({ executable: 1_000_000, frozen: 0, paid: 320_000, available: 680_000 });
    expect(paid.events.map((e) => e.toState)).toEqual(['申请', '审核', '已支付']);
  });

  it('refuses every illegal transition with a Chinese message', async () => {
    const indicator = await issueIndicator(office);
    const p = await office.accountant.ok('budget.paymentCreate', paymentInput(office.bookId, indicator, 100_000));
    const confirm = () => office.accountant.fails('budget.paymentConfirm', { bookId: office.bookId, id: p.id, voucherId: uuidv7(), date: '2026-01-20' });
    expect(await confirm()).toMatchObject({ code: 'RULE_VIOLATION', message: '支付申请“购买办公用品（1,000.00 元）”当前状态为“申请”，不能确认支付（只有“审核”状态可以确认支付）' });
    expect(await office.accountant.fails('budget.paymentRefund', { bookId: office.bookId, id: p.id, voucherId: uuidv7(), date: '2026-01-20', reason: '退回测试' })).toMatchObject({ message: expect.stringContaining('不能登记资金退回（只有“已支付”状态可以登记资金退回）') });
    await office.reviewer.ok('budget.paymentReturn', { bookId: office.bookId, id: p.id, reason: '收款账号有误' });
    expect(await balanceOf(indicator.id)).toEqual({ executable: 1_000_000, frozen: 0, paid: 0, available: 1_000_000 });
    expect(await office.reviewer.fails('budget.paymentReview', { bookId: office.bookId, id: p.id })).toMatchObject({ message: expect.stringContaining('当前状态为“退回”，不能审核') });
    expect(await confirm()).toMatchObject({ message: expect.stringContaining('当前状态为“退回”，不能确认支付') });
    expect(await office.reviewer.fails('budget.paymentReturn', { bookId: office.bookId, id: p.id, reason: '再退一次' })).toMatchObject({ message: expect.stringContaining('只有“申请”、“审核”状态可以退回') });

    const paid = await pay(office, indicator, 50_000);
    expect(await office.reviewer.fails('budget.paymentReturn', { bookId: office.bookId, id: paid.id, reason: '已付后退回' })).toMatchObject({ message: expect.stringContaining('当前状态为“已支付”，不能退回') });
    expect(await office.reviewer.fails('budget.paymentReview', { bookId: office.bookId, id: paid.id })).toMatchObject({ message: expect.stringContaining('当前状态为“已支付”，不能审核') });
  });

  it('separates duties: never review your own request, never pay what you reviewed', async () => {
    const indicator = await issueIndicator(office);
    const own = await office.reviewer.ok('budget.paymentCreate', paymentInput(office.bookId, indicator, 10_000));
    expect(await office.reviewer.fails('budget.paymentReview', { bookId: office.bookId, id: own.id })).toEqual({ code: 'FORBIDDEN', message: '不能审核自己提交的支付申请，请由其他审核人员审核' });
    // 王会计 holds no reviewer role: the dispatcher refuses.
    const p = await office.accountant.ok('budget.paymentCreate', paymentInput(office.bookId, indicator, 10_000));
    expect(await office.accountant.fails('budget.paymentReview', { bookId: office.bookId, id: p.id })).toMatchObject({ code: 'FORBIDDEN' });
    // A reviewer who is no 出纳 cannot pay what he reviewed (nor anything else).
    await office.accountant.ok('user.create', { id: uuidv7(), username: 'zhao', displayName: '赵会计', password: 'zhao-password1', roles: ['reviewer', 'accountant'] });
    const zhao = caller(core, (await caller(core).ok('auth.login', { username: 'zhao', password: 'zhao-password1' })).token);
    await zhao.ok('budget.paymentReview', { bookId: office.bookId, id: p.id });
    expect(await zhao.fails('budget.paymentConfirm', { bookId: office.bookId, id: p.id, voucherId: uuidv7(), date: '2026-01-20' })).toEqual({ code: 'FORBIDDEN', message: '权限不足：此操作需要 出纳 角色' });
  });

  it('lets only a 出纳 confirm, only 审核/主管 approve, and never the same person do both', async () => {
    const indicator = await issueIndicator(office);
    await office.accountant.ok('user.create', { id: uuidv7(), username: 'qian', displayName: '钱出纳', password: 'qian-password1', roles: ['cashier'] });
    await office.accountant.ok('user.create', { id: uuidv7(), username: 'sun', displayName: '孙会计', password: 'sun-password1', roles: ['accountant'] });
    await office.accountant.ok('user.create', { id: uuidv7(), username: 'zhou', displayName: '周主管', password: 'zhou-password1', roles: ['supervisor', 'cashier'] });
    const login = async (username: string, password: string) => caller(core, (await caller(core).ok('auth.login', { username, password })).token);
    const qian = await login('qian', 'qian-password1');
    const sun = await login('sun', 'sun-password1');
    const zhou = await login('zhou', 'zhou-password1');

    const p = await sun.ok('budget.paymentCreate', paymentInput(office.bookId, indicator, 40_000));
    // Approval: a 出纳 alone has no approving role; a 主管 who also holds 出纳 is refused by the rule.
    expect(await qian.fails('budget.paymentReview', { bookId: office.bookId, id: p.id })).toEqual({ code: 'FORBIDDEN', message: '权限不足：此操作需要 审核 或 主管 角色' });
    expect(await zhou.fails('budget.paymentReview', { bookId: office.bookId, id: p.id })).toEqual({ code: 'FORBIDDEN', message: '出纳不能审核支付申请（不相容职务分离）' });
    // Confirmation before approval is refused by the state machine, whoever asks.
    expect((await qian.fails('budget.paymentConfirm', { bookId: office.bookId, id: p.id, voucherId: uuidv7(), date: '2026-01-20' })).message).toContain('当前状态为“申请”，不能确认支付');
    await office.reviewer.ok('budget.paymentReview', { bookId: office.bookId, id: p.id });
    // A 会计 without 出纳 does not pay; the 出纳 does, and the voucher shows both people.
    expect(await sun.fails('budget.paymentConfirm', { bookId: office.bookId, id: p.id, voucherId: uuidv7(), date: '2026-01-20' })).toEqual({ code: 'FORBIDDEN', message: '权限不足：此操作需要 出纳 角色' });
    const paid = await qian.ok('budget.paymentConfirm', { bookId: office.bookId, id: p.id, voucherId: uuidv7(), date: '2026-01-20' });
    expect(paid).toMatchObject({ status: '已支付', appliedBy: { displayName: '孙会计' }, reviewedBy: { displayName: '李所长' }, paidBy: { displayName: '钱出纳' } });
    const voucher = await qian.ok('voucher.get', { bookId: office.bookId, id: paid.voucherId! });
    expect(voucher).toMatchObject({ status: 'posted', reviewedBy: { displayName: '李所长' }, postedBy: { displayName: '钱出纳' } });

    // Approver and payer one person: refused by the core's rule and, below it, by the database.
    const q = await sun.ok('budget.paymentCreate', paymentInput(office.bookId, indicator, 10_000));
    await office.reviewer.ok('budget.paymentReview', { bookId: office.bookId, id: q.id });
    const raw = new Database(core.databaseFile);
    expect(() => raw.prepare(`UPDATE budget_payment SET paid_by = reviewed_by WHERE id = ?`).run(q.id)).toThrow(/CHECK/);
    raw.close();
  });

  it('answers a retried create or confirmation with what was saved', async () => {
    const indicator = await issueIndicator(office);
    const input = paymentInput(office.bookId, indicator, 10_000);
    await office.accountant.ok('budget.paymentCreate', input);
    await office.accountant.ok('budget.paymentCreate', input);
    expect(await balanceOf(indicator.id)).toMatchObject({ frozen: 10_000 });
    expect(await office.accountant.fails('budget.paymentCreate', { ...input, amount: 20_000 })).toMatchObject({ code: 'CONFLICT' });
    await office.reviewer.ok('budget.paymentReview', { bookId: office.bookId, id: input.id });
    const confirm = { bookId: office.bookId, id: input.id, voucherId: uuidv7(), date: '2026-01-20' };
    await office.accountant.ok('budget.paymentConfirm', confirm);
    await office.accountant.ok('budget.paymentConfirm', confirm);
    expect(await balanceOf(indicator.id)).toEqual({ executable: 1_000_000, frozen: 0, paid: 10_000, available: 990_000 });
  });
});

describe('bad input writes nothing', () => {
  it('refuses a payment over the available balance, naming indicator, available and shortfall', async () => {
    const indicator = await issueIndicator(office);
    await pay(office, indicator, 700_000);
    await office.accountant.ok('budget.paymentCreate', paymentInput(office.bookId, indicator, 250_000));
    const before = writeFootprint(core.databaseFile);
    const error = await office.accountant.fails('budget.paymentCreate', paymentInput(office.bookId, indicator, 60_000));
    expect(error).toEqual({
      code: 'RULE_VIOLATION',
      message: '指标“青财预〔2026〕1号”（2010301 / 30201）可用余额不足：可用 500.00 元，本次支付 600.00 元，差额 100.00 元',
      details: { indicatorId: indicator.id, docNo: '青财预〔2026〕1号', available: 50_000, requested: 60_000, shortfall: 10_000 },
    });
    expect(writeFootprint(core.databaseFile)).toEqual(before);
    expect(await balanceOf(indicator.id)).toEqual({ executable: 1_000_000, frozen: 250_000, paid: 700_000, available: 50_000 });
  });

  it('refuses a payment whose elements differ from its indicator, naming each element', async () => {
    const indicator = await issueIndicator(office);
    const input = paymentInput(office.bookId, indicator, 10_000);
    input.elements = { ...input.elements, econDepCode: '30202', payMethod: '授权支付' };
    const before = writeFootprint(core.databaseFile);
    const error = await office.accountant.fails('budget.paymentCreate', input);
    expect(error.message).toBe('支付申请与指标“青财预〔2026〕1号”（2010301 / 30201）的要素不一致：部门经济分类（申请为 30202，指标为 30201）；支付方式（申请为 授权支付，指标为 直接支付）');
    expect(writeFootprint(core.databaseFile)).toEqual(before);
  });

  it('rolls the whole confirmation back when the voucher cannot be written', async () => {
    const indicator = await issueIndicator(office);
    const p = await office.accountant.ok('budget.paymentCreate', paymentInput(office.bookId, indicator, 10_000));
    await office.reviewer.ok('budget.paymentReview', { bookId: office.bookId, id: p.id });
    await office.accountant.ok('account.setEnabled', { bookId: office.bookId, code: '710101', enabled: false });
    await office.accountant.ok('account.setEnabled', { bookId: office.bookId, code: '710102', enabled: false });
    await office.accountant.ok('account.setEnabled', { bookId: office.bookId, code: '710103', enabled: false });
    await office.accountant.ok('account.setEnabled', { bookId: office.bookId, code: '7101', enabled: false });
    const before = writeFootprint(core.databaseFile);
    const error = await office.accountant.fails('budget.paymentConfirm', { bookId: office.bookId, id: p.id, voucherId: uuidv7(), date: '2026-01-20' });
    expect(error).toMatchObject({ code: 'RULE_VIOLATION', message: expect.stringMatching(/^无法生成支付凭证：财政拨款支出没有可用的末级科目/) });
    expect(writeFootprint(core.databaseFile)).toEqual(before);
    expect((await office.accountant.ok('budget.paymentGet', { bookId: office.bookId, id: p.id })).status).toBe('审核');
    expect(await balanceOf(indicator.id)).toMatchObject({ frozen: 10_000, paid: 0 });
  });

  it('refuses a payment dated in a closed period, and writes nothing', async () => {
    const indicator = await issueIndicator(office);
    await pay(office, indicator, 10_000, '2026-01-20');
    await office.accountant.ok('period.close', { bookId: office.bookId, year: 2026, month: 1 });
    const p = await office.accountant.ok('budget.paymentCreate', paymentInput(office.bookId, indicator, 10_000));
    await office.reviewer.ok('budget.paymentReview', { bookId: office.bookId, id: p.id });
    const before = writeFootprint(core.databaseFile);
    expect(await office.accountant.fails('budget.paymentConfirm', { bookId: office.bookId, id: p.id, voucherId: uuidv7(), date: '2026-01-25' })).toMatchObject({ code: 'PERIOD_CLOSED' });
    expect(writeFootprint(core.databaseFile)).toEqual(before);
    expect(await office.accountant.fails('budget.paymentConfirm', { bookId: office.bookId, id: p.id, voucherId: uuidv7(), date: '2027-02-01' })).toMatchObject({ message: '支付日期2027-02-01不在2026年度内' });
    expect(await office.accountant.fails('budget.paymentConfirm', { bookId: office.bookId, id: p.id, voucherId: uuidv7(), date: '2026-01-09' })).toMatchObject({ message: '支付日期 2026-01-09 不能早于申请日期 2026-01-10' });
    expect(writeFootprint(core.databaseFile)).toEqual(before);
  });
});

describe('payment vouchers', () => {
  it('books a direct payment on both tracks and links every budget line to its indicator', async () => {
    const indicator = await issueIndicator(office);
    const paid = await pay(office, indicator, 320_000);
    const voucher = await office.accountant.ok('voucher.get', { bookId: office.bookId, id: paid.voucherId! });
    expect(voucher).toMatchObject({ status: 'posted', preparedBy: { displayName: '王会计' }, reviewedBy: { displayName: '李所长' }, postedBy: { displayName: '王会计' } });
    expect(voucher.lines.map((l) => [l.accountCode, l.debit, l.credit, l.dims])).toEqual([
      ['5001', 320_000, 0, { func: '2010301', econ_dep: '30201' }],
      ['4001', 0, 320_000, {}],
      ['710101', 320_000, 0, { func: '2010301', econ_dep: '30201', econ_gov: '50201', fund: '一般公共预算' }],
      ['60010102', 0, 320_000, { func: '2010301', fund: '一般公共预算' }],
    ]);
    expect(voucher.totals).toEqual({ financial: { debit: 320_000, credit: 320_000 }, budget: { debit: 320_000, credit: 320_000 } });
    const raw = new Database(core.databaseFile, { readonly: true });
    const links = raw.prepare(`SELECT l.account_code, pv.indicator_id, pv.direct_fund FROM voucher_line l JOIN budget_payment_voucher pv ON pv.voucher_id = l.voucher_id WHERE l.track = 'budget' ORDER BY l.line_no`).all();
    raw.close();
    expect(links).toEqual([
      { account_code: '710101', indicator_id: indicator.id, direct_fund: 0 },
      { account_code: '60010102', indicator_id: indicator.id, direct_fund: 0 },
    ]);
  });

  it('books an authorised payment through 零余额, a capital purchase into 固定资产, and 人员经费 on its own sub-account', async () => {
    const quota = await issueIndicator(office, { payMethod: '授权支付', directFund: true, supDocNo: '财预〔2026〕88号' });
    const a = await pay(office, quota, 50_000);
    const lines = async (id: string) => (await office.accountant.ok('voucher.get', { bookId: office.bookId, id })).lines.map((l) => `${l.debit ? 'Dr' : 'Cr'} ${l.accountCode}`);
    expect(await lines(a.voucherId!)).toEqual(['Dr 5001', 'Cr 1011', 'Dr 710101', 'Cr 800101']);
    const equipment = await issueIndicator(office, { econDepCode: '31002', docNo: '青财预〔2026〕2号' });
    expect(await lines((await pay(office, equipment, 600_000)).voucherId!)).toEqual(['Dr 160103', 'Cr 4001', 'Dr 710101', 'Cr 60010102']);
    const salary = await issueIndicator(office, { econDepCode: '30101', docNo: '青财预〔2026〕3号' });
    expect(await lines((await pay(office, salary, 650_000)).voucherId!)).toEqual(['Dr 5001', 'Cr 4001', 'Dr 710101', 'Cr 60010101']);
  });

  it('returns paid money: the indicator gets it back and the voucher is red-reversed, all at once', async () => {
    const indicator = await issueIndicator(office);
    const paid = await pay(office, indicator, 320_000);
    const refunded = await office.accountant.ok('budget.paymentRefund', { bookId: office.bookId, id: paid.id, voucherId: uuidv7(), date: '2026-01-28', reason: '收款账户已销户，款项退回' });
    expect(refunded).toMatchObject({ status: '已退款', refundDate: '2026-01-28' });
    expect(await balanceOf(indicator.id)).toEqual({ executable: 1_000_000, frozen: 0, paid: 0, available: 1_000_000 });
    const red = await office.accountant.ok('voucher.get', { bookId: office.bookId, id: refunded.refundVoucherId! });
    expect(red).toMatchObject({ kind: 'reversal', reversesId: paid.voucherId, status: 'posted' });
    const tb = await office.accountant.ok('ledger.trialBalance', { bookId: office.bookId, year: 2026, month: 1 });
    expect(tb.rows.every((r) => r.closingDebit === 0 && r.closingCredit === 0)).toBe(true);
    expect(auditIndicator(core.databaseFile, indicator.id)).toMatchObject({ paid: 0, paidByPayments: 0, voucherSpending: 0 });
  });

  it('keeps the voucher screens from reversing a payment voucher behind the indicator ledger', async () => {
    const indicator = await issueIndicator(office);
    const paid = await pay(office, indicator, 320_000);
    const error = await office.accountant.fails('voucher.reverse', { bookId: office.bookId, id: paid.voucherId!, newId: uuidv7(), date: '2026-01-28' });
    expect(error).toEqual({ code: 'RULE_VIOLATION', message: '该凭证由支付申请生成，请在预算执行中登记资金退回，不能直接冲销' });
    expect(await balanceOf(indicator.id)).toMatchObject({ paid: 320_000 });
    const raw = new Database(core.databaseFile);
    expect(() => raw.prepare(`INSERT INTO voucher (id, book_id, year, month, word, number, date, status, kind, reverses_id, prepared_by, created_at, updated_at)
      SELECT ?, book_id, year, month, word, 99, date, 'draft', 'reversal', id, prepared_by, created_at, updated_at FROM voucher WHERE id = ?`).run(uuidv7(), paid.voucherId)).toThrow('该凭证由支付申请生成，请在预算执行中登记资金退回，不能直接冲销');
    expect(() => raw.prepare('DELETE FROM budget_indicator_movement').run()).toThrow('指标台账只能追加，不能删除');
    expect(() => raw.prepare('UPDATE budget_indicator_movement SET paid_delta = 0').run()).toThrow('指标台账只能追加，不能修改');
    raw.close();
  });
});
