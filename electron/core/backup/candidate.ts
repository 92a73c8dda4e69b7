import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/api/errors';
import type { BackupCheck } from '../../../shared/api/systemCommands';
import { verifyAudit } from '../audit/verify';
import { readableHandle, type ReadableDB } from '../db/handles';
import { migrations as registeredMigrations, type Migration } from '../db/migrations';
import { openDatabase } from '../db/open';
import { sql } from '../db/sql';
import { trialBalance } from '../ledger/trialBalance';
import { decryptFile, fileKind, refuse, type BackupKey } from './fileFormat';

export interface Candidate {
  /** The verified database, migrated to this program's schema, ready to take the live file's place. */
  path: string;
  check: BackupCheck;
}

export interface CandidateOptions {
  dataDir: string;
  /** This installation's key: its own encrypted backups open without typing the password. */
  knownKey: BackupKey | null;
  migrations?: readonly Migration[];
}

export const candidateFolder = (dataDir: string) => join(dataDir, 'restore-tmp');

/** The candidate's empty -wal/-shm left by read-only checks (nothing is ever written through them). */
export function dropSidecars(path: string): void {
  for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

export function clearCandidates(dataDir: string): void {
  const folder = candidateFolder(dataDir);
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) rmSync(join(folder, name), { force: true, recursive: true });
}

/**
 * Everything a backup must pass before it may replace the live database. Works on a private
 * copy in `restore-tmp/`; the live database is not opened, let alone changed.
 *   1. decrypt (wrong password, truncated, any changed byte: refused)
 *   2. it is a SQLite database of 乡财通, not from a newer version
 *   3. PRAGMA integrity_check
 *   4. brought to this program's schema (an older backup is migrated, on the copy)
 *   5. 审计校验: the hash chain, and the ledger against it
 *   6. the 科目余额表 of every book and period balances, on both tracks
 */
export function prepareCandidate(file: string, password: string | undefined, options: CandidateOptions): Candidate {
  if (!existsSync(file) || !statSync(file).isFile()) throw new AppError('NOT_FOUND', `找不到备份文件：${file}`, { reason: 'notFound' });
  const migrations = options.migrations ?? registeredMigrations;
  const latest = migrations[migrations.length - 1]!.version;
  clearCandidates(options.dataDir);
  mkdirSync(candidateFolder(options.dataDir), { recursive: true });
  const path = join(candidateFolder(options.dataDir), `candidate-${process.pid}-${Date.now()}.db`);
  const checks: string[] = [];
  try {
    const kind = fileKind(file);
    let createdAt: string | null = null;
    if (kind === 'encrypted') {
      const header = decryptFile(file, path, password, options.knownKey);
      createdAt = header.meta.createdAt ?? null;
      checks.push('解密成功，加密校验（AES-256-GCM）通过：文件完整、未被改动');
    } else if (kind === 'sqlite') {
      copyPlain(file, path);
      checks.push('未加密的数据库备份');
    } else {
      throw refuse('notBackup', '所选文件不是乡财通的备份文件，也不是数据库文件。');
    }

    const version = inspect(path, latest);
    checks.push(`数据库版本 ${version}（本程序支持到 ${latest}）`);
    checks.push('SQLite 完整性检查（integrity_check）通过');

    if (version < latest) {
      openDatabase(path, { migrations, backupBeforeMigrating: false }).close();
      checks.push(`已在副本上升级到数据库版本 ${latest}`);
    }

    const raw = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const db = readableHandle(raw);
      const audit = verifyAudit(db);
      if (!audit.ok) {
        throw refuse('audit', `备份中的审计校验未通过，已拒绝使用。${audit.summary}`, { problems: audit.problems.slice(0, 20) });
      }
      checks.push(`审计校验通过：${audit.entries} 条审计记录，账务数据与之一致`);
      const { books, periods } = checkTrialBalances(db);
      checks.push(`科目余额表平衡：${books} 个账套、${periods} 个会计期间，财务会计与预算会计分别平衡`);
      const vouchers = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM voucher`)!.n;
      return { path, check: { file, encrypted: kind === 'encrypted', schemaVersion: version, createdAt, books, periods, vouchers, auditEntries: audit.entries, checks } };
    } finally {
      raw.close();
      dropSidecars(path);
    }
  } catch (error) {
    rmSync(path, { force: true });
    dropSidecars(path);
    throw error;
  }
}

function copyPlain(source: string, target: string): void {
  // A byte copy: the integrity check must see the file as it is (VACUUM would rebuild what is broken).
  copyFileSync(source, target);
}

/** Version, origin and integrity of the decrypted copy. */
function inspect(path: string, latest: number): number {
  let raw: Database.Database;
  try {
    raw = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw refuse('integrity', `备份文件已损坏，无法作为数据库打开（${(error as Error).message}），已拒绝使用。`);
  }
  try {
    let version: number;
    let results: string[];
    try {
      version = raw.pragma('user_version', { simple: true }) as number;
      if (version > latest) {
        throw new AppError(
          'DB_NEWER_VERSION',
          `该备份来自更新版本的乡财通（数据库版本 ${version}，本程序最高支持 ${latest}），已拒绝恢复。请先升级乡财通再恢复这个备份。`,
          { reason: 'newerVersion', databaseVersion: version, supportedVersion: latest },
        );
      }
      results = (raw.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw refuse('integrity', `备份中的数据库已损坏（${(error as Error).message}），已拒绝使用。`);
    }
    if (results.length !== 1 || results[0] !== 'ok') {
      throw refuse('integrity', `备份中的数据库未通过完整性检查（${results[0]}${results.length > 1 ? ` 等 ${results.length} 处` : ''}），已拒绝使用。`, {
        integrity: results.slice(0, 20),
      });
    }
    const tables = new Set((raw.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name));
    if (version < 1 || !tables.has('book') || !tables.has('account')) throw refuse('notXiangcai', '所选文件不是乡财通的数据库，已拒绝使用。');
    return version;
  } finally {
    raw.close();
  }
}

/** Every book, every period it has (open, closed, or with movements): each track's 科目余额表 balances. */
export function checkTrialBalances(db: ReadableDB): { books: number; periods: number } {
  const books = db.all<{ id: string; name: string }>(sql`SELECT id, name FROM book ORDER BY created_at, id`);
  let periods = 0;
  for (const book of books) {
    const list = db.all<{ year: number; month: number }>(sql`
      SELECT year, month FROM period WHERE book_id = ${book.id}
      UNION SELECT year, month FROM period_movement WHERE book_id = ${book.id}
      ORDER BY year, month`);
    for (const p of list) {
      periods++;
      const { totals } = trialBalance(db, book.id, p.year, p.month);
      for (const track of ['financial', 'budget'] as const) {
        const t = totals[track];
        const pairs: [string, number, number][] = [
          ['期初', t.openingDebit, t.openingCredit],
          ['本期发生', t.periodDebit, t.periodCredit],
          ['本年累计', t.ytdDebit, t.ytdCredit],
          ['期末', t.closingDebit, t.closingCredit],
        ];
        const off = pairs.find(([, d, c]) => d !== c);
        if (off) {
          throw refuse(
            'unbalanced',
            `备份中账套“${book.name}”${p.year}年${String(p.month).padStart(2, '0')}月的科目余额表不平衡（${track === 'financial' ? '财务会计' : '预算会计'}${off[0]}借方 ${off[1] / 100} 元，贷方 ${off[2] / 100} 元），已拒绝使用。`,
            { bookId: book.id, year: p.year, month: p.month, track },
          );
        }
      }
    }
  }
  return { books: books.length, periods };
}
