import { describe, expect, it } from 'vitest';
import { amountInWords, assertFen, formatFen, isFen, parseMoney } from './money';

const fenOf = (text: string): number => {
  const r = parseMoney(text);
  if (!r.ok) throw new Error(`expected ok for ${text}: ${r.message}`);
  return r.fen;
};
const errorOf = (text: string): string => {
  const r = parseMoney(text);
  if (r.ok) throw new Error(`expected error for ${text}, got ${r.fen}`);
  return r.message;
};

describe('parseMoney', () => {
  it.each([
    ['1,234.5', 123450],
    ['1234.50', 123450],
    ['-0.01', -1],
    ['0', 0],
    ['.5', 50],
    ['12.', 1200],
    ['+12.34', 1234],
    ['  1,234,567.89  ', 123456789],
    ['-1,000', -100000],
    ['007', 700],
    ['0.10', 10],
    ['１，２３４．５', 123450],
    ['－３', -300],
    ['\u30001.00\u3000', 100],
    ['90,071,992,547,409.91', Number.MAX_SAFE_INTEGER],
    ['-90071992547409.91', -Number.MAX_SAFE_INTEGER],
  ])('%s → %i', (text, fen) => {
    expect(fenOf(text)).toBe(fen);
  });

  it('never returns -0', () => {
    expect(Object.is(fenOf('-0'), 0)).toBe(true);
    expect(Object.is(fenOf('-0.00'), 0)).toBe(true);
  });

  it('rejects empty input', () => {
    expect(errorOf('')).toBe('请输入金额');
    expect(errorOf('   ')).toBe('请输入金额');
  });

  it('rejects more than two decimals', () => {
    expect(errorOf('1.234')).toBe('金额最多两位小数');
    expect(errorOf('0.001')).toBe('金额最多两位小数');
    expect(errorOf('1.500')).toBe('金额最多两位小数');
  });

  it.each(['abc', 'NaN', 'Infinity', '-Infinity', '1e5', '1E5', '0x10', '.', '-', '+', '1.2.3', '--1', '+-1', '1 234', '¥12', '12元', '1_000'])(
    'rejects %s as a format error',
    (text) => {
      expect(errorOf(text)).toMatch(/^金额格式不正确：/);
    },
  );

  it('names the offending input in the format error', () => {
    expect(errorOf('abc')).toContain('abc');
  });

  it.each(['1,23,4', '1,2345', '12,34', ',123', '1,234,', '1,,234', '1234,567', '1.2,3', ',', ',.5'])(
    'rejects misplaced thousands separators: %s',
    (text) => {
      const message = errorOf(text);
      if (text === ',' || text === ',.5') expect(message).toMatch(/千分位分隔符位置不正确|金额格式不正确/);
      else expect(message).toBe('千分位分隔符位置不正确');
    },
  );

  it('rejects values beyond MAX_SAFE_INTEGER fen', () => {
    expect(errorOf('90071992547409.92')).toBe('金额超出允许范围');
    expect(errorOf('-90071992547409.92')).toBe('金额超出允许范围');
    expect(errorOf('99999999999999999999999')).toBe('金额超出允许范围');
  });
});

describe('formatFen', () => {
  it.each([
    [123450, '1,234.50'],
    [-123450, '-1,234.50'],
    [0, '0.00'],
    [1, '0.01'],
    [-1, '-0.01'],
    [10, '0.10'],
    [100, '1.00'],
    [99999, '999.99'],
    [100000, '1,000.00'],
    [123456789, '1,234,567.89'],
    [Number.MAX_SAFE_INTEGER, '90,071,992,547,409.91'],
    [-Number.MAX_SAFE_INTEGER, '-90,071,992,547,409.91'],
  ])('%i → %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it('blankZero', () => {
    expect(formatFen(0, { blankZero: true })).toBe('');
    expect(formatFen(-0, { blankZero: true })).toBe('');
    expect(formatFen(-0)).toBe('0.00');
    expect(formatFen(5, { blankZero: true })).toBe('0.05');
  });

  it('round-trips with parseMoney', () => {
    for (const fen of [0, 1, -1, 99, 100, 101, 123456, -987654321, 2 ** 52 + 1, Number.MAX_SAFE_INTEGER - 1]) {
      expect(fenOf(formatFen(fen))).toBe(fen);
    }
  });

  it.each([0.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 1, 2 ** 60])('throws on %s', (n) => {
    expect(() => formatFen(n)).toThrow();
  });
});

describe('isFen / assertFen', () => {
  it('accepts safe integers only', () => {
    expect(isFen(0)).toBe(true);
    expect(isFen(-5)).toBe(true);
    expect(isFen(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(isFen(1.5)).toBe(false);
    expect(isFen(NaN)).toBe(false);
    expect(isFen('1')).toBe(false);
    expect(isFen(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
    expect(() => assertFen(3)).not.toThrow();
    expect(() => assertFen(0.1)).toThrow(/分/);
  });
});

describe('amountInWords', () => {
  // Every example from domain.md §6 and the brief.
  it.each([
    [1640902, '壹万陆仟肆佰零玖元零贰分'], // ¥16,409.02
    [1050000, '壹万零伍佰元整'], // 10,500.00
    [5, '伍分'], // 0.05
    [10000000000, '壹亿元整'], // 100,000,000
    [100001000, '壹佰万零壹拾元整'], // 1,000,010
    [140950, '壹仟肆佰零玖元伍角'], // 1,409.50
    [0, '零元整'],
  ])('domain.md example %i → %s', (fen, words) => {
    expect(amountInWords(fen)).toBe(words);
  });

  it.each([
    [1, '壹分'],
    [10, '壹角'],
    [11, '壹角壹分'],
    [50, '伍角'],
    [100, '壹元整'],
    [101, '壹元零壹分'],
    [110, '壹元壹角'],
    [1000, '壹拾元整'], // leading 1 in tens → 壹拾
    [1005, '壹拾元零伍分'],
    [1100, '壹拾壹元整'],
    [10000, '壹佰元整'],
    [10100, '壹佰零壹元整'],
    [11000, '壹佰壹拾元整'],
    [100100, '壹仟零壹元整'],
    [101000, '壹仟零壹拾元整'],
    [168032, '壹仟陆佰捌拾元叁角贰分'],
    [1000000, '壹万元整'],
    [1000100, '壹万零壹元整'],
    [10000000, '壹拾万元整'],
    [10010000, '壹拾万零壹佰元整'],
    [12345678, '壹拾贰万叁仟肆佰伍拾陆元柒角捌分'],
    [10001000000, '壹亿零壹万元整'],
    [10010000000, '壹亿零壹拾万元整'],
    [10000000100, '壹亿零壹元整'],
    [10100000000, '壹亿零壹佰万元整'],
    [100000000000, '壹拾亿元整'],
    [100100000000, '壹拾亿零壹佰万元整'],
    [101000000000, '壹拾亿壹仟万元整'],
    [123456789012, '壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元壹角贰分'],
    [100000000000000, '壹万亿元整'],
    [100010000000000, '壹万零壹亿元整'],
    [Number.MAX_SAFE_INTEGER, '玖拾万零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分'],
  ])('%i → %s', (fen, words) => {
    expect(amountInWords(fen)).toBe(words);
  });

  it('negatives get 负', () => {
    expect(amountInWords(-140950)).toBe('负壹仟肆佰零玖元伍角');
    expect(amountInWords(-5)).toBe('负伍分');
  });

  it('optional 人民币 prefix without a gap', () => {
    expect(amountInWords(1050000, { prefix: true })).toBe('人民币壹万零伍佰元整');
    expect(amountInWords(-100, { prefix: true })).toBe('人民币负壹元整');
    expect(amountInWords(0, { prefix: true })).toBe('人民币零元整');
  });

  it('optional 零 before 角 when the 元 digit is zero', () => {
    expect(amountInWords(168032, { zeroBeforeJiao: true })).toBe('壹仟陆佰捌拾元零叁角贰分');
    expect(amountInWords(168932, { zeroBeforeJiao: true })).toBe('壹仟陆佰捌拾玖元叁角贰分');
    expect(amountInWords(32, { zeroBeforeJiao: true })).toBe('叁角贰分');
    expect(amountInWords(1640902, { zeroBeforeJiao: true })).toBe('壹万陆仟肆佰零玖元零贰分');
  });

  it('only uses the allowed characters', () => {
    const allowed = /^[负零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+$/;
    let fen = 1;
    for (let i = 0; i < 2000; i++) {
      fen = (fen * 48271 + i) % 2147483647;
      const words = amountInWords(fen * (i % 7 === 0 ? 1000 : 1));
      expect(words).toMatch(allowed);
      expect(words).not.toMatch(/零零|零[元万亿]|^零(?!元整)/);
    }
  });

  it('throws on non-integers', () => {
    expect(() => amountInWords(1.5)).toThrow();
    expect(() => amountInWords(NaN)).toThrow();
  });
});
