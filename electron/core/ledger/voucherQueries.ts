import { AppError } from '../../../shared/api/errors';
import type { VoucherStatus, VoucherWord } from '../../../shared/api/schemas';
import type { DimensionValues, PersonRef, Voucher, VoucherLine } from '../../../shared/api/types';
import type { ReadableDB, WritableDB } from '../db/handles';
import { sql } from '../db/sql';

export const dimensionColumns = ['func', 'econ_dep', 'econ_gov', 'project', 'fund', 'counterparty', 'dept'] as const;

interface VoucherRow {
  id: string;
  book_id: string;
  year: number;
  month: number;
  word: VoucherWord;
  number: number;
  date: string;
  attachments: number;
  status: VoucherStatus;
  kind: 'normal' | 'reversal' | 'closing';
  reverses_id: string | null;
  reversed_by_id: string | null;
  parallel_reason: string | null;
  prepared_by: string;
  prepared_name: string;
  reviewed_by: string | null;
  reviewed_name: string | null;
  posted_by: string | null;
  posted_name: string | null;
}

interface LineRow {
  voucher_id: string;
  line_no: number;
  summary: string;
  account_code: string;
  account_name: string;
  track: 'financial' | 'budget';
  debit: number;
  credit: number;
  func: string | null;
  econ_dep: string | null;
  econ_gov: string | null;
  project: string | null;
  fund: string | null;
  counterparty: string | null;
  dept: string | null;
}

const selectVouchers = `
  SELECT v.*, pu.display_name AS prepared_name, ru.display_name AS reviewed_name, qu.display_name AS posted_name,
         (SELECT r.id FROM voucher r WHERE r.reverses_id = v.id) AS reversed_by_id
  FROM voucher v
  JOIN app_user pu ON pu.id = v.prepared_by
  LEFT JOIN app_user ru ON ru.id = v.reviewed_by
  LEFT JOIN app_user qu ON qu.id = v.posted_by`;

export const voucherLabel = (word: string, number: number) => `${word}-${String(number).padStart(4, '0')}`;

const person = (id: string | null, name: string | null): PersonRef | null => (id ? { id, displayName: name ?? '' } : null);

function toLine(row: LineRow): VoucherLine {
  const dims: DimensionValues = {};
  for (const key of dimensionColumns) {
    const value = row[key];
    if (value) dims[key] = value;
  }
  return {
    lineNo: row.line_no,
    summary: row.summary,
    accountCode: row.account_code,
    accountName: row.account_name,
    track: row.track,
    debit: row.debit,
    credit: row.credit,
    dims,
  };
}

function assemble(rows: VoucherRow[], lines: LineRow[]): Voucher[] {
  const byVoucher = new Map<string, VoucherLine[]>();
  for (const line of lines) {
    const list = byVoucher.get(line.voucher_id) ?? [];
    list.push(toLine(line));
    byVoucher.set(line.voucher_id, list);
  }
  return rows.map((row) => {
    const voucherLines = byVoucher.get(row.id) ?? [];
    const totals = { financial: { debit: 0, credit: 0 }, budget: { debit: 0, credit: 0 } };
    for (const line of voucherLines) {
      totals[line.track].debit += line.debit;
      totals[line.track].credit += line.credit;
    }
    return {
      id: row.id,
      bookId: row.book_id,
      year: row.year,
      month: row.month,
      word: row.word,
      number: row.number,
      label: voucherLabel(row.word, row.number),
      date: row.date,
      attachments: row.attachments,
      status: row.status,
      kind: row.kind,
      reversesId: row.reverses_id,
      reversedById: row.reversed_by_id,
      parallelReason: row.parallel_reason,
      preparedBy: person(row.prepared_by, row.prepared_name)!,
      reviewedBy: person(row.reviewed_by, row.reviewed_name),
      postedBy: person(row.posted_by, row.posted_name),
      lines: voucherLines,
      totals,
    };
  });
}

const selectLines = `
  SELECT l.*, a.name AS account_name FROM voucher_line l
  JOIN account a ON a.book_id = l.book_id AND a.code = l.account_code`;

export function findVoucher(db: ReadableDB | WritableDB, bookId: string, id: string): Voucher | null {
  const row = db.get<VoucherRow>({ text: `${selectVouchers} WHERE v.id = ? AND v.book_id = ?`, params: [id, bookId] });
  if (!row) return null;
  const lines = db.all<LineRow>({ text: `${selectLines} WHERE l.voucher_id = ? ORDER BY l.line_no`, params: [id] });
  return assemble([row], lines)[0]!;
}

export function requireVoucher(db: ReadableDB | WritableDB, bookId: string, id: string): Voucher {
  const voucher = findVoucher(db, bookId, id);
  if (!voucher) throw new AppError('NOT_FOUND', '找不到这张凭证，它可能已被删除', { id });
  return voucher;
}

export function listVouchers(db: ReadableDB, bookId: string, year: number, month: number, status?: VoucherStatus): Voucher[] {
  const rows = db.all<VoucherRow>({
    text: `${selectVouchers} WHERE v.book_id = ? AND v.year = ? AND v.month = ? ${status ? 'AND v.status = ?' : ''} ORDER BY v.word, v.number`,
    params: status ? [bookId, year, month, status] : [bookId, year, month],
  });
  const lines = db.all<LineRow>(sql`
    SELECT l.*, a.name AS account_name FROM voucher_line l
    JOIN voucher v ON v.id = l.voucher_id
    JOIN account a ON a.book_id = l.book_id AND a.code = l.account_code
    WHERE v.book_id = ${bookId} AND v.year = ${year} AND v.month = ${month}
    ORDER BY l.voucher_id, l.line_no`);
  return assemble(rows, lines);
}
