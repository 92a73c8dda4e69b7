import Database from 'better-sqlite3';
import { closeSync, copyFileSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { checkInvariants, type Fact, type InvariantName } from '../../electron/core/reliability/invariants';
import { callerOf, setUpOffice } from '../../electron/core/reliability/office';
import { uuidv7 } from '../../shared/domain/id';
import { tempDir } from '../helpers/tmp';

/**
 * The checker of the crash campaign must itself be able to fail: each test plants one kind of
 * damage in a copy of a real database, with raw SQL, and expects the checker to name it.
 */

let dir: ReturnType<typeof tempDir>;
let original: string;
const ids = { bookId: '', posted: '', draft: '', paymentId: '', paymentVoucherId: '' };

beforeAll(async () => {
  dir = tempDir('xiangcai-invariants-');
  const dataDir = join(dir.path, 'data');
  const core = openCore({ dataDir, mode: 'browser', appVersion: 'test', log: () => {}, backupSchedule: false });
  try {
    const { bookId, sessions } = await setUpOffice(core);
    const wang = callerOf(core, () => sessions.wang);
    const li = callerOf(core, () => sessions.li);
    const voucher = (id: string, date: string) => ({
      bookId, id, word: '记' as const, date, attachments: 1,
      lines: [
        { summary: '计提本月工资', accountCode: '5001', debit: 800_000, credit: 0 },
        { summary: '计提本月工资', accountCode: '220101', debit: 0, credit: 800_000 },
      ],
    });
    ids.bookId = bookId;
    ids.posted = uuidv7();
    await wang.ok('voucher.save', voucher(ids.posted, '2026-01-10'));
    await li.ok('voucher.review', { bookId, ids: [ids.posted] });
    await wang.ok('voucher.post', { bookId, ids: [ids.posted] });
    const indicator = (await wang.ok('budget.indicatorList', { bookId, year: 2026 }))[0]!;
    ids.paymentId = uuidv7();
    await wang.ok('budget.paymentCreate', {
      bookId, id: ids.paymentId, indicatorId: indicator.id, amount: 50_000,
      elements: { regionCode: indicator.regionCode, year: 2026, funcCode: indicator.funcCode, econGovCode: indicator.econGovCode, econDepCode: indicator.econDepCode, fundNature: indicator.fundNature, projectCode: null, docNo: indicator.docNo, supDocNo: indicator.supDocNo, payMethod: indicator.payMethod, directFund: indicator.directFund },
      payee: { name: '青山文具店', account: '6222020200001234', bank: '工商银行青山支行' }, purpose: '购买办公用品', date: '2026-01-12',
    });
    await li.ok('budget.paymentReview', { bookId, id: ids.paymentId });
    ids.paymentVoucherId = uuidv7();
    await wang.ok('budget.paymentConfirm', { bookId, id: ids.paymentId, voucherId: ids.paymentVoucherId, date: '2026-01-15' });
    await wang.ok('period.close', { bookId, year: 2026, month: 1 });
    ids.draft = uuidv7();
    await wang.ok('voucher.save', voucher(ids.draft, '2026-02-03'));
    original = core.databaseFile;
  } finally {
    core.close();
  }
});
afterAll(() => dir.cleanup());

let copies = 0;
/** A copy of the database with `damage` applied by a raw connection (triggers dropped where they would refuse it). */
function damaged(damage: (db: Database.Database) => void): string {
  const file = join(dir.path, `copy-${++copies}.db`);
  copyFileSync(original, file);
  const db = new Database(file);
  try {
    db.pragma('foreign_keys = OFF');
    damage(db);
  } finally {
    db.close();
  }
  return file;
}

const found = (file: string, facts?: Fact[]): InvariantName[] => [...new Set(checkInvariants(file, { acknowledged: facts }).violations.map((v) => v.invariant))];

describe('the independent invariant checker', () => {
  it('passes the undamaged database, audit chain included', () => {
    const facts: Fact[] = [
      { k: 'posted', id: ids.posted },
      { k: 'voucher', id: ids.draft },
      { k: 'payment', id: ids.paymentId },
      { k: 'paid', id: ids.paymentId, voucherId: ids.paymentVoucherId },
      { k: 'closed', bookId: ids.bookId, year: 2026, month: 1 },
      { k: 'book', id: ids.bookId },
    ];
    const report = checkInvariants(original, { acknowledged: facts });
    expect(report.violations).toEqual([]);
    expect(report.auditChecked).toBe(true);
    expect(report.counts.closedPeriods).toBe(1);
  });

  it('finds a half-written voucher (a line missing)', () => {
    const file = damaged((db) => db.prepare('DELETE FROM voucher_line WHERE voucher_id = ? AND line_no = 2').run(ids.draft));
    expect(found(file)).toEqual(expect.arrayContaining(['voucher-shape', 'voucher-balance']));
  });

  it('finds an unbalanced posted voucher, its period and its stale movements', () => {
    const file = damaged((db) => db.prepare('UPDATE voucher_line SET debit = debit + 1 WHERE voucher_id = ? AND line_no = 1').run(ids.posted));
    expect(found(file)).toEqual(expect.arrayContaining(['voucher-balance', 'period-balance', 'period-movement', 'audit-chain']));
  });

  it('finds a period_movement row that disagrees with the posted lines', () => {
    const file = damaged((db) => db.prepare(`UPDATE period_movement SET credit = credit + 100 WHERE account_code = '220101'`).run());
    expect(found(file)).toContain('period-movement');
  });

  it('finds a voucher posted into a closed period after the close', () => {
    const file = damaged((db) => {
      db.prepare(`UPDATE voucher SET month = 1, date = '2026-01-20', status = 'posted', reviewed_by = (SELECT id FROM app_user WHERE username = 'li'),
                  reviewed_at = '2099-01-01T00:00:00.000Z', posted_by = prepared_by, posted_at = '2099-01-01T00:00:00.000Z', number = 99 WHERE id = ?`).run(ids.draft);
    });
    expect(found(file)).toContain('closed-period');
  });

  it('finds an indicator ledger that disagrees with its payments', () => {
    const file = damaged((db) => {
      db.exec('DROP TRIGGER budget_indicator_movement_no_delete');
      db.prepare(`DELETE FROM budget_indicator_movement WHERE ref_id = ? AND kind = '支付'`).run(ids.paymentId);
    });
    expect(found(file)).toEqual(expect.arrayContaining(['indicator-balance', 'payment-link']));
  });

  it('finds a user without a role and a book without its chart', () => {
    const file = damaged((db) => {
      db.prepare(`DELETE FROM user_role WHERE user_id = (SELECT id FROM app_user WHERE username = 'li')`).run();
      db.prepare(`INSERT INTO book (id, name, region_code, unit_type, start_year, start_month, supervisor, created_at) VALUES (?, '半个账套', '420102', '行政单位', 2026, 1, '王', '2026-01-01')`).run(uuidv7());
    });
    expect(found(file)).toEqual(expect.arrayContaining(['user-roles', 'book-complete']));
  });

  it('finds an edit made outside the program through the audit chain', () => {
    const file = damaged((db) => db.prepare('UPDATE voucher SET attachments = 7 WHERE id = ?').run(ids.posted));
    expect(found(file)).toEqual(['audit-chain']);
  });

  it('finds acknowledged writes that did not survive', () => {
    const file = damaged((db) => {
      db.prepare('DELETE FROM voucher_line WHERE voucher_id = ?').run(ids.draft);
      db.prepare('DELETE FROM voucher WHERE id = ?').run(ids.draft);
    });
    const facts: Fact[] = [{ k: 'voucher', id: ids.draft }, { k: 'closed', bookId: ids.bookId, year: 2026, month: 2 }, { k: 'book', id: uuidv7() }];
    const report = checkInvariants(file, { acknowledged: facts, skipAudit: true });
    expect(report.violations.filter((v) => v.invariant === 'acknowledged')).toHaveLength(3);
  });

  it('checks the numbering of any outbox-like table (the sync outbox itself: syncInvariants.test.ts)', () => {
    const file = damaged((db) => db.exec('CREATE TABLE extra_outbox (seq INTEGER PRIMARY KEY, body TEXT); INSERT INTO extra_outbox VALUES (1, 1), (2, 2), (4, 4);'));
    const report = checkInvariants(file, { skipAudit: true });
    expect(report.outboxChecked).toBe(true);
    expect(report.violations.map((v) => v.invariant)).toEqual(['outbox-sequence']);
  });

  it('finds a damaged file', () => {
    let root = 0;
    let pageSize = 0;
    const file = damaged((db) => {
      root = (db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'voucher_line'`).get() as { rootpage: number }).rootpage;
      pageSize = db.pragma('page_size', { simple: true }) as number;
    });
    const fd = openSync(file, 'r+');
    try {
      // Garbage over the b-tree page header and cell pointers of voucher_line's root page.
      writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, (root - 1) * pageSize + 2);
    } finally {
      closeSync(fd);
    }
    let names: InvariantName[] = [];
    try {
      names = found(file);
    } catch (error) {
      // SQLite may refuse the file outright: that is the checker failing loudly, as it should.
      expect(String(error)).toMatch(/malformed|corrupt|not a database/i);
      return;
    }
    expect(names).toContain('integrity');
  });
});
