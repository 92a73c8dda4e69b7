import { describe, expect, it } from 'vitest';
import { PROVINCE_NAMES, validateRegionCode } from './region';

describe('validateRegionCode', () => {
  it('accepts valid codes and names the province', () => {
    expect(validateRegionCode('330100')).toEqual({ ok: true, provinceCode: '33', provinceName: '浙江省' });
    expect(validateRegionCode('110000')).toMatchObject({ ok: true, provinceName: '北京市' });
    expect(validateRegionCode('710000')).toMatchObject({ ok: true, provinceName: '台湾省' });
    expect(validateRegionCode('810000')).toMatchObject({ ok: true, provinceName: '香港特别行政区' });
    expect(validateRegionCode('820000')).toMatchObject({ ok: true, provinceName: '澳门特别行政区' });
    expect(validateRegionCode('659001')).toMatchObject({ ok: true, provinceName: '新疆维吾尔自治区' });
  });

  it('covers exactly the 34 province-level codes', () => {
    const expected = [
      ...[11, 12, 13, 14, 15, 21, 22, 23],
      ...[31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46],
      ...[50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82],
    ].map(String);
    expect(Object.keys(PROVINCE_NAMES).sort()).toEqual(expected.sort());
    for (let p = 0; p < 100; p++) {
      const code = `${String(p).padStart(2, '0')}0000`;
      expect(validateRegionCode(code).ok).toBe(expected.includes(String(p).padStart(2, '0')));
    }
  });

  it.each(['', '33010', '3301000', '33a100', ' 330100', '330100 ', '３３０１００', '33-100'])('rejects format %j', (code) => {
    expect(validateRegionCode(code)).toEqual({ ok: false, message: '财政区划代码应为6位数字' });
  });

  it('rejects unknown provinces', () => {
    expect(validateRegionCode('990000')).toEqual({ ok: false, message: '财政区划代码前两位不是有效的省级代码：99' });
    expect(validateRegionCode('000000')).toEqual({ ok: false, message: '财政区划代码前两位不是有效的省级代码：00' });
    expect(validateRegionCode('160000').ok).toBe(false);
  });
});
