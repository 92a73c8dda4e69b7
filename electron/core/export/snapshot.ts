import Database from 'better-sqlite3';
import { readableHandle, type ReadableDB } from '../db/handles';
import type { SqlQuery } from '../db/sql';

/**
 * A private read-only connection for one export, inside one read transaction: every page of a
 * long export comes from the same snapshot even if vouchers are posted meanwhile, and the rows
 * can be streamed with an iterator across the awaits of the file writer without tying up the
 * core's shared read connection (better-sqlite3 refuses other statements on a connection while
 * an iterator is open on it).
 */
export interface Snapshot {
  read: ReadableDB;
  /** The rows of `query` in pages of `size`, read with one iterator (never all at once). */
  pages<T>(query: SqlQuery, size?: number): Generator<T[]>;
  close(): void;
}

export function openSnapshot(databaseFile: string): Snapshot {
  const connection = new Database(databaseFile, { readonly: true, fileMustExist: true });
  connection.pragma('busy_timeout = 5000');
  connection.exec('BEGIN');
  const read = readableHandle(connection);
  return {
    read,
    *pages<T>(query: SqlQuery, size = 2000) {
      const iterator = connection.prepare(query.text).iterate(...query.params) as IterableIterator<T>;
      try {
        let page: T[] = [];
        for (const row of iterator) {
          page.push(row);
          if (page.length >= size) {
            yield page;
            page = [];
          }
        }
        if (page.length > 0) yield page;
      } finally {
        iterator.return?.();
      }
    },
    close() {
      try {
        if (connection.inTransaction) connection.exec('COMMIT');
      } finally {
        connection.close();
      }
    },
  };
}

export async function withSnapshot<T>(databaseFile: string, action: (snapshot: Snapshot) => Promise<T>): Promise<T> {
  const snapshot = openSnapshot(databaseFile);
  try {
    return await action(snapshot);
  } finally {
    snapshot.close();
  }
}
