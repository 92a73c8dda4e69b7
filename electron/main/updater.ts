import { app, net } from 'electron';
// electron-updater is CommonJS and defines `autoUpdater` as a lazy getter, which
// Node's ESM named-export detection cannot see: import the default and read it.
import electronUpdater, { type AppUpdater, type UpdateInfo } from 'electron-updater';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppEvents } from '../../shared/api/events';
import { log } from './log';

/**
 * Updates come from the county server (generic provider). The rule that shapes
 * this file: the app NEVER restarts itself. A downloaded update is installed by
 * electron-updater when the accountant quits (`autoInstallOnAppQuit`); we only
 * tell the window what is going on through `update.status` events.
 */
export type UpdateStatus = AppEvents['update.status'];

const FIRST_CHECK_DELAY_MS = 10_000;
const CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;
const ONLINE_POLL_MS = 60_000;

export interface UpdaterOptions {
  dataDir: string;
  emit: (status: UpdateStatus) => void;
}

export interface UpdaterHandle {
  /** Re-send the last status, e.g. after the window (re)loaded and missed it. */
  replay(): void;
  stop(): void;
}

const inactive: UpdaterHandle = { replay() {}, stop() {} };

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The feed URL baked in at build time (app-update.yml) can be overridden on a
 * machine, first by the XIANGCAI_UPDATE_URL environment variable, then by
 * `<dataDir>/update.json` = `{ "url": "https://县服务器/updates/" }`, which a
 * support person can drop in without touching system settings.
 */
export function resolveUpdateUrlOverride(dataDir: string): string | null {
  const fromEnv = process.env.XIANGCAI_UPDATE_URL?.trim();
  if (fromEnv) {
    if (isHttpUrl(fromEnv)) return fromEnv;
    log.warn('[updater] ignoring invalid XIANGCAI_UPDATE_URL', fromEnv);
  }
  let text: string;
  try {
    text = readFileSync(join(dataDir, 'update.json'), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    const url =
      typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).url : undefined;
    if (typeof url === 'string' && isHttpUrl(url.trim())) return url.trim();
  } catch {
    // fall through to the warning
  }
  log.warn('[updater] ignoring update.json: expected {"url": "https://..."}');
  return null;
}

/**
 * Builds made without a real county server bake in a URL under the reserved
 * `.invalid` domain (see docs/ELECTRON.md). Such a machine only updates once
 * an override is configured; until then checking would just report failures.
 */
export const PLACEHOLDER_HOST_SUFFIX = '.invalid';

function builtInFeedUrl(): string | null {
  try {
    const text = readFileSync(join(process.resourcesPath, 'app-update.yml'), 'utf8');
    const match = /^url:\s*['"]?([^'"\r\n]+?)['"]?\s*$/m.exec(text);
    return match?.[1] ?? null;
  } catch {
    return null;
  }
}

function isPlaceholder(url: string): boolean {
  try {
    return new URL(url).hostname.endsWith(PLACEHOLDER_HOST_SUFFIX);
  } catch {
    return true;
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A message the accountant can act on (or safely ignore); the details go to the log. */
export function describeUpdateError(error: unknown): string {
  const code = errorCode(error);
  const text = error instanceof Error ? error.message : String(error);
  if (code === 'ENOENT' && text.includes('app-update.yml')) return '本安装包没有配置更新服务器，无法自动更新';
  if (code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND') return '更新服务器上没有找到版本信息，请联系县财政技术人员';
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE') return '新版本安装包签名校验失败，已拒绝安装';
  if (code === 'ERR_CHECKSUM_MISMATCH') return '新版本安装包下载不完整，将稍后重新下载';
  if (/net::ERR_|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN/.test(text)) {
    return '暂时无法连接更新服务器，将稍后自动重试';
  }
  return '检查或下载更新失败，将稍后自动重试';
}

export function startUpdater(options: UpdaterOptions): UpdaterHandle {
  if (!app.isPackaged) return inactive;

  const override = resolveUpdateUrlOverride(options.dataDir);
  if (override === null) {
    const builtIn = builtInFeedUrl();
    if (builtIn === null || isPlaceholder(builtIn)) {
      log.info('[updater] no update server configured; automatic updates are off', builtIn ?? '(no app-update.yml)');
      return inactive;
    }
  }

  let updater: AppUpdater;
  try {
    updater = electronUpdater.autoUpdater;
  } catch (error) {
    log.error('[updater] could not create the updater', error);
    return inactive;
  }

  let lastStatus: UpdateStatus | null = null;
  let downloaded = false;
  const timers: NodeJS.Timeout[] = [];

  const emit = (status: UpdateStatus) => {
    lastStatus = status;
    try {
      options.emit(status);
    } catch (error) {
      log.error('[updater] emitting status failed', error);
    }
  };

  updater.logger = {
    info: (message?: unknown) => log.info('[updater]', message),
    warn: (message?: unknown) => log.warn('[updater]', message),
    error: (message?: unknown) => log.error('[updater]', message),
  };
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;

  if (override !== null) {
    log.info('[updater] feed URL overridden', override);
    updater.setFeedURL({ provider: 'generic', url: override });
  }

  updater.on('checking-for-update', () => emit({ state: 'checking', message: '正在检查更新' }));
  updater.on('update-available', (info: UpdateInfo) =>
    emit({ state: 'available', version: info.version, message: `发现新版本 ${info.version}，正在后台下载` }),
  );
  updater.on('update-not-available', (info: UpdateInfo) =>
    emit({ state: 'none', version: info.version, message: '已是最新版本' }),
  );
  updater.on('update-downloaded', (info: UpdateInfo) => {
    downloaded = true;
    emit({ state: 'downloaded', version: info.version, message: `新版本 ${info.version} 已下载，退出后自动安装` });
  });
  updater.on('error', (error: Error) => {
    log.error('[updater] error', error);
    // Once a download is waiting for quit, a later hiccup must not hide that news.
    if (!downloaded) emit({ state: 'error', message: describeUpdateError(error) });
  });

  const check = (reason: string) => {
    if (downloaded) return; // nothing more to do until the accountant quits
    if (!net.isOnline()) {
      log.info('[updater] offline, skipping check', reason);
      return;
    }
    log.info('[updater] checking', reason);
    updater
      .checkForUpdates()
      .then((result) => {
        // With autoDownload the download runs on; its failure is reported via
        // the 'error' event, so only keep the rejection from going unhandled.
        result?.downloadPromise?.catch(() => undefined);
      })
      .catch(() => undefined); // already reported through the 'error' event
  };

  timers.push(setTimeout(() => check('startup'), FIRST_CHECK_DELAY_MS));
  timers.push(setInterval(() => check('interval'), CHECK_INTERVAL_MS));

  // Township links drop often; checking right after the link comes back means
  // an update reaches the office the same day. net.isOnline() is a cheap local query.
  let wasOnline = net.isOnline();
  timers.push(
    setInterval(() => {
      const online = net.isOnline();
      if (online && !wasOnline) check('back online');
      wasOnline = online;
    }, ONLINE_POLL_MS),
  );

  return {
    replay() {
      if (lastStatus !== null) emit(lastStatus);
    },
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.length = 0;
    },
  };
}
