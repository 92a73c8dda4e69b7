import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Core } from '../../electron/core';
import { resolveExportFile } from '../../electron/core/export/files';
import type { ExportedFile } from '../../shared/api/exportCommands';
import { MAX_UPLOAD_PART_BYTES } from '../../shared/api/importCommands';
import { uuidv7 } from '../../shared/domain/id';
import type { Caller } from './ledger';

type Cell = string | number | Date | null | undefined;

/** A real .xlsx written with exceljs: an optional title row, the header, then the rows. */
export async function xlsxOf(headers: readonly string[], rows: readonly Cell[][], options: { sheetName?: string; titleRows?: string[]; extraSheets?: string[] } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const name of options.extraSheets ?? []) workbook.addWorksheet(name).addRow(['这一页不是数据']);
  const sheet = workbook.addWorksheet(options.sheetName ?? 'Sheet1');
  for (const title of options.titleRows ?? []) sheet.addRow([title]);
  sheet.addRow([...headers]);
  for (const row of rows) sheet.addRow(row.map((c) => c ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Every sheet's rows as plain values (formula results, dates as YYYY-MM-DD). */
export async function readXlsx(bytes: Buffer): Promise<Record<string, (string | number | null)[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as never);
  const out: Record<string, (string | number | null)[][]> = {};
  for (const sheet of workbook.worksheets) {
    const rows: (string | number | null)[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const cells: (string | number | null)[] = [];
      for (let c = 1; c <= row.cellCount; c++) {
        const v = row.getCell(c).value;
        cells.push(v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' || typeof v === 'number' ? v : v === null || v === undefined ? null : JSON.stringify(v));
      }
      rows.push(cells);
    });
    out[sheet.name] = rows;
  }
  return out;
}

/** Sends a file in pages through `imports.upload`, as the screen does; returns its upload id. */
export async function uploadFile(caller: Caller, bytes: Buffer, fileName = 'import.xlsx', partBytes = MAX_UPLOAD_PART_BYTES): Promise<string> {
  const uploadId = uuidv7();
  const parts = Math.max(1, Math.ceil(bytes.length / partBytes));
  for (let part = 0; part < parts; part++) {
    const status = await caller.ok('imports.upload', {
      uploadId,
      fileName,
      size: bytes.length,
      part,
      parts,
      data: bytes.subarray(part * partBytes, (part + 1) * partBytes).toString('base64'),
    });
    if (part === parts - 1 && !status.complete) throw new Error('upload did not complete');
  }
  return uploadId;
}

/** The bytes of a file the core exported (kept in its exports folder under the file's id). */
export function exportedBytes(core: Core, file: ExportedFile): Buffer {
  const found = resolveExportFile(core.dataDir, file.id);
  if (!found) throw new Error(`export ${file.id} not found`);
  return readFileSync(found.path);
}
