import Database from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';
import { readAnchor } from '../audit/anchor';
import { verifyAudit } from '../audit/verify';
import type { SqlQuery } from '../db/sql';
import { checkSyncTables } from './syncInvariants';

/**
 * The independent auditor of the crash campaign and the fault tests (TigerBeetle style).
 * It opens the database FILE read-only with its own connection and re-derives every
 * invariant with raw SQL. It uses none of the core's report or query code, so a bug there
 * cannot hide a broken file. (The one exception is the audit chain, which is checked with
 * the audit module's own verifier `verifyAudit`: the chain's format is that module's to define.)
 *
 * A read-only connection never checkpoints and never deletes the -wal file, so checking a
 * file after a SIGKILL leaves the crashed state in place for the next start to recover.
 */

export type InvariantName =
  | 'integrity'
  | 'foreign-keys'
  | 'wal-mode'
  | 'voucher-shape'
  | 'voucher-balance'
  | 'period-balance'
  | 'period-movement'
  | 'voucher-status'
  | 'closed-period'
  | 'period-order'
  | 'indicator-balance'
  | 'payment-link'
  | 'book-complete'
  | 'user-roles'
  | 'audit-chain'
  | 'outbox-sequence'
  | 'outbox-chain'
  | 'sync-ack'
  | 'pull-page'
  | 'county'
  | 'acknowledged';

export interface Violation {
  invariant: InvariantName;
  message: string;
}

/** What the writer acknowledged before it died: each must still be in the file. */
export type Fact =
  | { k: 'voucher'; id: string }
  | { k: 'posted'; id: string }
  | { k: 'book'; id: string }
  | { k: 'user'; id: string }
  | { k: 'payment'; id: string }
  | { k: 'paid'; id: string; voucherId: string }
  | { k: 'refunded'; id: string; voucherId: string }
  | { k: 'closed'; bookId: string; year: number; month: number }
  /** A sync the child saw succeed: the acknowledgement and the pull cursor it recorded must not go back. */
  | { k: 'synced'; id: string; ack: number; cursor: number };

export interface CheckOptions {
  /** The data directory, for the audit head file beside the database. */
  dataDir?: string;
  /** Facts acknowledged to the user (committed and answered) that must have survived. */
  acknowledged?: Iterable<Fact>;
  /** Skip the audit verifier (it reads every record; the fuzzers compare checksums instead). */
  skipAudit?: boolean;
}

export interface CheckReport {
  violations: Violation[];
  counts: { books: number; vouchers: number; lines: number; postedVouchers: number; closedPeriods: number; payments: number; auditEntries: number | null };
  /** Whether the audit chain was verified (false when the file has no audit log). */
  auditChecked: boolean;
  /** Whether an outbox table existed to check. */
  outboxChecked: boolean;
  /** Whether the installation was enrolled, so its chain, acknowledgement and inbox were checked. */
  syncChecked: boolean;
}

interface Raw {
  all<T>(text: string, ...params: unknown[]): T[];
  get<T>(text: string, ...params: unknown[]): T | undefined;
  hasTable(name: string): boolean;
}

function rawOf(connection: Database.Database): Raw {
  return {
    all: <T>(text: string, ...params: unknown[]) => connection.prepare(text).all(...params) as T[],
    get: <T>(text: string, ...params: unknown[]) => connection.prepare(text).get(...params) as T | undefined,
    hasTable: (name) => !!connection.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`).get(name),
  };
}

/** At most this many messages per invariant: one broken rule can otherwise flood the report. */
const MAX_PER_INVARIANT = 20;

export function checkInvariants(databaseFile: string, options: CheckOptions = {}): CheckReport {
  const violations: Violation[] = [];
  const perInvariant = new Map<InvariantName, number>();
  const fail = (invariant: InvariantName, message: string) => {
    const n = (perInvariant.get(invariant) ?? 0) + 1;
    perInvariant.set(invariant, n);
    if (n <= MAX_PER_INVARIANT) violations.push({ invariant, message });
    else if (n === MAX_PER_INVARIANT + 1) violations.push({ invariant, message: '… further violations of this invariant omitted' });
  };

  if (!walHeader(databaseFile)) fail('wal-mode', 'the database file header is not in WAL mode (file format versions 18/19 ≠ 2)');

  const connection = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    connection.pragma('busy_timeout = 10000');
    const db = rawOf(connection);
    // One read transaction: every query below sees the same committed state.
    connection.prepare('BEGIN').run();
    try {
      checkIntegrity(connection, fail);
      const report = checkLedger(db, fail);
      checkBudget(db, fail);
      checkBooksAndUsers(db, fail);
      const sync = checkSyncTables(db, fail);
      const outboxChecked = sync.outboxChecked;
      if (options.acknowledged) checkAcknowledged(db, options.acknowledged, fail);
      let auditChecked = false;
      let auditEntries: number | null = null;
      if (db.hasTable('audit_log')) {
        auditEntries = db.get<{ n: number }>('SELECT count(*) AS n FROM audit_log')!.n;
        if (!options.skipAudit) {
          auditChecked = true;
          checkAudit(connection, options.dataDir ?? null, fail);
        }
      }
      return { violations, counts: { ...report, auditEntries }, auditChecked, outboxChecked, syncChecked: sync.enrolled };
    } finally {
      connection.prepare('COMMIT').run();
    }
  } finally {
    connection.close();
  }
}

/** Bytes 18 and 19 of the header are 2 when the file is in WAL mode. */
function walHeader(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(20);
    if (readSync(fd, header, 0, 20, 0) < 20) return false;
    return header[18] === 2 && header[19] === 2;
  } finally {
    closeSync(fd);
  }
}

type Fail = (invariant: InvariantName, message: string) => void;

function checkIntegrity(connection: Database.Database, fail: Fail): void {
  const rows = connection.pragma('integrity_check') as { integrity_check: string }[];
  if (rows.length !== 1 || rows[0]!.integrity_check !== 'ok') fail('integrity', `PRAGMA integrity_check: ${rows.map((r) => r.integrity_check).join('; ')}`);
  const fk = connection.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  for (const r of fk) fail('foreign-keys', `${r.table} rowid ${r.rowid} points at a missing ${r.parent}`);
}

function checkLedger(db: Raw, fail: Fail) {
  // ---- every voucher whole: ≥ 2 lines numbered 1..n, each track balanced, lines agree with the voucher ----
  for (const v of db.all<{ id: string; n: number; mx: number | null }>(`
      SELECT v.id, count(l.line_no) AS n, max(l.line_no) AS mx
      FROM voucher v LEFT JOIN voucher_line l ON l.voucher_id = v.id GROUP BY v.id HAVING n < 2 OR mx <> n`)) {
    fail('voucher-shape', `voucher ${v.id} has ${v.n} line(s) (highest line_no ${v.mx ?? '—'}): half-written`);
  }
  for (const r of db.all<{ voucher_id: string; track: string; d: number; c: number }>(`
      SELECT voucher_id, track, sum(debit) AS d, sum(credit) AS c FROM voucher_line GROUP BY voucher_id, track HAVING d <> c`)) {
    fail('voucher-balance', `voucher ${r.voucher_id}, ${r.track} track: debits ${r.d} ≠ credits ${r.c}`);
  }
  for (const r of db.all<{ voucher_id: string; line_no: number; why: string }>(`
      SELECT l.voucher_id, l.line_no,
        CASE WHEN l.book_id <> v.book_id THEN 'book' WHEN a.code IS NULL THEN 'account missing' ELSE 'track' END AS why
      FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
      LEFT JOIN account a ON a.book_id = l.book_id AND a.code = l.account_code
      WHERE l.book_id <> v.book_id OR a.code IS NULL OR a.track <> l.track`)) {
    fail('voucher-shape', `voucher ${r.voucher_id} line ${r.line_no}: ${r.why} disagrees with the voucher or the chart`);
  }
  for (const v of db.all<{ id: string; date: string; year: number; month: number }>(`
      SELECT id, date, year, month FROM voucher
      WHERE CAST(substr(date, 1, 4) AS INTEGER) <> year OR CAST(substr(date, 6, 2) AS INTEGER) <> month`)) {
    fail('voucher-shape', `voucher ${v.id} dated ${v.date} is filed under ${v.year}-${v.month}`);
  }

  // ---- both tracks balanced in every book and period (posted vouchers) ----
  for (const r of db.all<{ book_id: string; year: number; month: number; track: string; d: number; c: number }>(`
      SELECT v.book_id, v.year, v.month, l.track, sum(l.debit) AS d, sum(l.credit) AS c
      FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id WHERE v.status = 'posted'
      GROUP BY v.book_id, v.year, v.month, l.track HAVING d <> c`)) {
    fail('period-balance', `book ${r.book_id} ${r.year}-${r.month} ${r.track}: posted debits ${r.d} ≠ credits ${r.c}`);
  }

  // ---- period_movement = Σ posted lines per book, leaf account, month ----
  type Sum = { book_id: string; account_code: string; year: number; month: number; debit: number; credit: number };
  const key = (r: Sum) => `${r.book_id}|${r.account_code}|${r.year}|${r.month}`;
  const stored = new Map(db.all<Sum>('SELECT book_id, account_code, year, month, debit, credit FROM period_movement').map((r) => [key(r), r]));
  for (const d of db.all<Sum>(`
      SELECT l.book_id, l.account_code, v.year, v.month, sum(l.debit) AS debit, sum(l.credit) AS credit
      FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id WHERE v.status = 'posted'
      GROUP BY l.book_id, l.account_code, v.year, v.month`)) {
    const s = stored.get(key(d));
    stored.delete(key(d));
    if ((s?.debit ?? 0) !== d.debit || (s?.credit ?? 0) !== d.credit) {
      fail('period-movement', `${d.account_code} ${d.year}-${d.month} (book ${d.book_id}): stored ${s?.debit ?? 0}/${s?.credit ?? 0}, posted lines ${d.debit}/${d.credit}`);
    }
  }
  for (const s of stored.values()) {
    if (s.debit !== 0 || s.credit !== 0) fail('period-movement', `${s.account_code} ${s.year}-${s.month} (book ${s.book_id}): stored ${s.debit}/${s.credit} with no posted line behind it`);
  }

  // ---- status fields agree with the status ----
  for (const v of db.all<{ id: string; status: string }>(`
      SELECT id, status FROM voucher WHERE
        (status = 'draft' AND (reviewed_by IS NOT NULL OR posted_by IS NOT NULL OR posted_at IS NOT NULL)) OR
        (status = 'reviewed' AND (reviewed_by IS NULL OR reviewed_at IS NULL OR posted_by IS NOT NULL)) OR
        (status = 'posted' AND (posted_by IS NULL OR posted_at IS NULL)) OR
        (reverses_id IS NOT NULL AND kind <> 'reversal')`)) {
    fail('voucher-status', `voucher ${v.id} (${v.status}) has reviewer/poster fields that contradict its status`);
  }
  for (const v of db.all<{ id: string }>(`
      SELECT r.id FROM voucher r LEFT JOIN voucher o ON o.id = r.reverses_id
      WHERE r.reverses_id IS NOT NULL AND (o.id IS NULL OR o.status <> 'posted')`)) {
    fail('voucher-status', `reversal ${v.id} reverses a voucher that is missing or not posted`);
  }

  // ---- closed periods: nothing in them changed after the close ----
  const closed = db.all<{ book_id: string; year: number; month: number; closed_at: string | null; closed_by: string | null }>(
    `SELECT book_id, year, month, closed_at, closed_by FROM period WHERE status = 'closed'`,
  );
  for (const p of closed) {
    const at = `${p.book_id} ${p.year}-${p.month}`;
    if (!p.closed_at || !p.closed_by) {
      fail('closed-period', `period ${at} is closed without closed_at/closed_by`);
      continue;
    }
    for (const v of db.all<{ id: string; status: string; latest: string }>(`
        SELECT id, status, max(created_at, updated_at, coalesce(posted_at, ''), coalesce(reviewed_at, '')) AS latest
        FROM voucher WHERE book_id = ? AND year = ? AND month = ? AND (status <> 'posted' OR max(created_at, updated_at, coalesce(posted_at, ''), coalesce(reviewed_at, '')) > ?)`,
      p.book_id, p.year, p.month, p.closed_at)) {
      fail('closed-period', `voucher ${v.id} in closed period ${at} is ${v.status === 'posted' ? `posted/changed at ${v.latest}, after the close at ${p.closed_at}` : v.status}`);
    }
    for (const w of db.all<{ word: string; n: number; mx: number }>(
      'SELECT word, count(*) AS n, max(number) AS mx FROM voucher WHERE book_id = ? AND year = ? AND month = ? GROUP BY word', p.book_id, p.year, p.month)) {
      if (w.n !== w.mx) fail('closed-period', `closed period ${at}: ${w.word} numbers are not 1..${w.n} (max ${w.mx})`);
    }
    const last = db.get<{ action: string; at: string }>(
      'SELECT action, at FROM period_event WHERE book_id = ? AND year = ? AND month = ? ORDER BY at DESC, rowid DESC LIMIT 1', p.book_id, p.year, p.month);
    if (last?.action !== 'close' || last.at !== p.closed_at) fail('closed-period', `closed period ${at} has no matching close event (last event: ${last ? `${last.action} ${last.at}` : 'none'})`);
  }
  for (const p of db.all<{ book_id: string; year: number; month: number; action: string }>(`
      SELECT p.book_id, p.year, p.month, (SELECT action FROM period_event e WHERE e.book_id = p.book_id AND e.year = p.year AND e.month = p.month ORDER BY at DESC, rowid DESC LIMIT 1) AS action
      FROM period p WHERE p.status = 'open'`)) {
    if (p.action === 'close') fail('closed-period', `period ${p.book_id} ${p.year}-${p.month} is open but its last event is a close`);
  }
  // Months close in order from the book's start: the closed months of a book are a prefix.
  for (const b of db.all<{ id: string; start: number; n: number; last: number | null }>(`
      SELECT b.id, b.start_year * 12 + b.start_month AS start, count(p.month) AS n, max(p.year * 12 + p.month) AS last
      FROM book b LEFT JOIN period p ON p.book_id = b.id AND p.status = 'closed' GROUP BY b.id`)) {
    if (b.last !== null && b.last - b.start + 1 !== b.n) fail('period-order', `book ${b.id}: ${b.n} closed months do not form an unbroken run from the start`);
  }

  const count = (text: string) => db.get<{ n: number }>(text)!.n;
  return {
    books: count('SELECT count(*) AS n FROM book'),
    vouchers: count('SELECT count(*) AS n FROM voucher'),
    lines: count('SELECT count(*) AS n FROM voucher_line'),
    postedVouchers: count(`SELECT count(*) AS n FROM voucher WHERE status = 'posted'`),
    closedPeriods: closed.length,
    payments: db.hasTable('budget_payment') ? count('SELECT count(*) AS n FROM budget_payment') : 0,
  };
}

function checkBudget(db: Raw, fail: Fail): void {
  if (!db.hasTable('budget_indicator_movement')) return;
  // ---- each indicator's balances are its movements, never negative at any point ----
  const running = new Map<string, { e: number; f: number; p: number }>();
  for (const m of db.all<{ id: string; indicator_id: string; e: number; f: number; p: number }>(
    'SELECT id, indicator_id, executable_delta AS e, frozen_delta AS f, paid_delta AS p FROM budget_indicator_movement ORDER BY rowid',
  )) {
    const b = running.get(m.indicator_id) ?? { e: 0, f: 0, p: 0 };
    b.e += m.e;
    b.f += m.f;
    b.p += m.p;
    running.set(m.indicator_id, b);
    if (b.f < 0 || b.p < 0 || b.e - b.f - b.p < 0) fail('indicator-balance', `indicator ${m.indicator_id} goes negative at movement ${m.id} (executable ${b.e}, frozen ${b.f}, paid ${b.p})`);
  }
  for (const i of db.all<{ id: string; paid: number; in_transit: number; spending: number }>(`
      SELECT i.id,
        coalesce((SELECT sum(amount) FROM budget_payment p WHERE p.indicator_id = i.id AND p.status = '已支付'), 0) AS paid,
        coalesce((SELECT sum(amount) FROM budget_payment p WHERE p.indicator_id = i.id AND p.status IN ('申请', '审核')), 0) AS in_transit,
        coalesce((SELECT sum(l.debit) FROM budget_payment_voucher pv JOIN voucher_line l ON l.voucher_id = pv.voucher_id
                  WHERE pv.indicator_id = i.id AND l.track = 'budget' AND l.account_code LIKE '7%'), 0) AS spending
      FROM budget_indicator i`)) {
    const b = running.get(i.id) ?? { e: 0, f: 0, p: 0 };
    const freezes = db.get<{ s: number | null }>(`SELECT sum(frozen_delta) AS s FROM budget_indicator_movement WHERE indicator_id = ? AND ref_kind = 'freeze'`, i.id)!.s ?? 0;
    if (b.p !== i.paid) fail('indicator-balance', `indicator ${i.id}: paid by movements ${b.p} ≠ payments in 已支付 ${i.paid}`);
    if (b.f !== i.in_transit + freezes) fail('indicator-balance', `indicator ${i.id}: frozen by movements ${b.f} ≠ payments in transit ${i.in_transit} + freezes ${freezes}`);
    if (i.spending !== b.p) fail('indicator-balance', `indicator ${i.id}: budget-track spending on its payment vouchers ${i.spending} ≠ paid ${b.p}`);
  }

  // ---- each payment: its hold and its payment movements match its status; its vouchers exist, posted ----
  for (const p of db.all<{ id: string; status: string; amount: number; voucher_id: string | null; refund_voucher_id: string | null; held: number; paid: number }>(`
      SELECT p.id, p.status, p.amount, p.voucher_id, p.refund_voucher_id,
        coalesce((SELECT sum(frozen_delta) FROM budget_indicator_movement m WHERE m.ref_kind = 'payment' AND m.ref_id = p.id), 0) AS held,
        coalesce((SELECT sum(paid_delta) FROM budget_indicator_movement m WHERE m.ref_kind = 'payment' AND m.ref_id = p.id), 0) AS paid
      FROM budget_payment p`)) {
    const holds = p.status === '申请' || p.status === '审核' ? p.amount : 0;
    const pays = p.status === '已支付' ? p.amount : 0;
    if (p.held !== holds || p.paid !== pays) fail('payment-link', `payment ${p.id} (${p.status}, ${p.amount}): holds ${p.held}, paid ${p.paid} in the indicator ledger`);
    for (const [voucherId, role] of [[p.voucher_id, '支付'], [p.refund_voucher_id, '资金退回']] as const) {
      if (!voucherId) continue;
      const v = db.get<{ status: string; role: string | null }>(
        `SELECT v.status, pv.role FROM voucher v LEFT JOIN budget_payment_voucher pv ON pv.voucher_id = v.id WHERE v.id = ?`, voucherId);
      if (!v || v.status !== 'posted' || v.role !== role) fail('payment-link', `payment ${p.id}: its ${role} voucher ${voucherId} is ${v ? `${v.status}, linked as ${v.role ?? 'nothing'}` : 'missing'}`);
    }
    if ((p.status === '已退款') !== (p.refund_voucher_id !== null)) fail('payment-link', `payment ${p.id} (${p.status}) and its refund voucher disagree`);
  }
}

function checkBooksAndUsers(db: Raw, fail: Fail): void {
  // A book is created with its whole chart and classification tables in one transaction.
  const books = db.all<{ id: string; unit_type: string; accounts: number; classifications: number }>(`
    SELECT b.id, b.unit_type,
      (SELECT count(*) FROM account a WHERE a.book_id = b.id) AS accounts,
      (SELECT count(*) FROM classification c WHERE c.book_id = b.id) AS classifications
    FROM book b`);
  const seen = new Map<string, { accounts: number; classifications: number }>();
  for (const b of books) {
    if (b.accounts === 0 || b.classifications === 0) fail('book-complete', `book ${b.id} has ${b.accounts} accounts and ${b.classifications} classifications`);
    const first = seen.get(b.unit_type);
    if (!first) seen.set(b.unit_type, b);
    else if (first.classifications !== b.classifications) fail('book-complete', `book ${b.id}: ${b.classifications} classifications, another ${b.unit_type} book has ${first.classifications}`);
  }
  // The sync's stand-in for the county (sync/apply.ts: disabled, no roles, cannot log in) is roleless by design.
  for (const u of db.all<{ id: string }>(`SELECT u.id FROM app_user u WHERE NOT EXISTS (SELECT 1 FROM user_role r WHERE r.user_id = u.id) AND NOT (u.username = '__county__' AND u.enabled = 0)`)) {
    fail('user-roles', `user ${u.id} has no role: half-written`);
  }
}

function checkAudit(connection: Database.Database, dataDir: string | null, fail: Fail): void {
  const reader = {
    all: <T>(q: SqlQuery) => connection.prepare(q.text).all(...q.params) as T[],
    get: <T>(q: SqlQuery) => connection.prepare(q.text).get(...q.params) as T | undefined,
  };
  const report = verifyAudit(reader, { anchor: dataDir ? readAnchor(dataDir) : null });
  if (!report.ok) {
    for (const p of report.problems.slice(0, MAX_PER_INVARIANT)) fail('audit-chain', `${p.kind}${p.seq !== null ? ` #${p.seq}` : ''}: ${p.message}`);
  }
}

function checkAcknowledged(db: Raw, facts: Iterable<Fact>, fail: Fail): void {
  for (const f of facts) {
    switch (f.k) {
      case 'voucher':
        if (!db.get('SELECT 1 FROM voucher WHERE id = ?', f.id)) fail('acknowledged', `saved voucher ${f.id} is gone`);
        break;
      case 'posted':
        if (db.get<{ status: string }>('SELECT status FROM voucher WHERE id = ?', f.id)?.status !== 'posted') fail('acknowledged', `posted voucher ${f.id} is not posted`);
        break;
      case 'book':
        if (!db.get('SELECT 1 FROM book WHERE id = ?', f.id)) fail('acknowledged', `created book ${f.id} is gone`);
        break;
      case 'user':
        if (!db.get('SELECT 1 FROM app_user WHERE id = ?', f.id)) fail('acknowledged', `created user ${f.id} is gone`);
        break;
      case 'payment':
        if (!db.get('SELECT 1 FROM budget_payment WHERE id = ?', f.id)) fail('acknowledged', `payment request ${f.id} is gone`);
        break;
      case 'paid': {
        const p = db.get<{ status: string; voucher_id: string | null }>('SELECT status, voucher_id FROM budget_payment WHERE id = ?', f.id);
        if (!p || !['已支付', '已退款'].includes(p.status) || p.voucher_id !== f.voucherId) fail('acknowledged', `confirmed payment ${f.id} is ${p ? `${p.status}, voucher ${p.voucher_id}` : 'gone'}`);
        break;
      }
      case 'refunded': {
        const p = db.get<{ status: string; refund_voucher_id: string | null }>('SELECT status, refund_voucher_id FROM budget_payment WHERE id = ?', f.id);
        if (p?.status !== '已退款' || p.refund_voucher_id !== f.voucherId) fail('acknowledged', `refunded payment ${f.id} is ${p?.status ?? 'gone'}`);
        break;
      }
      case 'synced': {
        const state = db.hasTable('sync_state') ? db.get<{ ack_seq: number; pull_cursor: number }>('SELECT ack_seq, pull_cursor FROM sync_state WHERE singleton = 1') : undefined;
        if (!state || state.ack_seq < f.ack || state.pull_cursor < f.cursor) {
          fail('acknowledged', `a finished sync recorded acknowledgement ${f.ack} and cursor ${f.cursor}; the file has ${state ? `${state.ack_seq} and ${state.pull_cursor}` : 'no sync state'}`);
        }
        break;
      }
      case 'closed':
        if (db.get<{ status: string }>('SELECT status FROM period WHERE book_id = ? AND year = ? AND month = ?', f.bookId, f.year, f.month)?.status !== 'closed') {
          fail('acknowledged', `closed period ${f.bookId} ${f.year}-${f.month} is not closed`);
        }
        break;
    }
  }
}

export function describeViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `  [${v.invariant}] ${v.message}`).join('\n');
}
