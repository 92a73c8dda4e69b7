import type { DebitCredit } from '../../../shared/domain/ledger/types';
import type { ReadableDB, WritableDB } from '../db/handles';
import { sql } from '../db/sql';

export interface MovementSums {
  /** Net debit before the period (all earlier months, all years). */
  opening: Map<string, number>;
  /** Net debit before 1 January of the year. */
  yearOpening: Map<string, number>;
  period: Map<string, DebitCredit>;
  ytd: Map<string, DebitCredit>;
  /** Movements of the period and year-to-date made by closing vouchers (结转凭证). */
  closingPeriod: Map<string, DebitCredit>;
  closingYtd: Map<string, DebitCredit>;
}

interface Row {
  account_code: string;
  opening: number;
  year_opening: number;
  period_debit: number;
  period_credit: number;
  ytd_debit: number;
  ytd_credit: number;
}

/**
 * Per leaf account, from the per-month movements of posted vouchers: a few thousand
 * rows for a ten-year book, whatever the number of voucher lines.
 */
export function movementSums(db: ReadableDB | WritableDB, bookId: string, year: number, month: number): MovementSums {
  const rows = db.all<Row>(sql`
    SELECT account_code,
      sum(CASE WHEN year < ${year} OR (year = ${year} AND month < ${month}) THEN debit - credit ELSE 0 END) AS opening,
      sum(CASE WHEN year < ${year} THEN debit - credit ELSE 0 END) AS year_opening,
      sum(CASE WHEN year = ${year} AND month = ${month} THEN debit ELSE 0 END) AS period_debit,
      sum(CASE WHEN year = ${year} AND month = ${month} THEN credit ELSE 0 END) AS period_credit,
      sum(CASE WHEN year = ${year} THEN debit ELSE 0 END) AS ytd_debit,
      sum(CASE WHEN year = ${year} THEN credit ELSE 0 END) AS ytd_credit
    FROM period_movement
    WHERE book_id = ${bookId} AND (year < ${year} OR (year = ${year} AND month <= ${month}))
    GROUP BY account_code`);
  const sums: MovementSums = {
    opening: new Map(),
    yearOpening: new Map(),
    period: new Map(),
    ytd: new Map(),
    closingPeriod: new Map(),
    closingYtd: new Map(),
  };
  for (const r of rows) {
    sums.opening.set(r.account_code, r.opening);
    sums.yearOpening.set(r.account_code, r.year_opening);
    sums.period.set(r.account_code, { debit: r.period_debit, credit: r.period_credit });
    sums.ytd.set(r.account_code, { debit: r.ytd_debit, credit: r.ytd_credit });
  }
  const closing = db.all<{ account_code: string; month: number; debit: number; credit: number }>(sql`
    SELECT l.account_code, v.month, sum(l.debit) AS debit, sum(l.credit) AS credit
    FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
    WHERE v.book_id = ${bookId} AND v.kind = 'closing' AND v.status = 'posted' AND v.year = ${year} AND v.month <= ${month}
    GROUP BY l.account_code, v.month`);
  for (const c of closing) {
    add(sums.closingYtd, c.account_code, c);
    if (c.month === month) add(sums.closingPeriod, c.account_code, c);
  }
  return sums;
}

function add(map: Map<string, DebitCredit>, code: string, value: DebitCredit) {
  const current = map.get(code) ?? { debit: 0, credit: 0 };
  map.set(code, { debit: current.debit + value.debit, credit: current.credit + value.credit });
}

export function subtract(a: ReadonlyMap<string, DebitCredit>, b: ReadonlyMap<string, DebitCredit>): Map<string, DebitCredit> {
  const result = new Map(a);
  for (const [code, value] of b) {
    const current = result.get(code) ?? { debit: 0, credit: 0 };
    result.set(code, { debit: current.debit - value.debit, credit: current.credit - value.credit });
  }
  return result;
}

/** Net-debit map → debit/credit pairs as the statement lookup expects them. */
export function asDebitCredit(net: ReadonlyMap<string, number>): Map<string, DebitCredit> {
  return new Map([...net].map(([code, n]) => [code, n >= 0 ? { debit: n, credit: 0 } : { debit: 0, credit: -n }]));
}
