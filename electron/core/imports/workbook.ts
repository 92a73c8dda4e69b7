import type { Workbook, Worksheet, CellValue as ExcelCellValue } from 'exceljs';
import { writeFileSync } from 'node:fs';
import { AppError } from '../../../shared/api/errors';
import type { ExportedFile } from '../../../shared/api/exportCommands';
import type { CellValue } from '../../../shared/domain/imports/cells';
import type { ImportLayout } from '../../../shared/domain/imports/layouts';
import { MAX_IMPORT_ROWS, type SheetRows } from '../../../shared/domain/imports/sheet';
import { describeExport, discardExport, newExport } from '../export/files';

/**
 * xlsx in and out with exceljs, loaded on first use (most sessions never import). Reading
 * hands the rules plain cell values; writing lays out a layout's columns, so that a template,
 * an export and the file read back share one shape.
 */

type ExcelModule = typeof import('exceljs');
let excel: Promise<ExcelModule> | null = null;
async function exceljs(): Promise<ExcelModule> {
  excel ??= import('exceljs').then((m) => ((m as { default?: ExcelModule }).default ?? m) as ExcelModule);
  return excel;
}


/** Columns read per row: a real import has about twenty. */
const MAX_COLUMNS = 60;

function plain(value: ExcelCellValue | undefined): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return plain(value.result as ExcelCellValue);
    if ('formula' in value || 'sharedFormula' in value) return null;
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return String(value.error);
  }
  return null;
}

function notWorkbook(bytes: Buffer): AppError {
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    return new AppError('RULE_VIOLATION', '这是旧版 Excel（.xls）文件，请在 Excel 中“另存为”Excel 工作簿（.xlsx）后再导入');
  }
  return new AppError('RULE_VIOLATION', '文件不是有效的 Excel 工作簿（.xlsx），无法读取。请使用下载的模板，或在 Excel 中另存为 .xlsx 后再导入');
}

/**
 * The rows of the data sheet: the one named like the layout's sheet, else the first sheet that
 * is not 说明. Cells are unwrapped (formula results, rich text, hyperlinks).
 */
export async function readSheet(bytes: Buffer, layout: ImportLayout): Promise<SheetRows> {
  if (bytes.length < 4 || !bytes.subarray(0, 2).equals(Buffer.from('PK'))) throw notWorkbook(bytes);
  const ExcelJS = await exceljs();
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  } catch {
    throw notWorkbook(bytes);
  }
  try {
    return rowsOf(workbook, layout);
  } catch (error) {
    // A workbook exceljs can open but not walk (damaged parts): the same answer as one it cannot open.
    if (error instanceof AppError) throw error;
    throw notWorkbook(bytes);
  }
}

function rowsOf(workbook: Workbook, layout: ImportLayout): SheetRows {
  const sheets = workbook.worksheets.filter((w) => w.name.trim() !== '说明');
  const sheet = sheets.find((w) => w.name.trim() === layout.sheetName) ?? sheets.find((w) => w.actualRowCount > 0) ?? sheets[0];
  if (!sheet) throw new AppError('RULE_VIOLATION', '文件中没有工作表');
  const rows: SheetRows['rows'] = [];
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rows.length > MAX_IMPORT_ROWS + 20) {
      tooMany = true;
      return;
    }
    const cells: CellValue[] = [];
    const count = Math.min(row.cellCount, MAX_COLUMNS);
    for (let c = 1; c <= count; c++) cells.push(plain(row.getCell(c).value));
    rows.push({ row: rowNumber, cells });
  });
  if (tooMany) throw new AppError('RULE_VIOLATION', `文件行数超过一次导入的上限 ${MAX_IMPORT_ROWS} 行，请分开导入`);
  return { sheetName: sheet.name, rows };
}

export type RowValues = Record<string, string | number | Date | null | undefined>;

const headerFill = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFDCE6F1' } };
const requiredFill = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFFCE4D6' } };
const thin = { style: 'thin' as const, color: { argb: 'FFB7B7B7' } };

function writeHeader(sheet: Worksheet, layout: ImportLayout, withNotes: boolean) {
  const header = sheet.getRow(1);
  layout.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = c.required ? requiredFill : headerFill;
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
    cell.border = { top: thin, bottom: thin, left: thin, right: thin };
    if (withNotes) cell.note = `${c.required ? '必填。' : ''}${c.note}`;
  });
  header.height = 20;
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/**
 * One data sheet in the layout's columns: header row (required columns shaded), then `rows`.
 * Amounts are numbers with two decimals and thousands separators; codes are text, so that
 * Excel keeps them as typed.
 */
function writeDataSheet(workbook: Workbook, layout: ImportLayout, rows: readonly RowValues[], options: { notes: boolean; validationRows: number }) {
  const sheet = workbook.addWorksheet(layout.sheetName);
  sheet.columns = layout.columns.map((c) => ({
    key: c.key,
    width: c.width,
    style: c.amount ? { numFmt: '#,##0.00' } : c.key === 'date' ? { numFmt: 'yyyy-mm-dd' } : ['number', 'attachments', 'year', 'executable'].includes(c.key) ? {} : { numFmt: '@' },
  }));
  writeHeader(sheet, layout, options.notes);
  for (const values of rows) {
    const row = sheet.addRow(layout.columns.map((c) => values[c.key] ?? null));
    row.commit?.();
  }
  const last = Math.max(rows.length + 1, options.validationRows);
  layout.columns.forEach((c, i) => {
    if (!c.list) return;
    for (let r = 2; r <= last; r++) {
      sheet.getCell(r, i + 1).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${c.list.join(',')}"`],
        showErrorMessage: true,
        errorTitle: c.header,
        error: `${c.header}只能是：${c.list.join('、')}`,
      };
    }
  });
  return sheet;
}

function writeGuide(workbook: Workbook, layout: ImportLayout, context: string[]) {
  const sheet = workbook.addWorksheet('说明');
  sheet.columns = [{ width: 16 }, { width: 10 }, { width: 80 }];
  sheet.addRow([layout.title]).font = { bold: true, size: 14 };
  for (const line of context) sheet.addRow([line]);
  sheet.addRow([]);
  sheet.addRow(['导入规则']).font = { bold: true };
  layout.rules.forEach((rule, i) => sheet.addRow([`${i + 1}. ${rule}`]));
  sheet.addRow([]);
  const head = sheet.addRow(['列名', '是否必填', '说明']);
  head.font = { bold: true };
  head.eachCell((cell) => (cell.fill = headerFill));
  for (const c of layout.columns) {
    const aliases = c.aliases?.length ? `（也可写作：${c.aliases.join('、')}）` : '';
    sheet.addRow([c.header, c.required ? '必填' : '', `${c.note}${c.list ? `；可选：${c.list.join('、')}` : ''}${aliases}`]);
  }
  sheet.addRow([]);
  sheet.addRow([`示例（在“${layout.sheetName}”工作表中按此填写；本页内容不会被导入）`]).font = { bold: true };
  const exampleHead = sheet.addRow(layout.columns.map((c) => c.header));
  exampleHead.font = { bold: true };
  exampleHead.eachCell((cell) => (cell.fill = headerFill));
  for (const example of layout.example) sheet.addRow(layout.columns.map((c) => example[c.key] ?? null));
  sheet.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
}

/** A template: the empty data sheet with drop-downs for 1,000 rows, and the 说明 sheet. */
export async function writeTemplate(layout: ImportLayout, context: string[]): Promise<Buffer> {
  const ExcelJS = await exceljs();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '乡财通';
  writeDataSheet(workbook, layout, [], { notes: true, validationRows: 1001 });
  writeGuide(workbook, layout, context);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** An export in the import layout: the data sheet first (what an import reads), then 说明. */
export async function writeLayoutRows(layout: ImportLayout, rows: readonly RowValues[], context: string[]): Promise<Buffer> {
  const ExcelJS = await exceljs();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '乡财通';
  writeDataSheet(workbook, layout, rows, { notes: true, validationRows: 0 });
  writeGuide(workbook, layout, context);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A calendar date as the Date exceljs writes as that day (Excel has no time zones). */
export function excelDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** Fen as the number of 元 Excel stores: exact to the fen when formatted with two decimals. */
export const yuan = (fen: number): number | null => (fen === 0 ? null : fen / 100);

/** Into the exports folder, to be fetched by id like every export (download route / save dialog). */
export function deliver(dataDir: string, baseName: string, bytes: Buffer, rows: number): ExportedFile {
  const pending = newExport(dataDir, baseName, 'xlsx');
  try {
    writeFileSync(pending.path, bytes);
    return describeExport(pending, rows, null);
  } catch (error) {
    discardExport(pending);
    throw error;
  }
}
