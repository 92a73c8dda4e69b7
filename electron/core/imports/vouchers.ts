import { AppError } from '../../../shared/api/errors';
import type { ImportFile } from '../../../shared/api/importCommands';
import type { Book } from '../../../shared/api/types';
import { uuidv7 } from '../../../shared/domain/id';
import { formatFen } from '../../../shared/domain/money';
import { formatPeriod } from '../../../shared/domain/period';
import { IMPORT_LAYOUTS } from '../../../shared/domain/imports/layouts';
import { validateVoucherRows, voucherLabel } from '../../../shared/domain/imports/vouchers';
import { DIMENSION_KEYS } from '../../../shared/domain/ledger/types';
import type { ReadableDB } from '../db/handles';
import { sql } from '../db/sql';
import { writeVoucher } from '../ledger/vouchers';
import type { Planner } from './plan';
import { ledgerView } from './views';
import { deliver, excelDate, writeLayoutRows, yuan, type RowValues } from './workbook';

/**
 * 凭证导入. Each voucher is written through the ledger's own writeVoucher (the rules of the
 * voucher screen, checked again) and then given the number it has in the file, so an export
 * imports back with the same 凭证字号.
 *
 * 直接记账 (post: true) is for moving in vouchers that were reviewed and posted in the old
 * system: only a 主管 who is not 出纳 may do it, the vouchers carry no 审核人, and the import
 * is one audited action naming the file and its SHA-256. Otherwise vouchers come in as 草稿
 * and go through 审核 → 记账 like any other.
 */

export const planVouchers: Planner<'vouchers'> = (db, p) => {
  const { book, user, input } = p;
  if (input.post && !user.roles.includes('supervisor')) {
    throw new AppError('FORBIDDEN', '只有主管可以在导入时直接记账；请不勾选“直接记账”导入为草稿，再按流程审核、记账');
  }
  if (input.post && user.roles.includes('cashier')) {
    throw new AppError('FORBIDDEN', '出纳不能审核凭证（不相容职务分离），因此不能在导入时直接记账');
  }
  const view = ledgerView(db, book);
  const result = validateVoucherRows(p.rows, view);
  const lines = result.vouchers.reduce((n, v) => n + v.lines.length, 0);
  const prompted = result.vouchers.filter((v) => v.warnings.length > 0);
  const red = result.vouchers.filter((v) => v.lines.some((l) => l.debit < 0 || l.credit < 0));
  const periods = [...new Set(result.vouchers.map((v) => v.date.slice(0, 7)))].sort();
  const debit = result.vouchers.reduce((n, v) => n + v.lines.reduce((m, l) => m + l.debit, 0), 0);
  const summary = [
    `${result.vouchers.length} 张凭证，${lines} 行分录${periods.length > 0 ? `，期间 ${periods.map((k) => formatPeriod({ year: Number(k.slice(0, 4)), month: Number(k.slice(5, 7)) })).join('、')}` : ''}`,
    `借方合计 ${formatFen(debit)}（两套分录合计）`,
    input.post ? '导入后直接记账（已记账）' : '导入为草稿，导入后按流程审核、记账',
  ];
  if (red.length > 0) summary.push(`其中 ${red.length} 张含红字金额，按红字凭证导入`);
  return {
    problems: result.problems,
    warnings: result.warnings,
    summary,
    needsReason: prompted.length > 0 && !input.parallelReason,
    apply(tx) {
      if (prompted.length > 0 && !input.parallelReason) {
        throw new AppError('NEEDS_CONFIRMATION', `有 ${prompted.length} 张凭证有平行记账提示（如 ${voucherLabel(prompted[0]!.word, prompted[0]!.number)}：${prompted[0]!.warnings[0]!.message}）。如确认无误，请填写原因后再导入。`, {
          warnings: prompted.map((v) => ({ label: voucherLabel(v.word, v.number), rows: v.rows, messages: v.warnings.map((w) => w.message) })),
        });
      }
      const chart = view.chart;
      for (const v of result.vouchers) {
        const id = uuidv7();
        const redInk = v.lines.some((l) => l.debit < 0 || l.credit < 0);
        writeVoucher(
          tx,
          book,
          user,
          { id, word: v.word, date: v.date, attachments: v.attachments, lines: v.lines },
          {
            kind: redInk ? 'redReversal' : 'normal',
            parallelReason: v.warnings.length > 0 || redInk ? (input.parallelReason ?? '导入红字凭证') : null,
            postedBy: input.post ? user.id : null,
          },
          chart,
          p.now,
        );
        // The file's number (checked free in the book and unique in the file) instead of the next one.
        tx.run(sql`UPDATE voucher SET number = ${v.number} WHERE id = ${id}`);
      }
      return result.vouchers.length;
    },
  };
};

interface ExportLine {
  voucher_id: string;
  date: string;
  word: string;
  number: number;
  attachments: number;
  summary: string;
  account_code: string;
  name: string;
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

/**
 * The vouchers of a range of months in the import layout. 结转凭证 are left out (结账 makes
 * them again), as are the 期初余额 vouchers (they have their own export); 红字 lines keep
 * their negative amounts. By default only posted vouchers: the books as they stand.
 */
export async function exportVouchers(db: ReadableDB, book: Book, dataDir: string, input: { year: number; fromMonth: number; toMonth: number; includeUnposted?: boolean }): Promise<ImportFile> {
  // Months before the start hold the 期初余额 vouchers: they have their own export.
  const start = book.startYear * 12 + book.startMonth;
  const statuses = input.includeUnposted ? ['draft', 'reviewed', 'posted'] : ['posted', 'posted', 'posted'];
  const lines = db.all<ExportLine>(sql`
    SELECT v.id AS voucher_id, v.date, v.word, v.number, v.attachments, l.summary, l.account_code, a.name, l.debit, l.credit,
           l.func, l.econ_dep, l.econ_gov, l.project, l.fund, l.counterparty, l.dept
    FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id JOIN account a ON a.book_id = l.book_id AND a.code = l.account_code
    WHERE v.book_id = ${book.id} AND v.year = ${input.year} AND v.month BETWEEN ${input.fromMonth} AND ${input.toMonth}
      AND v.kind <> 'closing' AND v.year * 12 + v.month >= ${start}
      AND v.status IN (${statuses[0]!}, ${statuses[1]!}, ${statuses[2]!})
    ORDER BY v.month, v.word, v.number, l.line_no`);
  let previous = '';
  const rows: RowValues[] = lines.map((l) => {
    const first = l.voucher_id !== previous;
    previous = l.voucher_id;
    const dims: RowValues = {};
    for (const k of DIMENSION_KEYS) dims[k] = l[k];
    return {
      date: excelDate(l.date),
      word: l.word,
      number: l.number,
      summary: l.summary,
      account: l.account_code,
      accountName: l.name,
      ...dims,
      debit: yuan(l.debit),
      credit: yuan(l.credit),
      attachments: first ? l.attachments : null,
    };
  });
  const range = input.fromMonth === input.toMonth ? `${input.year}年${input.fromMonth}月` : `${input.year}年${input.fromMonth}–${input.toMonth}月`;
  const bytes = await writeLayoutRows(IMPORT_LAYOUTS.vouchers, rows, [
    `编制单位：${book.name}`,
    `期间：${range}${input.includeUnposted ? '（含未记账凭证）' : '（已记账凭证）'}`,
    '单位：元。结转凭证不导出（结账时重新生成）。',
  ]);
  return deliver(dataDir, `凭证_${book.name}_${range}`, bytes, rows.length);
}
