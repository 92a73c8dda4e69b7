/**
 * IPC channel names shared by the preload bridge and the main process. These two
 * strings are the whole IPC surface: one request/response channel for commands,
 * one push channel for core events.
 */
export const INVOKE_CHANNEL = 'xiangcai:invoke';
export const EVENT_CHANNEL = 'xiangcai:event';
