import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Result } from '../../shared/api/errors';
import type { Core } from '../core';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../preload/channels';
import { log } from './log';
import { isAppPageUrl, type RendererSource } from './renderer-source';

const unauthorized: Result<never> = {
  ok: false,
  error: { code: 'UNAUTHORIZED', message: '拒绝执行：请求不是来自乡财通主窗口' },
};

/**
 * A command is accepted only from the top frame of our own window showing our
 * own page. Anything else (a subframe, a page the window was somehow navigated
 * to, another web contents) gets a typed UNAUTHORIZED answer, never an exception.
 */
export function isTrustedSender(
  event: IpcMainInvokeEvent,
  source: RendererSource,
  getWindow: () => BrowserWindow | null,
): boolean {
  const window = getWindow();
  const frame = event.senderFrame;
  if (window === null || window.isDestroyed() || frame === null) return false;
  if (event.sender !== window.webContents) return false;
  if (frame.parent !== null) return false;
  return isAppPageUrl(source, frame.url);
}

export function registerCommandHandler(
  core: Core,
  source: RendererSource,
  getWindow: () => BrowserWindow | null,
): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, name: unknown, input: unknown, session: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event, source, getWindow)) {
      log.warn('command rejected from untrusted sender', event.senderFrame?.url ?? '(frame gone)');
      return unauthorized;
    }
    if (typeof name !== 'string') {
      return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: '命令名称无效' } };
    }
    try {
      return await core.invoke(name, input, typeof session === 'string' ? session : null);
    } catch (error) {
      // The core promises never to throw; if it does anyway, the window still gets data.
      log.error('core.invoke threw', name, error);
      return { ok: false, error: { code: 'INTERNAL', message: '乡财通内部错误，请重试；若反复出现请联系技术支持' } };
    }
  });
}

/** Push every core event to every window that is showing our page. */
export function forwardCoreEvents(core: Core, source: RendererSource): () => void {
  return core.subscribe((event) => {
    for (const window of BrowserWindow.getAllWindows()) {
      const contents = window.webContents;
      if (window.isDestroyed() || contents.isDestroyed()) continue;
      if (!isAppPageUrl(source, contents.getURL())) continue;
      contents.send(EVENT_CHANNEL, event);
    }
  });
}
