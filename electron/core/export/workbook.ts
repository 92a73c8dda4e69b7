import type { Alignment, Borders, Cell, Fill, Font, Worksheet } from 'exceljs';

/**
 * One generic xlsx writer for every report: a sheet is described as data (title, columns with
 * their kind and width, header groups, paper orientation) and its rows arrive in pages from an
 * iterator, each page written and committed before the next is read, so a 明细账 of 100,000
 * lines never sits in memory at once (exceljs's streaming WorkbookWriter, inline strings).
 *
 * The form follows what township accountants get from 用友/金蝶: a merged bold title, then
 * 编制单位 · 期间 · 单位：元, the column header (two rows when columns are grouped, e.g. 期初余额
 * 借方/贷方), amounts as real numbers in 元 with `#,##0.00` (fen ÷ 100 only at the cell), totals
 * in bold, the header frozen, and A4 print setup: fit to width, header rows repeated, margins.
 */

export type CellKind = 'text' | 'money' | 'int' | 'date' | 'percent';

export interface ColumnSpec {
  key: string;
  header: string;
  /** Columns with the same group next to each other share a merged header cell above their own. */
  group?: string;
  /** Width in characters (a Chinese character counts about two). */
  width: number;
  kind: CellKind;
  /** Money: leave the cell empty for 0 (借方/贷方 of a line); reports show 0.00. */
  blankZero?: boolean;
  /** Text indented by the row's `indent` (科目名称 by level, statement items). */
  indented?: boolean;
}

export interface SheetSpec {
  /** The tab name (≤ 31 characters, no []:*?/\). */
  name: string;
  title: string;
  unitName: string;
  /** 2026年01期, 2026年1月—12月, 2026年度… */
  period: string;
  /** An extra line under the title row, e.g. 科目：1002 银行存款. */
  subtitle?: string;
  /** 表号 such as 会政财01表, shown before 单位：元. */
  formCode?: string;
  /** False for sheets without amounts (会计科目): no 单位：元. */
  moneyUnit?: boolean;
  columns: readonly ColumnSpec[];
  orientation: 'portrait' | 'landscape';
}

export type RowStyle = 'normal' | 'group' | 'subtotal' | 'total';

export interface SheetRow {
  /** By column key. Money in integer fen, percent in basis points (5647 = 56.47%), dates as YYYY-MM-DD. */
  values: Readonly<Record<string, string | number | null | undefined>>;
  style?: RowStyle;
  /** Indent of the `indented` text columns (科目 by level, statement items). */
  indent?: number;
  /** What the row is in a book, for printing (承前页/过次页 carry sums over `line` rows, reset after month totals). */
  role?: 'opening' | 'line' | 'dayTotal' | 'monthTotal' | 'yearTotal' | 'total' | 'group';
}

export type RowPages = Iterable<readonly SheetRow[]> | AsyncIterable<readonly SheetRow[]>;

export interface SheetData {
  spec: SheetSpec;
  pages: RowPages;
}

export const MONEY_FORMAT = '#,##0.00;[Red]-#,##0.00';
const PERCENT_FORMAT = '0.00%';
const DATE_FORMAT = 'yyyy-mm-dd';

const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };
const borders: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const headerFill: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const totalFill: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFAFAFA' } };
const baseFont: Partial<Font> = { name: '宋体', size: 10 };

/** Writes the workbook to `file`; answers the number of data rows written. */
export async function writeWorkbook(file: string, sheets: readonly SheetData[], creator = '乡财通'): Promise<{ rows: number }> {
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  workbook.creator = creator;
  workbook.created = new Date();
  let rows = 0;
  for (const sheet of sheets) rows += await writeSheet(workbook.addWorksheet(sheetName(sheet.spec.name), options(sheet.spec)), sheet);
  await workbook.commit();
  return { rows };
}

function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet1';
}

/** Rows 1.. of the title block and header, so the frozen pane and repeated print rows match. */
export function headerLayout(spec: SheetSpec): { headerStart: number; headerEnd: number; grouped: boolean } {
  const headerStart = spec.subtitle ? 4 : 3;
  const grouped = spec.columns.some((c) => c.group);
  return { headerStart, headerEnd: headerStart + (grouped ? 1 : 0), grouped };
}

function options(spec: SheetSpec) {
  const { headerStart, headerEnd } = headerLayout(spec);
  return {
    views: [{ state: 'frozen' as const, xSplit: 0, ySplit: headerEnd, topLeftCell: `A${headerEnd + 1}` }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: spec.orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${headerStart}:${headerEnd}`,
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  };
}

async function writeSheet(ws: Worksheet, { spec, pages }: SheetData): Promise<number> {
  const columns = spec.columns;
  const n = columns.length;
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  const { headerStart, headerEnd, grouped } = headerLayout(spec);

  // Title block. Merges are declared before their rows are committed.
  const title = ws.getRow(1);
  title.height = 30;
  ws.mergeCells(1, 1, 1, n);
  styleCell(title.getCell(1), spec.title, { font: { ...baseFont, size: 16, bold: true }, alignment: { horizontal: 'center', vertical: 'middle' } });

  const info = ws.getRow(2);
  info.height = 18;
  const rightCount = Math.max(1, Math.floor(n / 4));
  const leftCount = Math.max(1, Math.ceil((n - rightCount) / 2));
  const middleCount = n - rightCount - leftCount;
  const unitText = `编制单位：${spec.unitName}`;
  const rightText = [spec.formCode, spec.moneyUnit === false ? null : '单位：元'].filter(Boolean).join('　');
  mergeSpan(ws, 2, 1, leftCount);
  styleCell(info.getCell(1), middleCount > 0 ? unitText : `${unitText}　${spec.period}`, { font: baseFont, alignment: { horizontal: 'left', vertical: 'middle' } });
  if (middleCount > 0) {
    mergeSpan(ws, 2, leftCount + 1, leftCount + middleCount);
    styleCell(info.getCell(leftCount + 1), spec.period, { font: baseFont, alignment: { horizontal: 'center', vertical: 'middle' } });
  }
  mergeSpan(ws, 2, n - rightCount + 1, n);
  styleCell(info.getCell(n - rightCount + 1), rightText, { font: baseFont, alignment: { horizontal: 'right', vertical: 'middle' } });

  if (spec.subtitle) {
    ws.mergeCells(3, 1, 3, n);
    styleCell(ws.getRow(3).getCell(1), spec.subtitle, { font: baseFont, alignment: { horizontal: 'left', vertical: 'middle' } });
  }

  // Column header: one row, or a group row above the columns' own (ungrouped columns span both).
  const headerStyle = { font: { ...baseFont, bold: true }, alignment: { horizontal: 'center' as const, vertical: 'middle' as const, wrapText: true }, border: borders, fill: headerFill };
  for (let r = headerStart; r <= headerEnd; r++) ws.getRow(r).height = 20;
  for (let i = 0; i < n; i++) {
    const column = columns[i]!;
    const c = i + 1;
    if (!grouped) {
      styleCell(ws.getRow(headerStart).getCell(c), column.header, headerStyle);
      continue;
    }
    if (!column.group) {
      ws.mergeCells(headerStart, c, headerEnd, c);
      styleCell(ws.getRow(headerStart).getCell(c), column.header, headerStyle);
      styleCell(ws.getRow(headerEnd).getCell(c), null, headerStyle);
      continue;
    }
    const startsGroup = i === 0 || columns[i - 1]!.group !== column.group;
    if (startsGroup) {
      let last = i;
      while (last + 1 < n && columns[last + 1]!.group === column.group) last++;
      if (last > i) ws.mergeCells(headerStart, c, headerStart, last + 1);
      styleCell(ws.getRow(headerStart).getCell(c), column.group, headerStyle);
    } else {
      styleCell(ws.getRow(headerStart).getCell(c), null, headerStyle);
    }
    styleCell(ws.getRow(headerEnd).getCell(c), column.header, headerStyle);
  }
  for (let r = 1; r <= headerEnd; r++) ws.getRow(r).commit();

  let next = headerEnd + 1;
  let written = 0;
  const styles: StyleCache = new Map();
  for await (const page of pages) {
    for (const row of page) {
      writeRow(ws.getRow(next++), columns, row, styles);
      written++;
    }
    // Let the zip stream drain what this page produced before the next page is read.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  ws.commit();
  return written;
}

function mergeSpan(ws: Worksheet, row: number, from: number, to: number) {
  if (to > from) ws.mergeCells(row, from, row, to);
}

function styleCell(cell: Cell, value: string | null, style: { font?: Partial<Font>; alignment?: Partial<Alignment>; border?: Partial<Borders>; fill?: Fill }) {
  if (value !== null) cell.value = value;
  if (style.font) cell.font = style.font;
  if (style.alignment) cell.alignment = style.alignment;
  if (style.border) cell.border = style.border;
  if (style.fill) cell.fill = style.fill;
}

type StyleCache = Map<string, Partial<ExcelStyle>>;
type ExcelStyle = Pick<Cell, 'font' | 'alignment' | 'border' | 'fill' | 'numFmt'>;

/**
 * One style object per column, row style and indent, shared by every cell that has it: exceljs
 * keeps a style id per style object (a WeakMap), so 100,000 rows cost a handful of style
 * lookups instead of one full style serialisation per cell. Never mutate a shared style.
 */
function sharedStyle(cache: StyleCache, column: ColumnSpec, index: number, rowStyle: RowStyle, indent: number): Partial<ExcelStyle> {
  const key = `${index}|${rowStyle}|${indent}`;
  let style = cache.get(key);
  if (style) return style;
  const emphasis = rowStyle !== 'normal';
  style = { border: borders, font: emphasis ? { ...baseFont, bold: true } : baseFont };
  if (rowStyle === 'total') style.fill = totalFill;
  switch (column.kind) {
    case 'money':
      style.numFmt = MONEY_FORMAT;
      style.alignment = { horizontal: 'right', vertical: 'middle' };
      break;
    case 'percent':
      style.numFmt = PERCENT_FORMAT;
      style.alignment = { horizontal: 'right', vertical: 'middle' };
      break;
    case 'int':
      style.numFmt = '0';
      style.alignment = { horizontal: 'center', vertical: 'middle' };
      break;
    case 'date':
      style.numFmt = DATE_FORMAT;
      style.alignment = { horizontal: 'center', vertical: 'middle' };
      break;
    default:
      style.alignment = { horizontal: 'left', vertical: 'middle', indent };
  }
  cache.set(key, style);
  return style;
}

function writeRow(row: ReturnType<Worksheet['getRow']>, columns: readonly ColumnSpec[], data: SheetRow, cache: StyleCache) {
  const rowStyle = data.style ?? 'normal';
  columns.forEach((column, i) => {
    const cell = row.getCell(i + 1);
    const value = data.values[column.key];
    const indent = column.kind === 'text' && column.indented && data.indent ? Math.min(data.indent, 15) : 0;
    cell.style = sharedStyle(cache, column, i, rowStyle, indent);
    switch (column.kind) {
      case 'money':
        if (typeof value === 'number' && !(value === 0 && column.blankZero)) cell.value = value / 100;
        break;
      case 'percent':
        if (typeof value === 'number') cell.value = value / 10000;
        else if (typeof value === 'string') cell.value = value;
        break;
      case 'int':
        if (typeof value === 'number') cell.value = value;
        break;
      case 'date': {
        const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
        if (match) cell.value = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
        else if (value !== null && value !== undefined) cell.value = String(value);
        break;
      }
      default:
        if (value !== null && value !== undefined && value !== '') cell.value = String(value);
    }
  });
  row.commit();
}
