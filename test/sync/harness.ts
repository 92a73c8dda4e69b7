import { openCore, type Core } from '../../electron/core';
import type { SyncOptions } from '../../electron/core/sync/service';
import { uuidv7 } from '../../shared/domain/id';
import { startTestServer, type DatabaseKind, type TestServer } from '../../server/test/harness';
import { caller } from '../helpers/core';
import { scenarioSaveInput, scenarioVouchers, twoPersonOffice, type Caller } from '../helpers/ledger';
import { tempDir } from '../helpers/tmp';

/**
 * End-to-end sync, in process: a real township core on a SQLite file in a temp directory and a
 * real county server (PGlite or PostgreSQL) on a random port, talking HTTP.
 */
export const TOWNSHIP = '420102001';

export interface Township {
  core: Core;
  dir: ReturnType<typeof tempDir>;
  office: Awaited<ReturnType<typeof twoPersonOffice>>;
  accountant: Caller;
  reviewer: Caller;
  bookId: string;
  reopen(options?: SyncOptions): Township;
  close(): void;
}

export function openTownshipCore(path: string, sync: SyncOptions = {}): Core {
  return openCore({ dataDir: path, mode: 'browser', appVersion: '0.1.0', backupSchedule: false, sync: { schedule: false, ...sync } });
}

export async function township(sync: SyncOptions = {}): Promise<Township> {
  const dir = tempDir('xiangcai-sync-');
  const core = openTownshipCore(dir.path, sync);
  const office = await twoPersonOffice(core);
  const make = (c: Core): Township => ({
    core: c,
    dir,
    office,
    accountant: office.accountant,
    reviewer: office.reviewer,
    bookId: office.book.id,
    reopen(options = {}) {
      c.close();
      return make(openTownshipCore(dir.path, options));
    },
    close() {
      c.close();
      dir.cleanup();
    },
  });
  return make(core);
}

/** Logs the two users in again on a reopened core. */
export async function logIn(t: Township): Promise<Township> {
  const anon = caller(t.core);
  t.accountant = caller(t.core, (await anon.ok('auth.login', { username: 'wang', password: 'wang-password1' })).token);
  t.reviewer = caller(t.core, (await anon.ok('auth.login', { username: 'li', password: 'li-password1' })).token);
  return t;
}

export async function county(kind: DatabaseKind = 'pglite'): Promise<TestServer> {
  const server = await startTestServer(kind);
  await server.admin.ok('POST', '/api/townships', { code: TOWNSHIP, name: '青山镇' });
  return server;
}

export async function enroll(t: Township, server: TestServer, label = '财政所电脑') {
  const { code } = await server.admin.ok('POST', `/api/townships/${TOWNSHIP}/enrollment-codes`);
  return t.accountant.ok('sync.configure', { serverUrl: server.url, code, label });
}

/** Saves, reviews and posts the scenario's vouchers (dated in January 2026). */
export async function postScenario(t: Township, count = scenarioVouchers.length, dateOf?: (i: number) => string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const v = scenarioVouchers[i % scenarioVouchers.length]!;
    const input = scenarioSaveInput(t.bookId, dateOf ? { ...v, date: dateOf(i) } : v);
    const saved = await t.accountant.call('voucher.save', input);
    if (!saved.ok && saved.error.code === 'NEEDS_CONFIRMATION') await t.accountant.ok('voucher.save', { ...input, parallelReason: '测试数据' });
    else if (!saved.ok) throw new Error(saved.error.message);
    ids.push(input.id);
  }
  await t.reviewer.ok('voucher.review', { bookId: t.bookId, ids });
  await t.reviewer.ok('voucher.post', { bookId: t.bookId, ids });
  return ids;
}

/** 科目余额表 figures (code, track, the eight amounts) — what must be identical on both sides. */
export function figures(tb: { rows: { code: string; track: string; openingDebit: number; openingCredit: number; periodDebit: number; periodCredit: number; ytdDebit: number; ytdCredit: number; closingDebit: number; closingCredit: number }[] }) {
  return tb.rows.map((r) => [r.code, r.track, r.openingDebit, r.openingCredit, r.periodDebit, r.periodCredit, r.ytdDebit, r.ytdCredit, r.closingDebit, r.closingCredit]);
}

export const newId = uuidv7;
