/** Events the core pushes to every window (IPC) or browser tab (SSE). */
import type { SyncStatus } from './syncCommands';

export interface AppEvents {
  'book.created': { bookId: string; name: string };
  'sync.status': SyncStatus;
  'update.status': { state: 'checking' | 'available' | 'downloaded' | 'none' | 'error'; version?: string; message?: string };
}
export type EventName = keyof AppEvents;
export interface AppEvent<K extends EventName = EventName> {
  name: K;
  payload: AppEvents[K];
}
