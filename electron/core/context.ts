import type { AppEvents, EventName } from '../../shared/api/events';
import type { User } from '../../shared/api/types';
import type { ReadableDB, WritableDB } from './db/handles';

/** What every command handler receives besides its validated input. */
export interface CoreContext extends CoreServices {
  /** The logged-in user of this call, when the command's access needed one. */
  user: User | null;
  /** The session token of this call (for logout). */
  session: string | null;
}

/** What does not change from one call to the next. */
export interface CoreServices {
  read: ReadableDB;
  write: WritableDB;
  emit<K extends EventName>(name: K, payload: AppEvents[K]): void;
  now(): Date;
  info: {
    appVersion: string;
    mode: 'electron' | 'browser';
    dataDir: string;
    databaseFile: string;
    schemaVersion: number;
    sqliteVersion: string;
  };
}
