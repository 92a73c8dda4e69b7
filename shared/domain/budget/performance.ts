/**
 * 绩效运行监控: each performance target's 完成值 against its 目标值, and whether it lags.
 * Values are decimal strings (up to 4 decimals) compared as scaled integers, never floats.
 *
 * Completion (bp): for “≥” actual ÷ target, for “≤” target ÷ actual, for “=” the smaller of
 * the two ratios. 产出 targets accumulate over the year, so they are expected to be at
 * 序时进度; 效益 and 满意度 are levels, expected at 100% whenever measured.
 */
import { bandOf, type Band, type WarningBands } from './execution';
import type { BasisPoints, TargetDirection, TargetType } from './types';

const DECIMAL = /^-?\d{1,12}(\.\d{1,4})?$/;
const SCALE = 4;

/** "12.5" → 125000n (× 10⁴); null when not a decimal number. */
export function parseDecimal(text: string): bigint | null {
  const t = text.trim();
  if (!DECIMAL.test(t)) return null;
  const negative = t.startsWith('-');
  const [intPart, frac = ''] = (negative ? t.slice(1) : t).split('.') as [string, string?];
  const value = BigInt(intPart) * 10n ** BigInt(SCALE) + BigInt(frac.padEnd(SCALE, '0'));
  return negative ? -value : value;
}

export const isDecimalText = (text: string): boolean => parseDecimal(text) !== null;

function bigRatioBp(n: bigint, d: bigint): BasisPoints | null {
  if (d === 0n) return null;
  // Within range for any 12-digit values; converted through ratioBp's half-up rounding.
  const scaled = (2n * n * 10000n + d) / (2n * d);
  return Number(scaled);
}

export function completionBp(target: string, actual: string, direction: TargetDirection): BasisPoints | null {
  const t = parseDecimal(target);
  const a = parseDecimal(actual);
  if (t === null || a === null || t < 0n || a < 0n) return null;
  if (direction === '≥') return bigRatioBp(a, t);
  if (direction === '≤') return a === 0n ? 10000 : bigRatioBp(t, a);
  if (a === t) return 10000;
  const up = bigRatioBp(a, t);
  const down = bigRatioBp(t, a);
  if (up === null) return down;
  if (down === null) return up;
  return Math.min(up, down);
}

export function expectedCompletionBp(type: TargetType, schedule: BasisPoints): BasisPoints {
  return type === '产出' ? schedule : 10000;
}

export interface TargetAssessment {
  completionBp: BasisPoints | null;
  expectedBp: BasisPoints;
  gapBp: BasisPoints | null;
  band: Band;
}

export function assessTarget(
  target: { type: TargetType; targetValue: string; direction: TargetDirection },
  actual: string,
  schedule: BasisPoints,
  bands: WarningBands,
): TargetAssessment {
  const completion = completionBp(target.targetValue, actual, target.direction);
  const expected = expectedCompletionBp(target.type, schedule);
  // Over-achievement never offsets anything, but it should not read as a huge positive gap either.
  const gap = completion === null ? null : Math.min(completion, 10000) - expected;
  return { completionBp: completion, expectedBp: expected, gapBp: gap, band: bandOf(gap, bands) };
}

/** Self-evaluation score "92.5" → 925 (tenths of a point), within 0–100; null when invalid. */
export function parseScoreTenths(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,3}(\.\d)?$/.test(t)) return null;
  const [i, f = '0'] = t.split('.') as [string, string?];
  const tenths = Number(i) * 10 + Number(f);
  return tenths <= 1000 ? tenths : null;
}

export const formatScoreTenths = (tenths: number): string => `${Math.floor(tenths / 10)}.${tenths % 10}`;

/** Grades of a 100-point self-evaluation (common practice, unverified): 优 ≥90, 良 80–90, 中 60–80, 差 <60. */
export function scoreGrade(tenths: number): '优' | '良' | '中' | '差' {
  if (tenths >= 900) return '优';
  if (tenths >= 800) return '良';
  if (tenths >= 600) return '中';
  return '差';
}

