import { z } from 'zod';
import { command } from './command';
import { executionReportSchema, indicatorListSchema, paymentListSchema, projectListSchema } from './budgetSchemas';
import {
  bookRefSchema,
  dimensionBalanceInputSchema,
  dimensionsSchema,
  generalLedgerInputSchema,
  journalInputSchema,
  monthSchema,
  periodRefSchema,
  statementIdSchema,
  uuidSchema,
  voucherListInputSchema,
  voucherStatusSchema,
  yearSchema,
} from './schemas';

/**
 * Excel export and printing. Every export writes a file in the core (streamed, the rows read
 * from SQLite page by page) and answers with its id; browser mode downloads it from
 * `GET /api/download/<id>`, Electron saves it through a save dialog (`window.xiangcaiFiles`).
 * Print commands render the same HTML templates (shared/print) either as a string the window
 * prints itself (`print.html`) or as a PDF rendered by Chromium (`print.pdf`).
 */

// ---- Types ----

export interface ExportedFile {
  /** Opaque id for the download route / save dialog; the file is kept about an hour. */
  id: string;
  /** Chinese file name with extension, e.g. 明细账_青山镇人民政府_1002_2026年01-12月.xlsx */
  fileName: string;
  contentType: string;
  bytes: number;
  /** Data rows written (xlsx), or lines printed (pdf). */
  rows: number;
  /** Pages (sheets of paper) of a PDF; null for a workbook. */
  pages: number | null;
}

export interface PrintHtml {
  title: string;
  /** A complete HTML document with its own print CSS (@page size and margins). */
  html: string;
  /** Sheets of paper the document prints on. */
  pages: number;
  /** Lines (voucher lines, book rows) it holds. */
  rows: number;
}

/** The preload's file bridge in Electron (`window.xiangcaiFiles`); browser mode downloads instead. */
export interface FileBridge {
  /** Shows a save dialog and copies the exported file there; `saved: false` when the user cancels. */
  saveExport(id: string, fileName: string): Promise<{ saved: boolean; path: string | null; error: string | null }>;
}

// ---- Schemas ----

const accountCode = z.string().regex(/^\d{4}(\d{2}){0,3}$/, '科目编码格式不正确（4-2-2-2 位）');
/** The rows the screen shows (after its own search and filters); absent: everything the filters select. */
const shownIds = z.array(uuidSchema).max(20_000, '一次最多导出 20000 行').optional();

export const exportTrialBalanceSchema = periodRefSchema.extend({
  /** 一级科目 only, or every level. */
  level: z.enum(['one', 'all']).default('all'),
});
export const exportLedgerDetailSchema = z.object({
  bookId: uuidSchema,
  accountCode,
  year: yearSchema,
  fromMonth: monthSchema,
  toMonth: monthSchema,
  dims: dimensionsSchema.optional(),
});
export const exportStatementSchema = periodRefSchema.extend({
  /** One statement, or absent: all of them, one sheet each. */
  id: statementIdSchema.optional(),
});
export const exportVouchersSchema = voucherListInputSchema.extend({ ids: shownIds });
export const exportAccountsSchema = bookRefSchema.extend({
  codes: z.array(accountCode).max(20_000).optional(),
});
export const exportIndicatorsSchema = indicatorListSchema.extend({ ids: shownIds });
export const exportPaymentsSchema = paymentListSchema.extend({ ids: shownIds });
export const exportProjectsSchema = projectListSchema.extend({ year: yearSchema, ids: shownIds });

/**
 * A table a screen already shows (预算草案, 快照比较, 指标台账, 调整调剂, 绩效监控), written in the
 * same form as the reports: the screen sends its columns and rows, money as integer fen.
 */
export const exportTableSchema = z
  .object({
    bookId: uuidSchema,
    title: z.string({ error: '请填写表名' }).trim().min(1, '请填写表名').max(40, '表名不能超过40个字'),
    period: z.string().trim().max(40, '期间不能超过40个字').default(''),
    subtitle: z.string().trim().max(120).optional(),
    columns: z
      .array(
        z.object({
          header: z.string().trim().min(1, '列名不能为空').max(30, '列名不能超过30个字'),
          kind: z.enum(['text', 'money', 'int', 'date', 'percent'], { error: '列的类型只能是 text、money、int、date、percent' }),
          width: z.number().int().min(4).max(80).default(14),
        }),
      )
      .min(1, '至少要有一列')
      .max(40, '最多40列'),
    rows: z
      .array(
        z.object({
          cells: z.array(z.union([z.string().max(1000, '单元格内容不能超过1000个字'), z.number().int('金额须为整数（分）').refine(Number.isSafeInteger, '数值超出范围'), z.null()])),
          total: z.boolean().default(false),
        }),
      )
      .max(5000, '一次最多导出5000行'),
  })
  .superRefine((input, ctx) => {
    input.rows.forEach((row, i) => {
      if (row.cells.length !== input.columns.length) {
        ctx.addIssue({ code: 'custom', path: ['rows', i, 'cells'], message: `第 ${i + 1} 行有 ${row.cells.length} 个单元格，应为 ${input.columns.length} 个` });
      }
    });
  });

export const voucherPaperSchema = z.enum(['voucher', 'a4'], { error: '纸张只能是 凭证纸（240×140毫米）或 A4（每页两张）' });

export const printRequestSchema = z.discriminatedUnion(
  'document',
  [
    z.object({
      document: z.literal('vouchers'),
      bookId: uuidSchema,
      year: yearSchema,
      month: monthSchema,
      /** Chosen vouchers; absent: the whole period (optionally a number range), in number order. */
      ids: z.array(uuidSchema).min(1, '请至少选择一张凭证').max(10_000).optional(),
      numberFrom: z.number().int().min(1).optional(),
      numberTo: z.number().int().min(1).optional(),
      status: voucherStatusSchema.optional(),
      paper: voucherPaperSchema.default('voucher'),
    }),
    z.object({ document: z.literal('ledgerDetail'), bookId: uuidSchema, accountCode, year: yearSchema, fromMonth: monthSchema, toMonth: monthSchema }),
    generalLedgerInputSchema.extend({ document: z.literal('generalLedger') }),
    journalInputSchema.extend({ document: z.literal('journal') }),
    periodRefSchema.extend({ document: z.literal('statement'), id: statementIdSchema }),
    periodRefSchema.extend({ document: z.literal('trialBalance'), level: z.enum(['one', 'all']).default('one') }),
  ],
  { error: '打印的单据种类不正确' },
);
export type PrintRequest = z.input<typeof printRequestSchema>;
export type ParsedPrintRequest = z.output<typeof printRequestSchema>;

const exportErrors = ['NOT_FOUND', 'RULE_VIOLATION', 'STORAGE_ERROR'] as const;

export const exportCommands = {
  'export.trialBalance': command<ExportedFile>()({
    summary: '导出Excel：科目余额表（财务、预算两套，各带合计）',
    access: 'session',
    input: exportTrialBalanceSchema,
    errors: exportErrors,
  }),
  'export.ledgerDetail': command<ExportedFile>()({
    summary: '导出Excel：明细账（逐笔余额，分页读取，不把全年一次读入内存）',
    access: 'session',
    input: exportLedgerDetailSchema,
    errors: exportErrors,
  }),
  'export.generalLedger': command<ExportedFile>()({
    summary: '导出Excel：总账',
    access: 'session',
    input: generalLedgerInputSchema,
    errors: exportErrors,
  }),
  'export.journal': command<ExportedFile>()({
    summary: '导出Excel：现金/银行日记账',
    access: 'session',
    input: journalInputSchema,
    errors: exportErrors,
  }),
  'export.dimensionBalance': command<ExportedFile>()({
    summary: '导出Excel：辅助余额表',
    access: 'session',
    input: dimensionBalanceInputSchema,
    errors: exportErrors,
  }),
  'export.statement': command<ExportedFile>()({
    summary: '导出Excel：报表（一张，或全部报表各占一页签）',
    access: 'session',
    input: exportStatementSchema,
    errors: exportErrors,
  }),
  'export.vouchers': command<ExportedFile>()({
    summary: '导出Excel：凭证列表（逐行分录）',
    access: 'session',
    input: exportVouchersSchema,
    errors: exportErrors,
  }),
  'export.accounts': command<ExportedFile>()({
    summary: '导出Excel：会计科目',
    access: 'session',
    input: exportAccountsSchema,
    errors: exportErrors,
  }),
  'export.indicators': command<ExportedFile>()({
    summary: '导出Excel：预算指标',
    access: 'session',
    input: exportIndicatorsSchema,
    errors: exportErrors,
  }),
  'export.payments': command<ExportedFile>()({
    summary: '导出Excel：支付申请',
    access: 'session',
    input: exportPaymentsSchema,
    errors: exportErrors,
  }),
  'export.projects': command<ExportedFile>()({
    summary: '导出Excel：项目库',
    access: 'session',
    input: exportProjectsSchema,
    errors: exportErrors,
  }),
  'export.execution': command<ExportedFile>()({
    summary: '导出Excel：预算执行情况（执行监控表）',
    access: 'session',
    input: executionReportSchema,
    errors: exportErrors,
  }),
  'export.table': command<ExportedFile>()({
    summary: '导出Excel：屏幕上的表格（预算草案、快照比较、指标台账、调整调剂、绩效监控）',
    access: 'session',
    input: exportTableSchema,
    errors: exportErrors,
  }),
  'print.html': command<PrintHtml>()({
    summary: '打印：记账凭证、账簿页（承前页/过次页）或报表的打印页面（由窗口自行打印）',
    access: 'session',
    input: printRequestSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION'],
  }),
  'print.pdf': command<ExportedFile>()({
    summary: '保存为PDF：与打印相同的页面，由 Chromium 生成 PDF 文件',
    access: 'session',
    input: printRequestSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'STORAGE_ERROR'],
  }),
} as const;
