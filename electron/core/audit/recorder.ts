import type Database from 'better-sqlite3';
import type { AuditValue, TransactionObserver, WritableDB, WriteScope } from '../db/handles';
import { sql, type SqlQuery } from '../db/sql';
import { canonicalJson, entryHash, GENESIS_HASH } from './canonical';
import { installCapture, resetCapture } from './capture';
import { digestRecords, kindByName, type RecordDigest } from './records';

/** The audit log's format version, inside every entry. */
export const AUDIT_FORMAT = 1;

/** Records per entry: a 10,000-voucher import becomes a run of entries, not one of several MB. */
const RECORDS_PER_ENTRY = 1000;

export interface AuditHead {
  seq: number;
  hash: string;
  at: string;
}

interface Writer {
  get<T>(query: SqlQuery): T | undefined;
  run(query: SqlQuery): { changes: number };
}

export interface EntryInput {
  at: string;
  kind: WriteScope['kind'];
  action: string;
  actor: WriteScope['actor'];
  input?: AuditValue | undefined;
  records: RecordDigest[];
  details?: Record<string, AuditValue>;
}

/** Records written per kind, and how many of them no longer exist (deleted): `{ voucher: { written: 3, deleted: 1 } }`. */
function countsOf(records: readonly RecordDigest[]): Record<string, { written: number; deleted?: number }> | undefined {
  if (records.length === 0) return undefined;
  const counts: Record<string, { written: number; deleted?: number }> = {};
  for (const r of records) {
    const c = (counts[r.kind] ??= { written: 0 });
    c.written++;
    if (r.digest === null) c.deleted = (c.deleted ?? 0) + 1;
  }
  return counts;
}

export function auditHead(db: { get<T>(query: SqlQuery): T | undefined }): AuditHead | null {
  return db.get<AuditHead>(sql`SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1`) ?? null;
}

/**
 * Appends one logical entry (split into parts when it names many records), chained to the
 * head. The caller holds the write transaction, so the head cannot move underneath.
 */
export function appendEntries(db: Writer, entry: EntryInput): AuditHead {
  let head = auditHead(db);
  const chunks: RecordDigest[][] = [];
  for (let i = 0; i < entry.records.length; i += RECORDS_PER_ENTRY) chunks.push(entry.records.slice(i, i + RECORDS_PER_ENTRY));
  if (chunks.length === 0) chunks.push([]);
  chunks.forEach((records, index) => {
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const payload = canonicalJson({
      v: AUDIT_FORMAT,
      seq,
      at: entry.at,
      kind: entry.kind,
      action: entry.action,
      actor: entry.actor,
      input: index === 0 ? entry.input : undefined,
      records: records.length > 0 ? records.map((r) => ({ t: r.kind, k: r.key, d: r.digest, i: r.info })) : undefined,
      counts: index === 0 ? countsOf(entry.records) : undefined,
      details: index === 0 && entry.details && Object.keys(entry.details).length > 0 ? entry.details : undefined,
      part: chunks.length > 1 ? [index + 1, chunks.length] : undefined,
    });
    const hash = entryHash(prevHash, payload);
    db.run(sql`
      INSERT INTO audit_log (seq, at, kind, action, user_id, payload, prev_hash, hash)
      VALUES (${seq}, ${entry.at}, ${entry.kind}, ${entry.action}, ${entry.actor?.id ?? null}, ${payload}, ${prevHash}, ${hash})`);
    head = { seq, hash, at: entry.at };
  });
  return head!;
}

export interface RecorderOptions {
  now: () => Date;
  /** Called after each commit that appended entries (the data directory's head file). */
  onCommitted?: (head: AuditHead) => void;
}

/**
 * The observer that makes every outermost write transaction on the writer connection append
 * its audit entry just before it commits: who (the scope), when, which command with which
 * (redacted) input, the digests of the business records it touched and the row counts per table.
 * Transactions that changed nothing append nothing.
 */
export function createAuditRecorder(connection: Database.Database, options: RecorderOptions): TransactionObserver {
  installCapture(connection);
  const totalChanges = connection.prepare('SELECT total_changes() AS n');
  let baseline = 0;
  let committed: AuditHead | null = null;
  return {
    begin(db) {
      committed = null;
      resetCapture((text) => db.run({ text, params: [] }));
      baseline = (totalChanges.get() as { n: number }).n;
    },
    beforeCommit(db, scope, notes) {
      if ((totalChanges.get() as { n: number }).n === baseline) return;
      committed = appendEntries(db, {
        at: options.now().toISOString(),
        kind: scope?.kind ?? 'system',
        action: scope?.action ?? 'system.write',
        actor: scope?.actor ?? null,
        input: scope?.input?.(),
        records: touchedRecords(db),
        details: notes,
      });
    },
    afterCommit() {
      if (committed && options.onCommitted) {
        try {
          options.onCommitted(committed);
        } catch {
          // The head file is a second witness only; the commit itself has succeeded.
        }
      }
      committed = null;
    },
  };
}

/**
 * The records of the entry: every key the transaction touched (temp.audit_touched), digested as
 * it is now, except those a bulk writer vouched for (capture.ts `writeUncaptured`) and nothing
 * touched again afterwards: their digest and info come from temp.audit_vouched.
 */
function touchedRecords(db: WritableDB): RecordDigest[] {
  const byKind = new Map<string, string[]>();
  const records: RecordDigest[] = [];
  for (const t of db.all<{ kind: string; key: string; digest: string | null; info: string | null }>(sql`
    SELECT t.kind, t.key, v.digest, v.info FROM temp.audit_touched t
    LEFT JOIN temp.audit_vouched v ON t.vouched = 1 AND v.kind = t.kind AND v.key = t.key
    ORDER BY t.kind, t.key`)) {
    if (t.digest !== null) {
      records.push({ kind: t.kind, key: t.key, digest: t.digest, info: JSON.parse(t.info!) as Record<string, AuditValue> });
      continue;
    }
    let keys = byKind.get(t.kind);
    if (!keys) byKind.set(t.kind, (keys = []));
    keys.push(t.key);
  }
  for (const [kind, keys] of byKind) records.push(...digestRecords(db, kindByName.get(kind)!, keys));
  return records;
}

/**
 * A system entry written outside the dispatcher (the baseline of migration 007, the note a
 * restore leaves): the caller holds the transaction.
 */
export function appendSystemEntry(
  db: Writer,
  action: string,
  now: Date,
  extra: { records?: RecordDigest[]; details?: Record<string, AuditValue>; actor?: WriteScope['actor'] } = {},
): AuditHead {
  return appendEntries(db, { at: now.toISOString(), kind: 'system', action, actor: extra.actor ?? null, records: extra.records ?? [], details: extra.details });
}
