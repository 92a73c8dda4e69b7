import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../shared/api/errors';
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
  close(): void;
}

export interface OpenOptions {
  /** Injected by tests to build databases of older versions. */
  migrations?: readonly Migration[];
  now?: () => Date;
}

function configureWriter(connection: Database.Database) {
  connection.pragma('journal_mode = WAL');
  // Money must survive a power cut: every commit reaches the disk before we answer.
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
}

/**
 * Back up before touching the schema: a checkpointed copy of the whole file,
 * written beside it in `backups/`, so a failed or unwanted upgrade can be undone by hand.
 */
function backupBeforeMigrating(connection: Database.Database, file: string, fromVersion: number, now: Date): string {
  const directory = join(dirname(file), 'backups');
  mkdirSync(directory, { recursive: true });
  connection.pragma('wal_checkpoint(TRUNCATE)');
  const target = join(directory, `${basename(file, '.db')}-v${fromVersion}-${timestamp(now)}.db`);
  copyFileSync(file, target);
  return target;
}

export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  const list = options.migrations ?? defaultMigrations;
  const latest = list.length === 0 ? 0 : list[list.length - 1]!.version;
  mkdirSync(dirname(file), { recursive: true });
  const existed = existsSync(file);

  let writer: Database.Database;
  try {
    writer = new Database(file);
  } catch (error) {
    throw new AppError('DB_UNAVAILABLE', `无法打开数据库文件：${file}`, { cause: String(error) });
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
    configureWriter(writer);
    let backupFile: string | null = null;
    if (current < latest) {
      if (existed && current > 0) backupFile = backupBeforeMigrating(writer, file, current, (options.now ?? (() => new Date()))());
      for (const migration of list) {
        if (migration.version <= current) continue;
        // Each migration and its version bump commit together.
        writer.transaction(() => {
          migration.up(writer);
          writer.pragma(`user_version = ${migration.version}`);
        }).immediate();
      }
    }
    const reader = new Database(file, { readonly: true, fileMustExist: true });
    reader.pragma('busy_timeout = 5000');
    const sqliteVersion = (reader.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    return {
      read: readableHandle(reader),
      write: writableHandle(writer),
      file,
      schemaVersion: latest,
      sqliteVersion,
      backupFile,
      close() {
        reader.close();
        writer.close();
      },
    };
  } catch (error) {
    writer.close();
    throw error;
  }
}
