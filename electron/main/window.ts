import { BrowserWindow, dialog } from 'electron';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { join } from 'node:path';
import { log } from './log';
import type { RendererSource } from './renderer-source';

/**
 * The renderer's security options, as data: window.test.ts checks them without launching
 * Electron. The page gets no Node, runs sandboxed and isolated, and reaches the core only
 * through the preload bridge.
 */
export function windowWebPreferences(preload: string = join(__dirname, '../preload/index.cjs')): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export function mainWindowOptions(preload?: string): BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: '乡财通',
    backgroundColor: '#ffffff',
    autoHideMenuBar: false,
    webPreferences: windowWebPreferences(preload),
  };
}

export function createMainWindow(source: RendererSource): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions());

  window.once('ready-to-show', () => window.show());

  // A dead renderer leaves a blank window; the data is safe in the core, so
  // offer a reload instead of leaving the accountant staring at white.
  window.webContents.on('render-process-gone', (_event, details) => {
    log.error('renderer process gone', details.reason, details.exitCode);
    if (details.reason === 'clean-exit' || window.isDestroyed()) return;
    const choice = dialog.showMessageBoxSync(window, {
      type: 'error',
      title: '乡财通',
      message: '界面意外退出',
      detail: '已保存的数据不受影响；正在填写但尚未保存的内容可能需要重新录入。',
      buttons: ['重新加载', '退出'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    });
    if (choice === 0) void loadRenderer(window, source);
    else window.close();
  });

  void loadRenderer(window, source);
  return window;
}

async function loadRenderer(window: BrowserWindow, source: RendererSource): Promise<void> {
  try {
    if (source.kind === 'dev') await window.loadURL(source.url);
    else await window.loadFile(source.file);
  } catch (error) {
    // Loading rejects on aborted navigations too (e.g. a fast reload); log only.
    log.error('failed to load renderer', error);
  }
}

/** Bring the existing window forward (second launch, dock click). */
export function focusWindow(window: BrowserWindow | null): void {
  if (window === null || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
