import type Database from 'better-sqlite3';
import { keySql, trackedKinds, type TrackedKind } from './records';

/**
 * What a transaction touched, captured by TEMP triggers on the writer connection. They live
 * in the connection, not in the file: nothing is added to the schema, and an editor that opens
 * the file behind the app's back fires none of them (which is what verification then finds).
 *
 *   temp.audit_touched (kind, key)   records of a tracked kind inserted, updated or deleted
 *
 * Only the tables of tracked kinds get triggers (one cheap insert per row written), so nothing
 * else is counted row by row. The bulk import switches them off for its own tables and vouches
 * for the records it wrote instead (`suspendCapture`, WritableDB.uncaptured).
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
    const body = rows.map((row) => `INSERT INTO temp.audit_touched (kind, key) VALUES (${literal(kind.kind)}, ${keySql(columns, `${row}.`)}) ON CONFLICT DO NOTHING;`);
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
    `CREATE TEMP TABLE IF NOT EXISTS audit_touched (kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID`,
  ];
  for (const [table, { kind, columns }] of CAPTURED) {
    if (present.has(table)) statements.push(...tableTriggers(kind, table, columns).map((t) => t.create));
  }
  connection.transaction(() => {
    for (const statement of statements) connection.exec(statement);
  })();
}

/**
 * For a bulk writer that vouches for its records itself (WritableDB.uncaptured): drops the
 * capture triggers of `tables` inside the transaction in progress, and returns the function that
 * puts them back. DDL on the temp schema is transactional: a rollback restores them as well.
 */
export function suspendCapture(run: (text: string) => void, tables: readonly string[]): () => void {
  const suspended = tables.map((table) => {
    const captured = CAPTURED.get(table);
    if (!captured) throw new Error(`suspendCapture: ${table} is not a captured table`);
    return tableTriggers(captured.kind, table, captured.columns);
  });
  for (const triggers of suspended) for (const t of triggers) run(`DROP TRIGGER IF EXISTS temp.${quote(t.name)}`);
  return () => {
    for (const triggers of suspended) for (const t of triggers) run(t.create);
  };
}

/** Clears what the previous transaction left (inside the new transaction, before the action). */
export function resetCapture(run: (text: string) => void): void {
  run(`DELETE FROM temp.audit_touched`);
}
