import type Database from 'better-sqlite3';
import { keySql, trackedKinds } from './records';

/**
 * What a transaction touched, captured by TEMP triggers on the writer connection. They live
 * in the connection, not in the file: nothing is added to the schema, and an editor that opens
 * the file behind the app's back fires none of them (which is what verification then finds).
 *
 *   temp.audit_touched (kind, key)   records of a tracked kind inserted, updated or deleted
 *
 * Only the tables of tracked kinds get triggers (one cheap insert per row written): a bulk
 * import of a million voucher lines pays for this, so nothing else is counted row by row.
 */

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function installCapture(connection: Database.Database): void {
  // The temp schema in memory: a file-backed temp table would journal every captured key to disk.
  connection.pragma('temp_store = MEMORY');
  const present = new Set(
    (connection.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((t) => t.name),
  );
  const statements: string[] = [
    `CREATE TEMP TABLE IF NOT EXISTS audit_touched (kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID`,
  ];
  for (const kind of trackedKinds) {
    for (const [table, columns] of [[kind.table, kind.keyColumns], ...kind.children.map((c) => [c.table, c.parentColumns] as const)] as const) {
      if (!present.has(table)) continue;
      for (const [op, event, rows] of [
        ['i', 'INSERT', ['NEW']],
        ['u', 'UPDATE', ['OLD', 'NEW']],
        ['d', 'DELETE', ['OLD']],
      ] as const) {
        // Not INSERT OR IGNORE: inside a trigger the firing statement's conflict policy wins, so under
        // an UPSERT (book_setting) the OLD and NEW keys of one row collided: UNIQUE failed, INTERNAL.
        const body = rows.map((row) => `INSERT INTO temp.audit_touched (kind, key) VALUES (${literal(kind.kind)}, ${keySql(columns, `${row}.`)}) ON CONFLICT DO NOTHING;`);
        statements.push(`CREATE TEMP TRIGGER IF NOT EXISTS ${quote(`audit_${op}_${table}`)} AFTER ${event} ON main.${quote(table)} BEGIN ${body.join(' ')} END`);
      }
    }
  }
  connection.transaction(() => {
    for (const statement of statements) connection.exec(statement);
  })();
}

/** Clears what the previous transaction left (inside the new transaction, before the action). */
export function resetCapture(run: (text: string) => void): void {
  run(`DELETE FROM temp.audit_touched`);
}
