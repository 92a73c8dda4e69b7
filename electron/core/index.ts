import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError, type Result } from '../../shared/api/errors';
import type { AppEvent, AppEvents, EventName } from '../../shared/api/events';
import type { AuditReport, RestoreResult } from '../../shared/api/systemCommands';
import { uuidv7 } from '../../shared/domain/id';
import { createAnchorWriter, readAnchor } from './audit/anchor';
import { listAuditEntries } from './audit/entries';
import { auditHead } from './audit/recorder';
import { verifyAudit } from './audit/verify';
import { dropSidecars } from './backup/candidate';
import { startBackupSchedule, type ScheduleOptions } from './backup/schedule';
import { createBackupService, type BackupService } from './backup/service';
import { readBackupSettings, serializeKey, writeSetting } from './backup/settings';
import { stampOf } from './backup/rotation';
import type { CoreServices } from './context';
import type { ReadableDB, WritableDB, WriteScope } from './db/handles';
import type { PdfRenderer } from './export/pdf';
import { openDatabase, type OpenedDatabase, type OpenOptions } from './db/open';
import { sql, type SqlQuery } from './db/sql';
import { createDispatcher } from './dispatcher';
import { handlers } from './handlers';
import { databaseFileName } from './paths';
import { createSyncService, type SyncOptions } from './sync/service';

export interface CoreOptions {
  dataDir: string;
  mode: 'electron' | 'browser';
  appVersion: string;
  /** Tests only. */
  database?: OpenOptions;
  log?: (message: string, error: unknown) => void;
  /** Tests only: the clock of sessions, audit entries and backups. */
  now?: () => Date;
  /** The daily backup timer (default: first look 10 minutes after start, then hourly). `false`: none. */
  backupSchedule?: ScheduleOptions | false;
  /** Renders print documents to PDF (electron/host/pdf.ts, electron/main/pdf.ts); without one print.pdf says so. */
  pdf?: PdfRenderer;
  /** Sync with the county (page size, the background timer; tests turn the timer off). */
  sync?: SyncOptions;
}

export interface Core {
  /** `session`: the token from auth.login, for commands that need a user. */
  invoke(name: string, input: unknown, session?: string | null): Promise<Result<unknown>>;
  subscribe(listener: (event: AppEvent) => void): () => void;
  emit<K extends EventName>(name: K, payload: AppEvents[K]): void;
  readonly dataDir: string;
  readonly databaseFile: string;
  readonly installationId: string;
  /** 审计校验 of the live database (also the `audit.verify` command). */
  verifyAudit(): AuditReport;
  readonly backups: BackupService;
  /**
   * Replaces the live database with a verified backup. Every check runs on a private copy
   * first (backup/candidate.ts); a refused backup leaves the live database untouched. Then the
   * core closes its handles, renames the live file aside with a timestamp, moves the copy into
   * place and reopens — the same in Electron and browser mode, so no restart is needed. All
   * sessions end: users log in again on the restored data.
   */
  restore(file: string, password?: string, actor?: WriteScope['actor']): Promise<RestoreResult>;
  close(): void;
}

/** Opens (creating or migrating) the installation's database and returns the command dispatcher over it. */
export function openCore(options: CoreOptions): Core {
  const dataDir = resolve(options.dataDir);
  const databaseFile = join(dataDir, databaseFileName);
  const now = options.now ?? options.database?.now ?? (() => new Date());
  const listeners = new Set<(event: AppEvent) => void>();
  const log = options.log ?? ((message, error) => console.error(`[xiangcai] ${message}`, error));

  const anchor = createAnchorWriter(dataDir);
  const open = () =>
    openDatabase(databaseFile, {
      ...options.database,
      now,
      onAuditCommitted: (head) => anchor.write(head),
    });
  let db: OpenedDatabase = open();
  // The handles every command sees follow `db`, which a restore replaces.
  const read = delegatingRead(() => db.read);
  const write = delegatingWrite(() => db.write);

  const emit = <K extends EventName>(name: K, payload: AppEvents[K]) => {
    const event = { name, payload } as AppEvent;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        log('event listener failed', error);
      }
    }
  };

  let installationId = ensureInstallation(write, now());
  const backups = createBackupService({
    dataDir,
    databaseFile,
    now,
    read: () => db.read,
    backupTo: (target) => db.backupTo(target),
    schemaVersion: db.schemaVersion,
    appVersion: options.appVersion,
    installationId: () => installationId,
    log,
  });

  const verify = () => verifyAudit(db.read, { anchor: readAnchor(dataDir), now: now() });

  async function restore(file: string, password?: string, actor: WriteScope['actor'] = null): Promise<RestoreResult> {
    if (backups.busy()) throw new AppError('CONFLICT', '正在备份，请等备份完成（通常不到一分钟）后再恢复。');
    const before = readBackupSettings(db.read, dataDir);
    const candidate = backups.prepare(file, password);
    const aside = join(dataDir, `${databaseFileName.replace(/\.db$/, '')}.before-restore-${stampOf(now())}Z.db`);
    db.close();
    try {
      renameSync(databaseFile, aside);
      for (const suffix of ['-wal', '-shm']) if (existsSync(databaseFile + suffix)) renameSync(databaseFile + suffix, aside + suffix);
    } catch (error) {
      db = open();
      rmSync(candidate.path, { force: true });
      throw new AppError('STORAGE_ERROR', `无法把当前数据库移到一旁（${(error as Error).message}），未做恢复，数据未被改动。请关闭其他正在使用乡财通数据的程序后重试。`);
    }
    try {
      dropSidecars(candidate.path);
      renameSync(candidate.path, databaseFile);
      // The head file now speaks of the database set aside; the restored log starts from its own head.
      const restored = openDatabase(databaseFile, { ...options.database, now, backupBeforeMigrating: false, onAuditCommitted: (head) => anchor.write(head) });
      anchor.write(auditHead(restored.read));
      db = restored;
    } catch (error) {
      rmSync(databaseFile, { force: true });
      renameSync(aside, databaseFile);
      db = open();
      throw new AppError('STORAGE_ERROR', `恢复未完成，已换回恢复前的数据库（${(error as Error).message}）。`);
    }
    // Recorded in the restored log; earlier sessions end; the backup settings stay those of this
    // computer (where its backups go is not something a restored file should decide).
    write.scoped({ kind: 'system', action: 'backup.restored', actor }).transaction((tx) => {
      tx.run(sql`DELETE FROM user_session`);
      writeSetting(tx, 'backup.folder', before.customFolder ? before.folder : null);
      if (before.key) writeSetting(tx, 'backup.key', serializeKey(before.key));
      writeSetting(tx, 'restore.last', JSON.stringify({ at: now().toISOString(), from: candidate.check.file, previousDatabase: aside }));
      tx.note({ from: candidate.check.file, previousDatabase: aside, backupCreatedAt: candidate.check.createdAt });
    });
    installationId = ensureInstallation(write, now());
    return { ...candidate.check, previousDatabase: aside, loggedOut: true };
  }

  const services: CoreServices = {
    read,
    write,
    emit,
    now,
    audit: { verify, list: (limit, beforeSeq) => listAuditEntries(db.read, limit, beforeSeq) },
    backups,
    pdf: options.pdf ?? null,
    // Set just below: the sync service itself works on these services.
    sync: null as unknown as CoreServices['sync'],
    restore,
    info: {
      appVersion: options.appVersion,
      mode: options.mode,
      dataDir,
      databaseFile,
      schemaVersion: db.schemaVersion,
      sqliteVersion: db.sqliteVersion,
    },
  };
  services.sync = createSyncService(services, options.sync);
  const dispatch = createDispatcher(handlers, services, log);
  const schedule = options.backupSchedule === false ? null : startBackupSchedule(() => backups.runDaily(), options.backupSchedule);

  return {
    invoke: dispatch,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit,
    dataDir,
    databaseFile,
    get installationId() {
      return installationId;
    },
    verifyAudit: verify,
    backups,
    restore,
    close() {
      schedule?.stop();
      services.sync.close();
      listeners.clear();
      db.close();
      anchor.close();
    },
  };
}

/** A system entry in the audit log: this installation's identity is written once, outside any command. */
function ensureInstallation(write: WritableDB, now: Date): string {
  const row = write.get<{ id: string }>(sql`SELECT id FROM installation WHERE singleton = 1`);
  if (row) return row.id;
  const id = uuidv7();
  write.scoped({ kind: 'system', action: 'installation.create', actor: null }).transaction((tx) => {
    tx.run(sql`INSERT INTO installation (singleton, id, created_at) VALUES (1, ${id}, ${now.toISOString()})`);
  });
  return id;
}

function delegatingRead(current: () => ReadableDB): ReadableDB {
  return {
    access: 'read',
    get: <T>(q: SqlQuery) => current().get<T>(q),
    all: <T>(q: SqlQuery) => current().all<T>(q),
  };
}

function delegatingWrite(current: () => WritableDB, scope: WriteScope | null = null): WritableDB {
  const target = () => (scope ? current().scoped(scope) : current());
  return {
    access: 'write',
    get: <T>(q: SqlQuery) => current().get<T>(q),
    all: <T>(q: SqlQuery) => current().all<T>(q),
    run: (q: SqlQuery) => target().run(q),
    transaction: <T>(action: (db: WritableDB) => T): T => target().transaction(action),
    note: (details) => current().note(details),
    scoped: (next) => delegatingWrite(current, next),
  };
}
