import type { Book } from '../../../../../shared/api';
import { comparePeriods, formatPeriod, isValidDate, periodFirstDate, periodKey, periodOfDate, type Period } from '../../../../../shared/domain';

/** Why a voucher date cannot be used, in words for the accountant; null when it can. */
export function dateProblem(date: string, book: Book, closed: ReadonlySet<string>): string | null {
  const text = date.trim();
  if (text === '') return '请填写日期';
  if (!isValidDate(text)) return '日期格式应为 2026-01-31，且须是存在的日期';
  const period = periodOfDate(text);
  if (!period) return '日期超出可记账的年度范围';
  const start = { year: book.startYear, month: book.startMonth };
  if (comparePeriods(period, start) < 0) return `早于账套启用期间${formatPeriod(start)}`;
  if (closed.has(periodKey(period))) return `${formatPeriod(period)}已结账，不能再填制凭证`;
  return null;
}

export function todayText(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Today, kept inside the book: before the 启用期间 it is the start period's first day; in a
 * closed period, the first day of the first open period after the closed ones.
 */
export function defaultVoucherDate(book: Book, closed: ReadonlySet<string>, now = new Date()): string {
  const today = todayText(now);
  const start: Period = { year: book.startYear, month: book.startMonth };
  let period = periodOfDate(today) ?? start;
  if (comparePeriods(period, start) < 0) return periodFirstDate(start);
  if (!closed.has(periodKey(period))) return today;
  // Today's month is closed (rare: closing ahead) — fall back to the first open month after it.
  for (let i = 0; i < 24 && closed.has(periodKey(period)); i++) {
    period = period.month === 12 ? { year: period.year + 1, month: 1 } : { year: period.year, month: period.month + 1 };
  }
  return periodFirstDate(period);
}
