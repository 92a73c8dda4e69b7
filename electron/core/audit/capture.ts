import type Database from 'better-sqlite3';
import type { AuditValue, WritableDB } from '../db/handles';
import { sql } from '../db/sql';
import { keySql, trackedKinds, type TrackedKind } from './records';

/**
 * What a transaction touched, captured by TEMP triggers on the writer connection. They live
 * in the connection, not in the file: nothing is added to the schema, and an editor that opens
 * the file behind the app's back fires none of them (which is what verification then finds).
 *
 *   temp.audit_touched (kind, key, vouched)   records of a tracked kind inserted, updated or deleted
 *   temp.audit_vouched (kind, key, digest, info)   digests a bulk writer supplied itself
 *
 * Only the tables of tracked kinds get triggers (one cheap insert per row written), so nothing
 * else is counted row by row. The bulk import switches them off for its own tables and vouches
 * for the records it wrote instead (`writeUncaptured`). Others that read what a transaction
 * touched (the sync outbox) see the vouched keys in temp.audit_touched like captured ones.
 */

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The capture triggers of one table (insert, update, delete), by name with their CREATE statements. */
function tableTriggers(kind: TrackedKind, table: string, columns: readonly string[]): { name: string; create: string }[] {
  return ([
    ['i', 'INSERT', ['NEW']],
    ['u', 'UPDATE', ['OLD', 'NEW']],
    ['d', 'DELETE', ['OLD']],
  ] as const).map(([op, event, rows]) => {
    // Not INSERT OR IGNORE: inside a trigger the firing statement's conflict policy wins, so under
    // an UPSERT (book_setting) the OLD and NEW keys of one row collided: UNIQUE failed, INTERNAL.
    // A row touched after a bulk writer vouched for it is digested from the file again (vouched = 0).
    const body = rows.map((row) => `INSERT INTO temp.audit_touched (kind, key) VALUES (${literal(kind.kind)}, ${keySql(columns, `${row}.`)}) ON CONFLICT (kind, key) DO UPDATE SET vouched = 0;`);
    const name = `audit_${op}_${table}`;
    return { name, create: `CREATE TEMP TRIGGER IF NOT EXISTS ${quote(name)} AFTER ${event} ON main.${quote(table)} BEGIN ${body.join(' ')} END` };
  });
}

/** Every table with capture triggers: a tracked kind's own table and its children's. */
function capturedTables(): Map<string, { kind: TrackedKind; columns: readonly string[] }> {
  const tables = new Map<string, { kind: TrackedKind; columns: readonly string[] }>();
  for (const kind of trackedKinds) {
    tables.set(kind.table, { kind, columns: kind.keyColumns });
    for (const child of kind.children) tables.set(child.table, { kind, columns: child.parentColumns });
  }
  return tables;
}

const CAPTURED = capturedTables();

export function installCapture(connection: Database.Database): void {
  // The temp schema in memory: a file-backed temp table would journal every captured key to disk.
  connection.pragma('temp_store = MEMORY');
  const present = new Set(
    (connection.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((t) => t.name),
  );
  const statements: string[] = [
    `CREATE TEMP TABLE IF NOT EXISTS audit_touched (kind TEXT NOT NULL, key TEXT NOT NULL, vouched INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (kind, key)) WITHOUT ROWID`,
    `CREATE TEMP TABLE IF NOT EXISTS audit_vouched (kind TEXT NOT NULL, key TEXT NOT NULL, digest TEXT NOT NULL, info TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID`,
  ];
  for (const [table, { kind, columns }] of CAPTURED) {
    if (present.has(table)) statements.push(...tableTriggers(kind, table, columns).map((t) => t.create));
  }
  connection.transaction(() => {
    for (const statement of statements) connection.exec(statement);
  })();
}

/** A tracked record a bulk writer vouches for: its digest made from the rows it inserted (records.ts `recordDigester`). */
export interface VouchedRecord {
  kind: string;
  key: string;
  digest: string;
  info: Record<string, AuditValue>;
}

const VOUCH_CHUNK = 1000;

/**
 * Bulk paths only (the voucher import), inside the caller's transaction: runs `action` with the
 * capture triggers of `tables` dropped, and takes the records it vouches for in their place —
 * keys into temp.audit_touched (so whoever reads what the transaction touched sees them) and
 * digests into temp.audit_vouched (which the recorder uses instead of reading the rows back).
 * The triggers are put back afterwards; DDL on the temp schema is transactional, so a rollback
 * restores them too. A record the action wrote but did not vouch for has no audit entry, and
 * 审计校验 reports it as written outside the app: this shortcut can only fail loudly.
 * On a connection without capture (a file before the audit log) the action just runs.
 */
export function writeUncaptured<T>(db: WritableDB, tables: readonly string[], action: (vouch: (records: readonly VouchedRecord[]) => void) => T): T {
  if (!db.get(sql`SELECT 1 FROM temp.sqlite_schema WHERE type = 'table' AND name = 'audit_vouched'`)) return action(() => {});
  const run = (text: string) => db.run({ text, params: [] });
  const suspended = tables.map((table) => {
    const captured = CAPTURED.get(table);
    if (!captured) throw new Error(`writeUncaptured: ${table} is not a captured table`);
    return tableTriggers(captured.kind, table, captured.columns);
  });
  for (const triggers of suspended) for (const t of triggers) run(`DROP TRIGGER IF EXISTS temp.${quote(t.name)}`);
  try {
    return action((records) => {
      for (let i = 0; i < records.length; i += VOUCH_CHUNK) {
        const chunk = JSON.stringify(records.slice(i, i + VOUCH_CHUNK).map((r) => [r.kind, r.key, r.digest, JSON.stringify(r.info)]));
        db.run(sql`
          INSERT INTO temp.audit_vouched (kind, key, digest, info)
          SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(${chunk}) WHERE true
          ON CONFLICT (kind, key) DO UPDATE SET digest = excluded.digest, info = excluded.info`);
        db.run(sql`
          INSERT INTO temp.audit_touched (kind, key, vouched)
          SELECT value ->> 0, value ->> 1, 1 FROM json_each(${chunk}) WHERE true
          ON CONFLICT (kind, key) DO UPDATE SET vouched = 1`);
      }
    });
  } finally {
    for (const triggers of suspended) for (const t of triggers) run(t.create);
  }
}

/** Clears what the previous transaction left (inside the new transaction, before the action). */
export function resetCapture(run: (text: string) => void): void {
  run(`DELETE FROM temp.audit_touched`);
  run(`DELETE FROM temp.audit_vouched`);
}
