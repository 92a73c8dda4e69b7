import type { AppEvents, EventName } from '../../shared/api/events';
import type { AuditEntrySummary, AuditReport, RestoreResult } from '../../shared/api/systemCommands';
import type { User } from '../../shared/api/types';
import type { BackupService } from './backup/service';
import type { ReadableDB, WritableDB, WriteScope } from './db/handles';
import type { SyncService } from './sync/service';
import type { PdfRenderer } from './export/pdf';

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
  /** 审计校验 and the latest entries of the audit log. */
  audit: {
    verify(): AuditReport;
    list(limit: number, beforeSeq?: number): AuditEntrySummary[];
  };
  backups: BackupService;
  /** Township ↔ county sync: configure, status, 立即同步 (and its background timer). */
  sync: SyncService;
  /** Chromium for print.pdf (playwright in browser mode, printToPDF in Electron); null where there is none. */
  pdf: PdfRenderer | null;
  /** Swaps in a verified backup (closing and reopening the database handles); see Core.restore. */
  restore(file: string, password: string | undefined, actor: WriteScope['actor']): Promise<RestoreResult>;
  info: {
    appVersion: string;
    mode: 'electron' | 'browser';
    dataDir: string;
    databaseFile: string;
    schemaVersion: number;
    sqliteVersion: string;
  };
}
