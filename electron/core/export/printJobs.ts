import { AppError } from '../../../shared/api/errors';
import type { ParsedPrintRequest } from '../../../shared/api/exportCommands';
import type { Account, Book } from '../../../shared/api/types';
import { renderTablePages, type PrintColumn, type PrintRow, type TablePrintOptions } from '../../../shared/print/tablePages';
import { renderVouchers, type PrintVoucher, type RenderedPrint } from '../../../shared/print/voucherSheet';
import { listAccounts } from '../accounts/queries';
import { requireBook } from '../books/queries';
import type { ReadableDB } from '../db/handles';
import { listVouchers } from '../ledger/voucherQueries';
import { DIMENSION_LABELS, dimensionNames } from './labels';
import { generalLedgerSheet, journalSheet, ledgerDetailSheet, statementSheets, trialBalanceSheet } from './ledgerSheets';
import { withSnapshot } from './snapshot';
import type { SheetData, SheetRow } from './workbook';

/**
 * What each print request puts on paper, read from one snapshot of the books and rendered by
 * the shared templates. The same HTML is printed by the window or turned into a PDF.
 */
export async function renderPrint(databaseFile: string, read: ReadableDB, request: ParsedPrintRequest): Promise<RenderedPrint> {
  const book = requireBook(read, request.bookId);
  return withSnapshot(databaseFile, async (snapshot) => {
    const db = snapshot.read;
    switch (request.document) {
      case 'vouchers':
        return printVouchers(db, book, request);
      case 'ledgerDetail': {
        const sheet = ledgerDetailSheet(snapshot, book, request);
        return renderTablePages(await bookPrint(sheet, { carry: 'month', keep: ['date', 'voucher', 'account', 'summary', 'debit', 'credit', 'side', 'balance'] }));
      }
      case 'generalLedger':
        return renderTablePages(await bookPrint(generalLedgerSheet(db, book, request.accountCode, request.year), { carry: 'balance' }));
      case 'journal':
        return renderTablePages(await bookPrint(journalSheet(db, book, request.accountCode, request.year, request.month), { carry: 'month' }));
      case 'statement': {
        const sheet = statementSheets(db, book, request.year, request.month, request.id)[0]!;
        return renderTablePages({
          ...(await bookPrint(sheet, { carry: 'none' })),
          footer: '单位负责人：　　　　　　主管会计工作负责人：　　　　　　会计机构负责人：',
        });
      }
      case 'trialBalance':
        return renderTablePages(await bookPrint(trialBalanceSheet(db, book, request.year, request.month, request.level), { carry: 'none' }));
    }
  });
}

const roleOf = (row: SheetRow): PrintRow['role'] =>
  row.role ?? (row.style === 'group' ? 'group' : row.style === 'total' || row.style === 'subtotal' ? 'total' : 'line');

async function bookPrint(sheet: SheetData, options: { carry: TablePrintOptions['carry']; keep?: string[] }): Promise<TablePrintOptions> {
  const columns: PrintColumn[] = sheet.spec.columns
    .filter((c) => !options.keep || options.keep.includes(c.key))
    .map((c) => ({ key: c.key, header: c.header, group: c.group, width: c.width, kind: c.kind, blankZero: c.blankZero, indented: c.indented }));
  const rows: PrintRow[] = [];
  for await (const page of sheet.pages) for (const row of page) rows.push({ values: row.values, role: roleOf(row), indent: row.indent });
  const keys = columns.map((c) => c.key);
  return {
    title: sheet.spec.title,
    unitName: sheet.spec.unitName,
    period: sheet.spec.period,
    subtitle: sheet.spec.subtitle,
    formCode: sheet.spec.formCode,
    columns,
    rows,
    orientation: sheet.spec.orientation === 'landscape' || columns.length > 9 ? 'landscape' : 'portrait',
    carry: options.carry,
    carryKeys: keys.includes('balance') ? { debit: 'debit', credit: 'credit', balance: 'balance', side: keys.includes('side') ? 'side' : undefined, summary: 'summary' } : undefined,
  };
}

/** Full path names (行政支出—基本支出) of every account, for voucher lines. */
function accountPaths(accounts: readonly Account[]): Map<string, string> {
  const byCode = new Map(accounts.map((a) => [a.code, a]));
  const paths = new Map<string, string>();
  for (const a of accounts) {
    const names: string[] = [];
    for (let at: Account | undefined = a; at; at = at.parentCode ? byCode.get(at.parentCode) : undefined) names.unshift(at.name);
    paths.set(a.code, names.join('—'));
  }
  return paths;
}

function printVouchers(db: ReadableDB, book: Book, request: Extract<ParsedPrintRequest, { document: 'vouchers' }>): RenderedPrint {
  const chosen = request.ids ? new Set(request.ids) : null;
  const vouchers = listVouchers(db, book.id, request.year, request.month, request.status).filter(
    (v) =>
      (!chosen || chosen.has(v.id)) &&
      (request.numberFrom === undefined || v.number >= request.numberFrom) &&
      (request.numberTo === undefined || v.number <= request.numberTo),
  );
  if (vouchers.length === 0) throw new AppError('NOT_FOUND', `${request.year}年${String(request.month).padStart(2, '0')}期没有符合条件的凭证可打印`);
  // 凭证字号 order: by word, then number (listVouchers already reads them so).
  vouchers.sort((a, b) => (a.word === b.word ? a.number - b.number : a.word < b.word ? -1 : 1));
  const paths = accountPaths(listAccounts(db, book.id));
  const names = dimensionNames(db, book.id, ['func', 'econ_dep', 'econ_gov']);
  const byId = new Map(vouchers.map((v) => [v.id, v.label]));
  const printable: PrintVoucher[] = vouchers.map((v) => ({
    label: v.label,
    date: v.date,
    year: v.year,
    month: v.month,
    attachments: v.attachments,
    kind: v.kind,
    reversesLabel: v.reversesId ? (byId.get(v.reversesId) ?? reversedLabel(db, v.reversesId)) : null,
    status: v.status,
    preparedBy: v.preparedBy.displayName,
    reviewedBy: v.reviewedBy?.displayName ?? null,
    postedBy: v.postedBy?.displayName ?? null,
    lines: v.lines.map((l) => ({
      summary: l.summary,
      accountCode: l.accountCode,
      accountName: paths.get(l.accountCode) ?? l.accountName,
      track: l.track,
      debit: l.debit,
      credit: l.credit,
      dimsText: (Object.keys(l.dims) as (keyof typeof l.dims)[])
        .map((key) => `${DIMENSION_LABELS[key]} ${l.dims[key]}${names.get(`${key}:${l.dims[key]}`) ? ` ${names.get(`${key}:${l.dims[key]}`)}` : ''}`)
        .join('　'),
    })),
  }));
  return renderVouchers(printable, { unitName: book.name, supervisor: book.supervisor, paper: request.paper });
}

function reversedLabel(db: ReadableDB, id: string): string | null {
  const row = db.get<{ word: string; number: number; year: number; month: number }>({ text: 'SELECT word, number, year, month FROM voucher WHERE id = ?', params: [id] });
  return row ? `${row.year}年${String(row.month).padStart(2, '0')}期 ${row.word}-${String(row.number).padStart(4, '0')}` : null;
}
