import type { Database } from './db/database';

export interface ServerConfig {
  /** Directory served at /updates/ (electron-updater's latest.yml and installers); null: none. */
  updatesDir: string | null;
  /** Apps below this version are refused with the version to install. */
  minAppVersion: string;
  /** Largest request body accepted, in bytes on the wire (compressed). */
  bodyLimit: number;
  /** Largest body after decompression (a zip bomb stops here). */
  inflatedLimit: number;
  /** Requests per minute per device (and per address for the unauthenticated endpoints). */
  deviceRatePerMinute: number;
  /** How far a device's signed time may be from the server's (replay window), in ms. */
  clockWindowMs: number;
  /** Enrollment codes expire after this many hours. */
  enrollmentCodeHours: number;
  /** Operator sessions last this many hours. */
  sessionHours: number;
}

export const defaultServerConfig: ServerConfig = {
  updatesDir: null,
  minAppVersion: '0.0.0',
  bodyLimit: 8 * 1024 * 1024,
  inflatedLimit: 64 * 1024 * 1024,
  deviceRatePerMinute: 240,
  clockWindowMs: 5 * 60 * 1000,
  enrollmentCodeHours: 72,
  sessionHours: 12,
};

export interface ServerContext {
  db: Database;
  config: ServerConfig;
  now(): Date;
  log(message: string, error?: unknown): void;
}
