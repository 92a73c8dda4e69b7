/**
 * 凭证导入: rows → vouchers, each checked with the same rules as a voucher typed on screen
 * (validateVoucherLines: each track balances, leaf accounts, dimensions), plus what a file
 * adds: 凭证字号 grouping, duplicates in the file and against the book, open periods.
 */
import { formatPeriod, type Period } from '../period';
import type { ClassificationCodeSets } from '../ledger/dimensions';
import type { Dimensions, DimensionKey, LedgerAccount, VoucherIssue, VoucherLineInput } from '../ledger/types';
import { DIMENSION_KEYS } from '../ledger/types';
import { validateVoucherLines } from '../ledger/voucherRules';
import { cellText, leadingCode, parseAmount, parseDate, parseWhole, shown, type CellValue } from './cells';
import { VOUCHER_WORDS } from './layouts';
import { atRow, atRows, type ImportProblem, type MappedRow } from './sheet';

export type VoucherWord = (typeof VOUCHER_WORDS)[number];

export interface LedgerImportView {
  chart: ReadonlyMap<string, LedgerAccount>;
  classificationCodes: ClassificationCodeSets;
  voucherWords: 'single' | 'receiptPaymentTransfer';
  start: Period;
  /** `YYYY-MM` of closed periods. */
  closedPeriods: ReadonlySet<string>;
  /** `YYYY-MM|字|号` of the vouchers already in the book. */
  existingVouchers: ReadonlySet<string>;
}

export interface ImportedVoucher {
  rows: number[];
  date: string;
  word: VoucherWord;
  number: number;
  attachments: number;
  lines: VoucherLineInput[];
  /** 平行记账 warnings: accepted on import only with a reason. */
  warnings: VoucherIssue[];
}

export interface VoucherImportResult {
  vouchers: ImportedVoucher[];
  problems: ImportProblem[];
  /** Not blocking: 平行记账 warnings, gaps in numbering. */
  warnings: ImportProblem[];
}

export const voucherKey = (date: string, word: string, number: number) => `${date.slice(0, 7)}|${word}|${number}`;
export const voucherLabel = (word: string, number: number) => `${word}-${String(number).padStart(4, '0')}`;

const CLASSIFIED: readonly DimensionKey[] = ['func', 'econ_dep', 'econ_gov'];

/** The 辅助核算 of a row: classification cells may be “2010301 行政运行”, the code is kept. */
export function rowDimensions(row: MappedRow, problems: ImportProblem[]): Dimensions {
  const dims: Dimensions = {};
  for (const key of DIMENSION_KEYS) {
    const raw: CellValue = row.values[key] ?? null;
    const text = CLASSIFIED.includes(key) ? leadingCode(raw) : cellText(raw);
    if (text === '') continue;
    if (Array.from(text).length > 40) {
      problems.push(atRow(row.row, `辅助核算“${shown(raw)}”过长（最多40个字）`));
      continue;
    }
    dims[key] = text;
  }
  return dims;
}

/** An account code cell: Excel may hold it as a number. */
export function accountCodeOf(value: CellValue): string {
  return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : cellText(value).replace(/\s+/g, '');
}

/** Parses one side of an amount pair, adding a problem naming the column on failure. */
export function amountOf(row: MappedRow, key: string, label: string, problems: ImportProblem[]): number | null {
  const parsed = parseAmount(row.values[key] ?? null);
  if (!parsed.ok) {
    problems.push(atRow(row.row, `${label} ${parsed.message}`));
    return null;
  }
  return parsed.value;
}

interface ParsedLine {
  row: number;
  key: string;
  date: string;
  word: VoucherWord;
  number: number;
  attachments: number | null;
  line: VoucherLineInput;
  broken: boolean;
}

function parseRow(row: MappedRow, view: LedgerImportView, problems: ImportProblem[]): ParsedLine | null {
  const before = problems.length;
  const date = parseDate(row.values.date ?? null);
  if (!date.ok) problems.push(atRow(row.row, `凭证日期${date.message.startsWith('请') ? '未填写' : `：${date.message}`}`));
  const wordText = cellText(row.values.word ?? null);
  const word = (VOUCHER_WORDS as readonly string[]).includes(wordText) ? (wordText as VoucherWord) : null;
  if (!word) problems.push(atRow(row.row, wordText === '' ? '请填写凭证字' : `凭证字“${shown(row.values.word ?? null)}”不正确，只能是 记、收、付、转`));
  else if (view.voucherWords === 'single' && word !== '记') problems.push(atRow(row.row, `本账套使用“记”字凭证，不能使用“${word}”字`));
  else if (view.voucherWords === 'receiptPaymentTransfer' && word === '记') problems.push(atRow(row.row, '本账套按收、付、转分字编号，凭证字应为“收”“付”或“转”'));
  const number = parseWhole(row.values.number ?? null);
  if (!number.ok || number.value === null || number.value < 1) {
    problems.push(atRow(row.row, number.ok && number.value === null ? '请填写凭证号' : `凭证号“${shown(row.values.number ?? null)}”应为大于零的整数`));
  }
  const attachments = parseWhole(row.values.attachments ?? null);
  if (!attachments.ok) problems.push(atRow(row.row, `附单据张数${attachments.message.replace(/^“/, ' “')}`));
  else if (attachments.value !== null && attachments.value > 9999) problems.push(atRow(row.row, '附单据张数过大'));
  const structural = problems.length > before;

  const lineProblems: ImportProblem[] = [];
  const debit = amountOf(row, 'debit', '借方金额', lineProblems);
  const credit = amountOf(row, 'credit', '贷方金额', lineProblems);
  const dims = rowDimensions(row, lineProblems);
  problems.push(...lineProblems);
  if (structural || !date.ok || !word || !number.ok || number.value === null || number.value < 1) return null;
  return {
    row: row.row,
    key: voucherKey(date.value, word, number.value),
    date: date.value,
    word,
    number: number.value,
    attachments: attachments.ok ? attachments.value : null,
    line: {
      summary: cellText(row.values.summary ?? null),
      accountCode: accountCodeOf(row.values.account ?? null),
      debit: debit ?? 0,
      credit: credit ?? 0,
      dims,
    },
    broken: lineProblems.length > 0,
  };
}

const periodKeyOf = (date: string) => date.slice(0, 7);

/**
 * Groups rows into vouchers: consecutive rows with the same month, 凭证字 and 凭证号. The
 * same 字号 appearing again after other rows is a duplicate number, as is one already in the book.
 */
export function validateVoucherRows(rows: readonly MappedRow[], view: LedgerImportView): VoucherImportResult {
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const groups: ParsedLine[][] = [];
  const seen = new Map<string, { row: number; date: string }>();
  // A voucher is a run of rows with the same month, 字, 号 and date; the rows of a duplicate
  // (the same 字号 again, or with another date) are reported once, at the run's first row.
  let previous: string | null = null;
  let duplicateRun: string | null = null;
  for (const row of rows) {
    const parsed = parseRow(row, view, problems);
    if (!parsed) {
      previous = null;
      duplicateRun = null;
      continue;
    }
    const run = `${parsed.key}|${parsed.date}`;
    if (run === previous) {
      groups[groups.length - 1]!.push(parsed);
      continue;
    }
    if (run === duplicateRun) continue;
    const earlier = seen.get(parsed.key);
    const label = `${voucherLabel(parsed.word, parsed.number)}（${formatPeriod({ year: Number(parsed.date.slice(0, 4)), month: Number(parsed.date.slice(5, 7)) })}）`;
    if (earlier) {
      problems.push(atRow(parsed.row, `凭证号重复：凭证 ${label}已在第 ${earlier.row} 行出现过（日期 ${earlier.date}），同一张凭证的各行须连续排列且日期相同`));
      previous = null;
      duplicateRun = run;
      continue;
    }
    seen.set(parsed.key, { row: parsed.row, date: parsed.date });
    groups.push([parsed]);
    previous = run;
    duplicateRun = null;
  }

  const vouchers: ImportedVoucher[] = [];
  for (const group of groups) {
    const first = group[0]!;
    const rowsOf = group.map((g) => g.row);
    const period = { year: Number(first.date.slice(0, 4)), month: Number(first.date.slice(5, 7)) };
    const label = `凭证 ${voucherLabel(first.word, first.number)}（${formatPeriod(period)}）`;
    let blocked = false;
    const attachmentValues = [...new Set(group.map((g) => g.attachments).filter((a): a is number => a !== null))];
    if (attachmentValues.length > 1) {
      problems.push(atRows(rowsOf, `${label}的附单据张数不一致（${attachmentValues.join('、')}）`));
      blocked = true;
    }
    const startKey = view.start.year * 12 + view.start.month;
    if (period.year * 12 + period.month < startKey) {
      problems.push(atRows(rowsOf, `${label}的日期早于账套启用期间${formatPeriod(view.start)}`));
      blocked = true;
    } else if (view.closedPeriods.has(periodKeyOf(first.date))) {
      problems.push(atRows(rowsOf, `${label}所在期间${formatPeriod(period)}已结账，不能导入`));
      blocked = true;
    }
    if (view.existingVouchers.has(first.key)) {
      problems.push(atRows(rowsOf, `凭证号重复：${label}在账上已存在`));
      blocked = true;
    }

    const lines = group.map((g) => g.line);
    const broken = new Set(group.flatMap((g, i) => (g.broken ? [i] : [])));
    // Negative amounts make a 红字 voucher (as exported from a 红字冲销): checked with its rules.
    const redInk = lines.some((l) => l.debit < 0 || l.credit < 0);
    const { errors, warnings: parallel } = validateVoucherLines(lines, view.chart, { kind: redInk ? 'redReversal' : 'normal', classificationCodes: view.classificationCodes });
    for (const issue of errors) {
      if (issue.line !== undefined) {
        if (broken.has(issue.line)) continue;
        problems.push(atRow(group[issue.line]!.row, issue.message.replace(/^第\d+行：?/, '')));
      } else if (broken.size === 0) {
        problems.push(atRows(rowsOf, `${label}：${issue.message}`));
      }
      blocked = true;
    }
    if (broken.size > 0) blocked = true;
    for (const w of parallel) warnings.push(atRows(rowsOf, `${label}：${w.message}`));
    if (!blocked) {
      vouchers.push({ rows: rowsOf, date: first.date, word: first.word, number: first.number, attachments: attachmentValues[0] ?? 0, lines, warnings: parallel });
    }
  }
  warnings.push(...numberingGaps(groups.map((g) => g[0]!), view));
  return { vouchers, problems, warnings };
}

/** Gaps in 凭证号 per period and 字 (book and file together): closing needs them filled. */
function numberingGaps(firsts: readonly ParsedLine[], view: LedgerImportView): ImportProblem[] {
  const byPlace = new Map<string, Set<number>>();
  const add = (place: string, n: number) => {
    let set = byPlace.get(place);
    if (!set) byPlace.set(place, (set = new Set()));
    set.add(n);
  };
  for (const f of firsts) add(`${periodKeyOf(f.date)}|${f.word}`, f.number);
  const places = new Set(byPlace.keys());
  for (const key of view.existingVouchers) {
    const [period, word, n] = key.split('|');
    if (places.has(`${period}|${word}`)) add(`${period}|${word}`, Number(n));
  }
  const out: ImportProblem[] = [];
  for (const [place, numbers] of byPlace) {
    const max = Math.max(...numbers);
    if (numbers.size === max) continue;
    const missing: number[] = [];
    for (let n = 1; n <= max && missing.length < 6; n++) if (!numbers.has(n)) missing.push(n);
    const [period, word] = place.split('|') as [string, string];
    out.push({
      row: null,
      message: `${formatPeriod({ year: Number(period.slice(0, 4)), month: Number(period.slice(5, 7)) })}${word}字凭证号不连续（缺 ${missing.join('、')}${missing.length === 6 ? '…' : ''}），结账前须补齐或断号整理`,
    });
  }
  return out;
}
