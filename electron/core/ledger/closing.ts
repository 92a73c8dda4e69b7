import { AppError } from '../../../shared/api/errors';
import type { Book, PeriodInfo } from '../../../shared/api/types';
import {
  monthEndClosingLines,
  yearEndBudgetCarryForwardLines,
  yearEndBudgetClosingLines,
  yearEndFinancialClosingLines,
  type ClosingBalance,
} from '../../../shared/domain/ledger/closing';
import type { DebitCredit, VoucherLineInput } from '../../../shared/domain/ledger/types';
import { uuidv7 } from '../../../shared/domain/id';
import { formatPeriod, periodLastDate } from '../../../shared/domain/period';
import type { CoreContext } from '../context';
import type { ReadableDB, WritableDB } from '../db/handles';
import { sql } from '../db/sql';
import { loadLedgerChart } from './chart';
import { requireOpenPeriod, type PeriodKey } from './periods';
import { writeVoucher } from './vouchers';

export function listPeriods(db: ReadableDB | WritableDB, bookId: string): PeriodInfo[] {
  return db
    .all<{ year: number; month: number; status: 'open' | 'closed'; voucher_count: number; posted_count: number }>(sql`
      SELECT p.year, p.month, p.status,
        (SELECT count(*) FROM voucher v WHERE v.book_id = p.book_id AND v.year = p.year AND v.month = p.month) AS voucher_count,
        (SELECT count(*) FROM voucher v WHERE v.book_id = p.book_id AND v.year = p.year AND v.month = p.month AND v.status = 'posted') AS posted_count
      FROM period p WHERE p.book_id = ${bookId} ORDER BY p.year, p.month`)
    .map((r) => ({ year: r.year, month: r.month, status: r.status, voucherCount: r.voucher_count, postedCount: r.posted_count }));
}

function periodInfo(db: ReadableDB | WritableDB, bookId: string, p: PeriodKey): PeriodInfo {
  return listPeriods(db, bookId).find((x) => x.year === p.year && x.month === p.month)!;
}

const key = (p: PeriodKey) => p.year * 12 + p.month;

/** What stops a period from closing, in the accountant's words; empty when it may close. */
function closingProblems(db: WritableDB, book: Book, p: PeriodKey): string[] {
  const problems: string[] = [];
  // Months close in order from the book's start, empty months included.
  const closed = new Set(
    db.all<{ k: number }>(sql`SELECT year * 12 + month AS k FROM period WHERE book_id = ${book.id} AND status = 'closed'`).map((r) => r.k),
  );
  for (let k = book.startYear * 12 + book.startMonth; k < key(p); k++) {
    if (!closed.has(k)) {
      const year = Math.floor((k - 1) / 12);
      problems.push(`请先结账${formatPeriod({ year, month: k - year * 12 })}`);
      break;
    }
  }
  const notPosted = db.get<{ n: number }>(
    sql`SELECT count(*) AS n FROM voucher WHERE book_id = ${book.id} AND year = ${p.year} AND month = ${p.month} AND status <> 'posted'`,
  )!.n;
  if (notPosted > 0) problems.push(`本期还有 ${notPosted} 张凭证未记账`);
  const tracks = db.all<{ track: string; d: number; c: number }>(sql`
    SELECT a.track, sum(m.debit) AS d, sum(m.credit) AS c FROM period_movement m
    JOIN account a ON a.book_id = m.book_id AND a.code = m.account_code
    WHERE m.book_id = ${book.id} AND m.year = ${p.year} AND m.month = ${p.month} GROUP BY a.track`);
  for (const t of tracks) {
    if (t.d !== t.c) problems.push(`${t.track === 'financial' ? '财务会计' : '预算会计'}本期借贷不平`);
  }
  const words = db.all<{ word: string; n: number; max: number }>(sql`
    SELECT word, count(*) AS n, max(number) AS max FROM voucher
    WHERE book_id = ${book.id} AND year = ${p.year} AND month = ${p.month} GROUP BY word`);
  for (const w of words) if (w.n !== w.max) problems.push(`${w.word}字凭证号不连续（${w.n} 张，最大号 ${w.max}），请先断号整理`);
  return problems;
}

/**
 * 月末结账: checks, then the closing voucher (revenue and expense into 3301 本期盈余), posted
 * by the closing itself, then the period is locked — all in one transaction.
 */
export function closePeriod(ctx: CoreContext, book: Book, p: PeriodKey): PeriodInfo {
  const user = ctx.user!;
  return ctx.write.transaction((db) => {
    requireOpenPeriod(db, book, p);
    const problems = closingProblems(db, book, p);
    if (problems.length > 0) throw new AppError('RULE_VIOLATION', `${formatPeriod(p)}不能结账：${problems.join('；')}`, { problems });

    const balances = new Map<string, DebitCredit>(
      db
        .all<{ account_code: string; d: number; c: number }>(sql`
          SELECT account_code, sum(debit) AS d, sum(credit) AS c FROM period_movement
          WHERE book_id = ${book.id} AND (account_code LIKE '4%' OR account_code LIKE '5%') AND (year * 12 + month) <= ${key(p)}
          GROUP BY account_code HAVING sum(debit) <> sum(credit)`)
        .map((r) => [r.account_code, { debit: r.d, credit: r.c }]),
    );
    const post = (lines: VoucherLineInput[]) => {
      if (lines.length === 0) return;
      const chart = loadLedgerChart(db, book.id);
      writeVoucher(db, book, user, { id: uuidv7(), word: book.voucherWords === 'single' ? '记' : '转', date: periodLastDate(p), attachments: 0, lines }, { kind: 'closing', postedBy: user.id }, chart, ctx.now());
    };
    if (balances.size > 0) post(monthEndClosingLines(balances));
    if (p.month === 12) yearEndClosing(db, book.id, p, post);
    const now = ctx.now().toISOString();
    db.run(sql`UPDATE period SET status = 'closed', closed_at = ${now}, closed_by = ${user.id} WHERE book_id = ${book.id} AND year = ${p.year} AND month = ${p.month}`);
    db.run(sql`INSERT INTO period_event (id, book_id, year, month, action, reason, user_id, at) VALUES (${uuidv7()}, ${book.id}, ${p.year}, ${p.month}, 'close', NULL, ${user.id}, ${now})`);
    return periodInfo(db, book.id, p);
  });
}

/** Balances of posted lines up to the period, per leaf account and (for carried dimensions) func/project. */
function balancesByDims(db: WritableDB, bookId: string, p: PeriodKey, prefixes: string[]): ClosingBalance[] {
  const where = prefixes.map(() => 'l.account_code LIKE ?').join(' OR ');
  return db
    .all<{ account_code: string; func: string | null; project: string | null; d: number; c: number }>({
      text: `SELECT l.account_code, l.func, l.project, sum(l.debit) AS d, sum(l.credit) AS c
             FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
             WHERE v.book_id = ? AND v.status = 'posted' AND (v.year * 12 + v.month) <= ? AND (${where})
             GROUP BY l.account_code, l.func, l.project HAVING sum(l.debit) <> sum(l.credit)`,
      params: [bookId, key(p), ...prefixes.map((x) => `${x}%`)],
    })
    .map((r) => {
      const dims: ClosingBalance['dims'] = {};
      if (r.func) dims.func = r.func;
      if (r.project) dims.project = r.project;
      return { accountCode: r.account_code, debit: r.d, credit: r.c, dims };
    });
}

/**
 * 年结, as part of closing December: budget track 6xxx/7xxx into 8101/8201/8501, the 8xxx
 * details into their 累计 accounts, and the financial 3301 → 3302 → 3001. Each step is a
 * posted closing voucher; the new year's opening balances are the balances they leave.
 * The mappings are data in shared/domain/ledger/closing.ts (configurable, unverified order).
 */
function yearEndClosing(db: WritableDB, bookId: string, p: PeriodKey, post: (lines: VoucherLineInput[]) => void): void {
  try {
    post(yearEndBudgetClosingLines(balancesByDims(db, bookId, p, ['6', '7'])));
    post(yearEndBudgetCarryForwardLines(balancesByDims(db, bookId, p, ['8101', '8102', '8201', '8202', '8501'])));
    post(yearEndFinancialClosingLines(balancesByDims(db, bookId, p, ['3301', '3302', '3401', '3501'])));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('RULE_VIOLATION', `年结失败：${(error as Error).message}`);
  }
}

/**
 * 反结账 (主管 only, with a reason, recorded): the latest closed period opens again and its
 * generated closing voucher is withdrawn, so closing again regenerates it from the books.
 */
export function reopenPeriod(ctx: CoreContext, book: Book, p: PeriodKey, reason: string): PeriodInfo {
  const user = ctx.user!;
  return ctx.write.transaction((db) => {
    const row = db.get<{ status: string }>(sql`SELECT status FROM period WHERE book_id = ${book.id} AND year = ${p.year} AND month = ${p.month}`);
    if (row?.status !== 'closed') throw new AppError('RULE_VIOLATION', `${formatPeriod(p)}未结账，无需反结账`);
    const later = db.get<{ year: number; month: number }>(sql`
      SELECT year, month FROM period WHERE book_id = ${book.id} AND status = 'closed' AND (year * 12 + month) > ${key(p)}
      ORDER BY year DESC, month DESC LIMIT 1`);
    if (later) throw new AppError('RULE_VIOLATION', `请先反结账${formatPeriod(later)}`);
    const closing = db.all<{ id: string }>(sql`SELECT id FROM voucher WHERE book_id = ${book.id} AND year = ${p.year} AND month = ${p.month} AND kind = 'closing'`);
    for (const v of closing) {
      db.run(sql`
        UPDATE period_movement SET
          debit = debit - coalesce((SELECT sum(l.debit) FROM voucher_line l WHERE l.voucher_id = ${v.id} AND l.account_code = period_movement.account_code), 0),
          credit = credit - coalesce((SELECT sum(l.credit) FROM voucher_line l WHERE l.voucher_id = ${v.id} AND l.account_code = period_movement.account_code), 0)
        WHERE book_id = ${book.id} AND year = ${p.year} AND month = ${p.month}`);
      db.run(sql`DELETE FROM voucher_line WHERE voucher_id = ${v.id}`);
      db.run(sql`DELETE FROM voucher WHERE id = ${v.id}`);
    }
    const now = ctx.now().toISOString();
    db.run(sql`UPDATE period SET status = 'open', closed_at = NULL, closed_by = NULL WHERE book_id = ${book.id} AND year = ${p.year} AND month = ${p.month}`);
    db.run(sql`INSERT INTO period_event (id, book_id, year, month, action, reason, user_id, at) VALUES (${uuidv7()}, ${book.id}, ${p.year}, ${p.month}, 'reopen', ${reason}, ${user.id}, ${now})`);
    return periodInfo(db, book.id, p);
  });
}
