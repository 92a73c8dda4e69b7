import { AppError } from '../../../shared/api/errors';
import type { VoucherSaveInput } from '../../../shared/api/schemas';
import type { BatchResult, Book, User, Voucher, VoucherSaveResult } from '../../../shared/api/types';
import type { VoucherKind } from '../../../shared/domain/ledger/voucherRules';
import { validateVoucherLines } from '../../../shared/domain/ledger/voucherRules';
import { redReversalLines } from '../../../shared/domain/ledger/reversal';
import type { ClassificationCodeSets } from '../../../shared/domain/ledger/dimensions';
import type { LedgerAccount, VoucherLineInput } from '../../../shared/domain/ledger/types';
import type { CoreContext } from '../context';
import type { ReadableDB, WritableDB } from '../db/handles';
import { sql } from '../db/sql';
import { loadLedgerChart } from './chart';
import { periodOf, requireOpenPeriod, type PeriodKey } from './periods';
import { dimensionColumns, findVoucher, requireVoucher, voucherLabel } from './voucherQueries';

function classificationCodes(db: ReadableDB | WritableDB, bookId: string): ClassificationCodeSets {
  const rows = db.all<{ kind: string; code: string }>(
    sql`SELECT kind, code FROM classification WHERE book_id = ${bookId} AND kind IN ('expenditure_function', 'expenditure_econ_department', 'expenditure_econ_government')`,
  );
  const set = (kind: string) => new Set(rows.filter((r) => r.kind === kind).map((r) => r.code));
  return { func: set('expenditure_function'), econ_dep: set('expenditure_econ_department'), econ_gov: set('expenditure_econ_government') };
}

function nextNumber(db: WritableDB, bookId: string, period: PeriodKey, word: string): number {
  const row = db.get<{ n: number | null }>(
    sql`SELECT max(number) AS n FROM voucher WHERE book_id = ${bookId} AND year = ${period.year} AND month = ${period.month} AND word = ${word}`,
  );
  return (row?.n ?? 0) + 1;
}

export interface WriteVoucherOptions {
  kind: VoucherKind;
  reversesId?: string | null;
  parallelReason?: string | null;
  /** Closing vouchers are written already posted, by the closing action itself. */
  postedBy?: string | null;
}

/**
 * Validates and writes one voucher with all its lines: the caller holds the transaction.
 * Errors throw RULE_VIOLATION with every issue; 平行记账 warnings need a reason.
 */
export function writeVoucher(
  db: WritableDB,
  book: Book,
  user: User,
  input: Pick<VoucherSaveInput, 'id' | 'word' | 'date' | 'attachments'> & { lines: VoucherLineInput[] },
  options: WriteVoucherOptions,
  chart: ReadonlyMap<string, LedgerAccount>,
  now: Date,
): { warnings: VoucherSaveResult['warnings'] } {
  const { errors, warnings } = validateVoucherLines(input.lines, chart, {
    kind: options.kind,
    classificationCodes: options.kind === 'closing' ? undefined : classificationCodes(db, book.id),
  });
  if (errors.length > 0) {
    throw new AppError('RULE_VIOLATION', `凭证有 ${errors.length} 处错误，未保存：${errors[0]!.message}`, { issues: errors });
  }
  if (warnings.length > 0 && !options.parallelReason) {
    throw new AppError('NEEDS_CONFIRMATION', `${warnings[0]!.message}。如确认无误，请填写原因后再保存。`, { warnings });
  }

  const period = periodOf(input.date);
  requireOpenPeriod(db, book, period);
  if (book.voucherWords === 'single' && input.word !== '记') {
    throw new AppError('RULE_VIOLATION', `本账套使用“记”字凭证，不能使用“${input.word}”字`);
  }
  if (book.voucherWords === 'receiptPaymentTransfer' && input.word === '记') {
    throw new AppError('RULE_VIOLATION', '本账套按收、付、转分字编号，请选择凭证字“收”“付”或“转”');
  }
  const existing = db.get<{ status: string; year: number; month: number; word: string; number: number; book_id: string }>(
    sql`SELECT status, year, month, word, number, book_id FROM voucher WHERE id = ${input.id}`,
  );
  if (existing && existing.book_id !== book.id) throw new AppError('CONFLICT', '凭证标识已被其他账套使用');
  if (existing && existing.status !== 'draft') {
    throw new AppError('RULE_VIOLATION', `凭证${voucherLabel(existing.word, existing.number)}已${existing.status === 'posted' ? '记账' : '审核'}，不能修改。${existing.status === 'reviewed' ? '请先取消审核。' : '请用红字冲销或补充凭证更正。'}`);
  }
  if (existing) requireOpenPeriod(db, book, existing);

  const stamp = now.toISOString();
  const samePlace = existing && existing.year === period.year && existing.month === period.month && existing.word === input.word;
  const number = samePlace ? existing.number : nextNumber(db, book.id, period, input.word);
  if (existing) {
    db.run(sql`DELETE FROM voucher_line WHERE voucher_id = ${input.id}`);
    db.run(sql`
      UPDATE voucher SET year = ${period.year}, month = ${period.month}, word = ${input.word}, number = ${number},
        date = ${input.date}, attachments = ${input.attachments}, parallel_reason = ${options.parallelReason ?? null},
        prepared_by = ${user.id}, updated_at = ${stamp}
      WHERE id = ${input.id}`);
  } else {
    const posted = options.postedBy ?? null;
    db.run(sql`
      INSERT INTO voucher (id, book_id, year, month, word, number, date, attachments, status, kind, reverses_id,
                           parallel_reason, prepared_by, posted_by, posted_at, created_at, updated_at)
      VALUES (${input.id}, ${book.id}, ${period.year}, ${period.month}, ${input.word}, ${number}, ${input.date},
              ${input.attachments}, ${posted ? 'posted' : 'draft'}, ${options.kind === 'redReversal' ? 'reversal' : options.kind},
              ${options.reversesId ?? null}, ${options.parallelReason ?? null}, ${user.id}, ${posted}, ${posted ? stamp : null},
              ${stamp}, ${stamp})`);
  }
  input.lines.forEach((line, index) => {
    const account = chart.get(line.accountCode)!;
    const dims = dimensionColumns.map((key) => line.dims?.[key]?.trim() || null);
    db.run(sql`
      INSERT INTO voucher_line (voucher_id, line_no, book_id, summary, account_code, track, debit, credit,
                                func, econ_dep, econ_gov, project, fund, counterparty, dept)
      VALUES (${input.id}, ${index + 1}, ${book.id}, ${line.summary.trim()}, ${line.accountCode}, ${account.track},
              ${line.debit}, ${line.credit}, ${dims[0]!}, ${dims[1]!}, ${dims[2]!}, ${dims[3]!}, ${dims[4]!}, ${dims[5]!}, ${dims[6]!})`);
  });
  if (options.postedBy) addMovements(db, input.id, 1);
  return { warnings: options.parallelReason ? warnings : [] };
}

/** Adds (sign 1) or removes (sign -1) a posted voucher's lines in the per-month movements. */
function addMovements(db: WritableDB, voucherId: string, sign: 1 | -1): void {
  db.run(sql`
    INSERT INTO period_movement (book_id, account_code, year, month, debit, credit)
    SELECT l.book_id, l.account_code, v.year, v.month, ${sign} * sum(l.debit), ${sign} * sum(l.credit)
    FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
    WHERE l.voucher_id = ${voucherId}
    GROUP BY l.book_id, l.account_code, v.year, v.month
    ON CONFLICT (book_id, account_code, year, month)
    DO UPDATE SET debit = debit + excluded.debit, credit = credit + excluded.credit`);
}

function requireUser(ctx: CoreContext): User {
  if (!ctx.user) throw new AppError('UNAUTHORIZED', '请先登录');
  return ctx.user;
}

export function saveVoucher(ctx: CoreContext, book: Book, input: VoucherSaveInput): VoucherSaveResult {
  const user = requireUser(ctx);
  return ctx.write.transaction((db) => {
    const chart = loadLedgerChart(db, book.id);
    const lines: VoucherLineInput[] = input.lines.map((l) => ({ summary: l.summary, accountCode: l.accountCode, debit: l.debit, credit: l.credit, dims: l.dims }));
    const { warnings } = writeVoucher(db, book, user, { ...input, lines }, { kind: 'normal', parallelReason: input.parallelReason ?? null }, chart, ctx.now());
    return { voucher: requireVoucher(db, book.id, input.id), warnings };
  });
}

export function deleteVoucher(ctx: CoreContext, book: Book, id: string): { deleted: true } {
  ctx.write.transaction((db) => {
    const voucher = requireVoucher(db, book.id, id);
    requireOpenPeriod(db, book, voucher);
    if (voucher.status !== 'draft') throw new AppError('RULE_VIOLATION', `凭证${voucher.label}不是草稿，不能删除`);
    db.run(sql`DELETE FROM voucher_line WHERE voucher_id = ${id}`);
    db.run(sql`DELETE FROM voucher WHERE id = ${id}`);
  });
  return { deleted: true };
}

type Step = (db: WritableDB, voucher: Voucher, user: User, now: string) => void;

/** Batch actions: each voucher in its own transaction, so one refusal does not undo the others. */
function batch(ctx: CoreContext, book: Book, ids: string[], step: Step): BatchResult {
  const user = requireUser(ctx);
  const result: BatchResult = { done: [], failed: [] };
  for (const id of ids) {
    try {
      ctx.write.transaction((db) => {
        const voucher = requireVoucher(db, book.id, id);
        requireOpenPeriod(db, book, voucher);
        step(db, voucher, user, ctx.now().toISOString());
      });
      result.done.push(id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const voucher = findVoucher(ctx.read, book.id, id);
      result.failed.push({ id, label: voucher?.label ?? id, message: error.message });
    }
  }
  return result;
}

export const reviewVouchers = (ctx: CoreContext, book: Book, ids: string[]) =>
  batch(ctx, book, ids, (db, voucher, user, now) => {
    if (voucher.status !== 'draft') throw new AppError('RULE_VIOLATION', `凭证${voucher.label}${voucher.status === 'posted' ? '已记账' : '已审核'}`);
    if (voucher.preparedBy.id === user.id) throw new AppError('FORBIDDEN', `不能审核自己制单的凭证${voucher.label}，请由其他审核人员审核`);
    if (user.roles.includes('cashier')) throw new AppError('FORBIDDEN', '出纳不能审核凭证（不相容职务分离）');
    db.run(sql`UPDATE voucher SET status = 'reviewed', reviewed_by = ${user.id}, reviewed_at = ${now}, updated_at = ${now} WHERE id = ${voucher.id}`);
  });

export const unreviewVouchers = (ctx: CoreContext, book: Book, ids: string[]) =>
  batch(ctx, book, ids, (db, voucher, user, now) => {
    if (voucher.status !== 'reviewed') throw new AppError('RULE_VIOLATION', `凭证${voucher.label}${voucher.status === 'posted' ? '已记账，不能取消审核' : '尚未审核'}`);
    if (voucher.reviewedBy?.id !== user.id && !user.roles.includes('supervisor')) {
      throw new AppError('FORBIDDEN', `凭证${voucher.label}由${voucher.reviewedBy?.displayName ?? '他人'}审核，只有审核人或主管可以取消审核`);
    }
    db.run(sql`UPDATE voucher SET status = 'draft', reviewed_by = NULL, reviewed_at = NULL, updated_at = ${now} WHERE id = ${voucher.id}`);
  });

export const postVouchers = (ctx: CoreContext, book: Book, ids: string[]) =>
  batch(ctx, book, ids, (db, voucher, user, now) => {
    if (voucher.status !== 'reviewed') {
      throw new AppError('RULE_VIOLATION', `凭证${voucher.label}${voucher.status === 'posted' ? '已记账' : '尚未审核，只有已审核的凭证可以记账'}`);
    }
    db.run(sql`UPDATE voucher SET status = 'posted', posted_by = ${user.id}, posted_at = ${now}, updated_at = ${now} WHERE id = ${voucher.id}`);
    addMovements(db, voucher.id, 1);
  });

export function reverseVoucher(ctx: CoreContext, book: Book, input: { id: string; newId: string; date: string }): VoucherSaveResult {
  const user = requireUser(ctx);
  return ctx.write.transaction((db) => {
    const original = requireVoucher(db, book.id, input.id);
    if (original.status !== 'posted') throw new AppError('RULE_VIOLATION', `凭证${original.label}尚未记账，直接修改或删除即可，不需要红字冲销`);
    if (original.kind === 'reversal') throw new AppError('RULE_VIOLATION', `凭证${original.label}本身是红字冲销凭证，不能再冲销`);
    if (original.reversedById) throw new AppError('CONFLICT', `凭证${original.label}已被冲销过`);
    const lines = redReversalLines(
      original.lines.map((l) => ({ summary: l.summary, accountCode: l.accountCode, debit: l.debit, credit: l.credit, dims: l.dims })),
      (l) => `冲销${original.year}年${String(original.month).padStart(2, '0')}月${original.label}：${l.summary}`.slice(0, 100),
    );
    const chart = loadLedgerChart(db, book.id);
    writeVoucher(db, book, user, { id: input.newId, word: original.word, date: input.date, attachments: 0, lines }, { kind: 'redReversal', reversesId: original.id, parallelReason: '红字冲销' }, chart, ctx.now());
    return { voucher: requireVoucher(db, book.id, input.newId), warnings: [] };
  });
}

/**
 * 断号整理: posted vouchers keep their numbers; unposted ones of the period, in their
 * current order, take the lowest numbers left free (per 凭证字).
 */
export function renumberVouchers(ctx: CoreContext, book: Book, period: PeriodKey): { renumbered: number } {
  requireUser(ctx);
  return ctx.write.transaction((db) => {
    requireOpenPeriod(db, book, period);
    const rows = db.all<{ id: string; word: string; number: number; status: string }>(
      sql`SELECT id, word, number, status FROM voucher WHERE book_id = ${book.id} AND year = ${period.year} AND month = ${period.month} ORDER BY word, number`,
    );
    let renumbered = 0;
    for (const word of new Set(rows.map((r) => r.word))) {
      const ofWord = rows.filter((r) => r.word === word);
      const taken = new Set(ofWord.filter((r) => r.status === 'posted').map((r) => r.number));
      const moves: { id: string; to: number }[] = [];
      let candidate = 1;
      for (const row of ofWord.filter((r) => r.status !== 'posted')) {
        while (taken.has(candidate)) candidate++;
        if (row.number !== candidate) moves.push({ id: row.id, to: candidate });
        candidate++;
      }
      // Two steps so that no intermediate state collides with the UNIQUE (…, word, number).
      for (const move of moves) db.run(sql`UPDATE voucher SET number = number + 1000000 WHERE id = ${move.id}`);
      for (const move of moves) db.run(sql`UPDATE voucher SET number = ${move.to} WHERE id = ${move.id}`);
      renumbered += moves.length;
    }
    return { renumbered };
  });
}
