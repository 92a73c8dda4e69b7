import type { Indicator } from '../../../shared/api/budgetTypes';
import type { CommandInput, CommandName, CommandOutput } from '../../../shared/api/commands';
import type { Result } from '../../../shared/api/errors';
import { uuidv7 } from '../../../shared/domain/id';
import type { Random } from '../../../electron/core/reliability/random';
import { paymentInput } from '../../helpers/budget';
import { scenarioSaveInput, scenarioVouchers } from '../../helpers/ledger';

/**
 * Business work of a township office for the sync fault tests and the simulation, through the
 * ordinary commands (in this process or in a child process): vouchers saved, reviewed and
 * posted; months closed; payments against the indicators the county issued.
 */

export interface AnyCaller {
  call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>>;
  ok<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>>;
}

export interface OfficeCallers {
  accountant: AnyCaller;
  reviewer: AnyCaller;
  bookId: string;
}

export const YEAR = 2026;
const pad = (n: number) => String(n).padStart(2, '0');

/** Saves `count` of the scenario's vouchers dated in `month` (a 平行记账 reason where asked); returns their ids. */
export async function saveVouchers(o: OfficeCallers, count: number, month: number, random?: Random): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const v = scenarioVouchers[random ? random.int(0, scenarioVouchers.length - 1) : i % scenarioVouchers.length]!;
    const day = random ? random.int(1, 28) : Math.min(28, 1 + i);
    const input = scenarioSaveInput(o.bookId, { ...v, date: `${YEAR}-${pad(month)}-${pad(day)}` }, random ? random.int(0, 4) : 1);
    const saved = await o.accountant.call('voucher.save', input);
    if (!saved.ok && saved.error.code === 'NEEDS_CONFIRMATION') await o.accountant.ok('voucher.save', { ...input, parallelReason: '测试数据' });
    else if (!saved.ok) throw new Error(`voucher.save: ${saved.error.code} ${saved.error.message}`);
    ids.push(input.id);
  }
  return ids;
}

export async function reviewAndPost(o: OfficeCallers, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await o.reviewer.ok('voucher.review', { bookId: o.bookId, ids });
  await o.reviewer.ok('voucher.post', { bookId: o.bookId, ids });
}

/** Saves, reviews and posts `count` vouchers in `month`. */
export async function postVouchers(o: OfficeCallers, count: number, month: number, random?: Random): Promise<string[]> {
  const ids = await saveVouchers(o, count, month, random);
  await reviewAndPost(o, ids);
  return ids;
}

/** What 结账 needs first (every voucher of the month reviewed and posted, numbers closed up), then 结账. */
export async function closeMonth(o: OfficeCallers, month: number): Promise<Result<unknown>> {
  const all = await o.accountant.ok('voucher.list', { bookId: o.bookId, year: YEAR, month });
  const drafts = all.filter((v) => v.status === 'draft').map((v) => v.id);
  if (drafts.length > 0) await o.reviewer.ok('voucher.review', { bookId: o.bookId, ids: drafts });
  const reviewed = all.filter((v) => v.status !== 'posted').map((v) => v.id);
  if (reviewed.length > 0) await o.reviewer.ok('voucher.post', { bookId: o.bookId, ids: reviewed });
  await o.accountant.ok('voucher.renumber', { bookId: o.bookId, year: YEAR, month });
  return o.reviewer.call('period.close', { bookId: o.bookId, year: YEAR, month });
}

/** The county's indicators this book holds with something left to pay. */
export async function countyIndicators(o: OfficeCallers, atLeast = 100): Promise<Indicator[]> {
  return (await o.accountant.ok('budget.indicatorList', { bookId: o.bookId, year: YEAR })).filter((i) => i.origin === 'county' && i.balance.available >= atLeast);
}

/** 申请 → 审核 → 确认支付 against an indicator the county issued; the payment's voucher is posted with it. */
export async function payAgainst(o: OfficeCallers, indicator: Indicator, amount: number, date: string): Promise<Result<unknown>> {
  const input = paymentInput(o.bookId, indicator, amount, { date });
  const created = await o.accountant.call('budget.paymentCreate', input);
  if (!created.ok) return created;
  const reviewed = await o.reviewer.call('budget.paymentReview', { bookId: o.bookId, id: input.id });
  if (!reviewed.ok) return reviewed;
  return o.accountant.call('budget.paymentConfirm', { bookId: o.bookId, id: input.id, voucherId: uuidv7(), date });
}

/** An indicator 下达 by the county to a township book (operator API). */
export function indicatorInput(bookId: string, docNo: string, amount: number, month: number, payMethod: '直接支付' | '授权支付' = '直接支付') {
  return { bookId, date: `${YEAR}-${pad(month)}-02`, year: YEAR, funcCode: '2010301', econDepCode: '30201', fundNature: '一般公共预算', docNo, payMethod, amount };
}
