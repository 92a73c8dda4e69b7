import { createHash } from 'node:crypto';

/**
 * The township side of the sync, checked on the database file with raw SQL and an
 * implementation of the protocol's hashing written here from its definition (shared/sync/chain.ts:
 * content hash = SHA-256 of the change's canonical JSON, chain hash = SHA-256(previous chain hash
 * + content hash), from 64 zeros), not the sync code's own:
 *
 * - `outbox-sequence`: the outbox numbers its changes 1..n without a gap;
 * - `outbox-chain`: each change's content hash and chain hash recompute;
 * - `sync-ack`: the recorded acknowledgement is a point of this chain (sequence and hash agree);
 * - `pull-page`: the inbox holds exactly the county's changes 1..cursor (pages are contiguous and
 *   the cursor moves in the same transaction as the page's rows), and what an applied county
 *   decision carries is here exactly once: its record, and for 指标下达 the indicator with one
 *   下达 movement of the amount; an applied notice and period check are stored. A page cut
 *   half-way by a crash would show as rows past the cursor, a cursor past the rows, or an
 *   inbox row marked applied whose effects are missing (or effects without their row).
 */

export type SyncInvariantName = 'outbox-sequence' | 'outbox-chain' | 'sync-ack' | 'pull-page';

export interface SyncReader {
  all<T>(text: string, ...params: unknown[]): T[];
  get<T>(text: string, ...params: unknown[]): T | undefined;
  hasTable(name: string): boolean;
}

export const GENESIS = '0'.repeat(64);

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Canonical JSON as the protocol defines it: keys sorted by UTF-16 code unit, no whitespace, undefined members left out. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export interface OutboxRow {
  seq: number;
  kind: string;
  key: string;
  book_id: string | null;
  op: string;
  schema: number;
  data: string | null;
  content_hash: string;
  chain_hash: string;
}

/** The content hash of an outbox row, recomputed. */
export function contentHashOf(row: OutboxRow): string {
  const data = row.data === null ? null : (JSON.parse(row.data) as unknown);
  return sha256(canonical({ seq: row.seq, kind: row.kind, key: row.key, book: row.book_id, op: row.op, schema: row.schema, data }));
}

export interface SyncCheckReport {
  /** Whether the file has the sync tables at all. */
  outboxChecked: boolean;
  /** Whether this installation is enrolled (state, chain and inbox checked). */
  enrolled: boolean;
  outboxLength: number;
  ack: number;
  pullCursor: number;
}

export function checkSyncTables(db: SyncReader, fail: (invariant: SyncInvariantName, message: string) => void): SyncCheckReport {
  const report: SyncCheckReport = { outboxChecked: false, enrolled: false, outboxLength: 0, ack: 0, pullCursor: 0 };
  // Any outbox-like table numbers its rows 1..n (kept from the hook that preceded the sync).
  for (const { name } of db.all<{ name: string }>(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE '%outbox%'`)) {
    const columns = db.all<{ name: string }>(`SELECT name FROM pragma_table_info(?)`, name).map((c) => c.name);
    if (!columns.includes('seq')) continue;
    report.outboxChecked = true;
    const r = db.get<{ n: number; lo: number | null; hi: number | null }>(`SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM "${name.replace(/"/g, '""')}"`)!;
    if (r.n > 0 && (r.lo !== 1 || r.hi !== r.n)) fail('outbox-sequence', `${name}: ${r.n} rows numbered ${r.lo}..${r.hi}`);
  }
  if (!db.hasTable('sync_outbox') || !db.hasTable('sync_state')) return report;

  // ---- the chain, recomputed from the rows ----
  let head = GENESIS;
  const chainAt = new Map<number, string>();
  let broken = 0;
  for (const row of db.all<OutboxRow>('SELECT seq, kind, key, book_id, op, schema, data, content_hash, chain_hash FROM sync_outbox ORDER BY seq')) {
    report.outboxLength++;
    const content = contentHashOf(row);
    const chained = sha256(head + content);
    if (content !== row.content_hash) {
      if (broken++ < 5) fail('outbox-chain', `outbox change ${row.seq} (${row.kind} ${row.key}): content hash ${row.content_hash.slice(0, 12)}… ≠ recomputed ${content.slice(0, 12)}…`);
    } else if (chained !== row.chain_hash) {
      if (broken++ < 5) fail('outbox-chain', `outbox change ${row.seq}: chain hash does not follow from change ${row.seq - 1}`);
    }
    head = row.chain_hash;
    chainAt.set(row.seq, row.chain_hash);
  }

  const state = db.get<{ ack_seq: number; ack_hash: string; pull_cursor: number }>('SELECT ack_seq, ack_hash, pull_cursor FROM sync_state WHERE singleton = 1');
  if (!state) {
    if (report.outboxLength > 0) fail('outbox-sequence', `${report.outboxLength} outbox changes written before this installation was enrolled`);
    return report;
  }
  report.enrolled = true;
  report.ack = state.ack_seq;
  report.pullCursor = state.pull_cursor;
  const expected = state.ack_seq === 0 ? GENESIS : chainAt.get(state.ack_seq);
  if (expected === undefined) fail('sync-ack', `acknowledged up to change ${state.ack_seq}, but the outbox ends at ${report.outboxLength}`);
  else if (expected !== state.ack_hash) fail('sync-ack', `acknowledgement ${state.ack_seq} carries hash ${state.ack_hash.slice(0, 12)}…, the outbox chain has ${expected.slice(0, 12)}…`);

  if (db.hasTable('sync_inbox')) checkInbox(db, state.pull_cursor, fail);
  return report;
}

function checkInbox(db: SyncReader, cursor: number, fail: (invariant: SyncInvariantName, message: string) => void): void {
  // Every feed position up to the cursor is in the inbox exactly as a page left it. (After a county
  // restored from an older backup the feed restarts, and the inbox also keeps the changes the county
  // lost, numbered beyond its new end: those are not counted here.)
  const r = db.get<{ n: number; lo: number | null; hi: number | null }>('SELECT count(DISTINCT cursor) AS n, min(cursor) AS lo, max(cursor) AS hi FROM sync_inbox WHERE cursor <= ?', cursor)!;
  if (r.n !== cursor || (r.n > 0 && (r.lo !== 1 || r.hi !== cursor))) {
    fail('pull-page', `the pull cursor is ${cursor} but the inbox holds ${r.n} county changes numbered ${r.lo ?? '—'}..${r.hi ?? '—'} (a page applied in part)`);
  }
  // Beyond the cursor only after a restart with new changes, which leaves numbers held twice (the
  // lost change and its successor). (A restart with nothing new yet is not told apart from a page
  // applied in part; the crash campaign never restores its county, test/sync/faults.test.ts does.)
  const beyond = db.get<{ n: number }>('SELECT count(*) AS n FROM sync_inbox WHERE cursor > ?', cursor)!.n;
  const twice = db.get<{ n: number }>('SELECT count(*) - count(DISTINCT cursor) AS n FROM sync_inbox')!.n;
  if (beyond > 0 && twice === 0) fail('pull-page', `the inbox holds ${beyond} county changes beyond the pull cursor ${cursor} (a page applied in part)`);

  const decisions = new Map<string, number>();
  for (const row of db.all<{ cursor: number; kind: string; key: string; data: string; status: string }>('SELECT cursor, kind, key, data, status FROM sync_inbox ORDER BY cursor')) {
    if (row.status !== 'applied') continue;
    const data = JSON.parse(row.data) as Record<string, unknown>;
    switch (row.kind) {
      case 'countyDecision': {
        const id = String(data.id);
        decisions.set(id, (decisions.get(id) ?? 0) + 1);
        const record = db.get<{ origin: string }>('SELECT origin FROM budget_county_record WHERE id = ?', id);
        if (!record || record.origin !== 'county') fail('pull-page', `county decision ${id} (inbox ${row.cursor}, ${String(data.action)}) is marked applied but its record is ${record ? `of origin ${record.origin}` : 'missing'}`);
        if (data.action === '指标下达') {
          const indicator = data.indicator as { id: string; amount: number };
          const issued = db.all<{ e: number }>(`SELECT executable_delta AS e FROM budget_indicator_movement WHERE indicator_id = ? AND kind = '下达'`, indicator.id);
          if (!db.get('SELECT 1 FROM budget_indicator WHERE id = ?', indicator.id)) fail('pull-page', `indicator ${indicator.id} of applied decision ${id} is missing`);
          else if (issued.length !== 1 || issued[0]!.e !== indicator.amount) {
            fail('pull-page', `indicator ${indicator.id} of decision ${id}: ${issued.length} 下达 movement(s) (${issued.map((i) => i.e).join(', ')}), expected one of ${indicator.amount}`);
          }
        }
        break;
      }
      case 'notice':
        if (!db.get('SELECT 1 FROM sync_notice WHERE id = ?', String(data.id))) fail('pull-page', `notice ${String(data.id)} (inbox ${row.cursor}) is marked applied but not stored`);
        break;
      case 'periodCheck':
        if (!db.get('SELECT 1 FROM sync_period_check WHERE book_id = ? AND year = ? AND month = ?', data.bookId, data.year, data.month)) {
          fail('pull-page', `period check ${String(data.bookId)} ${String(data.year)}-${String(data.month)} (inbox ${row.cursor}) is marked applied but not stored`);
        }
        break;
    }
  }
  for (const [id, n] of decisions) if (n > 1) fail('pull-page', `county decision ${id} is in the inbox ${n} times`);
  // Every county record here came through the inbox, applied (none without its row).
  for (const c of db.all<{ id: string }>(`SELECT id FROM budget_county_record WHERE origin = 'county'`)) {
    if (!decisions.has(c.id)) fail('pull-page', `county decision ${c.id} is applied here without an applied inbox row`);
  }
}
