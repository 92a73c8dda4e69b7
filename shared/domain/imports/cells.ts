/**
 * Spreadsheet cells as the import rules see them, and how each kind of value is read.
 * Pure: the core turns exceljs cells into `CellValue`s (text, number, boolean, date or empty).
 */
import { parseMoney, type Fen } from '../money';

/** A cell's value after unwrapping formulas (their cached result), rich text and hyperlinks. */
export type CellValue = string | number | boolean | Date | null;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** Full-width digits and punctuation (０-９，．－) as half-width, ideographic space as space. */
export function halfWidth(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}

/** The text a cell shows, trimmed; numbers in their shortest exact form, dates as YYYY-MM-DD. */
export function cellText(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  return isoDate(value) ?? '';
}

export const isBlank = (value: CellValue): boolean => cellText(value) === '';

/** Quoted for messages: long text cut short. */
export function shown(value: CellValue): string {
  const text = cellText(value);
  const chars = Array.from(text);
  return chars.length > 24 ? `${chars.slice(0, 24).join('')}…` : text;
}

/**
 * The largest gap between an Excel number and the two-decimal amount it stands for that is
 * still taken as that amount: sums like 0.1+0.2 come back as 0.30000000000000004. Anything
 * further from a whole fen (12.345, 0.333…) is an amount with more than two decimals.
 */
export const FLOAT_TOLERANCE_YUAN = 1e-9;

/**
 * An amount in 元 → integer fen. Text goes through the app's money rules (thousands separators
 * and full-width digits accepted, at most two decimals). A number cell is converted exactly: its
 * shortest decimal form when that has at most two decimals, else the nearest fen when within
 * `FLOAT_TOLERANCE_YUAN` of it; anything else is refused. Empty is 0.
 */
export function parseAmount(value: CellValue): Parsed<Fen> {
  if (value === null) return ok(0);
  if (typeof value === 'boolean' || value instanceof Date) return fail(`“${shown(value)}”不是金额`);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return fail('不是有效的金额');
    const text = String(value);
    if (/^-?\d+(\.\d{1,2})?$/.test(text)) return fromText(text);
    const fen = Math.round(value * 100);
    if (!Number.isSafeInteger(fen)) return fail(`${text} 超出允许范围`);
    if (Math.abs(value - fen / 100) > FLOAT_TOLERANCE_YUAN) return fail(`${decimalText(value)} 超过两位小数`);
    return ok(fen === 0 ? 0 : fen);
  }
  const text = halfWidth(value).trim().replace(/^[¥￥]\s*/, '');
  if (text === '') return ok(0);
  return fromText(text);
}

function decimalText(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // 1e-7 and the like: written out so that the accountant recognises the number.
  return value.toFixed(12).replace(/0+$/, '');
}

function fromText(text: string): Parsed<Fen> {
  const parsed = parseMoney(text);
  if (parsed.ok) return ok(parsed.fen);
  const plain = text.replace(/,/g, '');
  if (/^[+-]?\d*\.\d{3,}$/.test(plain)) return fail(`${text} 超过两位小数`);
  if (parsed.message.includes('千分位')) return fail(`“${text}”的千分位分隔符位置不正确`);
  if (parsed.message.includes('范围')) return fail(`${text} 超出允许范围`);
  return fail(`“${text}”不是有效的金额`);
}

/** A whole number ≥ 0 (凭证号, 附单据张数, 年度): a number cell, or digits as text. Empty is null. */
export function parseWhole(value: CellValue): Parsed<number | null> {
  if (value === null) return ok(null);
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? ok(value) : fail(`“${shown(value)}”不是整数`);
  }
  const text = halfWidth(cellText(value));
  if (text === '') return ok(null);
  if (!/^\d{1,9}$/.test(text)) return fail(`“${shown(value)}”不是整数`);
  return ok(Number(text));
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function realDate(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/**
 * exceljs gives date cells as Dates at UTC midnight of the calendar day shown in Excel
 * (Excel has no time zones), so the UTC fields are the day the accountant typed.
 */
function isoDate(date: Date): string | null {
  if (Number.isNaN(date.getTime())) return null;
  return realDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Excel's serial day number (1900 system): 46023 is 2026-01-01. */
function fromSerial(serial: number): string | null {
  if (!Number.isInteger(serial) || serial < 36526 || serial > 73050) return null; // 2000–2099
  const t = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
  return isoDate(t);
}

/** A date: a date cell, an Excel serial number, or 2026-01-05 / 2026/1/5 / 2026.1.5 / 20260105 / 2026年1月5日. */
export function parseDate(value: CellValue): Parsed<string> {
  if (value === null) return fail('请填写日期');
  if (value instanceof Date) {
    const iso = isoDate(value);
    return iso ? ok(iso) : fail('日期无效');
  }
  if (typeof value === 'number') {
    const iso = fromSerial(value);
    return iso ? ok(iso) : fail(`“${shown(value)}”不是日期`);
  }
  const text = halfWidth(cellText(value));
  if (text === '') return fail('请填写日期');
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return fail(`“${shown(value)}”不是日期（应为 2026-01-31 这样的格式）`);
  const iso = realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return iso ? ok(iso) : fail(`日期 ${text} 不存在`);
}

/**
 * A classification or project code as the provincial export writes it: `2010301`, or
 * `2010301 行政运行`, `[2010301]行政运行`, `2010301-行政运行`. The leading code is kept.
 */
export function leadingCode(value: CellValue): string {
  const text = halfWidth(cellText(value));
  const bracketed = /^\[([^\]]+)\]/.exec(text);
  if (bracketed) return bracketed[1]!.trim();
  // The code runs to the first space, or to a name in Chinese (with or without a “-” before it):
  // P2026-001 乡村道路养护 → P2026-001; 2010301-行政运行 → 2010301.
  const m = /^([0-9A-Za-z][0-9A-Za-z._\-/]*?)(?:\s+|[-_:|]?(?=[^\x00-\x7f])|$)/.exec(text);
  return m ? m[1]! : text;
}

/** 是/否 style flags: 是 1 Y true 直达 → true; 否 0 N false 非直达 → false; empty → null. */
export function parseFlag(value: CellValue): Parsed<boolean | null> {
  if (value === null) return ok(null);
  if (typeof value === 'boolean') return ok(value);
  if (typeof value === 'number') return value === 1 ? ok(true) : value === 0 ? ok(false) : fail(`“${value}”应为 是 或 否`);
  const text = halfWidth(cellText(value)).toLowerCase();
  if (text === '') return ok(null);
  if (['是', '1', 'y', 'yes', 'true', '直达', '直达资金'].includes(text)) return ok(true);
  if (['否', '0', 'n', 'no', 'false', '非直达', '非直达资金'].includes(text)) return ok(false);
  return fail(`“${shown(value)}”应为 是 或 否`);
}
