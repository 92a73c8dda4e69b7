import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileBridge } from '../../shared/api/exportCommands';
import type { Core } from '../core';
import { resolveExportFile } from '../core/export/files';
import type { PdfRenderer } from '../core/export/pdf';
import { SAVE_EXPORT_CHANNEL } from '../preload/channels';
import { isTrustedSender } from './ipc';
import { log } from './log';
import type { RendererSource } from './renderer-source';

type SaveResult = Awaited<ReturnType<FileBridge['saveExport']>>;

/**
 * Electron's side of 导出Excel / 保存为PDF. The core writes the file into its exports folder;
 * the window asks (through the preload's `xiangcaiFiles.saveExport`) and this shows a save
 * dialog and copies it where the user chose. Only our own window's top frame may ask.
 */
export function registerExportSaving(core: Core, source: RendererSource, getWindow: () => BrowserWindow | null): void {
  ipcMain.handle(SAVE_EXPORT_CHANNEL, async (event: IpcMainInvokeEvent, id: unknown): Promise<SaveResult> => {
    const window = getWindow();
    if (!isTrustedSender(event, source, getWindow) || window === null) {
      return { saved: false, path: null, error: '拒绝执行：请求不是来自乡财通主窗口' };
    }
    const file = typeof id === 'string' ? resolveExportFile(core.dataDir, id) : null;
    if (!file) return { saved: false, path: null, error: '导出文件不存在或已过期（导出的文件保留一小时），请重新导出。' };
    const pdf = file.fileName.endsWith('.pdf');
    const choice = await dialog.showSaveDialog(window, {
      title: pdf ? '保存PDF' : '保存Excel文件',
      defaultPath: file.fileName,
      filters: pdf ? [{ name: 'PDF 文件', extensions: ['pdf'] }] : [{ name: 'Excel 工作簿', extensions: ['xlsx'] }],
    });
    if (choice.canceled || !choice.filePath) return { saved: false, path: null, error: null };
    try {
      await copyFile(file.path, choice.filePath);
      return { saved: true, path: choice.filePath, error: null };
    } catch (error) {
      log.error('saving an export failed', error);
      return { saved: false, path: null, error: `无法保存到 ${choice.filePath}（${(error as NodeJS.ErrnoException).code ?? String(error)}）。请换一个文件夹，或关闭正在打开该文件的程序后重试。` };
    }
  });
}

/**
 * Electron's PDF for the core (print.pdf): the document in a hidden, sandboxed window with
 * JavaScript off, printed by Chromium's own printToPDF with the document's @page size.
 */
export function electronPdfRenderer(): PdfRenderer {
  return {
    async toPdf(html) {
      const dir = await mkdtemp(join(tmpdir(), 'xiangcai-print-'));
      const page = join(dir, 'print.html');
      const window = new BrowserWindow({
        show: false,
        webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true },
      });
      try {
        await writeFile(page, html, 'utf8');
        await window.loadFile(page);
        return await window.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true });
      } finally {
        window.destroy();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
