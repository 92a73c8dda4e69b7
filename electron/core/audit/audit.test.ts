import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../../shared/api/systemCommands';
import { uuidv7 } from '../../../shared/domain/id';
import { issueIndicator } from '../../../test/helpers/budget';
import { caller } from '../../../test/helpers/core';
import { scenarioSaveInput, scenarioVouchers, twoPersonOffice } from '../../../test/helpers/ledger';
import { tempDir } from '../../../test/helpers/tmp';
import { migrations } from '../db/migrations';
import { openDatabase } from '../db/open';
import { sql } from '../db/sql';
import { openCore, type Core } from '../index';
import { ANCHOR_FILE } from './anchor';
import { canonicalJson } from './canonical';
import { entryName, formatAt } from './describe';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let clock: Date;
const open = () => openCore({ dataDir: dir.path, mode: 'browser', appVersion: '1', log: () => {}, now: () => clock, backupSchedule: false });

beforeEach(() => {
  dir = tempDir();
  clock = new Date('2026-01-20T02:00:00Z');
  core = open();
});
afterEach(() => {
  core.close();
  dir.cleanup();
});

/** The office with three posted vouchers of the scenario (both tracks), one draft. */
async function bookWithVouchers() {
  const office = await twoPersonOffice(core);
  const ids: string[] = [];
  for (const v of scenarioVouchers.slice(0, 3)) {
    const { voucher } = await office.accountant.ok('voucher.save', scenarioSaveInput(office.book.id, v));
    ids.push(voucher.id);
  }
  await office.reviewer.ok('voucher.review', { bookId: office.book.id, ids });
  await office.accountant.ok('voucher.post', { bookId: office.book.id, ids });
  const draft = await office.accountant.ok('voucher.save', scenarioSaveInput(office.book.id, scenarioVouchers[3]!));
  return { ...office, posted: ids, draft: draft.voucher };
}

/**
 * Edits the file behind the app's back, as someone with a SQLite editor would (triggers dropped
 * first when needed), while the app is running: nothing the app holds in memory takes part.
 */
function tamper(statements: string): void {
  const raw = new Database(core.databaseFile);
  raw.exec(statements);
  raw.close();
}

async function verifyAs(office: { accountant: ReturnType<typeof caller> }): Promise<AuditReport> {
  return office.accountant.ok('audit.verify', {});
}

function rows<T>(text: string, ...params: unknown[]): T[] {
  const raw = new Database(core.databaseFile, { readonly: true });
  try {
    return raw.prepare(text).all(...params) as T[];
  } finally {
    raw.close();
  }
}

describe('the audit log', () => {
  it('records every business write in its transaction: who, when, which command, what changed, chained by SHA-256', async () => {
    const office = await bookWithVouchers();
    const log = rows<{ seq: number; at: string; kind: string; action: string; user_id: string | null; payload: string; prev_hash: string; hash: string }>(
      'SELECT * FROM audit_log ORDER BY seq',
    );
    expect(log.map((e) => e.action).slice(0, 4)).toEqual(['audit.start', 'installation.create', 'book.create', 'auth.bootstrap']);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));

    // Recomputed here, independently of the app's code: SHA-256(prev_hash + payload), payload canonical JSON.
    let prev = '0'.repeat(64);
    for (const entry of log) {
      expect(entry.prev_hash).toBe(prev);
      expect(entry.hash).toBe(createHash('sha256').update(prev + entry.payload).digest('hex'));
      expect(canonicalJson(JSON.parse(entry.payload))).toBe(entry.payload);
      prev = entry.hash;
    }

    // voucher.post: one entry per voucher (the batch commits each voucher on its own), by 王会计.
    const posts = log.filter((e) => e.action === 'voucher.post');
    expect(posts).toHaveLength(3);
    const post = JSON.parse(posts[0]!.payload);
    expect(post).toMatchObject({
      kind: 'command',
      action: 'voucher.post',
      actor: { id: office.wangId, username: 'wang', displayName: '王会计' },
      at: '2026-01-20T02:00:00.000Z',
      input: { bookId: office.book.id, ids: office.posted },
      counts: { voucher: { written: 1 } },
    });
    const voucherRecord = post.records.find((r: { t: string }) => r.t === 'voucher');
    expect(voucherRecord).toMatchObject({ k: office.posted[0], d: expect.stringMatching(/^[0-9a-f]{64}$/), i: { label: '记-0001', period: '2026年01月', status: 'posted' } });
    expect(voucherRecord.i.debit).toBeGreaterThan(0);

    const report = await verifyAs(office);
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.anchor).toBe('match');
    expect(report.checked.find((c) => c.kind === 'voucher')!.count).toBe(4);
    expect(report.movementsChecked).toBeGreaterThan(0);
    expect(report.summary).toMatch(/^审计记录完整：共 \d+ 条，最后一条是第 \d+ 条审计记录（2026-01-20 10:00:00，/);
  });

  it('never stores a password, and writes nothing for a refused command or a read', async () => {
    const office = await bookWithVouchers();
    const before = rows<{ n: number }>('SELECT count(*) AS n FROM audit_log')[0]!.n;
    await office.accountant.ok('ledger.trialBalance', { bookId: office.book.id, year: 2026, month: 1 });
    const refused = await office.accountant.fails('voucher.save', { ...scenarioSaveInput(office.book.id, scenarioVouchers[0]!), lines: [
      { summary: 'x', accountCode: '1001', debit: 100, credit: 0 },
      { summary: 'x', accountCode: '1001', debit: 0, credit: 99 },
    ] });
    expect(refused.code).toBe('RULE_VIOLATION');
    expect(rows<{ n: number }>('SELECT count(*) AS n FROM audit_log')[0]!.n).toBe(before);

    const payloads = rows<{ payload: string }>('SELECT payload FROM audit_log').map((r) => r.payload).join('\n');
    expect(payloads).toContain('"password":"[已隐去]"');
    for (const secret of ['wang-password1', 'li-password1']) {
      expect(payloads).not.toContain(secret);
      expect(readFileSync(core.databaseFile).includes(Buffer.from(secret))).toBe(false);
    }
    // A failed login leaves its trace, without the password tried.
    await caller(core).fails('auth.login', { username: 'wang', password: 'guess-1234' });
    const last = rows<{ action: string; payload: string }>('SELECT action, payload FROM audit_log ORDER BY seq DESC LIMIT 1')[0]!;
    expect(last.action).toBe('auth.login');
    expect(JSON.parse(last.payload)).toMatchObject({ input: { username: 'wang', password: '[已隐去]' }, details: { outcome: '密码错误', failures: 1 } });
    expect(last.payload).not.toContain('guess-1234');
  });

  it('names an edited voucher line, with the last entry that recorded the voucher', async () => {
    const office = await bookWithVouchers();
    const target = office.posted[1]!;
    const entry = rows<{ seq: number; at: string }>(
      `SELECT seq, at FROM audit_log WHERE action = 'voucher.post' AND payload LIKE ? ORDER BY seq DESC LIMIT 1`,
      `%"k":"${target}"%`,
    )[0]!;
    // Both lines of one track changed by the same amount: the voucher still balances, the books look fine.
    tamper(`UPDATE voucher_line SET debit = debit + 100000 WHERE voucher_id = '${target}' AND line_no = 1;
            UPDATE voucher_line SET credit = credit + 100000 WHERE voucher_id = '${target}' AND line_no = 2;`);

    const report = await verifyAs(office);
    expect(report.ok).toBe(false);
    const record = report.problems.find((p) => p.kind === 'record')!;
    expect(record).toMatchObject({ seq: entry.seq, at: entry.at, action: 'voucher.post' });
    expect(record.message).toBe(
      `凭证“记-0002，2026年01月”的当前内容与最后一次记录它的第 ${entry.seq} 条审计记录（${formatAt(entry.at)}，记账 voucher.post）不符：它在程序之外被修改。`,
    );
    // The 期间发生额 no longer agree with the posted lines either.
    expect(report.problems.filter((p) => p.kind === 'movement').map((p) => p.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^科目 \d+ 2026年01月的期间发生额（借 .* 元，贷 .* 元）与已记账凭证重新汇总的结果（借 .* 元，贷 .* 元）不符/)]),
    );
    expect(report.summary).toContain(`最早出错的是第 ${entry.seq} 条审计记录`);
  });

  it('names a deleted audit entry by its number and the entry after it', async () => {
    const office = await bookWithVouchers();
    const [gone, next] = rows<{ seq: number; at: string; action: string }>('SELECT seq, at, action FROM audit_log WHERE seq IN (5, 6) ORDER BY seq');
    tamper(`DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = ${gone!.seq};`);
    const report = await verifyAs(office);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'chain', seq: next!.seq, at: next!.at, action: next!.action });
    expect(report.problems[0]!.message).toBe(`第 5 条审计记录缺失（在${entryName(6, next!.at, next!.action)}之前）：审计记录被删除。`);
    expect(entryName(6, next!.at, next!.action)).toBe(`第 6 条审计记录（${formatAt(next!.at)}，登录 auth.login）`);
    expect(report.summary).toContain('最早出错的是第 6 条审计记录');
  });

  it('names an entry whose payload was altered, and one inserted with a made-up hash', async () => {
    const office = await bookWithVouchers();
    const post = rows<{ seq: number; at: string; payload: string }>(`SELECT seq, at, payload FROM audit_log WHERE action = 'voucher.post' ORDER BY seq LIMIT 1`)[0]!;
    const forged = post.payload.replace('"username":"wang"', '"username":"li"');
    tamper(`DROP TRIGGER audit_log_no_update; UPDATE audit_log SET payload = '${forged}' WHERE seq = ${post.seq};`);
    let report = await verifyAs(office);
    expect(report.problems[0]).toMatchObject({ kind: 'chain', seq: post.seq, at: post.at, action: 'voucher.post' });
    expect(report.problems[0]!.message).toBe(`第 ${post.seq} 条审计记录（${formatAt(post.at)}，记账 voucher.post）的内容与其哈希值不符：该记录在程序之外被改动。`);

    tamper(`UPDATE audit_log SET payload = '${post.payload}' WHERE seq = ${post.seq};`);
    expect((await verifyAs(office)).ok).toBe(true);

    // An entry slipped in at the end by someone who does not know how the hash is made.
    const head = rows<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')[0]!;
    const payload = canonicalJson({ v: 1, seq: head.seq + 1, at: '2026-01-21T00:00:00.000Z', kind: 'command', action: 'voucher.save', actor: null });
    tamper(`INSERT INTO audit_log (seq, at, kind, action, user_id, payload, prev_hash, hash)
            VALUES (${head.seq + 1}, '2026-01-21T00:00:00.000Z', 'command', 'voucher.save', NULL, '${payload}', '${head.hash}', '${'f'.repeat(64)}')`);
    report = await verifyAs(office);
    expect(report.problems[0]).toMatchObject({ kind: 'chain', seq: head.seq + 1, action: 'voucher.save' });
    expect(report.problems[0]!.message).toContain('的内容与其哈希值不符');
  });

  it('finds the end of the log cut off, through the head kept beside the file', async () => {
    const office = await bookWithVouchers();
    const head = rows<{ seq: number }>('SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1')[0]!.seq;
    const anchor = JSON.parse(readFileSync(`${dir.path}/${ANCHOR_FILE}`, 'utf8'));
    expect(anchor.seq).toBe(head);
    // The draft's entry is the last: cutting it leaves a chain that is intact on its own.
    tamper(`DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = ${head};`);
    const report = await verifyAs(office);
    expect(report.anchor).toBe('mismatch');
    expect(report.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([expect.stringContaining(`本机另存的校验值表明审计记录已有第 ${head} 条`)]),
    );
    // And the draft it recorded now has no entry at all.
    expect(report.problems.map((p) => p.message)).toEqual(expect.arrayContaining([`凭证“${office.draft.label}，2026年01月”没有任何审计记录：它是在程序之外写入的。`]));
  });

  it('finds vouchers inserted or deleted, 期间发生额 edited, a role granted and an indicator movement changed behind the app’s back', async () => {
    const office = await bookWithVouchers();
    const indicator = await issueIndicator({ ...office, core, bookId: office.book.id });
    const movement = rows<{ id: string }>('SELECT id FROM budget_indicator_movement WHERE indicator_id = ?', indicator.id)[0]!.id;
    const stolenId = uuidv7();
    tamper(`
      DELETE FROM voucher_line WHERE voucher_id = '${office.draft.id}'; DELETE FROM voucher WHERE id = '${office.draft.id}';
      INSERT INTO voucher (id, book_id, year, month, word, number, date, attachments, status, kind, prepared_by, created_at, updated_at)
        VALUES ('${stolenId}', '${office.book.id}', 2026, 1, '记', 99, '2026-01-31', 0, 'draft', 'normal', '${office.wangId}', 'x', 'x');
      UPDATE period_movement SET debit = debit + 1 WHERE rowid = (SELECT min(rowid) FROM period_movement);
      INSERT INTO user_role (user_id, role) VALUES ('${office.liId}', 'admin');
      DROP TRIGGER budget_indicator_movement_no_update;
      UPDATE budget_indicator_movement SET executable_delta = executable_delta * 10 WHERE id = '${movement}';`);
    const report = await verifyAs(office);
    const messages = report.problems.map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        `凭证“记-0099，2026年01月”没有任何审计记录：它是在程序之外写入的。`,
        expect.stringMatching(new RegExp(`^凭证“${office.draft.label}，2026年01月”（见第 \\d+ 条审计记录（.*保存凭证 voucher.save））已不存在：它在程序之外被删除。$`)),
        expect.stringMatching(/^用户“li（李所长）”的当前内容与最后一次记录它的第 \d+ 条审计记录（.*user.create）不符/),
        expect.stringMatching(/^指标台账“2026-01-05 下达”的当前内容与最后一次记录它的第 \d+ 条审计记录（.*budget.simulateCountyApproval）不符/),
        expect.stringMatching(/^科目 \d+ 2026年01月的期间发生额/),
      ]),
    );
  });

  it('covers a book that predates the log: migration 7 records a baseline of what is already there', async () => {
    core.close();
    const file = `${dir.path}/old.db`;
    const v6 = openDatabase(file, { migrations: migrations.filter((m) => m.version < 7) });
    v6.write.run(sql`INSERT INTO book VALUES ('b1', '旧账套', '420102', '行政单位', 2025, 1, '张三', '2025-01-01T00:00:00Z')`);
    v6.write.run(sql`INSERT INTO app_user (id, username, display_name, password_hash, created_at) VALUES ('u1', 'zhang', '张三', 'x', '2025-01-01')`);
    v6.close();
    const upgraded = openDatabase(file);
    const start = upgraded.read.get<{ payload: string }>(sql`SELECT payload FROM audit_log WHERE seq = 1`)!;
    expect(JSON.parse(start.payload)).toMatchObject({ action: 'audit.start', kind: 'system', records: expect.arrayContaining([expect.objectContaining({ t: 'book', k: 'b1' }), expect.objectContaining({ t: 'user', k: 'u1' })]) });
    const { verifyAudit } = await import('./verify');
    expect(verifyAudit(upgraded.read).ok).toBe(true);
    upgraded.close();
    core = open();
  });

  it('is checked from the command line too: node scripts/audit-check.mjs --data-dir DIR', async () => {
    const office = await bookWithVouchers();
    const script = join(__dirname, '../../../scripts/audit-check.mjs');
    const check = () => spawnSync(process.execPath, [script, '--data-dir', dir.path], { encoding: 'utf8' });
    const good = check();
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('结论：通过。审计记录完整');

    const post = rows<{ seq: number; at: string; payload: string }>(`SELECT seq, at, payload FROM audit_log WHERE action = 'voucher.post' ORDER BY seq LIMIT 1`)[0]!;
    tamper(`DROP TRIGGER audit_log_no_update; UPDATE audit_log SET payload = replace(payload, '"status":"posted"', '"status":"draft"') WHERE seq = ${post.seq};`);
    const bad = check();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(`结论：未通过。审计校验发现 1 处问题。最早出错的是第 ${post.seq} 条审计记录（${formatAt(post.at)}，记账 voucher.post）`);
    expect(bad.stdout).toContain(`1. 第 ${post.seq} 条审计记录（${formatAt(post.at)}，记账 voucher.post）的内容与其哈希值不符：该记录在程序之外被改动。`);
    expect((await verifyAs(office)).problems).toHaveLength(1);
  });
});
