import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { checkInvariants, describeViolations } from '../../electron/core/reliability/invariants';
import { callerOf, setUpOffice, type Caller, type Sessions } from '../../electron/core/reliability/office';
import { changedTables, integrityCheck, tableChecksums } from '../../electron/core/reliability/snapshot';
import type { AppErrorData, Result } from '../../shared/api/errors';
import { uuidv7 } from '../../shared/domain/id';
import { projectRoot } from '../helpers/hostProcess';
import { tempDir } from '../helpers/tmp';

/**
 * Disk trouble, for real: a full disk (a 2 MB tmpfs mounted by the test), a read-only disk
 * (the tmpfs remounted read-only; a file made immutable while open), and the database locked by
 * another process. Each must answer a typed STORAGE_ERROR (or, at start-up, DB_UNAVAILABLE) in
 * Chinese, write nothing (a checksum of every table before and after), leave the core working
 * once the trouble is gone — the same entry, which the screen kept, then saves — and leave the
 * file whole: PRAGMA integrity_check ok and every invariant of the crash campaign holding.
 */

let work: ReturnType<typeof tempDir>;
/** A database with the office, one posted voucher and a reviewed payment waiting to be confirmed. */
let seedDir: string;
let sessions: Sessions;
let bookId: string;
let pendingPaymentId: string;

const voucherInput = (id: string, date = '2026-02-10') => ({
  bookId,
  id,
  word: '记' as const,
  date,
  attachments: 1,
  lines: [
    { summary: '计提本月工资', accountCode: '5001', debit: 800_000, credit: 0 },
    { summary: '计提本月工资', accountCode: '220101', debit: 0, credit: 800_000 },
  ],
});
const bookInput = () => ({ id: uuidv7(), name: `新账套${Math.random()}`, regionCode: '420102', unitType: '行政单位' as const, startYear: 2026, startMonth: 1, supervisor: '王会计' });

beforeAll(async () => {
  work = tempDir('xiangcai-disk-');
  seedDir = join(work.path, 'seed');
  const core = openCore({ dataDir: seedDir, mode: 'browser', appVersion: 'disk', log: () => {}, backupSchedule: false });
  try {
    const office = await setUpOffice(core);
    sessions = office.sessions;
    bookId = office.bookId;
    const wang = callerOf(core, () => sessions.wang);
    const li = callerOf(core, () => sessions.li);
    const posted = uuidv7();
    await wang.ok('voucher.save', voucherInput(posted, '2026-01-10'));
    await li.ok('voucher.review', { bookId, ids: [posted] });
    await wang.ok('voucher.post', { bookId, ids: [posted] });
    const indicator = (await wang.ok('budget.indicatorList', { bookId, year: 2026 }))[0]!;
    pendingPaymentId = uuidv7();
    await wang.ok('budget.paymentCreate', {
      bookId, id: pendingPaymentId, indicatorId: indicator.id, amount: 120_000,
      elements: { regionCode: indicator.regionCode, year: 2026, funcCode: indicator.funcCode, econGovCode: indicator.econGovCode, econDepCode: indicator.econDepCode, fundNature: indicator.fundNature, projectCode: null, docNo: indicator.docNo, supDocNo: indicator.supDocNo, payMethod: indicator.payMethod, directFund: indicator.directFund },
      payee: { name: '青山文具店', account: '6222020200001234', bank: '工商银行青山支行' }, purpose: '购买办公用品', date: '2026-02-01',
    });
    await li.ok('budget.paymentReview', { bookId, id: pendingPaymentId });
  } finally {
    core.close(); // checkpointed: the seed is one .db file (and the audit head beside it)
  }
});
afterAll(() => work.cleanup());

/** Copies the seed database into `dataDir`. */
function placeSeed(dataDir: string) {
  mkdirSync(dataDir, { recursive: true });
  for (const name of readdirSync(seedDir)) if (name.endsWith('.db') || name.endsWith('.json')) copyFileSync(join(seedDir, name), join(dataDir, name));
}

function open(dataDir: string, busyTimeoutMs?: number): { core: Core; wang: Caller; anon: Caller } {
  const core = openCore({ dataDir, mode: 'browser', appVersion: 'disk', log: () => {}, backupSchedule: false, database: busyTimeoutMs === undefined ? undefined : { busyTimeoutMs } });
  return { core, wang: callerOf(core, () => sessions.wang), anon: callerOf(core, () => null) };
}

function expectStorageError(result: Result<unknown>, words: RegExp): AppErrorData {
  expect(result.ok, JSON.stringify(result).slice(0, 300)).toBe(false);
  const error = (result as { ok: false; error: AppErrorData }).error;
  expect(error.code).toBe('STORAGE_ERROR');
  expect(error.message).toMatch(words);
  expect(error.message).toMatch(/未保存|未被改动/);
  return error;
}

/** Every table unchanged since `before`, the file whole, every invariant holding. */
function expectUntouched(databaseFile: string, before: Record<string, string>) {
  expect(changedTables(before, tableChecksums(databaseFile))).toEqual([]);
}
function expectWhole(dataDir: string) {
  const file = join(dataDir, 'xiangcai.db');
  expect(integrityCheck(file)).toBe('ok');
  const report = checkInvariants(file, { dataDir });
  expect(report.violations, describeViolations(report.violations)).toEqual([]);
}

// ---- a real, small disk ----

const mountPoint = () => join(work.path, 'tmpfs');
let mounted = false;
let mountProblem: string | null = null;

function tryMount(): void {
  mkdirSync(mountPoint(), { recursive: true });
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    mountProblem = 'needs root on Linux to mount a tmpfs';
    return;
  }
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint()], { stdio: 'pipe' });
    mounted = true;
  } catch (error) {
    mountProblem = `mount -t tmpfs failed: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  }
}
function unmount(): void {
  if (!mounted) return;
  try {
    execFileSync('mount', ['-o', 'remount,rw', mountPoint()], { stdio: 'pipe' });
  } catch {
    // already read-write
  }
  try {
    execFileSync('umount', [mountPoint()], { stdio: 'pipe' });
  } catch {
    execFileSync('umount', ['-l', mountPoint()], { stdio: 'pipe' });
  }
  mounted = false;
}

/** Fills the disk to the last byte; `free(bytes)` gives back at least that much (all when omitted). */
function fillDisk(dir: string): { free(bytes?: number): void } {
  const files: { path: string; size: number }[] = [];
  let i = 0;
  for (const size of [256 * 1024, 16 * 1024, 4096]) {
    for (;;) {
      const path = join(dir, `filler-${i++}`);
      try {
        writeFileSync(path, Buffer.alloc(size, 1));
        files.push({ path, size });
      } catch {
        rmSync(path, { force: true });
        break;
      }
    }
  }
  return {
    free(bytes = Infinity) {
      let freed = 0;
      while (files.length > 0 && freed < bytes) {
        const file = files[files.length - 1]!;
        const needed = bytes - freed;
        if (file.size > needed) {
          // Give back only what was asked (the last filler may be a 256 KB one when the disk had
          // less than 4 KB left after them): shorten it instead of removing it.
          truncateSync(file.path, file.size - needed);
          file.size -= needed;
          freed += needed;
          break;
        }
        files.pop();
        rmSync(file.path, { force: true });
        freed += file.size;
      }
    },
  };
}

describe('a full disk (2 MB tmpfs)', () => {
  beforeAll(() => tryMount());
  afterAll(() => unmount());
  let core: Core | null = null;
  afterEach(() => {
    core?.close();
    core = null;
  });

  it('refuses every write with STORAGE_ERROR in Chinese, writes nothing, and saves the kept entry once space is freed', async (context) => {
    if (!mounted) return context.skip(`disk-full test skipped: ${mountProblem}`);
    const dataDir = join(mountPoint(), 'data');
    placeSeed(dataDir);
    const opened = open(dataDir);
    core = opened.core;
    const { wang, anon } = opened;
    const li = callerOf(core, () => sessions.li);
    // Warm the log so that its first frames are not what the fill takes away.
    await wang.ok('voucher.save', voucherInput(uuidv7()));
    const disk = fillDisk(mountPoint());
    const before = tableChecksums(core.databaseFile);

    // The user's entries, as the screens would send them; the screens keep them (IndexedDB drafts).
    const entry = voucherInput(uuidv7());
    const confirm = { bookId, id: pendingPaymentId, voucherId: uuidv7(), date: '2026-02-05' };
    const book = bookInput();
    expectStorageError(await wang.call('voucher.save', entry), /磁盘空间已满/);
    expectStorageError(await wang.call('budget.paymentConfirm', confirm), /磁盘空间已满/);
    expectStorageError(await anon.call('book.create', book), /磁盘空间已满/);
    expectStorageError(await li.call('budget.indicatorFreeze', { bookId, id: uuidv7(), indicatorId: (await wang.ok('budget.indicatorList', { bookId, year: 2026 }))[0]!.id, amount: 100, date: '2026-02-03', reason: '待核实项目' }), /磁盘空间已满/);
    // Reads go on.
    expect((await wang.call('voucher.list', { bookId, year: 2026, month: 1 })).ok).toBe(true);
    expectUntouched(core.databaseFile, before);

    // Room for a few pages but not for a whole 建账 (chart + classifications): it must fail whole.
    disk.free(64 * 1024);
    expectStorageError(await anon.call('book.create', book), /磁盘空间已满/);
    expectUntouched(core.databaseFile, before);

    disk.free();
    await wang.ok('voucher.save', entry);
    const paid = await wang.ok('budget.paymentConfirm', confirm);
    expect(paid.status).toBe('已支付');
    await anon.ok('book.create', book);
    core.close();
    core = null;
    expectWhole(dataDir);
  });

  it('refuses to start on a data directory that cannot be created, in Chinese', (context) => {
    if (!mounted) return context.skip(`skipped: ${mountProblem}`);
    execFileSync('mount', ['-o', 'remount,ro', mountPoint()], { stdio: 'pipe' });
    try {
      expect(() => openCore({ dataDir: join(mountPoint(), 'new-data'), mode: 'browser', appVersion: 'disk', log: () => {}, backupSchedule: false })).toThrow(
        expect.objectContaining({ code: 'DB_UNAVAILABLE', message: expect.stringMatching(/无法创建数据目录/) }),
      );
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mountPoint()], { stdio: 'pipe' });
    }
  });

  it('on a read-only disk: opens, reads, and refuses writes with STORAGE_ERROR; nothing changes', async (context) => {
    if (!mounted) return context.skip(`skipped: ${mountProblem}`);
    const dataDir = join(mountPoint(), 'readonly');
    placeSeed(dataDir);
    const before = tableChecksums(join(dataDir, 'xiangcai.db'));
    // A tmpfs cannot go read-only under an open writer: remount with the core closed, as a
    // write-protected USB stick or a folder without permission is met at start-up.
    execFileSync('mount', ['-o', 'remount,ro', mountPoint()], { stdio: 'pipe' });
    try {
      const opened = open(dataDir);
      core = opened.core;
      expect((await opened.wang.call('voucher.list', { bookId, year: 2026, month: 1 })).ok).toBe(true);
      expectStorageError(await opened.wang.call('voucher.save', voucherInput(uuidv7())), /只读/);
      expectStorageError(await opened.wang.call('budget.paymentConfirm', { bookId, id: pendingPaymentId, voucherId: uuidv7(), date: '2026-02-05' }), /只读/);
      core.close();
      core = null;
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mountPoint()], { stdio: 'pipe' });
    }
    expectUntouched(join(dataDir, 'xiangcai.db'), before);
    expectWhole(dataDir);
  });
});

describe('files that stop accepting writes while open', () => {
  it('an immutable database file answers STORAGE_ERROR, and the kept entry saves once it is writable again', async (context) => {
    const dataDir = join(work.path, 'immutable');
    placeSeed(dataDir);
    const { core, wang } = open(dataDir);
    const file = core.databaseFile;
    try {
      await wang.ok('voucher.save', voucherInput(uuidv7()));
      const targets = [file, `${file}-wal`].filter((f) => existsSync(f));
      try {
        execFileSync('chattr', ['+i', ...targets], { stdio: 'pipe' });
      } catch (error) {
        return context.skip(`chattr +i not available here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`);
      }
      const before = tableChecksums(file);
      const entry = voucherInput(uuidv7());
      try {
        expectStorageError(await wang.call('voucher.save', entry), /读写数据库文件时出错/);
        expect((await wang.call('voucher.list', { bookId, year: 2026, month: 2 })).ok).toBe(true);
      } finally {
        execFileSync('chattr', ['-i', ...targets], { stdio: 'pipe' });
      }
      expectUntouched(file, before);
      await wang.ok('voucher.save', entry);
    } finally {
      core.close();
    }
    expectWhole(dataDir);
  });
});

// ---- another process holding the database ----

function holdLock(databaseFile: string, statements: string): Promise<ChildProcess> {
  const code = `const Database = require('better-sqlite3'); const db = new Database(${JSON.stringify(databaseFile)}); ${statements}; console.log('locked'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', code], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      if (c.toString('utf8').includes('locked')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`lock holder exited with ${code}: ${err}`)));
  });
}
async function release(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('a database locked by another process', () => {
  it('BEGIN EXCLUSIVE elsewhere: writes answer STORAGE_ERROR after the busy timeout, reads go on, the kept entry saves once released', async () => {
    const dataDir = join(work.path, 'locked');
    placeSeed(dataDir);
    const { core, wang } = open(dataDir, 200);
    const file = core.databaseFile;
    try {
      const holder = await holdLock(file, `db.exec('BEGIN EXCLUSIVE')`);
      const before = tableChecksums(file);
      const entry = voucherInput(uuidv7());
      const confirm = { bookId, id: pendingPaymentId, voucherId: uuidv7(), date: '2026-02-05' };
      try {
        const started = Date.now();
        expectStorageError(await wang.call('voucher.save', entry), /正被其他程序占用/);
        expect(Date.now() - started).toBeLessThan(4000);
        expectStorageError(await wang.call('budget.paymentConfirm', confirm), /正被其他程序占用/);
        expect((await wang.call('voucher.list', { bookId, year: 2026, month: 1 })).ok).toBe(true);
      } finally {
        await release(holder);
      }
      expectUntouched(file, before);
      await wang.ok('voucher.save', entry);
      expect((await wang.ok('budget.paymentConfirm', confirm)).status).toBe('已支付');
    } finally {
      core.close();
    }
    expectWhole(dataDir);
  });

  it('held exclusively when 乡财通 starts: opening refuses with DB_UNAVAILABLE in Chinese, and the file is untouched', async () => {
    const dataDir = join(work.path, 'locked-at-start');
    placeSeed(dataDir);
    const file = join(dataDir, 'xiangcai.db');
    const before = tableChecksums(file);
    const holder = await holdLock(file, `db.pragma('journal_mode = WAL'); db.pragma('locking_mode = EXCLUSIVE'); db.exec('BEGIN EXCLUSIVE; COMMIT')`);
    try {
      expect(() => open(dataDir, 200)).toThrow(expect.objectContaining({ code: 'DB_UNAVAILABLE', message: expect.stringMatching(/正被其他程序占用/) }));
    } finally {
      await release(holder);
    }
    expectUntouched(file, before);
    const { core, wang } = open(dataDir, 200);
    try {
      await wang.ok('voucher.save', voucherInput(uuidv7()));
    } finally {
      core.close();
    }
    expectWhole(dataDir);
  });
});
