import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Indicator } from '../../../shared/api/budgetTypes';
import { uuidv7 } from '../../../shared/domain/id';
import { auditIndicator, budgetOffice, issueIndicator, pay, paymentInput, writeFootprint, type Office } from '../../../test/helpers/budget';
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

const detail = (id: string) => office.accountant.ok('budget.indicatorGet', { bookId: office.bookId, id });

/** The core's balance equals the independent audit of raw movement rows, and every invariant holds. */
async function expectSound(indicator: Indicator) {
  const d = await detail(indicator.id);
  const audit = auditIndicator(core.databaseFile, indicator.id);
  expect(d.balance).toEqual({ executable: audit.executable, frozen: audit.frozen, paid: audit.paid, available: audit.available });
  expect(d.movements).toHaveLength(audit.movementCount);
  expect(d.movements.at(-1)?.balance ?? { executable: 0, frozen: 0, paid: 0, available: 0 }).toEqual(d.balance);
  expect(audit.paid).toBe(audit.paidByPayments);
  expect(audit.paid).toBe(audit.voucherSpending);
  expect(audit.available).toBeGreaterThanOrEqual(0);
  expect(audit.paid + audit.frozen).toBeLessThanOrEqual(audit.executable);
  return d;
}

describe('indicator ledger through the core', () => {
  it('records 下达, 冻结/解冻, 在途, 支付 and 退回 as rows, with running balances', async () => {
    const indicator = await issueIndicator(office, { amount: 1_000_000 });
    const freezeId = uuidv7();
    await office.reviewer.ok('budget.indicatorFreeze', { bookId: office.bookId, id: freezeId, indicatorId: indicator.id, amount: 200_000, date: '2026-02-01', reason: '审计发现问题，暂缓使用' });
    const over = await office.reviewer.fails('budget.indicatorFreeze', { bookId: office.bookId, id: uuidv7(), indicatorId: indicator.id, amount: 800_001, date: '2026-02-01', reason: '超额冻结' });
    expect(over.message).toBe('指标“青财预〔2026〕1号”（2010301 / 30201）可用余额不足：可用 8,000.00 元，本次冻结 8,000.01 元，差额 0.01 元');
    const returned = await office.accountant.ok('budget.paymentCreate', paymentInput(office.bookId, indicator, 100_000, { date: '2026-02-05' }));
    await office.reviewer.ok('budget.paymentReturn', { bookId: office.bookId, id: returned.id, reason: '用途不明', date: '2026-02-06' });
    const paid = await pay(office, indicator, 300_000, '2026-02-10');
    await office.accountant.ok('budget.paymentRefund', { bookId: office.bookId, id: paid.id, voucherId: uuidv7(), date: '2026-02-15', reason: '重复支付退回' });
    await pay(office, indicator, 250_000, '2026-02-20');
    await office.reviewer.ok('budget.indicatorUnfreeze', { bookId: office.bookId, freezeId, date: '2026-03-01', reason: '整改完成' });
    expect(await office.reviewer.fails('budget.indicatorUnfreeze', { bookId: office.bookId, freezeId, date: '2026-03-02', reason: '再解一次' })).toMatchObject({ message: '这笔冻结已经解除' });

    const d = await expectSound(indicator);
    expect(d.movements.map((m) => [m.kind, m.executableDelta + m.frozenDelta + m.paidDelta, m.balance.available])).toEqual([
      ['下达', 1_000_000, 1_000_000],
      ['冻结', 200_000, 800_000],
      ['冻结', 100_000, 700_000],
      ['解冻', -100_000, 800_000],
      ['冻结', 300_000, 500_000],
      ['解冻', -300_000, 800_000],
      ['支付', 300_000, 500_000],
      ['退回', -300_000, 800_000],
      ['冻结', 250_000, 550_000],
      ['解冻', -250_000, 800_000],
      ['支付', 250_000, 550_000],
      ['解冻', -200_000, 750_000],
    ]);
    expect(d.balance).toEqual({ executable: 1_000_000, frozen: 0, paid: 250_000, available: 750_000 });
  });
});

describe('调整 and 调剂', () => {
  it('changes balances only when approved, and a rejected request leaves no trace', async () => {
    const office1 = await issueIndicator(office, { amount: 1_000_000 });
    const travel = await issueIndicator(office, { econDepCode: '30211', amount: 300_000 });
    const before = writeFootprint(core.databaseFile);
    const request = await office.accountant.ok('budget.adjustmentCreate', {
      bookId: office.bookId,
      id: uuidv7(),
      year: 2026,
      kind: '调剂',
      reason: '办公费结余调剂用于差旅',
      from: [{ indicatorId: office1.id, amount: 200_000 }],
      to: [{ indicatorId: travel.id, amount: 200_000 }],
    });
    expect(request).toMatchObject({ status: '待审批', netChange: 0 });
    expect((await detail(office1.id)).balance.executable).toBe(1_000_000);
    expect((await detail(travel.id)).balance.executable).toBe(300_000);

    const rejected = await office.reviewer.ok('budget.adjustmentReject', { bookId: office.bookId, id: request.id, note: '差旅费已足够' });
    expect(rejected.status).toBe('已驳回');
    expect(await office.reviewer.fails('budget.adjustmentApprove', { bookId: office.bookId, id: request.id, date: '2026-03-01' })).toMatchObject({
      message: '调整调剂申请“办公费结余调剂用于差旅”当前状态为“已驳回”，不能批准（只有“待审批”状态可以批准）',
    });
    const after = writeFootprint(core.databaseFile);
    expect(after.budget_indicator_movement).toBe(before.budget_indicator_movement);
    expect((await detail(office1.id)).balance).toEqual({ executable: 1_000_000, frozen: 0, paid: 0, available: 1_000_000 });

    const second = await office.accountant.ok('budget.adjustmentCreate', {
      bookId: office.bookId,
      id: uuidv7(),
      year: 2026,
      kind: '调剂',
      reason: '办公费结余调剂用于差旅',
      from: [{ indicatorId: office1.id, amount: 200_000 }],
      to: [{ indicatorId: travel.id, amount: 200_000 }],
    });
    expect(await office.accountant.fails('budget.adjustmentApprove', { bookId: office.bookId, id: second.id, date: '2026-03-01' })).toMatchObject({ code: 'FORBIDDEN' });
    await office.reviewer.ok('budget.adjustmentApprove', { bookId: office.bookId, id: second.id, date: '2026-03-01', note: '同意' });
    expect((await expectSound(office1)).balance.executable).toBe(800_000);
    expect((await expectSound(travel)).balance.executable).toBe(500_000);
  });

  it('checks a decrease against what is available when it is approved', async () => {
    const indicator = await issueIndicator(office, { amount: 1_000_000 });
    const cut = await office.accountant.ok('budget.adjustmentCreate', { bookId: office.bookId, id: uuidv7(), year: 2026, kind: '调整', reason: '压减一般性支出', docNo: '青人大〔2026〕3号', from: [{ indicatorId: indicator.id, amount: 600_000 }] });
    expect(cut.netChange).toBe(-600_000);
    await pay(office, indicator, 500_000);
    const refused = await office.reviewer.fails('budget.adjustmentApprove', { bookId: office.bookId, id: cut.id, date: '2026-06-30' });
    expect(refused.message).toBe('指标“青财预〔2026〕1号”（2010301 / 30201）可用余额不足：可用 5,000.00 元，本次调减 6,000.00 元，差额 1,000.00 元');
    expect((await office.accountant.ok('budget.adjustmentList', { bookId: office.bookId, year: 2026 }))[0]!.status).toBe('待审批');
    const add = await office.accountant.ok('budget.adjustmentCreate', { bookId: office.bookId, id: uuidv7(), year: 2026, kind: '调整', reason: '追加防汛经费', to: [{ indicatorId: indicator.id, amount: 150_000 }] });
    await office.reviewer.ok('budget.adjustmentApprove', { bookId: office.bookId, id: add.id, date: '2026-07-01' });
    expect((await expectSound(indicator)).balance).toEqual({ executable: 1_150_000, frozen: 0, paid: 500_000, available: 650_000 });
  });

  it('refuses 调剂 that changes the total, crosses fund natures or mixes 直达 money', async () => {
    const a = await issueIndicator(office);
    const b = await issueIndicator(office, { econDepCode: '30211', fundNature: '政府性基金预算' });
    const c = await issueIndicator(office, { econDepCode: '30211', directFund: true });
    const base = { bookId: office.bookId, year: 2026, kind: '调剂' as const, reason: '内部调剂' };
    expect((await office.accountant.fails('budget.adjustmentCreate', { ...base, id: uuidv7(), from: [{ indicatorId: a.id, amount: 100 }], to: [{ indicatorId: c.id, amount: 90 }] })).message).toBe(
      '输入有误：调入指标：调剂不改变预算总额：调出合计须等于调入合计',
    );
    expect((await office.accountant.fails('budget.adjustmentCreate', { ...base, id: uuidv7(), from: [{ indicatorId: a.id, amount: 100 }], to: [{ indicatorId: b.id, amount: 100 }] })).message).toBe(
      '调剂不能跨资金性质（涉及 一般公共预算、政府性基金预算）',
    );
    expect((await office.accountant.fails('budget.adjustmentCreate', { ...base, id: uuidv7(), from: [{ indicatorId: a.id, amount: 100 }], to: [{ indicatorId: c.id, amount: 100 }] })).message).toBe('直达资金不能与非直达资金相互调剂');
    expect(writeFootprint(core.databaseFile).budget_adjustment).toBe(0);
  });
});
