import { AppError } from '../../../shared/api/errors';
import { dateSchema, voucherWordSchema, type VoucherWord } from '../../../shared/api/schemas';
import type { Book, User } from '../../../shared/api/types';
import type { ClassificationCodeSets } from '../../../shared/domain/ledger/dimensions';
import type { LedgerAccount, VoucherIssue, VoucherLineInput } from '../../../shared/domain/ledger/types';
import { validateVoucherLines } from '../../../shared/domain/ledger/voucherRules';
import type { WritableDB } from '../db/handles';
import { writeUncaptured, type VouchedRecord } from '../audit/capture';
import { recordDigester, type StoredScalar } from '../audit/records';
import { rawSql, sql } from '../db/sql';
import { periodOf, requireOpenPeriod, type PeriodKey } from './periods';
import { dimensionColumns } from './voucherQueries';

/** A voucher as another system hands it over: already reviewed and posted there. */
export interface ImportVoucher {
  /** Made by the exporting side, so a re-run of the same file collides instead of doubling. */
  id: string;
  word?: VoucherWord;
  date: string;
  attachments: number;
  lines: VoucherLineInput[];
  /** Needed, as on 保存, when the lines raise a 平行记账 warning. */
  parallelReason?: string | null;
}

export interface ImportOptions {
  /** Vouchers per transaction. */
  batchSize?: number;
  now?: Date;
  /** Called after each committed batch (progress). */
  onBatch?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  batch: number;
  vouchers: number;
  lines: number;
}

export interface ImportResult {
  vouchers: number;
  lines: number;
  batches: number;
  /** Every period written to, in order. */
  periods: PeriodKey[];
}

export interface RejectedVoucher {
  index: number;
  id: string;
  issues: VoucherIssue[];
}

export const DEFAULT_IMPORT_BATCH = 10_000;
const MAX_REPORTED = 50;

// Same text on every call: the handle's statement cache prepares each of these once.
// The audit digest covers these columns in this order (audit/records.ts checks it): the import
// builds each row once, in this order, for both the INSERT and the digest.
const VOUCHER_COLUMNS = ['id', 'book_id', 'year', 'month', 'word', 'number', 'date', 'attachments', 'status', 'kind', 'reverses_id', 'parallel_reason',
  'prepared_by', 'reviewed_by', 'reviewed_at', 'posted_by', 'posted_at', 'created_at', 'updated_at'] as const;
const LINE_COLUMNS = ['line_no', 'book_id', 'summary', 'account_code', 'track', 'debit', 'credit', ...dimensionColumns] as const;
let voucherDigester: ReturnType<typeof recordDigester> | null = null;
/** Made on first use: a column list out of step with audit/records.ts fails the import, not the app's start. */
const digestVoucher: ReturnType<typeof recordDigester> = (row, children, info) =>
  (voucherDigester ??= recordDigester('voucher', VOUCHER_COLUMNS, [LINE_COLUMNS]))(row, children, info);
const LINE_ROW_COLUMNS = ['voucher_id', ...LINE_COLUMNS] as const;
const multiRowInserts = new Map<string, string>();
/** `INSERT INTO table (columns) VALUES (?…), (?…)…` for `rows` rows, made once per table and count. */
function multiRowInsert(table: string, columns: readonly string[], rows: number): string {
  const key = `${table}|${rows}`;
  let text = multiRowInserts.get(key);
  if (!text) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(rows).fill(row).join(', ')}`;
    multiRowInserts.set(key, text);
  }
  return text;
}

/**
 * Rows written many to a statement: one statement per row costs more in the driver than SQLite's
 * own work for it. Full statements of `chunk` rows, and one shorter statement at the end.
 */
class RowWriter {
  private params: StoredScalar[] = [];
  private rows = 0;
  constructor(
    private readonly db: WritableDB,
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly chunk: number,
  ) {}
  add(values: readonly StoredScalar[]): void {
    for (const v of values) this.params.push(v);
    if (++this.rows === this.chunk) this.flush();
  }
  flush(): void {
    if (this.rows === 0) return;
    this.db.run(rawSql(multiRowInsert(this.table, this.columns, this.rows), this.params));
    this.params = [];
    this.rows = 0;
  }
}

const ADD_MOVEMENT = `
  INSERT INTO period_movement (book_id, account_code, year, month, debit, credit)
  VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (book_id, account_code, year, month)
  DO UPDATE SET debit = debit + excluded.debit, credit = credit + excluded.credit`;

function classificationCodes(db: WritableDB, bookId: string): ClassificationCodeSets {
  const rows = db.all<{ kind: string; code: string }>(
    sql`SELECT kind, code FROM classification WHERE book_id = ${bookId} AND kind IN ('expenditure_function', 'expenditure_econ_department', 'expenditure_econ_government')`,
  );
  const set = (kind: string) => new Set(rows.filter((r) => r.kind === kind).map((r) => r.code));
  return { func: set('expenditure_function'), econ_dep: set('expenditure_econ_department'), econ_gov: set('expenditure_econ_government') };
}

/** Everything wrong with one voucher, before anything is written. Pure apart from the inputs. */
function voucherIssues(
  voucher: ImportVoucher,
  book: Book,
  chart: ReadonlyMap<string, LedgerAccount>,
  codes: ClassificationCodeSets,
): VoucherIssue[] {
  const issues: VoucherIssue[] = [];
  if (typeof voucher.id !== 'string' || voucher.id.trim() === '') {
    issues.push({ code: 'ID_REQUIRED', field: 'id', message: '凭证缺少标识' });
  }
  const date = dateSchema.safeParse(voucher.date);
  if (!date.success) issues.push({ code: 'DATE_INVALID', field: 'date', message: `日期“${String(voucher.date)}”无效：${date.error.issues[0]?.message ?? ''}` });
  const word = voucher.word ?? '记';
  if (!voucherWordSchema.safeParse(word).success) {
    issues.push({ code: 'WORD_INVALID', field: 'word', message: `凭证字“${String(word)}”无效` });
  } else if (book.voucherWords === 'single' && word !== '记') {
    issues.push({ code: 'WORD_NOT_IN_SCHEME', field: 'word', message: `本账套使用“记”字凭证，不能使用“${word}”字` });
  } else if (book.voucherWords === 'receiptPaymentTransfer' && word === '记') {
    issues.push({ code: 'WORD_NOT_IN_SCHEME', field: 'word', message: '本账套按收、付、转分字编号，凭证字须为“收”“付”或“转”' });
  }
  if (!Number.isInteger(voucher.attachments) || voucher.attachments < 0) {
    issues.push({ code: 'ATTACHMENTS_INVALID', field: 'attachments', message: '附单据张数必须是非负整数' });
  }
  const { errors, warnings } = validateVoucherLines(voucher.lines ?? [], chart, { kind: 'normal', classificationCodes: codes });
  issues.push(...errors);
  // As on 保存: a 平行记账 warning is accepted only with a reason.
  if (warnings.length > 0 && !voucher.parallelReason?.trim()) issues.push(...warnings);
  return issues;
}

/**
 * Writes vouchers that were reviewed and posted in another system (迁移/导入): straight to
 * `posted`, in batches of `batchSize`, one transaction per batch.
 *
 * - Every voucher of a batch is validated with the voucher rules first (per-track balance,
 *   leaf and enabled accounts, dimensions against the book's classification codes, 平行记账
 *   warnings need a reason). One bad voucher rejects its whole batch: nothing of it is
 *   written. Batches committed before it stay (the error's details say how many vouchers).
 * - Numbers continue each period's sequence per 凭证字, in input order; give vouchers in
 *   date order to get numbers in date order. The 凭证字 must fit the book's scheme (记, or
 *   收/付/转), as on 保存.
 * - Periods are created open when missing; a closed period, or one before the book's start,
 *   rejects the batch.
 * - `period_movement` is updated once per batch from the batch's own totals.
 * - `user` is recorded as preparer and poster; the source system's reviewer is not
 *   represented (reviewed_by stays empty).
 * - Ordinary vouchers only (positive amounts, kind `normal`): a 红字冲销 needs its original
 *   and is made with voucher.reverse, not imported.
 */
export function importPostedVouchers(
  write: WritableDB,
  book: Book,
  user: User,
  vouchers: Iterable<ImportVoucher>,
  chart: ReadonlyMap<string, LedgerAccount>,
  options: ImportOptions = {},
): ImportResult {
  const batchSize = options.batchSize ?? DEFAULT_IMPORT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const codes = classificationCodes(write, book.id);
  const stamp = (options.now ?? new Date()).toISOString();
  const result: ImportResult = { vouchers: 0, lines: 0, batches: 0, periods: [] };
  const seenPeriods = new Set<string>();

  let batch: ImportVoucher[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    const lines = writeBatch(write, book, user, batch, chart, codes, stamp, { batchIndex: result.batches, firstIndex: result.vouchers, committed: result.vouchers });
    result.batches++;
    result.vouchers += batch.length;
    result.lines += lines;
    for (const v of batch) {
      const key = v.date.slice(0, 7);
      if (!seenPeriods.has(key)) {
        seenPeriods.add(key);
        result.periods.push(periodOf(v.date));
      }
    }
    options.onBatch?.({ batch: result.batches, vouchers: result.vouchers, lines: result.lines });
    batch = [];
  };
  for (const voucher of vouchers) {
    batch.push(voucher);
    if (batch.length >= batchSize) flush();
  }
  flush();
  result.periods.sort((a, b) => a.year - b.year || a.month - b.month);
  return result;
}

function writeBatch(
  write: WritableDB,
  book: Book,
  user: User,
  batch: readonly ImportVoucher[],
  chart: ReadonlyMap<string, LedgerAccount>,
  codes: ClassificationCodeSets,
  stamp: string,
  where: { batchIndex: number; firstIndex: number; committed: number },
): number {
  const rejected: RejectedVoucher[] = [];
  const ids = new Set<string>();
  batch.forEach((voucher, i) => {
    const issues = voucherIssues(voucher, book, chart, codes);
    if (ids.has(voucher.id)) issues.push({ code: 'ID_DUPLICATE', field: 'id', message: `凭证标识 ${voucher.id} 在导入数据中重复` });
    ids.add(voucher.id);
    if (issues.length > 0) rejected.push({ index: where.firstIndex + i, id: voucher.id, issues });
  });
  if (rejected.length > 0) {
    const first = rejected[0]!;
    throw new AppError(
      'RULE_VIOLATION',
      `第${where.batchIndex + 1}批导入未写入：${rejected.length} 张凭证有错误，第一张（第${first.index + 1}张，${first.id}）：${first.issues[0]!.message}`,
      { batch: where.batchIndex, committedVouchers: where.committed, rejectedCount: rejected.length, rejected: rejected.slice(0, MAX_REPORTED) },
    );
  }

  try {
    // The import vouches for its vouchers itself (digests from the rows it inserts, not read
    // back, and no capture trigger per row): the audit chain covers them as if captured.
    return write.transaction((db) => writeUncaptured(db, ['voucher', 'voucher_line'], (vouch) => insertBatch(db, book, user, batch, chart, stamp, vouch)));
  } catch (error) {
    // The transaction is rolled back; say which batch and why in the accountant's terms.
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (code.startsWith('SQLITE_CONSTRAINT')) {
      const why = code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE' ? '凭证标识或凭证号与已有凭证重复' : '数据约束冲突';
      throw new AppError('CONFLICT', `第${where.batchIndex + 1}批导入未写入：数据库拒绝写入（${why}）`, {
        batch: where.batchIndex,
        committedVouchers: where.committed,
        cause: (error as Error).message,
      });
    }
    throw error;
  }
}

/** Inside the batch's transaction: numbers, rows, their audit digests and the batch's 期间发生额. */
function insertBatch(
  db: WritableDB,
  book: Book,
  user: User,
  batch: readonly ImportVoucher[],
  chart: ReadonlyMap<string, LedgerAccount>,
  stamp: string,
  vouch: ((records: readonly VouchedRecord[]) => void) | null,
): number {
  const periods = new Map<string, PeriodKey>();
  for (const v of batch) periods.set(v.date.slice(0, 7), periodOf(v.date));
  for (const period of periods.values()) requireOpenPeriod(db, book, period);

  const nextNumber = new Map<string, number>();
  const movements = new Map<string, { code: string; year: number; month: number; debit: number; credit: number }>();
  const records: VouchedRecord[] = [];
  // A line is written after its voucher (the foreign key): vouchers are flushed before lines.
  const voucherRows = new RowWriter(db, 'voucher', VOUCHER_COLUMNS, 25);
  const lineRows = new RowWriter(db, 'voucher_line', LINE_ROW_COLUMNS, 50);
  let pendingLines: StoredScalar[][] = [];
  const flushLines = () => {
    voucherRows.flush();
    for (const row of pendingLines) lineRows.add(row);
    pendingLines = [];
  };
  let lineCount = 0;
  for (const v of batch) {
    const { year, month } = periodOf(v.date);
    const word = v.word ?? '记';
    const key = `${year}-${month}-${word}`;
    let number = nextNumber.get(key);
    if (number === undefined) {
      const row = db.get<{ n: number | null }>(
        sql`SELECT max(number) AS n FROM voucher WHERE book_id = ${book.id} AND year = ${year} AND month = ${month} AND word = ${word}`,
      );
      number = (row?.n ?? 0) + 1;
    }
    nextNumber.set(key, number + 1);
    // One array per row: the same values go into the INSERT and into the audit digest.
    const voucher: StoredScalar[] = [v.id, book.id, year, month, word, number, v.date, v.attachments, 'posted', 'normal', null, v.parallelReason?.trim() || null,
      user.id, null, null, user.id, stamp, stamp, stamp];
    voucherRows.add(voucher);
    const lines: StoredScalar[][] = [];
    let debitTotal = 0;
    v.lines.forEach((input, index) => {
      const line: StoredScalar[] = [index + 1, book.id, input.summary.trim(), input.accountCode, chart.get(input.accountCode)!.track, input.debit, input.credit];
      for (const k of dimensionColumns) line.push(input.dims?.[k]?.trim() || null);
      pendingLines.push([v.id, ...line]);
      lines.push(line);
      debitTotal += input.debit;
      const mkey = `${input.accountCode}|${year}|${month}`;
      const m = movements.get(mkey);
      if (m) {
        m.debit += input.debit;
        m.credit += input.credit;
      } else {
        movements.set(mkey, { code: input.accountCode, year, month, debit: input.debit, credit: input.credit });
      }
    });
    if (pendingLines.length >= 100) flushLines();
    if (vouch) {
      // The same info the recorder's SQL would give (records.ts, kind voucher); lines are in line_no order.
      const info = { label: `${word}-${String(number).padStart(4, '0')}`, period: `${year}年${String(month).padStart(2, '0')}月`, status: 'posted', lines: lines.length, debit: debitTotal };
      records.push(digestVoucher(voucher, [lines], info));
    }
    lineCount += v.lines.length;
  }
  flushLines();
  lineRows.flush();
  for (const m of movements.values()) db.run(rawSql(ADD_MOVEMENT, [book.id, m.code, m.year, m.month, m.debit, m.credit]));
  vouch?.(records);
  return lineCount;
}
