import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportedFile } from '../../../shared/api/exportCommands';

/**
 * Exported files (xlsx, pdf) wait in `<dataDir>/exports/<id>/<文件名>` until the window fetches
 * them: browser mode through the host's download route, Electron through a save dialog in the
 * main process. Both find a file by its id alone (`resolveExportFile`), so neither needs to ask
 * the core. Files older than an hour are removed whenever a new one is made.
 */

export const exportContentTypes = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;
export type ExportKind = keyof typeof exportContentTypes;

const keepMs = 60 * 60 * 1000;
const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function exportsDir(dataDir: string): string {
  return join(dataDir, 'exports');
}

/** A file name that is safe on Windows and Linux: no path separators or reserved characters. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/\s+/g, ' ').trim();
  return cleaned.slice(0, 120) || '导出';
}

export interface PendingExport {
  id: string;
  fileName: string;
  path: string;
  kind: ExportKind;
}

/** Reserves a new export: its folder exists, the file is for the caller to write at `path`. */
export function newExport(dataDir: string, baseName: string, kind: ExportKind): PendingExport {
  const root = exportsDir(dataDir);
  // File times are wall-clock times, so the age is too (not the core's injectable clock).
  removeExpired(root, Date.now());
  const id = randomUUID();
  const folder = join(root, id);
  mkdirSync(folder, { recursive: true });
  const fileName = `${safeFileName(baseName)}.${kind}`;
  return { id, fileName, path: join(folder, fileName), kind };
}

export function describeExport(pending: PendingExport, rows: number, pages: number | null): ExportedFile {
  return {
    id: pending.id,
    fileName: pending.fileName,
    contentType: exportContentTypes[pending.kind],
    bytes: statSync(pending.path).size,
    rows,
    pages,
  };
}

/** Drops a half-written export (the command failed). */
export function discardExport(pending: PendingExport): void {
  rmSync(join(pending.path, '..'), { recursive: true, force: true });
}

/** The file of an export id, or null (unknown, expired, or not an id at all — never a path outside exports/). */
export function resolveExportFile(dataDir: string, id: string): { path: string; fileName: string; contentType: string; bytes: number } | null {
  if (!idPattern.test(id)) return null;
  const folder = join(exportsDir(dataDir), id);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return null;
  }
  const name = names.find((n) => n.endsWith('.xlsx') || n.endsWith('.pdf'));
  if (!name) return null;
  const path = join(folder, name);
  const kind: ExportKind = name.endsWith('.pdf') ? 'pdf' : 'xlsx';
  try {
    return { path, fileName: name, contentType: exportContentTypes[kind], bytes: statSync(path).size };
  } catch {
    return null;
  }
}

function removeExpired(root: string, now: number): void {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    const folder = join(root, name);
    try {
      if (now - statSync(folder).mtimeMs > keepMs) rmSync(folder, { recursive: true, force: true });
    } catch {
      // Another export removing it at the same time, or a file in use on Windows: try again next time.
    }
  }
}
