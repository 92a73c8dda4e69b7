import { AppError } from '../../../shared/api/errors';
import type { ImportPreview, ImportPreviewRow, ImportResult, ImportRunInput, importCommands } from '../../../shared/api/importCommands';
import type { Role } from '../../../shared/api/schemas';
import { roleLabels } from '../../../shared/api/schemas';
import type { Book, User } from '../../../shared/api/types';
import { cellText } from '../../../shared/domain/imports/cells';
import { IMPORT_KIND_LABELS, IMPORT_LAYOUTS, type ImportKind } from '../../../shared/domain/imports/layouts';
import { mapSheet, type ImportProblem, type MappedSheet } from '../../../shared/domain/imports/sheet';
import { formatPeriod } from '../../../shared/domain/period';
import { requireBook } from '../books/queries';
import type { CoreContext } from '../context';
import type { ReadableDB, WritableDB } from '../db/handles';
import type { HandlersOf } from '../handlerTypes';
import { pinyinInitialsOf } from '../seed/pinyin';
import { prepareFundAccounts } from '../budget/quota';
import { planAccounts } from './accounts';
import { planIndicators } from './indicators';
import { exportOpeningBalances, planOpeningBalances } from './openingBalances';
import type { ImportPlan, PlanInput } from './plan';
import { forgetUpload, receivePart, uploadedFile, type UploadedFile } from './uploads';
import { exportVouchers, planVouchers } from './vouchers';
import { deliver, readSheet, writeTemplate } from './workbook';

/** Who may apply each import (the command admits any of them; the kind narrows it). */
const kindRoles: Record<ImportKind, readonly Role[]> = {
  openingBalances: ['accountant', 'supervisor'],
  accounts: ['accountant', 'supervisor', 'admin'],
  vouchers: ['accountant', 'supervisor'],
  indicators: ['accountant', 'supervisor'],
};

function requireUser(ctx: CoreContext): User {
  if (!ctx.user) throw new AppError('UNAUTHORIZED', '请先登录');
  return ctx.user;
}

function requireKindRole(user: User, kind: ImportKind): void {
  const roles = kindRoles[kind];
  if (!roles.some((r) => user.roles.includes(r))) {
    throw new AppError('FORBIDDEN', `权限不足：导入${IMPORT_KIND_LABELS[kind]}需要 ${roles.map((r) => roleLabels[r]).join(' 或 ')} 角色`);
  }
}

function plannerOf(db: ReadableDB | WritableDB, p: PlanInput): ImportPlan {
  switch (p.input.kind) {
    case 'openingBalances':
      return planOpeningBalances(db, p as PlanInput<'openingBalances'>);
    case 'accounts':
      return planAccounts(db, p as PlanInput<'accounts'>);
    case 'vouchers':
      return planVouchers(db, p as PlanInput<'vouchers'>);
    case 'indicators':
      return planIndicators(db, p as PlanInput<'indicators'>);
  }
}

interface Prepared {
  book: Book;
  user: User;
  file: UploadedFile;
  mapped: MappedSheet;
  sheetName: string;
  initials: Map<string, string>;
}

/** Everything async and outside the transaction: the file, its rows, 拼音 of new account names. */
async function prepare(ctx: CoreContext, input: ImportRunInput): Promise<Prepared> {
  const user = requireUser(ctx);
  const book = requireBook(ctx.read, input.bookId);
  requireKindRole(user, input.kind);
  const file = uploadedFile(input.uploadId, user.id, ctx.now());
  const layout = IMPORT_LAYOUTS[input.kind];
  const sheet = await readSheet(file.bytes, layout);
  const mapped = mapSheet(sheet, layout);
  const initials = new Map<string, string>();
  // A quota voucher may open a 4001 sub-account for its fund: its 拼音 is prepared here, outside the transaction.
  if (input.kind === 'indicators') await prepareFundAccounts();
  if (input.kind === 'accounts') {
    const names = [...new Set(mapped.rows.map((r) => cellText(r.values.name ?? null)).filter((n) => n !== '' && n.length <= 40))];
    const letters = await pinyinInitialsOf(names);
    names.forEach((n, i) => initials.set(n, letters[i] ?? ''));
  }
  return { book, user, file, mapped, sheetName: sheet.sheetName, initials };
}

function planFor(db: ReadableDB | WritableDB, ctx: CoreContext, input: ImportRunInput, prepared: Prepared): ImportPlan | null {
  // Without the required columns every row would only repeat “请填写…”: the header problem says it once.
  if (prepared.mapped.problems.length > 0) return null;
  return plannerOf(db, {
    book: prepared.book,
    user: prepared.user,
    now: ctx.now(),
    file: prepared.file,
    input,
    rows: prepared.mapped.rows,
    initials: prepared.initials,
  } as PlanInput);
}

const MAX_PROBLEMS = 2000;
const ROWS_SHOWN = 1000;

function byRow(problems: readonly ImportProblem[]): ImportProblem[] {
  return [...problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

async function preview(ctx: CoreContext, input: ImportRunInput): Promise<ImportPreview> {
  const prepared = await prepare(ctx, input);
  const plan = planFor(ctx.read, ctx, input, prepared);
  const problems = byRow([...prepared.mapped.problems, ...(plan?.problems ?? [])]);
  const layout = IMPORT_LAYOUTS[input.kind];
  const columns = layout.columns.filter((c) => c.key in prepared.mapped.columnOf).map((c) => ({ key: c.key, title: c.header, amount: !!c.amount }));
  const errorsByRow = new Map<number, string[]>();
  for (const p of problems) {
    if (p.row === null) continue;
    const list = errorsByRow.get(p.row) ?? [];
    list.push(p.message.replace(/^第 [\d–]+ 行[^：]*：/, ''));
    errorsByRow.set(p.row, list);
  }
  // Rows of a voucher share its problems: every row from the first to the last is marked.
  for (const p of problems) {
    const span = /^第 (\d+)–(\d+) 行：(.*)$/.exec(p.message);
    if (!span) continue;
    for (const r of prepared.mapped.rows) {
      const n = r.row;
      if (n > Number(span[1]) && n <= Number(span[2])) errorsByRow.set(n, [...(errorsByRow.get(n) ?? []), span[3]!]);
    }
  }
  const rows: ImportPreviewRow[] = [];
  for (const [index, r] of prepared.mapped.rows.entries()) {
    const errors = errorsByRow.get(r.row) ?? [];
    if (index >= ROWS_SHOWN && errors.length === 0) continue;
    if (rows.length >= ROWS_SHOWN + MAX_PROBLEMS) break;
    rows.push({ row: r.row, cells: Object.fromEntries(columns.map((c) => [c.key, cellText(r.values[c.key] ?? null)])), errors });
  }
  return {
    kind: input.kind,
    fileName: prepared.file.fileName,
    sheetName: prepared.sheetName,
    columns,
    rows,
    totalRows: prepared.mapped.rows.length,
    rowsShown: rows.length,
    problems: problems.slice(0, MAX_PROBLEMS),
    problemCount: problems.length,
    warnings: (plan?.warnings ?? []).map((w) => w.message),
    summary: plan?.summary ?? [],
    canApply: problems.length === 0 && plan !== null,
    needsReason: plan?.needsReason ?? false,
  };
}

async function apply(ctx: CoreContext, input: ImportRunInput): Promise<ImportResult> {
  const prepared = await prepare(ctx, input);
  const { created, summary } = ctx.write.transaction((tx) => {
    const plan = planFor(tx, ctx, input, prepared);
    const problems = byRow([...prepared.mapped.problems, ...(plan?.problems ?? [])]);
    if (!plan || problems.length > 0) {
      throw new AppError('RULE_VIOLATION', `文件有 ${problems.length} 处错误，未导入任何数据。${problems[0]?.message ?? ''}`, { problems: problems.slice(0, 500), problemCount: problems.length });
    }
    const count = plan.apply(tx);
    tx.note({ kind: input.kind, file: prepared.file.fileName, sha256: prepared.file.sha256, rows: prepared.mapped.rows.length, created: count });
    return { created: count, summary: plan.summary.join('；') };
  });
  forgetUpload(input.uploadId);
  return { kind: input.kind, fileName: prepared.file.fileName, created, summary };
}

/** 数据导入 and the exports that import back (shared/api/importCommands.ts). */
export const importHandlers: HandlersOf<typeof importCommands> = {
  'imports.template': async (input, ctx) => {
    const book = requireBook(ctx.read, input.bookId);
    const layout = IMPORT_LAYOUTS[input.kind];
    const context = [
      `编制单位：${book.name}（财政区划 ${book.regionCode}）`,
      `启用期间：${formatPeriod({ year: book.startYear, month: book.startMonth })}；凭证字：${book.voucherWords === 'single' ? '记' : '收、付、转'}`,
    ];
    const bytes = await writeTemplate(layout, context);
    return deliver(ctx.info.dataDir, `${IMPORT_KIND_LABELS[input.kind]}导入模板`, bytes, 0);
  },
  'imports.upload': (input, ctx) => receivePart(input, requireUser(ctx).id, ctx.now()),
  'imports.preview': (input, ctx) => preview(ctx, input),
  'imports.apply': (input, ctx) => apply(ctx, input),
  'imports.exportVouchers': (input, ctx) => exportVouchers(ctx.read, requireBook(ctx.read, input.bookId), ctx.info.dataDir, input),
  'imports.exportOpeningBalances': (input, ctx) => exportOpeningBalances(ctx.read, requireBook(ctx.read, input.bookId), ctx.info.dataDir),
};
