/**
 * Fiscal periods (会计期间). The fiscal year is the calendar year; a period is one month.
 * Valid periods: year 2000–2099, month 1–12 (integers).
 * Dates are ISO calendar dates `YYYY-MM-DD` (strings, no time zone involved).
 */

export type Period = { year: number; month: number };

export const MIN_PERIOD_YEAR = 2000;
export const MAX_PERIOD_YEAR = 2099;

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function isValidPeriod(p: unknown): p is Period {
  if (typeof p !== 'object' || p === null) return false;
  const { year, month } = p as { year?: unknown; month?: unknown };
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    (year as number) >= MIN_PERIOD_YEAR &&
    (year as number) <= MAX_PERIOD_YEAR &&
    (month as number) >= 1 &&
    (month as number) <= 12
  );
}

function assertPeriod(p: Period): void {
  if (!isValidPeriod(p)) {
    throw new RangeError(`会计期间无效：${JSON.stringify(p)}（年度应在${MIN_PERIOD_YEAR}–${MAX_PERIOD_YEAR}，月份应在1–12）`);
  }
}

/** Parses a period key `YYYY-MM` (strictly two-digit month, e.g. `2026-01`). Returns null if invalid. */
export function parsePeriod(text: string): Period | null {
  const m = /^(\d{4})-(\d{2})$/.exec(typeof text === 'string' ? text : '');
  if (!m) return null;
  const p = { year: Number(m[1]), month: Number(m[2]) };
  return isValidPeriod(p) ? p : null;
}

/** `{2026, 1}` → `'2026-01'` (sortable as a string). */
export function periodKey(p: Period): string {
  assertPeriod(p);
  return `${p.year}-${pad2(p.month)}`;
}

/** `{2026, 1}` → `'2026年01期'`. */
export function formatPeriod(p: Period): string {
  assertPeriod(p);
  return `${p.year}年${pad2(p.month)}期`;
}

/** Negative if a is before b, 0 if equal, positive if after. */
export function comparePeriods(a: Period, b: Period): number {
  return a.year * 12 + a.month - (b.year * 12 + b.month);
}

function fromIndex(index: number): Period {
  const p = { year: Math.floor(index / 12), month: (index % 12) + 1 };
  assertPeriod(p);
  return p;
}

/** The following period (2026-12 → 2027-01). Throws if the result leaves 2000–2099. */
export function nextPeriod(p: Period): Period {
  assertPeriod(p);
  return fromIndex(p.year * 12 + p.month);
}

/** The preceding period (2026-01 → 2025-12). Throws if the result leaves 2000–2099. */
export function prevPeriod(p: Period): Period {
  assertPeriod(p);
  return fromIndex(p.year * 12 + p.month - 2);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (year 0001–9999; leap years honoured). */
export function isValidDate(text: string): boolean {
  const m = DATE_RE.exec(typeof text === 'string' ? text : '');
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The period containing an ISO date: `'2026-01-31'` → `{2026, 1}`. Null for invalid dates or years outside 2000–2099. */
export function periodOfDate(date: string): Period | null {
  if (!isValidDate(date)) return null;
  const p = { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
  return isValidPeriod(p) ? p : null;
}

/** True when the ISO date is a valid date inside period `p`. */
export function isDateInPeriod(date: string, p: Period): boolean {
  const q = periodOfDate(date);
  return q !== null && comparePeriods(q, p) === 0;
}

/** First day of the period: `{2026, 2}` → `'2026-02-01'`. */
export function periodFirstDate(p: Period): string {
  assertPeriod(p);
  return `${p.year}-${pad2(p.month)}-01`;
}

/** Last day of the period: `{2026, 2}` → `'2026-02-28'`, `{2028, 2}` → `'2028-02-29'`. */
export function periodLastDate(p: Period): string {
  assertPeriod(p);
  return `${p.year}-${pad2(p.month)}-${pad2(daysInMonth(p.year, p.month))}`;
}
