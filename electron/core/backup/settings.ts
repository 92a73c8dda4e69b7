import { join } from 'node:path';
import type { ReadableDB, WritableDB } from '../db/handles';
import { sql, type SqlQuery } from '../db/sql';
import type { BackupKey } from './fileFormat';

/**
 * The backup settings of this installation, in `installation_setting` (migration 007):
 *   backup.folder   where backups go; absent: `backups/` in the data directory
 *   backup.key      the key derived from the backup password (scrypt), with its salt and parameters
 *
 * HAZARD: the key is kept on this computer so that the daily backup can run unattended. The
 * encryption protects the copies on another disk or a USB stick that leaves the office, not
 * the computer itself (whose database is not encrypted either).
 */
export interface BackupSettings {
  folder: string;
  defaultFolder: string;
  customFolder: boolean;
  key: BackupKey | null;
}

interface Getter {
  get<T>(query: SqlQuery): T | undefined;
}

export const defaultBackupFolder = (dataDir: string) => join(dataDir, 'backups');

function hasSettingsTable(db: Getter): boolean {
  return !!db.get(sql`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'installation_setting'`);
}

export function readBackupSettings(db: Getter | ReadableDB, dataDir: string): BackupSettings {
  const defaultFolder = defaultBackupFolder(dataDir);
  if (!hasSettingsTable(db)) return { folder: defaultFolder, defaultFolder, customFolder: false, key: null };
  const value = (key: string) => db.get<{ value: string }>(sql`SELECT value FROM installation_setting WHERE key = ${key}`)?.value ?? null;
  const folder = value('backup.folder');
  return { folder: folder ?? defaultFolder, defaultFolder, customFolder: folder !== null, key: parseKey(value('backup.key')) };
}

function parseKey(text: string | null): BackupKey | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as { key: string; salt: string; log2N: number; r: number; p: number };
    return { key: Buffer.from(v.key, 'base64'), salt: Buffer.from(v.salt, 'base64'), params: { log2N: v.log2N, r: v.r, p: v.p } };
  } catch {
    return null;
  }
}

export function serializeKey(key: BackupKey): string {
  return JSON.stringify({ key: key.key.toString('base64'), salt: key.salt.toString('base64'), ...key.params });
}

export function writeSetting(db: WritableDB, key: string, value: string | null): void {
  if (value === null) db.run(sql`DELETE FROM installation_setting WHERE key = ${key}`);
  else db.run(sql`INSERT INTO installation_setting (key, value) VALUES (${key}, ${value}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}
