import { app, BrowserWindow, dialog } from 'electron';
import { openCore, type Core } from '../core';
import { defaultDataDir } from '../core/paths';
import { electronPdfRenderer, registerExportSaving } from './files';
import { registerCommandHandler, forwardCoreEvents } from './ipc';
import { initLogFile, log } from './log';
import { installApplicationMenu } from './menu';
import { resolveRendererSource } from './renderer-source';
import { hardenWebContents, installSessionSecurity } from './security';
import { startUpdater, type UpdaterHandle } from './updater';
import { createMainWindow, focusWindow } from './window';

/**
 * The Electron shell: one window, one core, one IPC channel. Everything the app
 * does lives in the core (electron/core); this file only wires it to a window.
 */

// Must run before `ready` and before the single-instance lock, which lives in userData.
configureDataDirectory();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // One copy per machine: a second launch just brings the running window forward.
  app.quit();
} else {
  start();
}

/**
 * The data directory is Electron's userData, placed where browser mode keeps
 * its data (core/paths: `%APPDATA%\xiangcai`, `~/.local/share/xiangcai`, or
 * XIANGCAI_DATA_DIR), so both modes on one machine open the same books and the
 * path stays ASCII for support staff. Chromium's own profile files sit beside the database.
 */
function configureDataDirectory(): void {
  app.setPath('userData', defaultDataDir());
}

function start(): void {
  const source = resolveRendererSource();
  let core: Core | null = null;
  let mainWindow: BrowserWindow | null = null;
  let updater: UpdaterHandle | null = null;
  let stopForwarding: (() => void) | null = null;

  hardenWebContents(source);

  app.on('second-instance', () => focusWindow(mainWindow));

  app.on('window-all-closed', () => app.quit());

  app.on('will-quit', () => {
    updater?.stop();
    stopForwarding?.();
    if (core !== null) {
      try {
        core.close();
      } catch (error) {
        log.error('closing the core failed', error);
      }
      core = null;
    }
  });

  void app.whenReady().then(() => {
    const dataDir = app.getPath('userData');
    initLogFile(dataDir);
    log.info(`乡财通 ${app.getVersion()} starting`, { dataDir, packaged: app.isPackaged, source: source.kind });
    app.setAppUserModelId('cn.gov.xiangcai.desktop');
    installSessionSecurity(source);

    const opened = openCoreOrExplain(dataDir);
    if (opened === null) {
      app.quit();
      return;
    }
    core = opened;

    registerCommandHandler(opened, source, () => mainWindow);
    registerExportSaving(opened, source, () => mainWindow);
    stopForwarding = forwardCoreEvents(opened, source);
    installApplicationMenu({ dataDir, development: !app.isPackaged });

    updater = startUpdater({
      dataDir,
      emit: (status) => opened.emit('update.status', status),
    });
    openWindow();

    app.on('activate', () => {
      if (mainWindow === null && core !== null) openWindow();
    });
  });

  function openWindow(): void {
    const window = createMainWindow(source);
    mainWindow = window;
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    // A window that (re)loads after an update was found still learns about it.
    window.webContents.on('did-finish-load', () => updater?.replay());
  }
}

function openCoreOrExplain(dataDir: string): Core | null {
  try {
    return openCore({
      dataDir,
      mode: 'electron',
      appVersion: app.getVersion(),
      log: (message, error) => log.error(`[core] ${message}`, error),
      pdf: electronPdfRenderer(),
    });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const details = (error as { details?: unknown } | null)?.details;
    log.error('opening the core failed', error, details ?? '');
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'DB_NEWER_VERSION') {
      dialog.showErrorBox(
        '乡财通无法打开账套数据',
        `${message}\n\n数据目录：${dataDir}`,
      );
    } else {
      // Typed core errors already carry a Chinese message; anything else is unexpected.
      const reason = typeof code === 'string' ? message : `无法打开本机数据库（${message}）`;
      dialog.showErrorBox(
        '乡财通启动失败',
        `${reason}\n\n请确认没有另一个乡财通正在运行，然后重新打开；若仍失败，请联系技术支持，并提供数据目录下 logs 文件夹中的日志。\n数据目录：${dataDir}`,
      );
    }
    return null;
  }
}
