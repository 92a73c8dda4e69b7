/**
 * Execution monitoring in integer arithmetic. Rates and 序时进度 are basis points
 * (万分比, 10000 = 100%); gaps are basis points too and are reported as 个百分点 (100 bp = 1 pp).
 * Money never becomes a float: ratios are computed with BigInt and rounded half up.
 *
 *   执行率 = 已支付 ÷ 可执行指标;  差距 = 执行率 − 序时进度 (negative = behind).
 */
import { daysInMonth, isLeapYear } from '../period';
import type { BasisPoints } from './types';

/**
 * 序时进度 method:
 * - `month`: completed months ÷ 12 (domain.md §5: end of July ≈ 58.33%); a month counts once
 *   its last day is reached, so 7月15日 is 6/12 and 7月31日 is 7/12;
 * - `day`: elapsed days (inclusive) ÷ days in the year.
 */
export type ScheduleMethod = 'month' | 'day';

export interface WarningBands {
  /** Behind 序时进度 by at least this many bp → 黄色预警 (default 500 = 5 个百分点). */
  yellowBp: BasisPoints;
  /** … → 红色预警 (default 1000 = 10 个百分点). */
  redBp: BasisPoints;
}

export interface MonitoringSettings extends WarningBands {
  scheduleMethod: ScheduleMethod;
}

export const DEFAULT_MONITORING: Readonly<MonitoringSettings> = Object.freeze({ yellowBp: 500, redBp: 1000, scheduleMethod: 'month' });

export type Band = 'normal' | 'yellow' | 'red';
export const BAND_LABELS: Readonly<Record<Band, string>> = Object.freeze({ normal: '正常', yellow: '黄色预警', red: '红色预警' });

/** round(numerator × 10000 ÷ denominator), half up, for non-negative denominators; null when the denominator is 0. */
export function ratioBp(numerator: number, denominator: number): BasisPoints | null {
  if (denominator === 0) return null;
  const n = BigInt(numerator) * 10000n;
  const d = BigInt(denominator);
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const rounded = (2n * an + ad) / (2n * ad);
  return Number(negative ? -rounded : rounded);
}

export function scheduleBp(date: string, method: ScheduleMethod = 'month'): BasisPoints {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (method === 'month') {
    const completed = day === daysInMonth(year, month) ? month : month - 1;
    return ratioBp(completed, 12)!;
  }
  let dayOfYear = day;
  for (let m = 1; m < month; m++) dayOfYear += daysInMonth(year, m);
  return ratioBp(dayOfYear, isLeapYear(year) ? 366 : 365)!;
}

export function bandOf(gapBp: BasisPoints | null, bands: WarningBands): Band {
  if (gapBp === null) return 'normal';
  const behind = -gapBp;
  if (behind >= bands.redBp) return 'red';
  if (behind >= bands.yellowBp) return 'yellow';
  return 'normal';
}

export function bandsProblem(bands: WarningBands): string | null {
  if (!Number.isSafeInteger(bands.yellowBp) || !Number.isSafeInteger(bands.redBp)) return '预警档位必须是整数（万分比）';
  if (bands.yellowBp <= 0) return '黄色预警档位必须大于零';
  if (bands.redBp <= bands.yellowBp) return '红色预警档位必须大于黄色预警档位';
  if (bands.redBp > 10000) return '红色预警档位不能超过100个百分点';
  return null;
}

/** 5647 → "56.47%" */
export function formatBp(bp: BasisPoints): string {
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(bp);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
}

/** 153 → "1.53个百分点" */
export function formatPoints(bp: BasisPoints): string {
  const abs = Math.abs(bp);
  return `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}个百分点`;
}

/** "执行率56.47%，低于序时进度1.53个百分点" (the wording of county progress reports). */
export function describeProgress(rate: BasisPoints | null, schedule: BasisPoints): string {
  if (rate === null) return '无可执行指标';
  const gap = rate - schedule;
  if (gap === 0) return `执行率${formatBp(rate)}，与序时进度持平`;
  return `执行率${formatBp(rate)}，${gap < 0 ? '低于' : '高于'}序时进度${formatPoints(gap)}`;
}

export interface ExecutionFigures {
  executable: number;
  paid: number;
  frozen: number;
}

export interface ExecutionMeasure extends ExecutionFigures {
  available: number;
  rateBp: BasisPoints | null;
  scheduleBp: BasisPoints;
  gapBp: BasisPoints | null;
  band: Band;
  description: string;
}

export function measure(f: ExecutionFigures, schedule: BasisPoints, bands: WarningBands): ExecutionMeasure {
  const rate = ratioBp(f.paid, f.executable);
  const gap = rate === null ? null : rate - schedule;
  return {
    ...f,
    available: f.executable - f.paid - f.frozen,
    rateBp: rate,
    scheduleBp: schedule,
    gapBp: gap,
    band: bandOf(gap, bands),
    description: describeProgress(rate, schedule),
  };
}

/** Sums figures by a key; the order of first appearance is kept. */
export function groupFigures<T>(items: readonly T[], keyOf: (item: T) => string, figures: (item: T) => ExecutionFigures): Map<string, ExecutionFigures> {
  const out = new Map<string, ExecutionFigures>();
  for (const item of items) {
    const key = keyOf(item);
    const f = figures(item);
    const acc = out.get(key) ?? { executable: 0, paid: 0, frozen: 0 };
    acc.executable += f.executable;
    acc.paid += f.paid;
    acc.frozen += f.frozen;
    out.set(key, acc);
  }
  return out;
}
