import { describe, expect, it } from 'vitest';
import {
  comparePeriods,
  daysInMonth,
  formatPeriod,
  isDateInPeriod,
  isLeapYear,
  isValidDate,
  isValidPeriod,
  nextPeriod,
  parsePeriod,
  periodFirstDate,
  periodKey,
  periodLastDate,
  periodOfDate,
  prevPeriod,
} from './period';

describe('period', () => {
  it('parses and formats keys', () => {
    expect(parsePeriod('2026-01')).toEqual({ year: 2026, month: 1 });
    expect(parsePeriod('2099-12')).toEqual({ year: 2099, month: 12 });
    for (const bad of ['2026-1', '2026-13', '2026-00', '1999-12', '2100-01', '202601', '2026/01', ' 2026-01', '2026-01-01', '']) {
      expect(parsePeriod(bad)).toBeNull();
    }
    expect(periodKey({ year: 2026, month: 1 })).toBe('2026-01');
    expect(formatPeriod({ year: 2026, month: 1 })).toBe('2026年01期');
    expect(formatPeriod({ year: 2026, month: 11 })).toBe('2026年11期');
    expect(() => periodKey({ year: 2026, month: 13 })).toThrow(/会计期间无效/);
  });

  it('validates periods', () => {
    expect(isValidPeriod({ year: 2000, month: 1 })).toBe(true);
    expect(isValidPeriod({ year: 2099, month: 12 })).toBe(true);
    expect(isValidPeriod({ year: 1999, month: 12 })).toBe(false);
    expect(isValidPeriod({ year: 2100, month: 1 })).toBe(false);
    expect(isValidPeriod({ year: 2026, month: 0 })).toBe(false);
    expect(isValidPeriod({ year: 2026, month: 1.5 })).toBe(false);
    expect(isValidPeriod({ year: '2026', month: 1 })).toBe(false);
    expect(isValidPeriod(null)).toBe(false);
  });

  it('compares, steps forward and back', () => {
    expect(comparePeriods({ year: 2026, month: 1 }, { year: 2025, month: 12 })).toBeGreaterThan(0);
    expect(comparePeriods({ year: 2025, month: 12 }, { year: 2026, month: 1 })).toBeLessThan(0);
    expect(comparePeriods({ year: 2026, month: 3 }, { year: 2026, month: 3 })).toBe(0);
    expect(nextPeriod({ year: 2026, month: 1 })).toEqual({ year: 2026, month: 2 });
    expect(nextPeriod({ year: 2026, month: 12 })).toEqual({ year: 2027, month: 1 });
    expect(prevPeriod({ year: 2026, month: 1 })).toEqual({ year: 2025, month: 12 });
    expect(prevPeriod({ year: 2026, month: 7 })).toEqual({ year: 2026, month: 6 });
    expect(() => nextPeriod({ year: 2099, month: 12 })).toThrow();
    expect(() => prevPeriod({ year: 2000, month: 1 })).toThrow();
    const sorted = [
      { year: 2026, month: 2 },
      { year: 2025, month: 11 },
      { year: 2026, month: 1 },
    ].sort(comparePeriods);
    expect(sorted.map(periodKey)).toEqual(['2025-11', '2026-01', '2026-02']);
  });

  it('validates real calendar dates', () => {
    expect(isValidDate('2026-01-31')).toBe(true);
    expect(isValidDate('2026-02-28')).toBe(true);
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2028-02-29')).toBe(true);
    expect(isValidDate('2000-02-29')).toBe(true);
    expect(isValidDate('2100-02-29')).toBe(false);
    expect(isValidDate('2026-04-31')).toBe(false);
    expect(isValidDate('2026-13-01')).toBe(false);
    expect(isValidDate('2026-00-10')).toBe(false);
    expect(isValidDate('2026-01-00')).toBe(false);
    expect(isValidDate('2026-1-5')).toBe(false);
    expect(isValidDate('2026-01-05T00:00')).toBe(false);
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(1900)).toBe(false);
    expect(daysInMonth(2026, 4)).toBe(30);
  });

  it('finds the period of a date', () => {
    expect(periodOfDate('2026-01-31')).toEqual({ year: 2026, month: 1 });
    expect(periodOfDate('2028-02-29')).toEqual({ year: 2028, month: 2 });
    expect(periodOfDate('2026-02-29')).toBeNull();
    expect(periodOfDate('1999-12-31')).toBeNull();
    expect(periodOfDate('garbage')).toBeNull();
    expect(isDateInPeriod('2026-03-15', { year: 2026, month: 3 })).toBe(true);
    expect(isDateInPeriod('2026-04-01', { year: 2026, month: 3 })).toBe(false);
  });

  it('gives first and last dates', () => {
    expect(periodFirstDate({ year: 2026, month: 2 })).toBe('2026-02-01');
    expect(periodLastDate({ year: 2026, month: 2 })).toBe('2026-02-28');
    expect(periodLastDate({ year: 2028, month: 2 })).toBe('2028-02-29');
    expect(periodLastDate({ year: 2026, month: 12 })).toBe('2026-12-31');
    expect(periodLastDate({ year: 2026, month: 11 })).toBe('2026-11-30');
  });
});
