import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/api/errors';
import { uuidv7 } from '../../../shared/domain/id';
import { caller } from '../../../test/helpers/core';
import { scenarioSaveInput, scenarioVouchers, twoPersonOffice } from '../../../test/helpers/ledger';
import { tempDir } from '../../../test/helpers/tmp';
import { migrations } from '../db/migrations';
import { openDatabase } from '../db/open';
import { sql } from '../db/sql';
import { openCore, type Core } from '../index';
import { decryptFile, deriveBackupKey, encryptFile, readHeader } from './fileFormat';
import { DEFAULT_POLICY } from './rotation';

/** The schema this program writes (the tests follow new migrations instead of naming a number). */
const LATEST = migrations[migrations.length - 1]!.version;

let dir: ReturnType<typeof tempDir>;
let core: Core;
let clock: Date;
const dataDir = () => join(dir.path, 'data');
const usb = () => join(dir.path, 'usb', '乡财通备份');
const open = () => openCore({ dataDir: dataDir(), mode: 'browser', appVersion: '1', log: () => {}, now: () => clock, backupSchedule: false });

beforeEach(() => {
  dir = tempDir();
  clock = new Date('2026-01-20T02:00:00Z');
  core = open();
});
afterEach(() => {
  core.close();
  dir.cleanup();
});

async function office(posted = 2) {
  const o = await twoPersonOffice(core);
  const ids: string[] = [];
  for (const v of scenarioVouchers.slice(0, posted)) ids.push((await o.accountant.ok('voucher.save', scenarioSaveInput(o.book.id, v))).voucher.id);
  await o.reviewer.ok('voucher.review', { bookId: o.book.id, ids });
  await o.accountant.ok('voucher.post', { bookId: o.book.id, ids });
  return { ...o, posted: ids };
}

function refusal(error: unknown): { code: string; message: string; reason: unknown } {
  expect(error).toBeInstanceOf(AppError);
  const e = error as AppError;
  return { code: e.code, message: e.message, reason: (e.details as { reason?: unknown } | undefined)?.reason };
}

function catching(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('the encrypted backup file (AES-256-GCM, scrypt)', () => {
  const plain = () => join(dir.path, 'plain.bin');
  const meta = { createdAt: '2026-01-20T02:00:00.000Z', reason: 'manual', schemaVersion: 7, appVersion: '1', installationId: null };
  beforeEach(() => writeFileSync(plain(), randomBytes(3 * 1024 * 1024 + 17)));

  it('round-trips, with magic, version, salt, scrypt parameters and nonce in an authenticated header', () => {
    const key = deriveBackupKey('backup2026');
    const file = join(dir.path, 'x.xcbak');
    encryptFile(plain(), file, key, meta);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 8).toString('ascii')).toBe('XCBACKUP');
    const header = readHeader(file);
    expect(header).toMatchObject({ version: 1, params: { log2N: 15, r: 8, p: 1 }, plaintextBytes: 3 * 1024 * 1024 + 17, meta });
    expect(header.salt.equals(key.salt)).toBe(true);
    expect(bytes.length).toBe(header.headerBytes + header.plaintextBytes + 16);

    decryptFile(file, join(dir.path, 'back.bin'), 'backup2026');
    expect(readFileSync(join(dir.path, 'back.bin')).equals(readFileSync(plain()))).toBe(true);
    // Two files of the same key never share a nonce.
    encryptFile(plain(), join(dir.path, 'y.xcbak'), key, meta);
    expect(readHeader(join(dir.path, 'y.xcbak')).nonce.equals(header.nonce)).toBe(false);
  });

  it('refuses a wrong password, a truncated file, a changed byte of data or of the header, and says which', () => {
    const file = join(dir.path, 'x.xcbak');
    encryptFile(plain(), file, deriveBackupKey('backup2026'), meta);
    const out = join(dir.path, 'out.bin');
    const variant = (name: string, change: (bytes: Buffer) => Buffer) => {
      const path = join(dir.path, name);
      writeFileSync(path, change(Buffer.from(readFileSync(file))));
      return path;
    };

    expect(refusal(catching(() => decryptFile(file, out, 'backup2027')))).toEqual({ code: 'RULE_VIOLATION', reason: 'wrongPassword', message: '备份密码不正确，已拒绝使用该备份。' });
    expect(refusal(catching(() => decryptFile(file, out, undefined))).reason).toBe('passwordRequired');

    const truncated = variant('cut.xcbak', (b) => b.subarray(0, b.length - 1000));
    expect(refusal(catching(() => decryptFile(truncated, out, 'backup2026')))).toMatchObject({ reason: 'truncated', message: expect.stringContaining('备份文件不完整') });

    const flipped = variant('flip.xcbak', (b) => {
      b[b.length - 5000]! ^= 0x01;
      return b;
    });
    expect(refusal(catching(() => decryptFile(flipped, out, 'backup2026')))).toMatchObject({ reason: 'tampered', message: expect.stringContaining('已被改动或损坏') });

    // The metadata (a later reason, say) is authenticated too.
    const relabelled = variant('meta.xcbak', (b) => Buffer.from(b.toString('latin1').replace('"manual"', '"daily1"'), 'latin1'));
    expect(refusal(catching(() => decryptFile(relabelled, out, 'backup2026'))).reason).toBe('tampered');
    expect(existsSync(out)).toBe(false);
  });
});

describe('automatic backups', () => {
  it('makes one backup a day while the app runs (clock injected), kept in the 7/4/12 rotating set', async () => {
    await office();
    const first = await core.backups.runDaily();
    expect(first).toMatchObject({ reason: 'daily', reasonLabel: '每日自动备份', encrypted: false, createdAt: '2026-01-20T02:00:00.000Z' });
    expect(first!.path).toBe(join(dataDir(), 'backups', 'xiangcai-20260120T020000Z-daily.db'));
    clock = new Date('2026-01-20T09:00:00Z');
    expect(await core.backups.runDaily()).toBeNull(); // already one today (北京时间)

    for (let day = 1; day <= 120; day++) {
      clock = new Date(Date.parse('2026-01-20T02:00:00Z') + day * 86400_000);
      expect(await core.backups.runDaily()).not.toBeNull();
    }
    const files = core.backups.status().files;
    expect(files.length).toBeLessThanOrEqual(DEFAULT_POLICY.daily + DEFAULT_POLICY.weekly + DEFAULT_POLICY.monthly);
    const days = files.map((f) => f.createdAt.slice(0, 10));
    expect(days.slice(0, 7)).toEqual(['2026-05-20', '2026-05-19', '2026-05-18', '2026-05-17', '2026-05-16', '2026-05-15', '2026-05-14']);
    expect(days).toContain('2026-01-31'); // the newest of January
    // Each one is a complete database.
    const raw = new Database(files[0]!.path, { readonly: true });
    expect((raw.prepare('SELECT count(*) AS n FROM voucher').get() as { n: number }).n).toBe(2);
    raw.close();
  });

  it('backs up before 结账 and before 年结 (closing December), and the close records which backup', async () => {
    const o = await office();
    for (let month = 1; month <= 12; month++) {
      clock = new Date(Date.parse('2026-01-20T02:00:00Z') + month * 60_000); // minutes apart: the session stays live
      await o.accountant.ok('period.close', { bookId: o.book.id, year: 2026, month });
    }
    const reasons = core.backups.status().files.map((f) => f.reasonLabel);
    // The same day: the rotation keeps that day's newest, the one taken before 年结.
    expect(reasons).toEqual(['年结前（2026年12月结账前）']);
    const closing = new Database(core.databaseFile, { readonly: true });
    const entry = closing.prepare(`SELECT payload FROM audit_log WHERE action = 'period.close' ORDER BY seq DESC LIMIT 1`).get() as { payload: string };
    closing.close();
    expect(JSON.parse(entry.payload).details).toEqual({ backup: 'xiangcai-20260120T021200Z-preclose-2026-12.db' });
    // The backup holds the books as they were before December closed.
    const backup = new Database(core.backups.status().files[0]!.path, { readonly: true });
    expect(backup.prepare(`SELECT max(month) AS m, count(*) AS n FROM period WHERE year = 2026 AND status = 'closed'`).get()).toEqual({ m: 11, n: 11 });
    backup.close();
  });

  it('goes to a folder of the user’s choosing only with a backup password, and is encrypted there', async () => {
    const o = await office();
    const refused = await o.accountant.fails('backup.configure', { folder: usb() });
    expect(refused).toMatchObject({ code: 'RULE_VIOLATION', message: expect.stringContaining('须设置备份密码') });
    const weak = await o.accountant.fails('backup.configure', { folder: usb(), password: 'backupbackup' });
    expect(weak).toMatchObject({ code: 'INVALID_INPUT', details: [{ path: ['password'], message: '密码须同时包含字母和数字' }] });
    expect(await o.reviewer.fails('backup.configure', { folder: usb(), password: 'backup2026' })).toMatchObject({ code: 'FORBIDDEN' });

    const status = await o.accountant.ok('backup.configure', { folder: usb(), password: 'backup2026' });
    expect(status).toMatchObject({ folder: usb(), customFolder: true, encrypted: true, files: [] });
    const manual = await o.reviewer.ok('backup.create', {});
    expect(manual).toMatchObject({ reason: 'manual', reasonLabel: '手动备份', encrypted: true, rotated: false });
    expect(manual.path.startsWith(usb())).toBe(true);
    expect(manual.name).toMatch(/\.xcbak$/);
    // Nothing of the books is readable on the stick.
    const bytes = readFileSync(manual.path);
    expect(bytes.includes(Buffer.from('青山镇人民政府'))).toBe(false);
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect((await o.accountant.ok('backup.status', {})).files.map((f) => f.name)).toEqual([manual.name]);
    // The password itself is kept nowhere, and not in the audit log.
    expect(readFileSync(core.databaseFile).includes(Buffer.from('backup2026'))).toBe(false);

    // With the stick unplugged the backup fails in words the accountant can act on.
    const away = join(dir.path, 'gone');
    await o.accountant.ok('backup.configure', { folder: away });
    writeFileSync(join(dir.path, 'blocker'), 'x');
    const db = new Database(core.databaseFile);
    db.prepare(`UPDATE installation_setting SET value = ? WHERE key = 'backup.folder'`).run(join(dir.path, 'blocker', 'sub'));
    db.close();
    const failed = await o.accountant.fails('backup.create', {});
    expect(failed).toMatchObject({ code: 'STORAGE_ERROR', message: expect.stringMatching(/^备份未能完成：/) });
    expect((await o.accountant.ok('backup.status', {})).lastResult).toMatchObject({ ok: false, message: failed.message });
  });

  it('backs up before a migration into the chosen folder, encrypted, in the same set', async () => {
    const o = await office();
    await o.accountant.ok('backup.configure', { folder: usb(), password: 'backup2026' });
    core.close();
    const next = [...migrations, { version: 99, name: 'test only', up: (db: Database.Database) => db.exec('CREATE TABLE t99 (a INTEGER) STRICT') }];
    clock = new Date('2026-02-01T00:00:00Z');
    const upgraded = openDatabase(core.databaseFile, { migrations: next, now: () => clock });
    upgraded.close();
    expect(upgraded.backupFile).toBe(join(usb(), `xiangcai-20260201T000000Z-premigrate-v${LATEST}.xcbak`));
    const plain = join(dir.path, 'pre.db');
    decryptFile(upgraded.backupFile!, plain, 'backup2026');
    const raw = new Database(plain, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST);
    expect((raw.prepare('SELECT count(*) AS n FROM voucher').get() as { n: number }).n).toBe(2);
    raw.close();
    // Back to the registered schema for afterEach: restore the copy taken before the test migration.
    copyFileSync(plain, core.databaseFile);
    for (const suffix of ['-wal', '-shm']) if (existsSync(core.databaseFile + suffix)) writeFileSync(core.databaseFile + suffix, '');
    core = open();
  });
});

describe('restore', () => {
  function fingerprint(): string {
    const hash = createHash('sha256');
    for (const suffix of ['', '-wal']) if (existsSync(core.databaseFile + suffix)) hash.update(readFileSync(core.databaseFile + suffix));
    return hash.digest('hex');
  }

  it('round-trips: verified, the live database kept aside, handles reopened, everyone logged out, recorded in the log', async () => {
    const o = await office();
    await o.accountant.ok('backup.configure', { folder: usb(), password: 'backup2026' });
    const backup = await o.accountant.ok('backup.create', {});

    // Work after the backup, which the restore takes back.
    clock = new Date('2026-01-20T02:10:00Z');
    await o.accountant.ok('voucher.save', scenarioSaveInput(o.book.id, scenarioVouchers[2]!));
    await o.accountant.ok('user.create', { id: uuidv7(), username: 'zhao', displayName: '赵出纳', password: 'zhao-pass1', roles: ['cashier'] });

    const checked = await o.accountant.ok('backup.verify', { file: backup.path, password: 'backup2026' });
    expect(checked).toMatchObject({ encrypted: true, schemaVersion: LATEST, books: 1, vouchers: 2, createdAt: '2026-01-20T02:00:00.000Z' });
    expect(checked.checks).toEqual([
      '解密成功，加密校验（AES-256-GCM）通过：文件完整、未被改动',
      `数据库版本 ${LATEST}（本程序支持到 ${LATEST}）`,
      'SQLite 完整性检查（integrity_check）通过',
      expect.stringMatching(/^审计校验通过：\d+ 条审计记录，账务数据与之一致$/),
      '科目余额表平衡：1 个账套、1 个会计期间，财务会计与预算会计分别平衡',
    ]);

    clock = new Date('2026-01-20T02:20:00Z');
    const restored = await o.accountant.ok('backup.restore', { file: backup.path, password: 'backup2026' });
    expect(restored).toMatchObject({ loggedOut: true, vouchers: 2, previousDatabase: join(dataDir(), 'xiangcai.before-restore-20260120T022000Z.db') });
    expect(readdirSync(join(dataDir(), 'restore-tmp'))).toEqual([]);

    // The session ended with the restore; logging in again works on the restored data.
    expect((await o.accountant.fails('voucher.list', { bookId: o.book.id, year: 2026, month: 1 })).code).toBe('UNAUTHORIZED');
    const wang = caller(core, (await caller(core).ok('auth.login', { username: 'wang', password: 'wang-password1' })).token);
    expect((await wang.ok('voucher.list', { bookId: o.book.id, year: 2026, month: 1 })).map((v) => v.id)).toEqual(o.posted);
    expect((await wang.ok('user.list', {})).map((u) => u.username)).toEqual(['wang', 'li']);
    // The database set aside still has the later work.
    const aside = new Database(restored.previousDatabase, { readonly: true });
    expect((aside.prepare('SELECT count(*) AS n FROM voucher').get() as { n: number }).n).toBe(3);
    aside.close();

    // The restored book keeps working, its log records the restore, 审计校验 passes, backups still go to the stick.
    await wang.ok('voucher.save', scenarioSaveInput(o.book.id, scenarioVouchers[3]!));
    const report = await wang.ok('audit.verify', {});
    expect(report.ok).toBe(true);
    expect(report.anchor).toBe('match');
    const entries = await wang.ok('audit.list', { limit: 3 });
    expect(entries.map((e) => e.action)).toEqual(['voucher.save', 'auth.login', 'backup.restored']);
    expect(entries[2]).toMatchObject({ kind: 'system', actionLabel: '从备份恢复', actor: '王会计（wang）' });
    expect((await wang.ok('backup.status', {})).folder).toBe(usb());
  });

  it('restores a backup from an older version, upgrading the copy first', async () => {
    core.close();
    rmSync(dataDir(), { recursive: true });
    const file = join(dataDir(), 'xiangcai.db');
    const v6 = openDatabase(file, { migrations: migrations.filter((m) => m.version < 7) });
    v6.write.run(sql`INSERT INTO book VALUES ('b1', '旧账套', '420102', '行政单位', 2025, 1, '张三', '2025-01-01T00:00:00Z')`);
    v6.close();
    core = open(); // upgrades, backing up first
    const old = core.backups.status().files.find((f) => f.reason === 'premigrate-v6')!;
    expect(old).toMatchObject({ reasonLabel: '升级前（数据库版本 6）', encrypted: false });
    const restored = await core.restore(old.path);
    expect(restored.checks).toContain(`已在副本上升级到数据库版本 ${LATEST}`);
    expect(core.verifyAudit().ok).toBe(true);
  });

  it('refuses a bad backup with a clear reason, and leaves the live database as it was', async () => {
    const o = await office();
    const plainBackup = await o.accountant.ok('backup.create', {}); // unencrypted, data directory
    await o.accountant.ok('backup.configure', { folder: usb(), password: 'backup2026' });
    const encrypted = await o.accountant.ok('backup.create', {});
    const bad = (name: string, change: (bytes: Buffer) => Buffer, from = encrypted.path) => {
      const path = join(dir.path, name);
      writeFileSync(path, change(Buffer.from(readFileSync(from))));
      return path;
    };
    const sqlEdited = (name: string, statements: string) => {
      const path = join(dir.path, name);
      copyFileSync(plainBackup.path, path);
      const raw = new Database(path);
      raw.exec(statements);
      raw.close();
      return path;
    };
    const corrupted = () => {
      const path = join(dir.path, 'corrupt.db');
      copyFileSync(plainBackup.path, path);
      const raw = new Database(path, { readonly: true });
      const root = (raw.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'voucher_period_order'`).get() as { rootpage: number }).rootpage;
      const size = raw.pragma('page_size', { simple: true }) as number;
      raw.close();
      const fd = openSync(path, 'r+');
      const page = Buffer.alloc(size);
      readSync(fd, page, 0, size, (root - 1) * size);
      expect(page[0]).toBe(10); // an index leaf page
      page[size - 3]! ^= 0x55;
      writeSync(fd, page, 0, size, (root - 1) * size);
      closeSync(fd);
      return path;
    };
    const truncated = join(dir.path, 'truncated.xcbak');
    copyFileSync(encrypted.path, truncated);
    truncateSync(truncated, Math.floor(encrypted.bytes / 2));
    mkdirSync(join(dir.path, 'misc'));
    writeFileSync(join(dir.path, 'misc', 'notes.txt'), '不是备份');

    const cases: [string, string | undefined, { code: string; reason: string; message: RegExp }][] = [
      [encrypted.path, 'wrong-pass1', { code: 'RULE_VIOLATION', reason: 'wrongPassword', message: /^备份密码不正确/ }],
      [truncated, 'backup2026', { code: 'RULE_VIOLATION', reason: 'truncated', message: /^备份文件不完整/ }],
      [bad('tampered.xcbak', (b) => ((b[b.length - 100]! ^= 0x80), b)), 'backup2026', { code: 'RULE_VIOLATION', reason: 'tampered', message: /已被改动或损坏（加密校验未通过）/ }],
      [sqlEdited('newer.db', 'PRAGMA user_version = 99'), undefined, { code: 'DB_NEWER_VERSION', reason: 'newerVersion', message: new RegExp(`^该备份来自更新版本的乡财通（数据库版本 99，本程序最高支持 ${LATEST}）`) }],
      [corrupted(), undefined, { code: 'RULE_VIOLATION', reason: 'integrity', message: /^备份中的数据库未通过完整性检查（/ }],
      [sqlEdited('chain.db', 'DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3'), undefined, { code: 'RULE_VIOLATION', reason: 'audit', message: /^备份中的审计校验未通过，已拒绝使用。审计校验发现 .* 处问题。最早出错的是第 4 条审计记录/ }],
      [sqlEdited('ledger.db', 'UPDATE voucher_line SET debit = debit + 1 WHERE line_no = 1 AND debit > 0'), undefined, { code: 'RULE_VIOLATION', reason: 'audit', message: /在程序之外被修改/ }],
      [join(dir.path, 'misc', 'notes.txt'), undefined, { code: 'RULE_VIOLATION', reason: 'notBackup', message: /不是乡财通的备份文件/ }],
      [join(dir.path, 'nowhere.xcbak'), undefined, { code: 'NOT_FOUND', reason: 'notFound', message: /^找不到备份文件/ }],
    ];
    const before = fingerprint();
    for (const [file, password, expected] of cases) {
      const error = await o.accountant.fails('backup.restore', { file, password });
      expect(error, file).toMatchObject({ code: expected.code, message: expect.stringMatching(expected.message), details: expect.objectContaining({ reason: expected.reason }) });
      expect(fingerprint(), file).toBe(before);
      expect(readdirSync(join(dataDir(), 'restore-tmp')), file).toEqual([]);
    }
    // Still the same books, still working, nothing set aside.
    expect((await o.accountant.ok('voucher.list', { bookId: o.book.id, year: 2026, month: 1 })).map((v) => v.id)).toEqual(o.posted);
    expect(readdirSync(dataDir()).filter((n) => n.includes('before-restore'))).toEqual([]);
    expect(core.verifyAudit().ok).toBe(true);
  });
});
