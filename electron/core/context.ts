import type { AppEvents, EventName } from '../../shared/api/events';
import type { ReadableDB, WritableDB } from './db/handles';

/** What every command handler receives besides its validated input. */
export interface CoreContext {
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
