/**
 * From a worksheet's rows to records keyed by column: find the header row, map its headers
 * to a layout's columns, and keep the data rows with their row numbers as Excel shows them.
 */
import { cellText, halfWidth, isBlank, type CellValue } from './cells';
import type { ColumnSpec, ImportLayout } from './layouts';

/** One problem found in a file. `row` is the row number Excel shows; null for the file as a whole. */
export interface ImportProblem {
  row: number | null;
  message: string;
}

/** 第 12 行：… — the form every row-level message takes. */
export function atRow(row: number, message: string): ImportProblem {
  return { row, message: `第 ${row} 行：${message}` };
}

/** 第 5–8 行：… for a group of rows (one voucher). */
export function atRows(rows: readonly number[], message: string): ImportProblem {
  const first = Math.min(...rows);
  const last = Math.max(...rows);
  return { row: first, message: `${first === last ? `第 ${first} 行` : `第 ${first}–${last} 行`}：${message}` };
}

export interface SheetRows {
  sheetName: string;
  rows: { row: number; cells: CellValue[] }[];
}

export interface MappedRow {
  row: number;
  values: Record<string, CellValue>;
}

export interface MappedSheet {
  headerRow: number;
  /** The file's own headers, in file order, for the preview. */
  headers: string[];
  /** Column index in the file of each layout key found. */
  columnOf: Record<string, number>;
  rows: MappedRow[];
  problems: ImportProblem[];
}

/** Headers compare without spaces, full-width forms, “*” marks or a unit such as “（元）”. */
export function normalizeHeader(text: string): string {
  return halfWidth(text)
    .replace(/\s+/g, '')
    .replace(/^\*+|\*+$/g, '')
    .replace(/[(（](元|万元|人民币元)[)）]$/, '')
    .replace(/^\*+|\*+$/g, '')
    .toUpperCase();
}

function matcher(columns: readonly ColumnSpec[]): Map<string, string> {
  const byName = new Map<string, string>();
  for (const c of columns) {
    for (const name of [c.header, ...(c.aliases ?? [])]) {
      const key = normalizeHeader(name);
      if (!byName.has(key)) byName.set(key, c.key);
    }
  }
  return byName;
}

/** Rows whose first filled cell says 合计/总计/小计 are totals of an export, not data. */
function isTotalRow(cells: readonly CellValue[]): boolean {
  const first = cells.find((c) => !isBlank(c));
  return first !== undefined && /^(合计|总计|小计|本页合计)/.test(cellText(first).replace(/\s+/g, ''));
}

/** Most rows a file may hold (a year of a busy township's voucher lines is well below). */
export const MAX_IMPORT_ROWS = 200_000;

/**
 * The header row is the first of the first 20 rows that names at least two of the layout's
 * columns (a provincial export may have a title row above it). Missing required columns and
 * a column named twice are problems of the file as a whole.
 */
export function mapSheet(sheet: SheetRows, layout: ImportLayout): MappedSheet {
  const names = matcher(layout.columns);
  const empty: MappedSheet = { headerRow: 0, headers: [], columnOf: {}, rows: [], problems: [] };
  let headerIndex = -1;
  for (let i = 0; i < Math.min(sheet.rows.length, 20); i++) {
    const hits = sheet.rows[i]!.cells.filter((c) => names.has(normalizeHeader(cellText(c)))).length;
    if (hits >= 2) {
      headerIndex = i;
      break;
    }
  }
  if (headerIndex === -1) {
    const expected = layout.columns.filter((c) => c.required).map((c) => c.header).join('、');
    return { ...empty, problems: [{ row: null, message: `工作表“${sheet.sheetName}”中找不到表头行（应含 ${expected} 等列）。请使用下载的模板。` }] };
  }
  const header = sheet.rows[headerIndex]!;
  const columnOf: Record<string, number> = {};
  const problems: ImportProblem[] = [];
  header.cells.forEach((cell, index) => {
    const key = names.get(normalizeHeader(cellText(cell)));
    if (!key) return;
    if (key in columnOf) {
      problems.push({ row: header.row, message: `第 ${header.row} 行：列“${cellText(cell)}”重复出现` });
      return;
    }
    columnOf[key] = index;
  });
  const missing = layout.columns.filter((c) => c.required && !(c.key in columnOf)).map((c) => `“${c.header}”`);
  if (missing.length > 0) problems.push({ row: header.row, message: `第 ${header.row} 行（表头）：缺少必需的列 ${missing.join('、')}` });

  const rows: MappedRow[] = [];
  for (const r of sheet.rows.slice(headerIndex + 1)) {
    if (r.cells.every(isBlank) || isTotalRow(r.cells)) continue;
    const values: Record<string, CellValue> = {};
    for (const c of layout.columns) {
      const index = columnOf[c.key];
      const value = index === undefined ? null : (r.cells[index] ?? null);
      values[c.key] = typeof value === 'string' && value.trim() === '' ? null : value;
    }
    rows.push({ row: r.row, values });
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ row: null, message: '文件中没有数据行（表头下面是空的）' });
  if (rows.length > MAX_IMPORT_ROWS) problems.push({ row: null, message: `文件有 ${rows.length} 行数据，超过一次导入的上限 ${MAX_IMPORT_ROWS} 行，请分开导入` });
  return {
    headerRow: header.row,
    headers: header.cells.map((c) => cellText(c)),
    columnOf,
    rows,
    problems,
  };
}

/** A required text cell, or a problem naming the column. */
export function requiredText(row: MappedRow, key: string, label: string, problems: ImportProblem[]): string | null {
  const text = cellText(row.values[key] ?? null);
  if (text === '') {
    problems.push(atRow(row.row, `请填写${label}`));
    return null;
  }
  return text;
}
