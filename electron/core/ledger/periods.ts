import { AppError } from '../../../shared/api/errors';
import { formatPeriod } from '../../../shared/domain/period';
import type { Book } from '../../../shared/api/types';
import type { WritableDB } from '../db/handles';
import { sql } from '../db/sql';

export interface PeriodKey {
  year: number;
  month: number;
}

export function periodOf(date: string): PeriodKey {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}

const before = (a: PeriodKey, b: PeriodKey) => a.year < b.year || (a.year === b.year && a.month < b.month);

/**
 * A write into a period: the period must not precede the book's start and must be open.
 * Periods come into being when first written to.
 */
export function requireOpenPeriod(db: WritableDB, book: Book, period: PeriodKey): void {
  const start = { year: book.startYear, month: book.startMonth };
  const label = formatPeriod(period);
  if (before(period, start)) {
    throw new AppError('RULE_VIOLATION', `${label}早于账套启用期间${formatPeriod(start)}，不能记账`);
  }
  const row = db.get<{ status: string }>(sql`SELECT status FROM period WHERE book_id = ${book.id} AND year = ${period.year} AND month = ${period.month}`);
  if (row?.status === 'closed') throw new AppError('PERIOD_CLOSED', `${label}已结账，不能再修改。如确需修改，请主管反结账。`);
  if (!row) db.run(sql`INSERT INTO period (book_id, year, month, status) VALUES (${book.id}, ${period.year}, ${period.month}, 'open')`);
}
