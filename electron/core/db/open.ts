import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../../shared/api/errors';
import { createAuditRecorder, type AuditHead } from '../audit/recorder';
import { combineObservers, createOutboxObserver } from '../sync/outbox';
import { backupBeforeMigration } from '../backup/store';
import { readableHandle, writableHandle, type ReadableDB, type WritableDB } from './handles';
import { migrations as defaultMigrations, type Migration } from './migrations';

export interface OpenedDatabase {
  read: ReadableDB;
  write: WritableDB;
  file: string;
  schemaVersion: number;
  sqliteVersion: string;
  /** Path of the pre-migration copy, when one was made on this open. */
  backupFile: string | null;
  /** Whether writes are audited (the schema has the audit log of migration 007). */
  audited: boolean;
  /** SQLite's online backup of the live database into a new file (pages copied in steps, writes may continue). */
  backupTo(target: string): Promise<void>;
  close(): void;
}

export interface OpenOptions {
  /** Injected by tests to build databases of older versions. */
  migrations?: readonly Migration[];
  now?: () => Date;
  /** Back up before migrating (default). Off for a restore candidate, which is itself a copy. */
  backupBeforeMigrating?: boolean;
  /** After each commit that appended audit entries (the head file beside the database). */
  onAuditCommitted?: (head: AuditHead) => void;
  /** How long a write waits for another process's lock before STORAGE_ERROR (default 5 s; tests lower it). */
  busyTimeoutMs?: number;
}

function configureWriter(connection: Database.Database, busyTimeoutMs: number) {
  connection.pragma('journal_mode = WAL');
  // Money must survive a power cut: every commit reaches the disk before we answer.
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  connection.pragma(`busy_timeout = ${busyTimeoutMs}`);
}


export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  const list = options.migrations ?? defaultMigrations;
  const busyTimeout = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
  const latest = list.length === 0 ? 0 : list[list.length - 1]!.version;
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (error) {
    throw new AppError('DB_UNAVAILABLE', `无法创建数据目录：${dirname(file)}（磁盘只读、没有权限或路径不存在）。请检查文件夹权限，或换一个数据目录。`, {
      file,
      code: (error as { code?: unknown }).code ?? null,
      cause: String(error),
    });
  }
  const existed = existsSync(file);

  let writer: Database.Database;
  try {
    writer = new Database(file, { timeout: busyTimeout });
  } catch (error) {
    throw openProblem(error, file) ?? new AppError('DB_UNAVAILABLE', `无法打开数据库文件：${file}`, { cause: String(error) });
  }
  try {
    // Read the version before configuring anything: a newer file must be left exactly as it is.
    const current = writer.pragma('user_version', { simple: true }) as number;
    if (current > latest) {
      throw new AppError(
        'DB_NEWER_VERSION',
        `数据库文件由更新版本的乡财通创建（数据库版本 ${current}，本程序最高支持 ${latest}）。为防止损坏账务数据，已拒绝打开，请升级乡财通后再使用。`,
        { databaseVersion: current, supportedVersion: latest, file },
      );
    }
    configureWriter(writer, busyTimeout);
    let backupFile: string | null = null;
    if (current < latest) {
      // Back up before touching the schema, into the installation's backup folder and rotation
      // (backup/store.ts), so a failed or unwanted upgrade can be undone from 设置 → 从备份恢复.
      if (existed && current > 0 && options.backupBeforeMigrating !== false) {
        backupFile = backupBeforeMigration(writer, file, current, (options.now ?? (() => new Date()))());
      }
      for (const migration of list) {
        if (migration.version <= current) continue;
        // Each migration and its version bump commit together.
        writer.transaction(() => {
          migration.up(writer);
          writer.pragma(`user_version = ${migration.version}`);
        }).immediate();
      }
    }
    const reader = new Database(file, { readonly: true, fileMustExist: true, timeout: busyTimeout });
    reader.pragma(`busy_timeout = ${busyTimeout}`);
    const sqliteVersion = (reader.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    // Every write transaction appends its audit entry (audit/recorder.ts), once the schema has the log.
    const audited = !!writer.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_log'`).get();
    const recorder = audited ? createAuditRecorder(writer, { now: options.now ?? (() => new Date()), onCommitted: options.onAuditCommitted }) : null;
    // …and appends its sync change records (sync/outbox.ts), which reads what the audit capture saw.
    const syncReady = audited && !!writer.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sync_outbox'`).get();
    const outbox = syncReady ? createOutboxObserver(writer, { now: options.now ?? (() => new Date()) }) : null;
    return {
      read: readableHandle(reader),
      // The outbox first: its begin clears its capture before the recorder takes its change-count baseline.
      write: writableHandle(writer, combineObservers(outbox, recorder)),
      file,
      schemaVersion: latest,
      sqliteVersion,
      backupFile,
      audited,
      backupTo: async (target) => {
        await writer.backup(target);
      },
      close() {
        reader.close();
        writer.close();
      },
    };
  } catch (error) {
    writer.close();
    throw openProblem(error, file) ?? error;
  }
}

/**
 * Disk trouble met while opening (another program holding the file, a read-only or full disk,
 * a damaged file), as a typed error in words the accountant can act on; null for anything else
 * (a failing migration stays the programming error it is).
 */
function openProblem(error: unknown, file: string): AppError | null {
  if (error instanceof AppError) return error;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const cause = { file, code, cause: String(error) };
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError('DB_UNAVAILABLE', `数据库文件正被其他程序占用（可能是另一个乡财通或备份软件），无法打开：${file}。请关闭占用它的程序后重新打开乡财通。`, cause);
  }
  if (['EROFS', 'EACCES', 'EPERM'].includes(code) || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) {
    return new AppError('DB_UNAVAILABLE', `无法在数据目录中创建或写入数据库文件（磁盘只读或没有权限）：${file}。请检查文件夹权限，或换一个数据目录。`, cause);
  }
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') {
    return new AppError('DB_UNAVAILABLE', `磁盘空间已满，无法打开数据库文件：${file}。请清理磁盘后重新打开乡财通。`, cause);
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') {
    return new AppError('DB_UNAVAILABLE', `读取数据库文件时出错：${file}。请检查磁盘是否正常、U盘或网络盘是否已断开。`, cause);
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new AppError('DB_UNAVAILABLE', `数据库文件已损坏或不是乡财通的数据文件：${file}。请从备份恢复，并联系技术支持。`, cause);
  }
  return null;
}
