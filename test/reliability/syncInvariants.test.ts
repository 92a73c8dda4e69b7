import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants, type Fact, type InvariantName } from '../../electron/core/reliability/invariants';
import type { TestServer } from '../../server/test/harness';
import { county, enroll, postScenario, township, TOWNSHIP, type Township } from '../sync/harness';
import { tempDir } from '../helpers/tmp';

/**
 * The crash checker's sync invariants (electron/core/reliability/syncInvariants.ts) on a real
 * enrolled installation that pushed, pulled the county's indicators and a notice, and closed a
 * month: the undamaged file passes; each kind of damage a crash (or an editor) could leave is named.
 */
let server: TestServer;
let t: Township;
let original = '';
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir('xiangcai-syncinv-');
  server = await county('pglite');
  t = await township();
  await postScenario(t, 4);
  await enroll(t, server);
  await t.accountant.ok('sync.now', {});
  for (const [docNo, payMethod] of [['青财预〔2026〕21号', '直接支付'], ['青财预〔2026〕22号', '授权支付']] as const) {
    await server.admin.ok('POST', `/api/townships/${TOWNSHIP}/indicators`, { bookId: t.bookId, date: '2026-01-08', year: 2026, funcCode: '2010301', econDepCode: '30201', fundNature: '一般公共预算', docNo, payMethod, amount: 9_000_00 });
  }
  await server.admin.ok('POST', '/api/notices', { title: '关于按时结账的通知', body: '请于每月5日前完成上月结账。' });
  await t.accountant.ok('sync.now', {});
  await t.reviewer.ok('period.close', { bookId: t.bookId, year: 2026, month: 1 });
  await t.accountant.ok('sync.now', {});
  await t.accountant.ok('sync.now', {});
  original = t.core.databaseFile;
}, 120_000);
afterAll(async () => {
  t.close();
  await server.close();
  dir.cleanup();
}, 30_000);

let copies = 0;
function damaged(damage: (db: Database.Database) => void): string {
  const file = join(dir.path, `copy-${++copies}.db`);
  // The core is open: copy a consistent snapshot through SQLite's backup, not the raw file.
  const source = new Database(original, { readonly: true });
  source.exec(`VACUUM INTO '${file.replace(/'/g, "''")}'`);
  source.close();
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = OFF');
    damage(db);
  } finally {
    db.close();
  }
  return file;
}

const found = (file: string, facts?: Fact[]): InvariantName[] => [...new Set(checkInvariants(file, { acknowledged: facts, skipAudit: true }).violations.map((v) => v.invariant))];

describe('sync invariants of the crash checker', () => {
  it('passes the undamaged installation, with its chain, acknowledgement and inbox checked', () => {
    const file = damaged(() => {});
    const db = new Database(file, { readonly: true });
    const state = db.prepare('SELECT ack_seq, pull_cursor FROM sync_state').get() as { ack_seq: number; pull_cursor: number };
    const inbox = db.prepare(`SELECT count(*) AS n FROM sync_inbox WHERE status = 'applied'`).get() as { n: number };
    db.close();
    expect(state.ack_seq).toBeGreaterThan(10);
    expect(inbox.n).toBeGreaterThanOrEqual(4); // two indicators, the notice, the month's check
    const report = checkInvariants(file, { acknowledged: [{ k: 'synced', id: 'last', ack: state.ack_seq, cursor: state.pull_cursor }], skipAudit: true });
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ outboxChecked: true, syncChecked: true });
  });

  it('names a gap in the outbox', () => {
    expect(found(damaged((db) => db.exec('DELETE FROM sync_outbox WHERE seq = 5')))).toContain('outbox-sequence');
  });

  it('names a change whose content no longer matches its hash, and a chain that does not follow', () => {
    const edited = damaged((db) => {
      db.exec('DROP TRIGGER sync_outbox_no_update');
      const changed = db.prepare(`UPDATE sync_outbox SET data = replace(data, '"summary":"', '"summary":"改') WHERE seq = (SELECT max(seq) FROM sync_outbox WHERE kind = 'voucher')`).run();
      expect(changed.changes).toBe(1);
    });
    expect(found(edited)).toContain('outbox-chain');
    const rechained = damaged((db) => {
      db.exec('DROP TRIGGER sync_outbox_no_update');
      db.exec(`UPDATE sync_outbox SET chain_hash = content_hash WHERE seq = 3`);
    });
    expect(found(rechained)).toEqual(expect.arrayContaining(['outbox-chain']));
  });

  it('names an acknowledgement that is not a point of the chain', () => {
    expect(found(damaged((db) => db.exec(`UPDATE sync_state SET ack_hash = '${'a'.repeat(64)}'`)))).toEqual(['sync-ack']);
    expect(found(damaged((db) => db.exec('UPDATE sync_state SET ack_seq = ack_seq + 50')))).toContain('sync-ack');
  });

  it('names a pull page applied in part: rows past the cursor, a cursor past the rows', () => {
    expect(found(damaged((db) => db.exec('UPDATE sync_state SET pull_cursor = pull_cursor - 1')))).toContain('pull-page');
    expect(found(damaged((db) => db.exec('DELETE FROM sync_inbox WHERE cursor = (SELECT max(cursor) FROM sync_inbox)')))).toContain('pull-page');
  });

  it('names a county decision applied without its row, or its row without its effects, or an indicator issued twice', () => {
    const withoutRow = damaged((db) => db.exec(`DELETE FROM sync_inbox WHERE kind = 'countyDecision' AND cursor = (SELECT min(cursor) FROM sync_inbox WHERE kind = 'countyDecision')`));
    expect(found(withoutRow)).toContain('pull-page');
    const withoutEffect = damaged((db) => db.exec(`DELETE FROM sync_notice`));
    expect(found(withoutEffect)).toEqual(['pull-page']);
    const twice = damaged((db) =>
      db.exec(`INSERT INTO budget_indicator_movement (id, book_id, indicator_id, kind, date, executable_delta, frozen_delta, paid_delta, ref_kind, ref_id, summary, user_id, created_at)
               SELECT id || 'x', book_id, indicator_id, kind, date, executable_delta, frozen_delta, paid_delta, ref_kind, ref_id, summary, user_id, created_at
               FROM budget_indicator_movement WHERE kind = '下达' LIMIT 1`),
    );
    expect(found(twice)).toContain('pull-page');
  });

  it('names a finished sync whose acknowledgement or cursor went back', () => {
    const db = new Database(original, { readonly: true });
    const state = db.prepare('SELECT ack_seq, pull_cursor FROM sync_state').get() as { ack_seq: number; pull_cursor: number };
    db.close();
    const file = damaged(() => {});
    expect(found(file, [{ k: 'synced', id: 'last', ack: state.ack_seq + 1, cursor: state.pull_cursor }])).toEqual(['acknowledged']);
    expect(found(file, [{ k: 'synced', id: 'last', ack: state.ack_seq, cursor: state.pull_cursor + 1 }])).toEqual(['acknowledged']);
  });
});
