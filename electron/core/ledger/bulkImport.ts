import { AppError } from '../../../shared/api/errors';
import { dateSchema, voucherWordSchema, type VoucherWord } from '../../../shared/api/schemas';
import type { Book, User } from '../../../shared/api/types';
import type { ClassificationCodeSets } from '../../../shared/domain/ledger/dimensions';
import type { LedgerAccount, VoucherIssue, VoucherLineInput } from '../../../shared/domain/ledger/types';
import { validateVoucherLines } from '../../../shared/domain/ledger/voucherRules';
import type { WritableDB } from '../db/handles';
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
const INSERT_VOUCHER = `
  INSERT INTO voucher (id, book_id, year, month, word, number, date, attachments, status, kind,
                       parallel_reason, prepared_by, posted_by, posted_at, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'posted', 'normal', ?, ?, ?, ?, ?, ?)`;
const INSERT_LINE = `
  INSERT INTO voucher_line (voucher_id, line_no, book_id, summary, account_code, track, debit, credit,
                            func, econ_dep, econ_gov, project, fund, counterparty, dept)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
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
    return write.transaction((db) => {
      const periods = new Map<string, PeriodKey>();
      for (const v of batch) periods.set(v.date.slice(0, 7), periodOf(v.date));
      for (const period of periods.values()) requireOpenPeriod(db, book, period);

      const nextNumber = new Map<string, number>();
      const movements = new Map<string, { code: string; year: number; month: number; debit: number; credit: number }>();
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
        db.run(rawSql(INSERT_VOUCHER, [v.id, book.id, year, month, word, number, v.date, v.attachments, v.parallelReason?.trim() || null, user.id, user.id, stamp, stamp, stamp]));
        v.lines.forEach((line, index) => {
          const track = chart.get(line.accountCode)!.track;
          const dims = dimensionColumns.map((k) => line.dims?.[k]?.trim() || null);
          db.run(rawSql(INSERT_LINE, [v.id, index + 1, book.id, line.summary.trim(), line.accountCode, track, line.debit, line.credit, ...dims]));
          const mkey = `${line.accountCode}|${year}|${month}`;
          const m = movements.get(mkey);
          if (m) {
            m.debit += line.debit;
            m.credit += line.credit;
          } else {
            movements.set(mkey, { code: line.accountCode, year, month, debit: line.debit, credit: line.credit });
          }
        });
        lineCount += v.lines.length;
      }
      for (const m of movements.values()) db.run(rawSql(ADD_MOVEMENT, [book.id, m.code, m.year, m.month, m.debit, m.credit]));
      return lineCount;
    });
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
