import type { Book, PeriodInfo } from '../../../../shared/api';
import { comparePeriods, nextPeriod, periodOfDate, type Period } from '../../../../shared/domain';
import { todayText } from '../vouchers/editor/dateRules';

export interface PeriodRow extends PeriodInfo {
  key: string;
}

/**
 * Every month from the book's 启用期间 to the later of today and the last period the core
 * knows; months never written to are open with no vouchers.
 */
export function periodRows(book: Book, known: readonly PeriodInfo[], today = todayText()): PeriodRow[] {
  const start: Period = { year: book.startYear, month: book.startMonth };
  const lastKnown = known.reduce<Period>((max, p) => (comparePeriods(p, max) > 0 ? p : max), start);
  const now = periodOfDate(today) ?? start;
  const end = comparePeriods(now, lastKnown) > 0 ? now : lastKnown;
  const rows: PeriodRow[] = [];
  for (let p = start, i = 0; comparePeriods(p, end) <= 0 && i < 240; p = nextPeriod(p), i++) {
    const info = known.find((k) => k.year === p.year && k.month === p.month);
    rows.push({ key: `${p.year}-${p.month}`, ...(info ?? { year: p.year, month: p.month, status: 'open', voucherCount: 0, postedCount: 0 }) });
  }
  return rows;
}
