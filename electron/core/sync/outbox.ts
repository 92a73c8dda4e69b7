import type Database from 'better-sqlite3';
import { canonicalJson } from '../../../shared/sync/canonical';
import { chainHash, changeText, GENESIS_HASH } from '../../../shared/sync/chain';
import { changeOrder, townshipKinds, type TownshipKind } from '../../../shared/sync/kinds';
import type { TownshipChange } from '../../../shared/sync/messages';
import { SYNC_SCHEMA_VERSION } from '../../../shared/sync/version';
import type { TransactionObserver, WritableDB } from '../db/handles';
import { rawSql, sql } from '../db/sql';
import { auditKindToSync, kindSources } from './content';
import { sha256Hex } from './digest';

/**
 * The outbox: every write transaction that touched township-owned records appends, in the SAME
 * transaction, one change record per record with its full canonical content (a voucher with its
 * lines is one change), numbered by the device sequence and hash-chained. Nothing is recorded
 * before this installation is enrolled; enrollment writes the baseline (every record) instead.
 *
 * Which records a transaction touched comes from the audit capture (temp.audit_touched, the
 * TEMP triggers of audit/capture.ts) for the kinds the audit tracks, and from this module's own
 * TEMP triggers (temp.sync_touched) for projects (with their 绩效), budget submissions,
 * adjustment requests, each budget year (二上二下 progress, roster, standards, draft) and the
 * trails of both (budget_event, period_event).
 * County-owned records (indicators, county records, control figures) are never captured here,
 * and the indicator movements that follow county decisions (下达/调整/调剂) are left out when
 * read (content.ts): what a pull applies does not go back to the county.
 */

interface Captured {
  table: string;
  kind: TownshipKind;
  /** The record key from the row (OLD or NEW), as SQL. */
  key: (row: string) => string;
}

const column = (name: string) => (row: string) => `${row}.${name}`;

const ownCapture: Captured[] = [
  { table: 'budget_project', kind: 'project', key: column('id') },
  { table: 'budget_project_amount', kind: 'project', key: column('project_id') },
  { table: 'budget_project_target', kind: 'project', key: column('project_id') },
  { table: 'budget_submission', kind: 'submission', key: column('id') },
  { table: 'budget_submission_line', kind: 'submission', key: column('submission_id') },
  { table: 'budget_adjustment', kind: 'adjustment', key: column('id') },
  { table: 'budget_adjustment_line', kind: 'adjustment', key: column('adjustment_id') },
  { table: 'budget_cycle', kind: 'budgetCycle', key: (row) => `${row}.book_id || '|' || ${row}.year` },
  { table: 'budget_staffing', kind: 'budgetCycle', key: (row) => `${row}.book_id || '|' || ${row}.year` },
  { table: 'budget_standard', kind: 'budgetCycle', key: (row) => `${row}.book_id || '|' || ${row}.year` },
  { table: 'budget_draft_line', kind: 'budgetCycle', key: (row) => `${row}.book_id || '|' || ${row}.year` },
  { table: 'budget_target_progress', kind: 'project', key: (row) => `(SELECT project_id FROM main.budget_project_target WHERE id = ${row}.target_id)` },
  { table: 'budget_project_evaluation', kind: 'project', key: column('project_id') },
  { table: 'budget_event', kind: 'budgetEvent', key: column('id') },
  { table: 'period_event', kind: 'periodEvent', key: column('id') },
];

function installSyncCapture(connection: Database.Database): void {
  const present = new Set((connection.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name));
  const statements = [`CREATE TEMP TABLE IF NOT EXISTS sync_touched (kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID`];
  for (const c of ownCapture) {
    if (!present.has(c.table)) continue;
    for (const [op, event, rows] of [['i', 'INSERT', ['NEW']], ['u', 'UPDATE', ['OLD', 'NEW']], ['d', 'DELETE', ['OLD']]] as const) {
      const body = rows.map((row) => `INSERT INTO temp.sync_touched (kind, key) VALUES ('${c.kind}', ${c.key(row)}) ON CONFLICT DO NOTHING;`).join(' ');
      statements.push(`CREATE TEMP TRIGGER IF NOT EXISTS "sync_${op}_${c.table}" AFTER ${event} ON main."${c.table}" BEGIN ${body} END`);
    }
  }
  connection.transaction(() => {
    for (const s of statements) connection.exec(s);
  })();
}

interface Head {
  seq: number;
  hash: string;
}

function headOf(db: WritableDB): Head {
  const row = db.get<{ seq: number; chain_hash: string }>(sql`SELECT seq, chain_hash FROM sync_outbox ORDER BY seq DESC LIMIT 1`);
  return row ? { seq: row.seq, hash: row.chain_hash } : { seq: 0, hash: GENESIS_HASH };
}

interface Pending {
  kind: TownshipKind;
  key: string;
  book: string | null;
  /** Canonical JSON of the content; null: deleted. */
  data: string | null;
  order: number;
}

/** Reads the touched records of one kind and turns them into pending changes (skipping what is not sent). */
function pendingOf(db: WritableDB, kind: TownshipKind, keys: readonly string[]): Pending[] {
  const source = kindSources[kind];
  const found = source.read(db, keys);
  const out: Pending[] = [];
  for (const key of keys) {
    if (found.has(key) && found.get(key) === undefined) continue;
    const content = found.get(key);
    const status = kind === 'period' && content ? (content as { status: string }).status : null;
    out.push({
      kind,
      key,
      book: content ? source.bookOf(content, key) : kind === 'book' ? key : deletedBookOf(db, kind, key),
      data: content === undefined ? null : canonicalJson(content),
      order: changeOrder(kind, status),
    });
  }
  return out;
}

/** The book of a deleted record, from the last change that carried it (its key holds it for accounts and periods). */
function deletedBookOf(db: WritableDB, kind: TownshipKind, key: string): string | null {
  if (kind === 'account' || kind === 'period') return key.split('|')[0] ?? null;
  return db.get<{ book_id: string | null }>(sql`SELECT book_id FROM sync_outbox WHERE kind = ${kind} AND key = ${key} ORDER BY seq DESC LIMIT 1`)?.book_id ?? null;
}

/**
 * Appends the pending changes after the head, in dependency order, skipping any whose content is
 * the same as the last change of that record (a write that changed nothing sends nothing).
 */
function append(db: WritableDB, pending: Pending[], at: string, dedupe: boolean): number {
  pending.sort((a, b) => a.order - b.order || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let head = headOf(db);
  let written = 0;
  for (const p of pending) {
    if (dedupe) {
      const last = db.get<{ data: string | null }>(sql`SELECT data FROM sync_outbox WHERE kind = ${p.kind} AND key = ${p.key} ORDER BY seq DESC LIMIT 1`);
      if (last ? last.data === p.data : p.data === null) continue;
    }
    const change: TownshipChange = {
      seq: head.seq + 1,
      kind: p.kind,
      key: p.key,
      book: p.book,
      op: p.data === null ? 'delete' : 'put',
      schema: SYNC_SCHEMA_VERSION,
      data: p.data === null ? null : JSON.parse(p.data),
    };
    const content = sha256Hex(changeText(change));
    const chained = chainHash(sha256Hex, head.hash, content);
    db.run(sql`
      INSERT INTO sync_outbox (seq, kind, key, book_id, op, schema, data, content_hash, chain_hash, created_at)
      VALUES (${change.seq}, ${change.kind}, ${change.key}, ${change.book}, ${change.op}, ${change.schema}, ${p.data}, ${content}, ${chained}, ${at})`);
    head = { seq: change.seq, hash: chained };
    written++;
  }
  return written;
}

/** The write scope action of 从县级恢复账套 (sync/restore.ts). */
export const RESTORE_ACTION = 'sync.restore';

export const isEnrolled = (db: { get<T>(q: ReturnType<typeof sql>): T | undefined }): boolean => !!db.get(sql`SELECT 1 FROM sync_state WHERE singleton = 1`);

/** The observer registered on the writer connection beside the audit recorder (db/open.ts). */
export function createOutboxObserver(connection: Database.Database, options: { now: () => Date }): TransactionObserver {
  installSyncCapture(connection);
  return {
    begin(db) {
      db.run(sql`DELETE FROM temp.sync_touched`);
    },
    beforeCommit(db, scope) {
      if (!isEnrolled(db)) return;
      // 从县级恢复 writes back what the county already holds: nothing of it goes up again.
      if (scope?.action === RESTORE_ACTION) return;
      const byKind = new Map<TownshipKind, string[]>();
      const add = (kind: TownshipKind, key: string) => {
        let keys = byKind.get(kind);
        if (!keys) byKind.set(kind, (keys = []));
        keys.push(key);
      };
      const audited = db.all<{ kind: string; key: string }>(rawSql('SELECT kind, key FROM temp.audit_touched ORDER BY kind, key'));
      for (const t of audited) {
        const kind = auditKindToSync[t.kind];
        if (kind) add(kind, t.key);
      }
      for (const t of db.all<{ kind: TownshipKind; key: string }>(rawSql('SELECT kind, key FROM temp.sync_touched ORDER BY kind, key'))) add(t.kind, t.key);
      if (byKind.size === 0) return;
      const pending: Pending[] = [];
      for (const [kind, keys] of byKind) pending.push(...pendingOf(db, kind, keys));
      append(db, pending, options.now().toISOString(), true);
    },
    afterCommit() {},
  };
}

/** Several observers on one connection: begin in order, beforeCommit in order, afterCommit in order. */
export function combineObservers(...observers: (TransactionObserver | null)[]): TransactionObserver | null {
  const list = observers.filter((o): o is TransactionObserver => o !== null);
  if (list.length === 0) return null;
  if (list.length === 1) return list[0]!;
  return {
    begin: (db) => list.forEach((o) => o.begin(db)),
    beforeCommit: (db, scope, notes) => list.forEach((o) => o.beforeCommit(db, scope, notes)),
    afterCommit: () => list.forEach((o) => o.afterCommit()),
  };
}

const BASELINE_CHUNK = 500;

/**
 * At enrollment: the outbox starts over for the new device with every township-owned record
 * of the installation (the first push of a township-year), in dependency order: closed periods
 * last, after the vouchers they close. The caller holds the transaction.
 */
export function writeBaseline(db: WritableDB, at: string): number {
  db.run(sql`DELETE FROM sync_outbox`);
  const order = [...townshipKinds].sort((a, b) => changeOrder(a, 'open') - changeOrder(b, 'open'));
  let written = 0;
  const periodKeys = (status: string) => db.all<{ k: string }>(sql`SELECT book_id || '|' || year || '|' || month AS k FROM period WHERE status = ${status} ORDER BY book_id, year, month`).map((r) => r.k);
  const run = (kind: TownshipKind, keys: string[]) => {
    for (let i = 0; i < keys.length; i += BASELINE_CHUNK) written += append(db, pendingOf(db, kind, keys.slice(i, i + BASELINE_CHUNK)), at, false);
  };
  for (const kind of order) run(kind, kind === 'period' ? periodKeys('open') : db.all<{ k: string }>(rawSql(kindSources[kind].keys)).map((r) => r.k));
  run('period', periodKeys('closed'));
  return written;
}
