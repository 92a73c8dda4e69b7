import { AppError } from '../../../shared/api/errors';
import type { IndicatorDetail } from '../../../shared/api/budgetTypes';
import type { Book, User } from '../../../shared/api/types';
import { formatFen } from '../../../shared/domain/money';
import { FUND_REVENUE_ACCOUNT_NAMES, missingFundRevenueAccount, quotaVoucherLines } from '../../../shared/domain/budget/paymentVoucher';
import type { FundNature } from '../../../shared/domain/budget/types';
import type { LedgerAccount } from '../../../shared/domain/ledger/types';
import { openSubAccount, prepareSubAccountNames } from '../accounts/maintain';
import type { CoreContext } from '../context';
import type { WritableDB } from '../db/handles';
import { sql } from '../db/sql';
import { loadLedgerChart } from '../ledger/chart';
import { periodOf } from '../ledger/periods';
import { writeVoucher } from '../ledger/vouchers';
import { requireDateInYear, requireUser, ruleViolation, stampOf } from './common';
import { indicatorDetail, requireIndicator } from './indicators';
import { monitoringSettings } from './settings';

/**
 * 授权支付额度 in the ledger (domain.md §1 example 1). When a quota arrives with an indicator
 * (下达, or an approved 调整/调剂 that changes it) the arrival voucher is booked in the same
 * transaction, posted: Dr 1011 / Cr 4001 and Dr 8001-零余额账户用款额度 / Cr 6001. Each such
 * voucher is linked to its indicator (budget_quota_voucher) with the amount booked, so the quota
 * still to book is 可执行 − booked. A month already closed leaves the amount outstanding: the
 * indicator then offers 登记额度到账 (`registerQuota`) on a date of an open month.
 */

/** Names of the 4001 sub-accounts the core may open: prepared (pinyin) before any transaction that may need them. */
export const prepareFundAccounts = () => prepareSubAccountNames(Object.values(FUND_REVENUE_ACCOUNT_NAMES));

/**
 * The chart for a posting on 4001 of a fund nature. 4001 is kept by kind of appropriation; the
 * seeded chart lacks 国有资本经营预算财政拨款, so it is opened (next free code, 400103 in a seeded
 * book) inside the caller's transaction the first time such money is booked.
 */
export function chartWithFundAccount(db: WritableDB, bookId: string, fund: FundNature): Map<string, LedgerAccount> {
  const chart = loadLedgerChart(db, bookId);
  const missing = missingFundRevenueAccount(chart, fund);
  if (!missing) return chart;
  openSubAccount(db, bookId, missing.parentCode, missing.name);
  return loadLedgerChart(db, bookId);
}

/** 可执行 − booked, now, inside the transaction. */
function outstanding(db: WritableDB, indicatorId: string): number {
  const row = db.get<{ executable: number; booked: number }>(sql`
    SELECT coalesce((SELECT sum(executable_delta) FROM budget_indicator_movement WHERE indicator_id = ${indicatorId}), 0) AS executable,
           coalesce((SELECT sum(amount) FROM budget_quota_voucher WHERE indicator_id = ${indicatorId}), 0) AS booked`)!;
  return row.executable - row.booked;
}

interface QuotaBooking {
  book: Book;
  user: User;
  indicatorId: string;
  date: string;
  voucherId: string;
  ref: { kind: 'county' | 'adjustment' | 'manual'; id: string };
  at: string;
}

/** Writes the voucher for `amount` (signed) and its link. The caller holds the transaction and checked the period. */
function writeQuotaVoucher(db: WritableDB, b: QuotaBooking, amount: number): void {
  const indicator = requireIndicator(db, b.book.id, b.indicatorId);
  const chart = chartWithFundAccount(db, b.book.id, indicator.fundNature);
  const planned = quotaVoucherLines(
    {
      amount,
      funcCode: indicator.funcCode,
      econDepCode: indicator.econDepCode,
      projectCode: indicator.projectCode,
      fundNature: indicator.fundNature,
      summary: `${amount > 0 ? '额度到账' : '额度调减'}：${indicator.docNo}${indicator.projectName ? ` ${indicator.projectName}` : ''}`,
    },
    chart,
  );
  if (!planned.ok) throw ruleViolation(planned.message);
  const word = b.book.voucherWords === 'single' ? '记' : amount > 0 ? '收' : '付';
  writeVoucher(db, b.book, b.user, { id: b.voucherId, word, date: b.date, attachments: 1, lines: planned.lines }, { kind: 'normal', postedBy: b.user.id }, chart, new Date(b.at));
  db.run(sql`
    INSERT INTO budget_quota_voucher (voucher_id, book_id, indicator_id, amount, ref_kind, ref_id, created_at)
    VALUES (${b.voucherId}, ${b.book.id}, ${b.indicatorId}, ${amount}, ${b.ref.kind}, ${b.ref.id}, ${b.at})`);
}

/** Whether a voucher may be written on `date`: not before the book's start, month not closed. */
function periodOpen(db: WritableDB, book: Book, date: string): boolean {
  const p = periodOf(date);
  if (p.year < book.startYear || (p.year === book.startYear && p.month < book.startMonth)) return false;
  return db.get<{ status: string }>(sql`SELECT status FROM period WHERE book_id = ${book.id} AND year = ${p.year} AND month = ${p.month}`)?.status !== 'closed';
}

/**
 * After a 下达 or an approved 调整/调剂 of an 授权支付 indicator (setting 'onIssue'): books what is
 * outstanding, so booked follows 可执行. A closed month leaves it outstanding for 登记额度到账.
 */
export function followQuota(db: WritableDB, b: QuotaBooking): void {
  const indicator = requireIndicator(db, b.book.id, b.indicatorId);
  if (indicator.payMethod !== '授权支付') return;
  if (monitoringSettings(db, b.book.id).quotaArrival !== 'onIssue') return;
  if (!periodOpen(db, b.book, b.date)) return;
  const amount = outstanding(db, b.indicatorId);
  if (amount === 0) return;
  // The 下达 is the county's fact and must go in (sync applies it too); booking its quota is the
  // unit's follow-up. Where the chart cannot take it (1011 disabled, say), nothing of the voucher is
  // kept (its own savepoint) and the quota stays outstanding: 登记额度到账 then names what to fix.
  try {
    db.transaction((tx) => writeQuotaVoucher(tx, b, amount));
  } catch (error) {
    if (error instanceof AppError && error.code === 'RULE_VIOLATION') return;
    throw error;
  }
}

/** 登记额度到账: the command that books what an 授权支付 indicator still has outstanding. */
export function registerQuota(ctx: CoreContext, book: Book, input: { indicatorId: string; voucherId: string; date: string }): IndicatorDetail {
  const user = requireUser(ctx);
  ctx.write.transaction((db) => {
    const existing = db.get<{ indicator_id: string }>(sql`SELECT indicator_id FROM budget_quota_voucher WHERE voucher_id = ${input.voucherId}`);
    if (existing?.indicator_id === input.indicatorId) return; // a retried request
    if (existing || db.get(sql`SELECT 1 FROM voucher WHERE id = ${input.voucherId}`)) throw new AppError('CONFLICT', '凭证标识已被使用，请重新登记');
    const indicator = requireIndicator(db, book.id, input.indicatorId);
    if (indicator.payMethod !== '授权支付') throw ruleViolation(`指标${indicator.label}是直接支付，没有零余额账户用款额度`);
    if (monitoringSettings(db, book.id).quotaArrival !== 'onIssue') {
      throw ruleViolation('本账套设置为“随支付登记额度”：额度在每笔支付的凭证中一并记账，不单独登记额度到账');
    }
    requireDateInYear(input.date, indicator.year, '额度到账日期');
    const amount = outstanding(db, indicator.id);
    if (amount === 0) throw ruleViolation(`指标${indicator.label}的额度已全部登记，没有待登记的额度`);
    writeQuotaVoucher(db, { book, user, indicatorId: indicator.id, date: input.date, voucherId: input.voucherId, ref: { kind: 'manual', id: input.voucherId }, at: stampOf(ctx) }, amount);
    db.note({ quota: `${amount > 0 ? '登记额度到账' : '登记额度调减'} ${formatFen(Math.abs(amount))} 元` });
  });
  return indicatorDetail(ctx.read, book.id, input.indicatorId);
}
