import type { Account, DimensionValues, Track, Voucher, VoucherSaveInput, VoucherWord } from '../../../../../shared/api';
import { formatFen, parseMoney, uuidv7, type Fen } from '../../../../../shared/domain';
import { DIMENSION_KEYS, defaultRequiredDims, inferTrack, type DimensionKey } from '../../../../../shared/domain/ledger';

/**
 * The voucher as the entry form holds it: amounts stay as the text the accountant typed
 * (so a half-typed or wrong amount survives a re-render and a crash), and become integer
 * fen only through parseMoney.
 */
export type DimField = DimensionKey;
export const DIM_FIELDS: readonly DimField[] = DIMENSION_KEYS;

export interface LineForm {
  key: string;
  summary: string;
  accountCode: string;
  /** The line's 辅助核算 values; the grid shows the ones its account takes. */
  dims: DimensionValues;
  debit: string;
  credit: string;
}

export interface VoucherForm {
  id: string;
  word: VoucherWord;
  date: string;
  attachments: number;
}

export type CellField = 'summary' | 'account' | DimField | 'debit' | 'credit';

export const FIRST_LINES = 4;

export function blankLine(): LineForm {
  return { key: uuidv7(), summary: '', accountCode: '', dims: {}, debit: '', credit: '' };
}

export function blankLines(count = FIRST_LINES): LineForm[] {
  return Array.from({ length: count }, blankLine);
}

export type AmountValue = { ok: true; fen: Fen } | { ok: false; message: string };

/** Blank is zero; anything else goes through parseMoney. */
export function amountOf(text: string): AmountValue {
  if (text.trim() === '') return { ok: true, fen: 0 };
  return parseMoney(text);
}

export function fenOr0(text: string): Fen {
  const value = amountOf(text);
  return value.ok ? value.fen : 0;
}

/** What an amount cell holds after editing: `1234.5` → `1234.50`, zero → blank. */
export function amountText(fen: Fen): string {
  return formatFen(fen, { blankZero: true }).replace(/,/g, '');
}

export function isBlankLine(line: LineForm): boolean {
  return (
    line.summary.trim() === '' &&
    line.accountCode === '' &&
    line.debit.trim() === '' &&
    line.credit.trim() === '' &&
    DIM_FIELDS.every((field) => !line.dims[field]?.trim())
  );
}

export function trackOf(code: string, accounts: ReadonlyMap<string, Account>): Track | null {
  if (!code) return null;
  return accounts.get(code)?.track ?? inferTrack(code);
}

/** 辅助核算 the account requires: the book's own setting, else the proposed default. */
export function requiredDimFields(code: string, accounts: ReadonlyMap<string, Account>): DimField[] {
  const account = accounts.get(code);
  if (account?.requiredDims) return account.requiredDims;
  const track = trackOf(code, accounts);
  return track ? defaultRequiredDims(code, track) : [];
}

/** The dimension cells a line shows: the required ones, plus 项目 on budget lines that take any. */
export function dimFieldsOf(code: string, accounts: ReadonlyMap<string, Account>): DimField[] {
  const required = requiredDimFields(code, accounts);
  if (required.length === 0) return [];
  const withProject = trackOf(code, accounts) === 'budget' ? [...required, 'project' as const] : required;
  return DIM_FIELDS.filter((field) => withProject.includes(field));
}

export function cellOrder(line: LineForm, accounts: ReadonlyMap<string, Account>): CellField[] {
  return ['summary', 'account', ...dimFieldsOf(line.accountCode, accounts), 'debit', 'credit'];
}

export interface TrackSums {
  financial: { debit: Fen; credit: Fen };
  budget: { debit: Fen; credit: Fen };
}

/** Per-track totals of the valid amounts (a line without an account counts nowhere). */
export function sumTracks(lines: readonly LineForm[], accounts: ReadonlyMap<string, Account>, skip = -1): TrackSums {
  const sums: TrackSums = { financial: { debit: 0, credit: 0 }, budget: { debit: 0, credit: 0 } };
  lines.forEach((line, index) => {
    if (index === skip) return;
    const track = trackOf(line.accountCode, accounts);
    if (!track) return;
    sums[track].debit += fenOr0(line.debit);
    sums[track].credit += fenOr0(line.credit);
  });
  return sums;
}

/**
 * `=` in an amount cell: the amount that makes this line's track balance, placed on the
 * side it belongs to (a debit cell may answer with a credit amount, and the other way).
 */
export function balancingAmount(
  lines: readonly LineForm[],
  index: number,
  accounts: ReadonlyMap<string, Account>,
): { ok: true; side: 'debit' | 'credit'; fen: Fen } | { ok: false; message: string } {
  const line = lines[index];
  const track = line ? trackOf(line.accountCode, accounts) : null;
  if (!line || !track) return { ok: false, message: '请先选择会计科目，再按“=”取平衡金额' };
  const others = sumTracks(lines, accounts, index)[track];
  const gap = others.credit - others.debit;
  if (gap === 0) return { ok: false, message: '本行所属分录已经平衡，无需补差' };
  return gap > 0 ? { ok: true, side: 'debit', fen: gap } : { ok: true, side: 'credit', fen: -gap };
}

/** Lines to send (blank ones left out) and, for each, its row in the grid. */
export function toSaveInput(
  bookId: string,
  form: VoucherForm,
  lines: readonly LineForm[],
  parallelReason?: string,
): { input: VoucherSaveInput; rows: number[] } {
  const rows: number[] = [];
  const sent = lines.flatMap((line, index) => {
    if (isBlankLine(line)) return [];
    rows.push(index);
    const dims: DimensionValues = {};
    for (const [field, raw] of Object.entries(line.dims) as [keyof DimensionValues, string | undefined][]) {
      const value = raw?.trim();
      if (value) dims[field] = value;
    }
    return [
      {
        summary: line.summary.trim(),
        accountCode: line.accountCode,
        debit: fenOr0(line.debit),
        credit: fenOr0(line.credit),
        ...(Object.keys(dims).length > 0 ? { dims } : {}),
      },
    ];
  });
  return {
    input: {
      bookId,
      id: form.id,
      word: form.word,
      date: form.date.trim(),
      attachments: form.attachments,
      lines: sent,
      ...(parallelReason ? { parallelReason } : {}),
    },
    rows,
  };
}

/** A saved voucher back into the form. */
export function fromVoucher(voucher: Voucher): { form: VoucherForm; lines: LineForm[] } {
  const lines = voucher.lines.map((line) => ({
    key: uuidv7(),
    summary: line.summary,
    accountCode: line.accountCode,
    dims: { ...line.dims },
    debit: amountText(line.debit),
    credit: amountText(line.credit),
  }));
  return {
    form: { id: voucher.id, word: voucher.word, date: voucher.date, attachments: voucher.attachments },
    lines,
  };
}
