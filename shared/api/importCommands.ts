import { z } from 'zod';
import { command } from './command';
import { dateSchema, monthSchema, uuidSchema, yearSchema } from './schemas';
import { IMPORT_KINDS, type ImportKind } from '../domain/imports/layouts';
import type { ImportProblem } from '../domain/imports/sheet';
import type { ExportedFile } from './exportCommands';

/**
 * 数据导入 (期初余额, 会计科目, 凭证, 预算指标) and the exports of vouchers and opening balances
 * in the import layout, so that an export imports back unchanged. Templates and exports are
 * delivered like every export (an id for the download route or the save dialog); an upload
 * comes in pages of base64 of at most 512 KB (each page well inside the browser-mode host's
 * 1 MiB request limit; Electron IPC carries the same pages).
 */

export type { ImportKind, ImportProblem };

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const MAX_UPLOAD_PART_BYTES = 512 * 1024;

// ---- Types ----

/** Templates and exports are delivered like every export: by id (download route / save dialog). */
export type ImportFile = ExportedFile;

export interface ImportUploadStatus {
  uploadId: string;
  fileName: string;
  size: number;
  received: number;
  complete: boolean;
  /** Of the whole file, once complete (recorded in the audit entry of the import). */
  sha256: string | null;
}

export interface ImportPreviewRow {
  /** The row number Excel shows. */
  row: number;
  /** Cell text by column key. */
  cells: Record<string, string>;
  errors: string[];
}

export interface ImportPreview {
  kind: ImportKind;
  fileName: string;
  sheetName: string;
  /** The layout's columns found in the file, in layout order. */
  columns: { key: string; title: string; amount: boolean }[];
  /** Every row with an error, and the others up to a limit (see `rowsShown`). */
  rows: ImportPreviewRow[];
  totalRows: number;
  rowsShown: number;
  /** Every problem (up to 2,000), row-numbered, in row order; file-level ones have row null. */
  problems: ImportProblem[];
  problemCount: number;
  /** Not blocking (平行记账 prompts, gaps in numbering). */
  warnings: string[];
  /** What applying would do, in words: “12 张凭证，48 行分录”. */
  summary: string[];
  canApply: boolean;
  /** 平行记账 prompts need a reason before applying (凭证 only). */
  needsReason: boolean;
}

export interface ImportResult {
  kind: ImportKind;
  fileName: string;
  created: number;
  summary: string;
}

// ---- Schemas ----

export const importKindSchema = z.enum(IMPORT_KINDS, { error: '导入类型只能是 期初余额、会计科目、凭证、预算指标 之一' });

const base64Schema = z
  .string({ error: '缺少文件数据' })
  .max(Math.ceil(MAX_UPLOAD_PART_BYTES / 3) * 4, '文件分段过大')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件数据格式不正确');

export const importUploadSchema = z.object({
  /** Made by the sending side: every page of one file carries it. */
  uploadId: uuidSchema,
  fileName: z.string({ error: '缺少文件名' }).trim().min(1, '缺少文件名').max(200, '文件名过长'),
  size: z.number().int().min(1, '文件是空的').max(MAX_UPLOAD_BYTES, `文件过大（上限 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB）`),
  part: z.number().int().min(0).max(63),
  parts: z.number().int().min(1).max(64, `文件过大（上限 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB）`),
  data: base64Schema,
});
export type ImportUploadInput = z.infer<typeof importUploadSchema>;

const fileRef = { bookId: uuidSchema, uploadId: uuidSchema };

/** Preview and apply take the same input: the preview says exactly what apply would do. */
export const importRunSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('openingBalances'), ...fileRef }),
    z.object({ kind: z.literal('accounts'), ...fileRef }),
    z.object({
      kind: z.literal('vouchers'),
      ...fileRef,
      /** 直接记账: only a 主管 who is not 出纳 (see README); otherwise the vouchers come in as 草稿. */
      post: z.boolean().default(false),
      /** The reason recorded on vouchers with a 平行记账 prompt. */
      parallelReason: z.string().trim().min(2, '请说明原因').max(200, '原因不能超过200字').optional(),
    }),
    z.object({
      kind: z.literal('indicators'),
      ...fileRef,
      /** The date of the 下达 movements; must lie in the file's 年度. */
      issueDate: dateSchema,
    }),
  ],
  { error: '导入类型只能是 期初余额、会计科目、凭证、预算指标 之一' },
);
export type ImportRunInput = z.infer<typeof importRunSchema>;

export const importTemplateSchema = z.object({ bookId: uuidSchema, kind: importKindSchema });

export const exportVouchersSchema = z
  .object({
    bookId: uuidSchema,
    year: yearSchema,
    fromMonth: monthSchema,
    toMonth: monthSchema,
    /** Also 草稿 and 已审核 vouchers (default: only 已记账, the books as they stand). */
    includeUnposted: z.boolean().default(false),
  })
  .refine((v) => v.fromMonth <= v.toMonth, { message: '起始月份不能晚于截止月份', path: ['toMonth'] });

export const exportOpeningSchema = z.object({ bookId: uuidSchema });

// ---- Commands ----

const importers = ['accountant', 'supervisor', 'admin'] as const;

export const importCommands = {
  'imports.template': command<ImportFile>()({
    summary: '下载导入模板（含说明工作表、示例和下拉选项）',
    access: 'session',
    input: importTemplateSchema,
    errors: ['NOT_FOUND'],
  }),
  'imports.upload': command<ImportUploadStatus>()({
    summary: '上传导入文件的一段（base64，每段最多512 KB，整个文件最多20 MB）',
    access: importers,
    input: importUploadSchema,
    errors: ['RULE_VIOLATION', 'CONFLICT'],
  }),
  'imports.preview': command<ImportPreview>()({
    summary: '预览导入：逐行校验并列出带行号的错误，不写入任何数据',
    access: importers,
    input: importRunSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'FORBIDDEN'],
  }),
  'imports.apply': command<ImportResult>()({
    summary: '确认导入：整个文件在一个事务中写入，任何一行有错误则全部不导入',
    access: importers,
    input: importRunSchema,
    errors: ['NOT_FOUND', 'RULE_VIOLATION', 'NEEDS_CONFIRMATION', 'FORBIDDEN', 'PERIOD_CLOSED'],
  }),
  'imports.exportVouchers': command<ImportFile>()({
    summary: '按凭证导入模板的格式导出凭证（可再导入）',
    access: 'session',
    input: exportVouchersSchema,
    errors: ['NOT_FOUND'],
  }),
  'imports.exportOpeningBalances': command<ImportFile>()({
    summary: '按期初余额导入模板的格式导出期初余额（可再导入）',
    access: 'session',
    input: exportOpeningSchema,
    errors: ['NOT_FOUND'],
  }),
} as const;
