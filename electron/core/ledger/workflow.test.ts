import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/id';
import { caller } from '../../../test/helpers/core';
import { tempDir } from '../../../test/helpers/tmp';
import { scenarioSaveInput, scenarioVouchers, twoPersonOffice } from '../../../test/helpers/ledger';
import { openCore, type Core } from '../index';

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

const payment = scenarioVouchers[1]!; // 零余额账户支付办公用品费: both tracks

function count(table: string): number {
  const raw = new Database(core.databaseFile, { readonly: true });
  const n = (raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  raw.close();
  return n;
}

describe('voucher workflow', () => {
  it('enforces separation of duties: never the preparer, never a 出纳', async () => {
    const { book, accountant, reviewer } = await twoPersonOffice(core);
    const { voucher } = await accountant.ok('voucher.save', scenarioSaveInput(book.id, payment));
    // 王会计 holds no reviewer role: the dispatcher refuses before any rule runs.
    expect(await accountant.fails('voucher.review', { bookId: book.id, ids: [voucher.id] })).toMatchObject({ code: 'FORBIDDEN' });

    // A supervisor who prepared the voucher may not review it either.
    const own = await reviewer.ok('voucher.save', scenarioSaveInput(book.id, payment));
    const refused = await reviewer.ok('voucher.review', { bookId: book.id, ids: [own.voucher.id] });
    expect(refused.done).toEqual([]);
    expect(refused.failed[0]!.message).toBe(`不能审核自己制单的凭证${own.voucher.label}，请由其他审核人员审核`);

    // A reviewer who is also 出纳 is refused.
    await accountant.ok('user.create', { id: uuidv7(), username: 'zhou', displayName: '周出纳', password: 'zhou-password1', roles: ['reviewer', 'cashier'] });
    const zhou = await caller(core).ok('auth.login', { username: 'zhou', password: 'zhou-password1' });
    const cashierReview = await caller(core, zhou.token).ok('voucher.review', { bookId: book.id, ids: [voucher.id] });
    expect(cashierReview.failed[0]!.message).toBe('出纳不能审核凭证（不相容职务分离）');

    // The database itself refuses a reviewer equal to the preparer.
    const raw = new Database(core.databaseFile);
    expect(() => raw.prepare(`UPDATE voucher SET status = 'reviewed', reviewed_by = prepared_by WHERE id = ?`).run(voucher.id)).toThrow(/CHECK/);
    raw.close();

    // The two-person office works: 李所长 reviews 王会计's voucher, and it can be posted.
    expect((await reviewer.ok('voucher.review', { bookId: book.id, ids: [voucher.id] })).done).toEqual([voucher.id]);
    expect((await accountant.ok('voucher.post', { bookId: book.id, ids: [voucher.id] })).done).toEqual([voucher.id]);
  });

  it('allows unreview before posting only, and never edits a posted voucher', async () => {
    const { book, accountant, reviewer } = await twoPersonOffice(core);
    const input = scenarioSaveInput(book.id, payment);
    const { voucher } = await accountant.ok('voucher.save', input);
    expect((await accountant.ok('voucher.post', { bookId: book.id, ids: [voucher.id] })).failed[0]!.message).toContain('尚未审核');
    await reviewer.ok('voucher.review', { bookId: book.id, ids: [voucher.id] });
    expect((await accountant.fails('voucher.save', input)).message).toContain('请先取消审核');
    await reviewer.ok('voucher.unreview', { bookId: book.id, ids: [voucher.id] });
    await accountant.ok('voucher.save', { ...input, attachments: 3 });
    await reviewer.ok('voucher.review', { bookId: book.id, ids: [voucher.id] });
    await accountant.ok('voucher.post', { bookId: book.id, ids: [voucher.id] });
    expect((await reviewer.ok('voucher.unreview', { bookId: book.id, ids: [voucher.id] })).failed[0]!.message).toContain('已记账');
    expect((await accountant.fails('voucher.save', input)).message).toContain('红字冲销');
    expect((await accountant.fails('voucher.delete', { bookId: book.id, id: voucher.id })).code).toBe('RULE_VIOLATION');
  });

  it('reverses a posted voucher with a linked red voucher that nets it to zero', async () => {
    const { book, accountant, reviewer } = await twoPersonOffice(core);
    const { voucher } = await accountant.ok('voucher.save', scenarioSaveInput(book.id, payment));
    await reviewer.ok('voucher.review', { bookId: book.id, ids: [voucher.id] });
    await accountant.ok('voucher.post', { bookId: book.id, ids: [voucher.id] });
    const red = await accountant.ok('voucher.reverse', { bookId: book.id, id: voucher.id, newId: uuidv7(), date: '2026-01-20' });
    expect(red.voucher).toMatchObject({ kind: 'reversal', reversesId: voucher.id, status: 'draft', label: '记-0002' });
    expect(red.voucher.lines.map((l) => l.debit + l.credit)).toEqual(voucher.lines.map((l) => -(l.debit + l.credit)));
    expect(red.voucher.lines[0]!.summary).toBe('冲销2026年01月记-0001：零余额账户支付办公用品费');
    expect((await accountant.fails('voucher.reverse', { bookId: book.id, id: voucher.id, newId: uuidv7(), date: '2026-01-21' })).code).toBe('CONFLICT');
    await reviewer.ok('voucher.review', { bookId: book.id, ids: [red.voucher.id] });
    await accountant.ok('voucher.post', { bookId: book.id, ids: [red.voucher.id] });
    expect((await accountant.ok('voucher.get', { bookId: book.id, id: voucher.id })).reversedById).toBe(red.voucher.id);
    const tb = await accountant.ok('ledger.trialBalance', { bookId: book.id, year: 2026, month: 1 });
    expect(tb.rows.every((r) => r.closingDebit === 0 && r.closingCredit === 0)).toBe(true);
  });

  it('saves nothing of a voucher whose save fails midway', async () => {
    const { book, accountant } = await twoPersonOffice(core);
    // A real failure inside the transaction: the third line's insert is refused by a trigger.
    const raw = new Database(core.databaseFile);
    raw.exec(`CREATE TRIGGER fail_third_line BEFORE INSERT ON voucher_line WHEN NEW.line_no = 3 BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;`);
    raw.close();
    const before = { vouchers: count('voucher'), lines: count('voucher_line'), periods: count('period') };
    const error = await accountant.fails('voucher.save', scenarioSaveInput(book.id, payment));
    expect(error).toEqual({ code: 'RULE_VIOLATION', message: 'disk trouble' });
    expect({ vouchers: count('voucher'), lines: count('voucher_line'), periods: count('period') }).toEqual(before);
  });

  it('asks for a reason when a cash payment has no budget entry, and keeps the reason', async () => {
    const { book, accountant } = await twoPersonOffice(core);
    const input = scenarioSaveInput(book.id, payment);
    input.lines = input.lines.filter((l) => l.accountCode.startsWith('5') || l.accountCode === '1011');
    const error = await accountant.fails('voucher.save', input);
    expect(error.code).toBe('NEEDS_CONFIRMATION');
    expect((error.details as { warnings: { code: string }[] }).warnings[0]!.code).toBe('PARALLEL_MISSING');
    expect(count('voucher')).toBe(0);
    const saved = await accountant.ok('voucher.save', { ...input, parallelReason: '上年暂付款本年核销' });
    expect(saved.voucher.parallelReason).toBe('上年暂付款本年核销');
    expect(saved.warnings.map((w) => w.code)).toEqual(['PARALLEL_MISSING']);
  });

  it('refuses an unbalanced track with a Chinese message and writes nothing', async () => {
    const { book, accountant } = await twoPersonOffice(core);
    const input = scenarioSaveInput(book.id, payment);
    input.lines[3]!.credit = 300000;
    const error = await accountant.fails('voucher.save', input);
    expect(error.code).toBe('RULE_VIOLATION');
    expect(error.message).toContain('预算会计分录借贷不平：借方 3,200.00，贷方 3,000.00');
    expect(count('voucher')).toBe(0);
  });

  it('renumbers only unposted vouchers, around posted ones', async () => {
    const { book, accountant, reviewer } = await twoPersonOffice(core);
    const saved = [];
    for (let i = 0; i < 4; i++) saved.push((await accountant.ok('voucher.save', scenarioSaveInput(book.id, payment))).voucher);
    await reviewer.ok('voucher.review', { bookId: book.id, ids: [saved[2]!.id] });
    await accountant.ok('voucher.post', { bookId: book.id, ids: [saved[2]!.id] });
    await accountant.ok('voucher.delete', { bookId: book.id, id: saved[0]!.id });
    expect(await accountant.ok('voucher.renumber', { bookId: book.id, year: 2026, month: 1 })).toEqual({ renumbered: 2 });
    const labels = Object.fromEntries((await accountant.ok('voucher.list', { bookId: book.id, year: 2026, month: 1 })).map((v) => [v.id, v.label]));
    expect(labels).toEqual({ [saved[1]!.id]: '记-0001', [saved[2]!.id]: '记-0003', [saved[3]!.id]: '记-0002' });
  });

  it('refuses every write to a closed period, and 反结账 is for the 主管 with a reason', async () => {
    const { book, accountant, reviewer } = await twoPersonOffice(core);
    const { voucher } = await accountant.ok('voucher.save', scenarioSaveInput(book.id, payment));
    const blocked = await accountant.fails('period.close', { bookId: book.id, year: 2026, month: 1 });
    expect(blocked.message).toBe('2026年01期不能结账：本期还有 1 张凭证未记账');
    await reviewer.ok('voucher.review', { bookId: book.id, ids: [voucher.id] });
    await accountant.ok('voucher.post', { bookId: book.id, ids: [voucher.id] });
    await accountant.ok('period.close', { bookId: book.id, year: 2026, month: 1 });

    const closedMessage = '2026年01期已结账，不能再修改。如确需修改，请主管反结账。';
    expect(await accountant.fails('voucher.save', scenarioSaveInput(book.id, payment))).toMatchObject({ code: 'PERIOD_CLOSED', message: closedMessage });
    expect(await accountant.fails('voucher.reverse', { bookId: book.id, id: voucher.id, newId: uuidv7(), date: '2026-01-31' })).toMatchObject({ code: 'PERIOD_CLOSED' });
    expect((await accountant.fails('voucher.renumber', { bookId: book.id, year: 2026, month: 1 })).code).toBe('PERIOD_CLOSED');
    expect((await accountant.fails('period.close', { bookId: book.id, year: 2026, month: 1 })).code).toBe('PERIOD_CLOSED');
    // The next period takes vouchers as usual; March cannot close before February, even an empty February.
    await accountant.ok('voucher.save', scenarioSaveInput(book.id, { ...payment, date: '2026-02-03' }));
    expect((await accountant.fails('period.close', { bookId: book.id, year: 2026, month: 3 })).message).toBe('2026年03期不能结账：请先结账2026年02期');

    expect((await accountant.fails('period.reopen', { bookId: book.id, year: 2026, month: 1, reason: '补记漏账' })).code).toBe('FORBIDDEN');
    expect((await reviewer.fails('period.reopen', { bookId: book.id, year: 2026, month: 1, reason: '' })).code).toBe('INVALID_INPUT');
    const reopened = await reviewer.ok('period.reopen', { bookId: book.id, year: 2026, month: 1, reason: '补记漏账' });
    expect(reopened.status).toBe('open');
    const raw = new Database(core.databaseFile, { readonly: true });
    expect(raw.prepare(`SELECT action, reason FROM period_event ORDER BY at, action`).all()).toEqual([
      { action: 'close', reason: null },
      { action: 'reopen', reason: '补记漏账' },
    ]);
    raw.close();
    // The withdrawn closing voucher took its movements with it: 3301 is empty again.
    const tb = await accountant.ok('ledger.trialBalance', { bookId: book.id, year: 2026, month: 1 });
    expect(tb.rows.find((r) => r.code === '3301')).toBeUndefined();
  });

  it('pages a 明细账 with a running balance and filters it by dimension', async () => {
    const { book, accountant, reviewer } = await twoPersonOffice(core);
    const ids = [];
    for (const v of scenarioVouchers) ids.push((await accountant.ok('voucher.save', scenarioSaveInput(book.id, v))).voucher.id);
    await reviewer.ok('voucher.review', { bookId: book.id, ids });
    await accountant.ok('voucher.post', { bookId: book.id, ids });
    const detail = await accountant.ok('ledger.detail', { bookId: book.id, accountCode: '1011', year: 2026, fromMonth: 1, toMonth: 1 });
    expect(detail.rows.map((r) => [r.voucherLabel, r.debit, r.credit, r.balance])).toEqual([
      ['记-0001', 10000000, 0, 10000000],
      ['记-0002', 0, 320000, 9680000],
      ['记-0006', 0, 1500000, 8180000],
    ]);
    const page2 = await accountant.ok('ledger.detail', { bookId: book.id, accountCode: '1011', year: 2026, fromMonth: 1, toMonth: 1, offset: 1, limit: 1 });
    expect(page2).toMatchObject({ total: 3, rows: [{ voucherLabel: '记-0002', balance: 9680000 }] });
    // One page, but the range's sums and closing balance, whatever page is asked for.
    expect(page2).toMatchObject({ opening: 0, totalDebit: 10000000, totalCredit: 1820000, closing: 8180000 });
    const byEcon = await accountant.ok('ledger.detail', { bookId: book.id, accountCode: '7101', year: 2026, fromMonth: 1, toMonth: 1, dims: { econ_dep: '30101' } });
    expect(byEcon.rows.map((r) => [r.voucherLabel, r.debit, r.balance])).toEqual([['记-0005', 6500000, 6500000]]);
    expect(byEcon).toMatchObject({ total: 1, totalDebit: 6500000, totalCredit: 0, closing: 6500000 });
    // A credit-normal account: the closing balance is shown on its normal side.
    expect(await accountant.ok('ledger.detail', { bookId: book.id, accountCode: '4001', year: 2026, fromMonth: 1, toMonth: 1, limit: 1 })).toMatchObject({ totalDebit: 0, totalCredit: 17100000, closing: 17100000 });
  });

  it('numbers 收/付/转 separately when the book chooses them, and changes scheme only between periods', async () => {
    const { book, accountant, reviewer } = await twoPersonOffice(core);
    expect(book.voucherWords).toBe('single');
    expect((await reviewer.ok('book.setVoucherWords', { bookId: book.id, voucherWords: 'receiptPaymentTransfer' })).voucherWords).toBe('receiptPaymentTransfer');
    const input = scenarioSaveInput(book.id, payment);
    expect((await accountant.fails('voucher.save', input)).message).toContain('请选择凭证字“收”“付”或“转”');
    const paid = await accountant.ok('voucher.save', { ...input, word: '付' });
    const transfer = await accountant.ok('voucher.save', { ...scenarioSaveInput(book.id, scenarioVouchers[2]!), word: '转' });
    expect([paid.voucher.label, transfer.voucher.label]).toEqual(['付-0001', '转-0001']);
    expect((await reviewer.fails('book.setVoucherWords', { bookId: book.id, voucherWords: 'single' })).message).toContain('开放期间已有 2 张凭证');
  });
});
