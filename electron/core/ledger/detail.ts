import { AppError } from '../../../shared/api/errors';
import type { DimensionValues, LedgerDetail, LedgerDetailRow } from '../../../shared/api/types';
import type { ReadableDB } from '../db/handles';
import { rawSql, sql, type SqlValue } from '../db/sql';
import { dimensionColumns, voucherLabel } from './voucherQueries';

interface Input {
  bookId: string;
  accountCode: string;
  year: number;
  fromMonth: number;
  toMonth: number;
  dims?: DimensionValues;
  offset: number;
  limit: number;
}

interface LineRow {
  date: string;
  voucher_id: string;
  word: string;
  number: number;
  summary: string;
  account_code: string;
  debit: number;
  credit: number;
  running: number;
  func: string | null;
  econ_dep: string | null;
  econ_gov: string | null;
  project: string | null;
  fund: string | null;
  counterparty: string | null;
  dept: string | null;
}

/**
 * 明细账: posted lines of an account and its sub-accounts, optionally of one dimension
 * value, with the running balance signed towards the account's normal side.
 */
export function ledgerDetail(db: ReadableDB, input: Input): LedgerDetail {
  const account = db.get<{ name: string; normal_balance: 'debit' | 'credit' }>(
    sql`SELECT name, normal_balance FROM account WHERE book_id = ${input.bookId} AND code = ${input.accountCode}`,
  );
  if (!account) throw new AppError('NOT_FOUND', `找不到科目 ${input.accountCode}`);
  const sign = account.normal_balance === 'debit' ? 1 : -1;
  const like = `${input.accountCode}%`;
  const dimFilters = dimensionColumns.filter((key) => input.dims?.[key]);
  const dimClause = dimFilters.map((key) => `AND l.${key} = ?`).join(' ');
  const dimParams: SqlValue[] = dimFilters.map((key) => input.dims![key]!);

  // Opening: from the per-month movements when no dimension filter applies, else from the lines.
  const opening =
    dimFilters.length === 0
      ? db.get<{ n: number | null }>(sql`
          SELECT sum(debit - credit) AS n FROM period_movement
          WHERE book_id = ${input.bookId} AND account_code LIKE ${like}
            AND (year < ${input.year} OR (year = ${input.year} AND month < ${input.fromMonth}))`)?.n ?? 0
      : db.get<{ n: number | null }>(
          rawSql(
            `SELECT sum(l.debit - l.credit) AS n FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
             WHERE v.book_id = ? AND v.status = 'posted' AND l.account_code LIKE ?
               AND (v.year < ? OR (v.year = ? AND v.month < ?)) ${dimClause}`,
            [input.bookId, like, input.year, input.year, input.fromMonth, ...dimParams],
          ),
        )?.n ?? 0;

  const where = `v.book_id = ? AND v.status = 'posted' AND l.account_code LIKE ? AND v.year = ? AND v.month BETWEEN ? AND ? ${dimClause}`;
  const params: SqlValue[] = [input.bookId, like, input.year, input.fromMonth, input.toMonth, ...dimParams];
  // The count and the range's sums in one pass over the covering index (debit and credit are in it).
  const sums = db.get<{ n: number; d: number | null; c: number | null }>(
    rawSql(`SELECT count(*) AS n, sum(l.debit) AS d, sum(l.credit) AS c FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id WHERE ${where}`, params),
  )!;
  const total = sums.n;
  // The running balance needs every line before the page, but only the page's own lines
  // need their text columns: the window runs over index columns alone (migration 004), and
  // the rows shown are read in full afterwards. Month leads the order although the date
  // implies it, so that the order is the index's own and no sort of the year is needed.
  const rows = db.all<LineRow>(
    rawSql(
      `WITH page AS (
         SELECT v.date, v.id AS voucher_id, v.word, v.number, l.line_no, l.debit, l.credit,
                sum(l.debit - l.credit) OVER (ORDER BY v.month, v.date, v.word, v.number, l.line_no ROWS UNBOUNDED PRECEDING) AS running
         FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
         WHERE ${where}
         ORDER BY v.month, v.date, v.word, v.number, l.line_no
         LIMIT ? OFFSET ?)
       SELECT p.date, p.voucher_id, p.word, p.number, l.summary, l.account_code, p.debit, p.credit, p.running,
              l.func, l.econ_dep, l.econ_gov, l.project, l.fund, l.counterparty, l.dept
       FROM page p JOIN voucher_line l ON l.voucher_id = p.voucher_id AND l.line_no = p.line_no
       ORDER BY p.date, p.word, p.number, p.line_no`,
      [...params, input.limit, input.offset],
    ),
  );
  return {
    accountCode: input.accountCode,
    accountName: account.name,
    normalBalance: account.normal_balance,
    opening: sign * opening,
    total,
    totalDebit: sums.d ?? 0,
    totalCredit: sums.c ?? 0,
    closing: sign * (opening + (sums.d ?? 0) - (sums.c ?? 0)),
    rows: rows.map((r): LedgerDetailRow => {
      const dims: DimensionValues = {};
      for (const key of dimensionColumns) if (r[key]) dims[key] = r[key]!;
      return {
        date: r.date,
        voucherId: r.voucher_id,
        voucherLabel: voucherLabel(r.word, r.number),
        summary: r.summary,
        accountCode: r.account_code,
        debit: r.debit,
        credit: r.credit,
        balance: sign * (opening + r.running),
        dims,
      };
    }),
  };
}
