import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Transport } from '../../shared/api/client';
import type { Result } from '../../shared/api/errors';
import type { AppEvent } from '../../shared/api/events';
import type { FileBridge } from '../../shared/api/exportCommands';
import { EVENT_CHANNEL, INVOKE_CHANNEL, SAVE_EXPORT_CHANNEL } from './channels';

/**
 * The whole bridge: `window.xiangcai = { invoke, subscribe }`, the same
 * `Transport` the browser-mode HTTP client implements. ipcRenderer itself and
 * the IPC event object (whose `sender` is ipcRenderer) never reach the page.
 *
 * Hazard: this file runs sandboxed and is built as CommonJS; it may import only
 * 'electron' and types, nothing else at run time.
 */
const bridge: Transport = {
  async invoke(name: string, input: unknown, session?: string | null): Promise<Result<unknown>> {
    try {
      return (await ipcRenderer.invoke(INVOKE_CHANNEL, name, input, session ?? null)) as Result<unknown>;
    } catch (error) {
      // Only reached when the input cannot be copied across processes (e.g. it
      // holds a function) or the main process is gone; answer as data, like the core.
      return {
        ok: false,
        error: { code: 'INTERNAL', message: '无法把请求交给乡财通后台处理，请重试', details: String(error) },
      };
    }
  },
  subscribe(listener: (event: AppEvent) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('subscribe expects a function');
    const forward = (_event: IpcRendererEvent, appEvent: AppEvent) => listener(appEvent);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('xiangcai', bridge);

/** 导出Excel / 保存为PDF: the main process shows a save dialog for a file the core exported. */
const files: FileBridge = {
  async saveExport(id: string) {
    try {
      return (await ipcRenderer.invoke(SAVE_EXPORT_CHANNEL, String(id))) as Awaited<ReturnType<FileBridge['saveExport']>>;
    } catch (error) {
      return { saved: false, path: null, error: `无法保存文件：${String(error)}` };
    }
  },
};
contextBridge.exposeInMainWorld('xiangcaiFiles', files);
