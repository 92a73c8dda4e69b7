import { AppError } from '../../../shared/api/errors';
import type { exportCommands, ExportedFile, ParsedPrintRequest } from '../../../shared/api/exportCommands';
import { formatPeriod } from '../../../shared/domain/period';
import { requireBook } from '../books/queries';
import type { CoreContext } from '../context';
import type { HandlersOf } from '../handlerTypes';
import { executionSheet, indicatorsSheet, paymentsSheet, projectsSheet } from './budgetSheets';
import { describeExport, discardExport, newExport, type ExportKind, type PendingExport } from './files';
import { monthRange } from './labels';
import { accountsSheet, dimensionBalanceSheet, generalLedgerSheet, journalSheet, ledgerDetailSheet, statementSheets, trialBalanceSheet, voucherListSheet } from './ledgerSheets';
import { writePdf } from './pdf';
import { renderPrint } from './printJobs';
import { withSnapshot, type Snapshot } from './snapshot';
import { writeWorkbook, type SheetData } from './workbook';

/** Disk trouble while writing an export, in words the accountant can act on; nothing is kept. */
function storageError(error: unknown): AppError | null {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code === 'ENOSPC') return new AppError('STORAGE_ERROR', '磁盘空间已满，导出文件未能写完（已删除未完成的文件）。请清理磁盘后重试。');
  if (['EACCES', 'EPERM', 'EROFS'].includes(code)) return new AppError('STORAGE_ERROR', '数据目录不可写，无法生成导出文件。请检查文件夹权限后重试。');
  if (code === 'EIO') return new AppError('STORAGE_ERROR', '写入导出文件时磁盘出错。请检查磁盘后重试。');
  return null;
}

async function produce(ctx: CoreContext, baseName: string, kind: ExportKind, write: (pending: PendingExport) => Promise<{ rows: number; pages: number | null }>): Promise<ExportedFile> {
  let pending: PendingExport;
  try {
    pending = newExport(ctx.info.dataDir, baseName, kind);
  } catch (error) {
    throw storageError(error) ?? error;
  }
  try {
    const { rows, pages } = await write(pending);
    return describeExport(pending, rows, pages);
  } catch (error) {
    discardExport(pending);
    throw storageError(error) ?? error;
  }
}

/** An xlsx export: the sheets are built from one read snapshot and streamed into the file. */
function xlsx(ctx: CoreContext, bookId: string, name: (bookName: string) => string, build: (snapshot: Snapshot, book: ReturnType<typeof requireBook>) => SheetData[]): Promise<ExportedFile> {
  const book = requireBook(ctx.read, bookId);
  return produce(ctx, name(book.name), 'xlsx', (pending) =>
    withSnapshot(ctx.info.databaseFile, async (snapshot) => {
      const { rows } = await writeWorkbook(pending.path, build(snapshot, book));
      return { rows, pages: null };
    }),
  );
}

async function printPdf(ctx: CoreContext, request: ParsedPrintRequest): Promise<ExportedFile> {
  const renderer = ctx.pdf;
  if (!renderer) {
    throw new AppError('RULE_VIOLATION', '本机没有可用于生成PDF的浏览器组件（Chromium），无法保存为PDF。可以点“打印”，在打印对话框中选择“另存为PDF”。');
  }
  const rendered = await renderPrint(ctx.info.databaseFile, ctx.read, request);
  return produce(ctx, rendered.title, 'pdf', async (pending) => {
    // The PDF's own page count (the print tests check it equals the sheets of the document).
    const pages = await writePdf(renderer, rendered.html, pending.path);
    return { rows: rendered.rows, pages };
  });
}

const period = (year: number, month: number) => formatPeriod({ year, month });

export const exportHandlers: HandlersOf<typeof exportCommands> = {
  'export.trialBalance': (input, ctx) =>
    xlsx(ctx, input.bookId, (unit) => `科目余额表_${unit}_${period(input.year, input.month)}`, (s, book) => [trialBalanceSheet(s.read, book, input.year, input.month, input.level)]),
  'export.ledgerDetail': (input, ctx) =>
    xlsx(ctx, input.bookId, (unit) => `明细账_${unit}_${input.accountCode}_${monthRange(input.year, input.fromMonth, input.toMonth)}`, (s, book) => [ledgerDetailSheet(s, book, input)]),
  'export.generalLedger': (input, ctx) =>
    xlsx(ctx, input.bookId, (unit) => `总账_${unit}_${input.accountCode}_${input.year}年`, (s, book) => [generalLedgerSheet(s.read, book, input.accountCode, input.year)]),
  'export.journal': (input, ctx) =>
    xlsx(ctx, input.bookId, (unit) => `${input.accountCode.startsWith('1001') ? '现金' : '银行'}日记账_${unit}_${input.accountCode}_${period(input.year, input.month)}`, (s, book) => [
      journalSheet(s.read, book, input.accountCode, input.year, input.month),
    ]),
  'export.dimensionBalance': (input, ctx) =>
    xlsx(ctx, input.bookId, (unit) => `辅助余额表_${unit}_${input.accountCode}_${monthRange(input.year, input.fromMonth, input.toMonth)}`, (s, book) => [dimensionBalanceSheet(s.read, book, input)]),
  'export.statement': (input, ctx) =>
    xlsx(ctx, input.bookId, (unit) => `${input.id ? '报表' : '全部报表'}_${unit}_${period(input.year, input.month)}`, (s, book) => statementSheets(s.read, book, input.year, input.month, input.id)),
  'export.vouchers': (input, ctx) =>
    xlsx(ctx, input.bookId, (unit) => `凭证列表_${unit}_${period(input.year, input.month)}`, (s, book) => [voucherListSheet(s.read, book, input)]),
  'export.accounts': (input, ctx) => xlsx(ctx, input.bookId, (unit) => `会计科目_${unit}`, (s, book) => [accountsSheet(s.read, book, input.codes)]),
  'export.indicators': (input, ctx) => xlsx(ctx, input.bookId, (unit) => `预算指标_${unit}_${input.year}年`, (s, book) => [indicatorsSheet(s.read, book, input)]),
  'export.payments': (input, ctx) =>
    xlsx(ctx, input.bookId, (unit) => `支付申请_${unit}${input.year ? `_${input.year}年` : ''}`, (s, book) => [paymentsSheet(s.read, book, input)]),
  'export.projects': (input, ctx) => xlsx(ctx, input.bookId, (unit) => `项目库_${unit}_${input.year}年`, (s, book) => [projectsSheet(s.read, book, input)]),
  'export.execution': (input, ctx) =>
    xlsx(ctx, input.bookId, (unit) => `预算执行情况_${unit}_${input.year}年`, (s, book) => [executionSheet(s.read, book, input, ctx.now())]),
  'export.table': (input, ctx) =>
    xlsx(ctx, input.bookId, (unit) => `${input.title}_${unit}${input.period ? `_${input.period}` : ''}`, (_s, book) => [
      {
        spec: {
          name: input.title,
          title: input.title,
          unitName: book.name,
          period: input.period,
          subtitle: input.subtitle,
          columns: input.columns.map((c, i) => ({ key: `c${i}`, header: c.header, kind: c.kind, width: c.width })),
          orientation: input.columns.length > 7 ? 'landscape' : 'portrait',
          moneyUnit: input.columns.some((c) => c.kind === 'money'),
        },
        pages: [input.rows.map((row) => ({ values: Object.fromEntries(row.cells.map((v, i) => [`c${i}`, v])), style: row.total ? ('total' as const) : ('normal' as const) }))],
      },
    ]),
  'print.html': async (input, ctx) => {
    const rendered = await renderPrint(ctx.info.databaseFile, ctx.read, input);
    return { title: rendered.title, html: rendered.html, pages: rendered.pages, rows: rendered.rows };
  },
  'print.pdf': (input, ctx) => printPdf(ctx, input),
};
