import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

/**
 * A checksum of every table of a database file, read with its own read-only connection: the
 * fault and fuzz tests take one before and one after, and nothing may differ. `sqlite_schema`
 * is included, so a table or trigger created by an injected string would show too.
 */
export type TableChecksums = Record<string, string>;

export function tableChecksums(databaseFile: string): TableChecksums {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare('BEGIN').run();
    try {
      const sums: TableChecksums = {};
      const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
      for (const name of ['sqlite_schema', ...tables.map((t) => t.name)]) {
        const quoted = `"${name.replace(/"/g, '""')}"`;
        const hash = createHash('sha256');
        let rows = 0;
        const statement = (() => {
          try {
            return db.prepare(`SELECT * FROM ${quoted} ORDER BY rowid`);
          } catch {
            return db.prepare(`SELECT * FROM ${quoted}`);
          }
        })();
        for (const row of statement.raw(true).iterate() as Iterable<unknown[]>) {
          rows++;
          hash.update(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? v.toString('base64') : v)));
          hash.update('\n');
        }
        sums[name] = `${rows}:${hash.digest('hex').slice(0, 16)}`;
      }
      return sums;
    } finally {
      db.prepare('COMMIT').run();
    }
  } finally {
    db.close();
  }
}

/** The tables whose checksum differs, for an assertion message. */
export function changedTables(before: TableChecksums, after: TableChecksums): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}

export function integrityCheck(databaseFile: string): string {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}
