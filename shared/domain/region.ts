/**
 * 财政区划代码 (MOF_DIV_CODE): exactly six ASCII digits whose first two digits are a
 * province-level code (GB/T 2260). Only the digit format and the province prefix are
 * checked; the input is not trimmed (callers trim before validating if they want to).
 */

/** Province-level code (first two digits) → name. */
export const PROVINCE_NAMES: Readonly<Record<string, string>> = Object.freeze({
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
});

export type RegionCodeResult =
  | { ok: true; provinceCode: string; provinceName: string }
  | { ok: false; message: string };

export function validateRegionCode(code: string): RegionCodeResult {
  if (typeof code !== 'string' || !/^[0-9]{6}$/.test(code)) {
    return { ok: false, message: '财政区划代码应为6位数字' };
  }
  const provinceCode = code.slice(0, 2);
  const provinceName = Object.prototype.hasOwnProperty.call(PROVINCE_NAMES, provinceCode)
    ? PROVINCE_NAMES[provinceCode]
    : undefined;
  if (!provinceName) {
    return { ok: false, message: `财政区划代码前两位不是有效的省级代码：${provinceCode}` };
  }
  return { ok: true, provinceCode, provinceName };
}
