import { describe, expect, it } from 'vitest';
import { assessTarget, completionBp, parseDecimal, parseScoreTenths, scoreGrade } from './performance';
import { DEFAULT_MONITORING } from './execution';

describe('performance targets', () => {
  it('parses decimals exactly', () => {
    expect(parseDecimal('12.5')).toBe(125000n);
    expect(parseDecimal('0.0001')).toBe(1n);
    expect(parseDecimal('-3')).toBe(-30000n);
    expect(parseDecimal('1e3')).toBeNull();
    expect(parseDecimal('12.34567')).toBeNull();
    expect(parseDecimal('')).toBeNull();
  });

  it('measures completion by direction', () => {
    expect(completionBp('10', '4', '≥')).toBe(4000);
    expect(completionBp('90', '95', '≥')).toBe(10556);
    expect(completionBp('100', '125', '≤')).toBe(8000);
    expect(completionBp('100', '0', '≤')).toBe(10000);
    expect(completionBp('100', '80', '=')).toBe(8000);
    expect(completionBp('100', '125', '=')).toBe(8000);
    expect(completionBp('0', '5', '≥')).toBeNull();
    expect(completionBp('abc', '5', '≥')).toBeNull();
  });

  it('expects 产出 at 序时进度 and 满意度 at the target itself', () => {
    const output = { type: '产出' as const, targetValue: '10', direction: '≥' as const };
    expect(assessTarget(output, '4', 5000, DEFAULT_MONITORING)).toEqual({ completionBp: 4000, expectedBp: 5000, gapBp: -1000, band: 'red' });
    expect(assessTarget(output, '5', 5000, DEFAULT_MONITORING).band).toBe('normal');
    const satisfaction = { type: '满意度' as const, targetValue: '90', direction: '≥' as const };
    expect(assessTarget(satisfaction, '85', 5000, DEFAULT_MONITORING)).toMatchObject({ completionBp: 9444, expectedBp: 10000, band: 'yellow' });
    expect(assessTarget(satisfaction, '99', 5000, DEFAULT_MONITORING)).toMatchObject({ gapBp: 0, band: 'normal' });
  });

  it('reads self-evaluation scores in tenths', () => {
    expect(parseScoreTenths('92.5')).toBe(925);
    expect(parseScoreTenths('100')).toBe(1000);
    expect(parseScoreTenths('100.5')).toBeNull();
    expect(parseScoreTenths('92.55')).toBeNull();
    expect(scoreGrade(925)).toBe('优');
    expect(scoreGrade(599)).toBe('差');
  });
});
