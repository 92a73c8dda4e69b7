/**
 * Money. Every amount in the app is an integer number of 分 (fen).
 *
 * Rules (see /work/shared/reference/domain.md §6):
 * - amounts are stored and computed as integer fen, never as floating 元;
 * - parsing and formatting work on strings only (no parseFloat / toFixed);
 * - every fen value must be a safe integer (|fen| ≤ Number.MAX_SAFE_INTEGER).
 */

/** An integer count of 分 (fen). 1 元 = 100 fen. Always a safe integer. */
export type Fen = number;

export type ParseMoneyResult = { ok: true; fen: Fen } | { ok: false; message: string };

const MAX_FEN = BigInt(Number.MAX_SAFE_INTEGER);

/** True when `n` is a valid fen amount: a number that is a safe integer. */
export function isFen(n: unknown): n is Fen {
  return typeof n === 'number' && Number.isSafeInteger(n);
}

/** Throws (programming error) unless `n` is a safe integer count of fen. */
export function assertFen(n: unknown): asserts n is Fen {
  if (!isFen(n)) {
    throw new TypeError(`金额必须是以“分”为单位的安全整数，实际为：${String(n)}`);
  }
}

/**
 * Normalises full-width ASCII forms (U+FF01–U+FF5E, e.g. `１２３`, `，`, `．`, `－`)
 * to their half-width equivalents, and the ideographic space to a normal space.
 * Consequently the full-width comma `，` is accepted as a thousands separator,
 * exactly like `,`.
 */
function toHalfWidth(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}

function shorten(text: string): string {
  const chars = Array.from(text);
  return chars.length > 20 ? `${chars.slice(0, 20).join('')}…` : text;
}

/**
 * Parses user-typed money in 元 into integer fen, exactly (string manipulation only).
 *
 * Accepted: surrounding whitespace; one optional leading `+` or `-`; digits with
 * optional thousands separators (`,` — groups of exactly three digits); an optional
 * decimal point followed by at most two digits (`.5` and `12.` are allowed); full-width
 * digits and punctuation (normalised). `-0` parses as 0.
 *
 * Examples: `1,234.5` → 123450, `-0.01` → -1, `.5` → 50, `12.` → 1200.
 */
export function parseMoney(text: string): ParseMoneyResult {
  const trimmed = toHalfWidth(String(text ?? '')).trim();
  if (trimmed === '') return { ok: false, message: '请输入金额' };

  const formatError = (): ParseMoneyResult => ({
    ok: false,
    message: `金额格式不正确：“${shorten(trimmed)}”不是有效的数字`,
  });

  let body = trimmed;
  let negative = false;
  if (body.startsWith('-') || body.startsWith('+')) {
    negative = body.startsWith('-');
    body = body.slice(1);
  }
  // Only digits, commas and at most one decimal point may remain.
  if (!/^[0-9,.]+$/.test(body)) return formatError();
  const dot = body.indexOf('.');
  if (dot !== body.lastIndexOf('.')) return formatError();

  const intPart = dot === -1 ? body : body.slice(0, dot);
  const fracPart = dot === -1 ? '' : body.slice(dot + 1);
  if (intPart.replace(/,/g, '') === '' && fracPart === '') return formatError();

  if (fracPart.includes(',')) return { ok: false, message: '千分位分隔符位置不正确' };
  if (intPart.includes(',') && !/^[0-9]{1,3}(,[0-9]{3})+$/.test(intPart)) {
    return { ok: false, message: '千分位分隔符位置不正确' };
  }
  if (fracPart.length > 2) return { ok: false, message: '金额最多两位小数' };

  const digits = intPart.replace(/,/g, '') || '0';
  const magnitude = BigInt(digits) * 100n + BigInt(fracPart.padEnd(2, '0'));
  if (magnitude > MAX_FEN) return { ok: false, message: '金额超出允许范围' };

  const fen = Number(magnitude);
  return { ok: true, fen: negative && fen !== 0 ? -fen : fen };
}

function groupThousands(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}

/**
 * Formats fen as 元 with two decimals and thousands separators:
 * 123450 → `1,234.50`, -123450 → `-1,234.50`, 0 → `0.00` (or `''` with `blankZero`).
 * Throws on a non-integer or unsafe number (programming error).
 */
export function formatFen(fen: Fen, opts?: { blankZero?: boolean }): string {
  assertFen(fen);
  if (fen === 0) return opts?.blankZero ? '' : '0.00';
  const digits = String(Math.abs(fen)).padStart(3, '0');
  const yuan = digits.slice(0, -2);
  const cents = digits.slice(-2);
  return `${fen < 0 ? '-' : ''}${groupThousands(yuan)}.${cents}`;
}

const CN_DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const CN_UNITS_4 = ['仟', '佰', '拾', ''] as const;

function cnDigit(d: number): string {
  return CN_DIGITS[d]!;
}

/** 1..9999 → e.g. 1001 → 壹仟零壹, 1010 → 壹仟零壹拾, 10 → 壹拾. No leading/trailing 零. */
function words4(n: number): string {
  const digits = String(n).padStart(4, '0');
  let out = '';
  let pendingZero = false;
  for (let i = 0; i < 4; i++) {
    const d = Number(digits[i]);
    if (d === 0) {
      if (out !== '') pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    out += cnDigit(d) + CN_UNITS_4[i]!;
  }
  return out;
}

/** 1..99,999,999 using 万. */
function words8(n: number): string {
  const high = Math.floor(n / 10000);
  const low = n % 10000;
  if (high === 0) return words4(low);
  let out = `${words4(high)}万`;
  if (low > 0) out += (low < 1000 ? '零' : '') + words4(low);
  return out;
}

/** Any positive safe integer of 元 using 万 and 亿 (亿 sections may contain 万, e.g. 壹万亿). */
function wordsInteger(digits: string): string {
  const high = digits.length > 8 ? Number(digits.slice(0, -8)) : 0;
  const low = Number(digits.slice(-8));
  if (high === 0) return words8(low);
  let out = `${words8(high)}亿`;
  if (low > 0) out += (low < 10_000_000 ? '零' : '') + words8(low);
  return out;
}

export interface AmountInWordsOptions {
  /** Prefix the result with “人民币” (no gap), as on cheques and receipts. Default false. */
  prefix?: boolean;
  /**
   * When the 元 digit is zero (with non-zero digits above it) and 角 is non-zero, domain.md
   * says the 零 is optional: 壹仟陆佰捌拾元叁角贰分 vs 壹仟陆佰捌拾元零叁角贰分.
   * Default false (omit it).
   */
  zeroBeforeJiao?: boolean;
}

/**
 * 中文大写金额 per domain.md §6 / 支付结算办法:
 * - characters 零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整 only; a leading 1 in the tens place is 壹拾;
 * - a run of zeros in the middle is written as a single 零 (10,500.00 → 壹万零伍佰元整);
 * - ends at 元 → 整; ends at 角 → no 整 (壹仟肆佰零玖元伍角); ends at 分 → never 整;
 * - 角 zero with non-zero 分 → 零 is required (16,409.02 → 壹万陆仟肆佰零玖元零贰分);
 * - below one 元 there is no 元 and no leading 零 (0.05 → 伍分); zero → 零元整;
 * - negative amounts get a 负 prefix (after 人民币 when `prefix` is set).
 */
export function amountInWords(fen: Fen, opts?: AmountInWordsOptions): string {
  assertFen(fen);
  const head = (opts?.prefix ? '人民币' : '') + (fen < 0 ? '负' : '');
  const digits = String(Math.abs(fen)).padStart(3, '0');
  const yuanDigits = digits.slice(0, -2).replace(/^0+(?=.)/, '');
  const jiao = Number(digits[digits.length - 2]);
  const fenDigit = Number(digits[digits.length - 1]);
  const hasYuan = yuanDigits !== '0';

  let out = '';
  if (hasYuan) out += `${wordsInteger(yuanDigits)}元`;

  if (jiao === 0 && fenDigit === 0) {
    return head + (hasYuan ? `${out}整` : '零元整');
  }
  if (jiao !== 0) {
    if (hasYuan && opts?.zeroBeforeJiao && yuanDigits.endsWith('0')) out += '零';
    out += `${cnDigit(jiao)}角`;
  } else if (hasYuan) {
    out += '零';
  }
  if (fenDigit !== 0) out += `${cnDigit(fenDigit)}分`;
  return head + out;
}
