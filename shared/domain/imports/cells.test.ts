import { describe, expect, it } from 'vitest';
import { leadingCode, parseAmount, parseDate, parseFlag, parseWhole } from './cells';

const fen = (value: Parameters<typeof parseAmount>[0]) => {
  const r = parseAmount(value);
  return r.ok ? r.value : r.message;
};

describe('amounts from spreadsheet cells', () => {
  it('numbers Excel stores: exact two-decimal values, float sums within 1e-9, nothing else', () => {
    expect(fen(1234.5)).toBe(123450);
    expect(fen(0.1 + 0.2)).toBe(30);
    expect(fen(1.1 + 2.2)).toBe(330);
    expect(fen(123456789.12)).toBe(12345678912);
    // Excel keeps 15 significant digits: the largest amounts it can hold exactly still come through.
    expect(fen(9999999999999.99)).toBe(999999999999999);
    expect(fen(-0.01)).toBe(-1);
    expect(fen(12.345)).toBe('12.345 超过两位小数');
    expect(fen(0.1 + 0.2 + 1e-8)).toBe('0.30000001000000004 超过两位小数');
    expect(fen(1 / 3)).toBe('0.3333333333333333 超过两位小数');
    expect(fen(1e-7)).toBe('0.0000001 超过两位小数');
    expect(fen(1e-10)).toBe(0);
    expect(fen(1e20)).toBe('100000000000000000000 超出允许范围');
    expect(fen(Number.NaN)).toBe('不是有效的金额');
  });

  it('text: thousands separators, full-width digits, ¥, and the app money rules', () => {
    expect(fen('1,234,567.89')).toBe(123456789);
    expect(fen('１，２３４．５')).toBe(123450);
    expect(fen('¥ 12.00')).toBe(1200);
    expect(fen('  ')).toBe(0);
    expect(fen(null)).toBe(0);
    expect(fen('12.345')).toBe('12.345 超过两位小数');
    expect(fen('1,2345.00')).toBe('“1,2345.00”的千分位分隔符位置不正确');
    expect(fen('十二元')).toBe('“十二元”不是有效的金额');
    expect(fen(true)).toBe('“是”不是金额');
  });
});

describe('other cells', () => {
  it('dates: date cells at UTC midnight, serial numbers and the usual written forms', () => {
    const d = (v: Parameters<typeof parseDate>[0]) => {
      const r = parseDate(v);
      return r.ok ? r.value : r.message;
    };
    expect(d(new Date(Date.UTC(2026, 0, 5)))).toBe('2026-01-05');
    expect(d(46027)).toBe('2026-01-05');
    expect(d('2026/1/5')).toBe('2026-01-05');
    expect(d('2026年1月5日')).toBe('2026-01-05');
    expect(d('20260105')).toBe('2026-01-05');
    expect(d('2026-02-30')).toBe('日期 2026-02-30 不存在');
    expect(d('明天')).toBe('“明天”不是日期（应为 2026-01-31 这样的格式）');
  });

  it('codes with names, whole numbers, flags', () => {
    expect(leadingCode('2010301 行政运行')).toBe('2010301');
    expect(leadingCode('2010301行政运行')).toBe('2010301');
    expect(leadingCode('2010301-行政运行')).toBe('2010301');
    expect(leadingCode('[30201]办公费')).toBe('30201');
    expect(leadingCode('P2026-001 乡村道路养护')).toBe('P2026-001');
    expect(leadingCode(2010301)).toBe('2010301');
    expect(parseWhole('0012')).toEqual({ ok: true, value: 12 });
    expect(parseWhole(1.5).ok).toBe(false);
    expect(parseFlag('是')).toEqual({ ok: true, value: true });
    expect(parseFlag(0)).toEqual({ ok: true, value: false });
    expect(parseFlag('也许').ok).toBe(false);
  });
});
