import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { AppError } from '../../../shared/api/errors';
import type { BackupCheck, BackupFileInfo, BackupStatus } from '../../../shared/api/systemCommands';
import type { ReadableDB, WritableDB } from '../db/handles';
import { candidateFolder, prepareCandidate, type Candidate } from './candidate';
import { deriveBackupKey, type BackupMeta } from './fileFormat';
import { dayKey, DEFAULT_POLICY } from './rotation';
import { readBackupSettings, serializeKey, writeSetting } from './settings';
import { listBackups, prefixOf, storeBackup, workFolder } from './store';

export interface BackupDeps {
  dataDir: string;
  databaseFile: string;
  now: () => Date;
  /** The live database's read handle (it changes after a restore). */
  read: () => ReadableDB;
  /** SQLite's online backup of the live database into a new file. */
  backupTo: (target: string) => Promise<void>;
  schemaVersion: number;
  appVersion: string;
  installationId: () => string;
  log: (message: string, error: unknown) => void;
}

export interface BackupService {
  status(): BackupStatus;
  configure(write: WritableDB, input: { folder: string | null; password?: string | undefined }): BackupStatus;
  /** A backup now, into the backup folder. Throws STORAGE_ERROR in words the accountant can act on. */
  create(reason: string): Promise<BackupFileInfo>;
  /** The daily backup, when none was made today (北京时间). Never throws: a failure is kept for 设置 to show. */
  runDaily(): Promise<BackupFileInfo | null>;
  /** Before 结账 / 年结. Never throws: closing goes on, the failure is kept for 设置 to show. */
  beforeClose(year: number, month: number): Promise<BackupFileInfo | null>;
  /** All the restore checks on a private copy, which is then discarded. */
  verify(file: string, password: string | undefined): BackupCheck;
  /** All the restore checks; the verified copy is left for the core to swap in. */
  prepare(file: string, password: string | undefined): Candidate;
  /** A backup is being copied right now (a restore must wait: it closes the database). */
  busy(): boolean;
}

export function createBackupService(deps: BackupDeps): BackupService {
  const prefix = prefixOf(deps.databaseFile);
  let lastResult: BackupStatus['lastResult'] = null;
  let inFlight = 0;
  const settings = () => readBackupSettings(deps.read(), deps.dataDir);

  async function create(reason: string): Promise<BackupFileInfo> {
    const current = settings();
    const now = deps.now();
    mkdirSync(workFolder(deps.dataDir), { recursive: true });
    const plain = join(workFolder(deps.dataDir), `${reason}-${process.pid}-${now.getTime()}.db`);
    const meta: BackupMeta = { createdAt: now.toISOString(), reason, schemaVersion: deps.schemaVersion, appVersion: deps.appVersion, installationId: deps.installationId() };
    inFlight++;
    try {
      rmSync(plain, { force: true });
      await deps.backupTo(plain);
      const path = storeBackup(plain, { folder: current.folder, prefix, key: current.key, meta });
      const info = listBackups(current.folder, prefix).find((f) => f.path === path);
      if (!info) throw new Error(`backup file vanished: ${path}`);
      lastResult = { at: meta.createdAt, ok: true, message: `已备份到 ${path}`, file: path };
      return info;
    } catch (error) {
      const message = `备份未能完成：${describeFailure(error, current.folder)}`;
      lastResult = { at: meta.createdAt, ok: false, message, file: null };
      throw new AppError('STORAGE_ERROR', message, { folder: current.folder, code: (error as { code?: unknown }).code ?? null });
    } finally {
      inFlight--;
      rmSync(plain, { force: true });
    }
  }

  async function quietly(reason: string): Promise<BackupFileInfo | null> {
    try {
      return await create(reason);
    } catch (error) {
      deps.log(`backup (${reason}) failed`, error);
      return null;
    }
  }

  const service: BackupService = {
    status() {
      const current = settings();
      let folderProblem: string | null = null;
      if (current.customFolder && !existsSync(current.folder)) folderProblem = `备份文件夹不存在或U盘、移动硬盘未连接：${current.folder}`;
      return {
        folder: current.folder,
        defaultFolder: current.defaultFolder,
        customFolder: current.customFolder,
        encrypted: current.key !== null,
        files: folderProblem ? [] : listBackups(current.folder, prefix),
        folderProblem,
        lastResult,
        policy: DEFAULT_POLICY,
      };
    },

    configure(write, input) {
      const current = settings();
      const folder = input.folder === null ? null : resolve(input.folder);
      if (input.folder !== null && !isAbsolute(input.folder)) {
        throw new AppError('RULE_VIOLATION', '请填写完整的文件夹路径，例如 E:\\乡财通备份 或 /media/usb/乡财通备份', { issues: [{ path: ['folder'], message: '须为完整路径' }] });
      }
      if (folder !== null) {
        if (isInside(folder, candidateFolder(deps.dataDir)) || isInside(folder, workFolder(deps.dataDir))) {
          throw new AppError('RULE_VIOLATION', '不能把备份放在程序的临时文件夹中，请另选一个文件夹', { issues: [{ path: ['folder'], message: '请另选文件夹' }] });
        }
        requireWritable(folder);
      }
      const keepsKey = current.key !== null;
      const custom = folder !== null && folder !== current.defaultFolder;
      if (custom && !keepsKey && !input.password) {
        throw new AppError('RULE_VIOLATION', '备份到另一块硬盘或U盘时须设置备份密码：备份文件将加密保存，丢失U盘也不会泄露账务数据。', {
          issues: [{ path: ['password'], message: '请设置备份密码' }],
        });
      }
      const key = input.password ? deriveBackupKey(input.password) : null;
      write.transaction((db) => {
        writeSetting(db, 'backup.folder', custom ? folder : null);
        if (key) writeSetting(db, 'backup.key', serializeKey(key));
        db.note({ folder: custom ? folder : '（默认）', passwordChanged: key !== null });
      });
      return service.status();
    },

    create,

    async runDaily() {
      const current = settings();
      const today = dayKey(deps.now());
      try {
        if (listBackups(current.folder, prefix).some((f) => dayKey(new Date(f.createdAt)) === today)) return null;
      } catch {
        // An unreadable folder: let the backup itself say what is wrong.
      }
      return quietly('daily');
    },

    beforeClose(year, month) {
      return quietly(`preclose-${year}-${String(month).padStart(2, '0')}`);
    },

    verify(file, password) {
      const candidate = service.prepare(file, password);
      rmSync(candidate.path, { force: true });
      return candidate.check;
    },

    busy: () => inFlight > 0,

    prepare(file, password) {
      return prepareCandidate(resolve(file), password, { dataDir: deps.dataDir, knownKey: settings().key });
    },
  };
  return service;
}

function isInside(path: string, folder: string): boolean {
  const p = resolve(path);
  const f = resolve(folder);
  return p === f || p.startsWith(`${f}/`) || p.startsWith(`${f}\\`);
}

function requireWritable(folder: string): void {
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
    const probe = join(folder, `.xiangcai-probe-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe, { force: true });
  } catch (error) {
    throw new AppError('RULE_VIOLATION', `无法写入文件夹 ${folder}：${describeFailure(error, folder)}`, { issues: [{ path: ['folder'], message: '无法写入' }] });
  }
}

function describeFailure(error: unknown, folder: string): string {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return `备份位置空间不足（${folder}），请清理或更换U盘、移动硬盘后重试。`;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `备份文件夹不存在或U盘、移动硬盘未连接（${folder}）。`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `没有写入备份文件夹的权限，或U盘处于写保护状态（${folder}）。`;
  if (code.startsWith('SQLITE_')) return `读取数据库时出错（${code}），请稍后重试。`;
  return `写入备份文件夹时出错（${folder}）：${(error as Error)?.message ?? String(error)}`;
}
