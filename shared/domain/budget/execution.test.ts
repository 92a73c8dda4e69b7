import { describe, expect, it } from 'vitest';
import { bandOf, bandsProblem, describeProgress, formatBp, formatPoints, measure, ratioBp, scheduleBp, DEFAULT_MONITORING } from './execution';

describe('execution arithmetic in basis points', () => {
  it('computes 序时进度 by completed months and by days', () => {
    expect(scheduleBp('2026-07-31', 'month')).toBe(5833);
    expect(scheduleBp('2026-07-15', 'month')).toBe(5000);
    expect(scheduleBp('2026-01-01', 'month')).toBe(0);
    expect(scheduleBp('2026-12-31', 'month')).toBe(10000);
    expect(scheduleBp('2026-07-31', 'day')).toBe(5808); // 212 / 365
    expect(scheduleBp('2028-12-31', 'day')).toBe(10000);
    expect(scheduleBp('2026-01-01', 'day')).toBe(27);
  });

  it('rounds ratios half up without floats, even for large amounts', () => {
    expect(ratioBp(1, 3)).toBe(3333);
    expect(ratioBp(2, 3)).toBe(6667);
    expect(ratioBp(1, 8)).toBe(1250);
    expect(ratioBp(1, 20000)).toBe(1); // 0.5 bp rounds up
    expect(ratioBp(0, 5)).toBe(0);
    expect(ratioBp(5, 0)).toBeNull();
    expect(ratioBp(9_007_199_254_740_991, 9_007_199_254_740_991)).toBe(10000);
    expect(ratioBp(-1, 3)).toBe(-3333);
  });

  it('states the gap the way progress reports do', () => {
    expect(formatBp(5647)).toBe('56.47%');
    expect(formatBp(5)).toBe('0.05%');
    expect(formatPoints(-153)).toBe('1.53个百分点');
    expect(describeProgress(5647, 5800)).toBe('执行率56.47%，低于序时进度1.53个百分点');
    expect(describeProgress(6000, 5833)).toBe('执行率60.00%，高于序时进度1.67个百分点');
    expect(describeProgress(null, 5833)).toBe('无可执行指标');
  });

  it('puts gaps into configurable warning bands', () => {
    expect(bandOf(-499, DEFAULT_MONITORING)).toBe('normal');
    expect(bandOf(-500, DEFAULT_MONITORING)).toBe('yellow');
    expect(bandOf(-1000, DEFAULT_MONITORING)).toBe('red');
    expect(bandOf(300, DEFAULT_MONITORING)).toBe('normal');
    expect(bandOf(-300, { yellowBp: 200, redBp: 300 })).toBe('red');
    expect(bandsProblem({ yellowBp: 500, redBp: 500 })).toBe('红色预警档位必须大于黄色预警档位');
    expect(bandsProblem({ yellowBp: 0, redBp: 500 })).toBe('黄色预警档位必须大于零');
  });

  it('measures one subject', () => {
    expect(measure({ executable: 1_000_000, paid: 400_000, frozen: 50_000 }, 5833, DEFAULT_MONITORING)).toEqual({
      executable: 1_000_000,
      paid: 400_000,
      frozen: 50_000,
      available: 550_000,
      rateBp: 4000,
      scheduleBp: 5833,
      gapBp: -1833,
      band: 'red',
      description: '执行率40.00%，低于序时进度18.33个百分点',
    });
  });
});
