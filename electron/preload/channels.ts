/**
 * IPC channel names shared by the preload bridge and the main process. These
 * strings are the whole IPC surface: one request/response channel for commands,
 * one push channel for core events, and one to save an exported file (save dialog).
 */
export const INVOKE_CHANNEL = 'xiangcai:invoke';
export const EVENT_CHANNEL = 'xiangcai:event';
export const SAVE_EXPORT_CHANNEL = 'xiangcai:save-export';
