import type Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BackupFileInfo } from '../../../shared/api/systemCommands';
import { readableHandle } from '../db/handles';
import { encryptFile, type BackupKey, type BackupMeta } from './fileFormat';
import { backupFileName, backupsToKeep, isRotated, parseBackupName, DEFAULT_POLICY, type RetentionPolicy } from './rotation';
import { readBackupSettings } from './settings';

/** Plain copies are made here (on the database's own disk) before they are encrypted or moved into the backup folder. */
export const workFolder = (dataDir: string) => join(dataDir, 'backup-tmp');

export function prefixOf(databaseFile: string): string {
  return basename(databaseFile, '.db');
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Rename, or copy then delete across disks (a USB stick). The result is synced before it gets its final name. */
function moveInto(source: string, target: string): void {
  syncFile(source);
  try {
    renameSync(source, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    const partial = `${target}.partial`;
    copyFileSync(source, partial);
    syncFile(partial);
    renameSync(partial, target);
    rmSync(source, { force: true });
  }
}

export interface StoreOptions {
  folder: string;
  prefix: string;
  key: BackupKey | null;
  meta: BackupMeta;
  policy?: RetentionPolicy;
}

/**
 * Takes a finished plain copy of the database and puts it into the backup folder, encrypted
 * when a backup password is set, then applies the rotation. The plain copy is removed on
 * success; on failure it is left to the caller (which may try another folder, then removes it).
 */
export function storeBackup(plainCopy: string, options: StoreOptions): string {
  mkdirSync(options.folder, { recursive: true });
  const time = new Date(options.meta.createdAt);
  const target = join(options.folder, backupFileName(options.prefix, time, options.meta.reason, options.key !== null));
  if (options.key) encryptFile(plainCopy, target, options.key, options.meta);
  else moveInto(plainCopy, target);
  rmSync(plainCopy, { force: true });
  pruneBackups(options.folder, options.prefix, options.policy);
  return target;
}

export function reasonLabel(reason: string): string {
  if (reason === 'daily') return '每日自动备份';
  if (reason === 'manual') return '手动备份';
  const close = /^preclose-(\d{4})-(\d{2})$/.exec(reason);
  if (close) return close[2] === '12' ? `年结前（${close[1]}年12月结账前）` : `结账前（${close[1]}年${close[2]}月）`;
  const migrate = /^premigrate-v(\d+)$/.exec(reason);
  if (migrate) return `升级前（数据库版本 ${migrate[1]}）`;
  return reason;
}

export function listBackups(folder: string, prefix: string): BackupFileInfo[] {
  if (!existsSync(folder)) return [];
  const files: BackupFileInfo[] = [];
  for (const name of readdirSync(folder)) {
    const parsed = parseBackupName(name, prefix);
    if (!parsed) continue;
    const path = join(folder, name);
    let bytes = 0;
    try {
      bytes = statSync(path).size;
    } catch {
      continue;
    }
    files.push({
      name,
      path,
      createdAt: parsed.time.toISOString(),
      reason: parsed.reason,
      reasonLabel: reasonLabel(parsed.reason),
      encrypted: parsed.encrypted,
      bytes,
      rotated: isRotated(parsed.reason),
    });
  }
  return files.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.name < b.name ? 1 : -1));
}

/** Deletes the rotated backups the 7 daily / 4 weekly / 12 monthly set no longer keeps. */
export function pruneBackups(folder: string, prefix: string, policy: RetentionPolicy = DEFAULT_POLICY): string[] {
  const parsed = readdirSync(folder).flatMap((name) => parseBackupName(name, prefix) ?? []);
  const keep = backupsToKeep(parsed, policy);
  const removed: string[] = [];
  for (const file of parsed) {
    if (!isRotated(file.reason) || keep.has(file.name)) continue;
    rmSync(join(folder, file.name), { force: true });
    removed.push(file.name);
  }
  return removed;
}

/**
 * Before a migration touches the schema: a consistent copy (`VACUUM INTO`, synchronous, as
 * opening is) into the installation's backup folder, encrypted with its key when one is set,
 * in the same rotating set as the daily backups. Returns the backup's path.
 */
export function backupBeforeMigration(connection: Database.Database, file: string, fromVersion: number, now: Date): string {
  const dataDir = dirname(file);
  const settings = readBackupSettings(readableHandle(connection), dataDir);
  const work = workFolder(dataDir);
  mkdirSync(work, { recursive: true });
  const plain = join(work, `premigrate-${process.pid}-${now.getTime()}.db`);
  rmSync(plain, { force: true });
  connection.prepare('VACUUM INTO ?').run(plain);
  const meta: BackupMeta = { createdAt: now.toISOString(), reason: `premigrate-v${fromVersion}`, schemaVersion: fromVersion, appVersion: '', installationId: null };
  try {
    return storeBackup(plain, { folder: settings.folder, prefix: prefixOf(file), key: settings.key, meta });
  } catch (error) {
    // The chosen folder is away (a USB stick not plugged in): keep the copy in the data directory rather than upgrade without one.
    if (settings.customFolder && existsSync(plain)) return storeBackup(plain, { folder: settings.defaultFolder, prefix: prefixOf(file), key: settings.key, meta });
    throw error;
  } finally {
    rmSync(plain, { force: true });
  }
}
