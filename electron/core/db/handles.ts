import type Database from 'better-sqlite3';
import type { SqlQuery } from './sql';

/**
 * Two distinct handle types (after Signal Desktop's ReadableDB / WritableDB).
 * Report and query code takes a ReadableDB: it has no way to run a write, and
 * at run time it sits on a connection opened read-only, so SQLite refuses too.
 */
export interface ReadableDB {
  readonly access: 'read';
  get<T>(query: SqlQuery): T | undefined;
  all<T>(query: SqlQuery): T[];
}

export interface WritableDB {
  readonly access: 'write';
  get<T>(query: SqlQuery): T | undefined;
  all<T>(query: SqlQuery): T[];
  run(query: SqlQuery): { changes: number };
  /** One business action, one transaction: all of it or nothing. Nested calls become savepoints. */
  transaction<T>(action: (db: WritableDB) => T): T;
}

function statementCache(connection: Database.Database) {
  const cache = new Map<string, Database.Statement>();
  return (text: string): Database.Statement => {
    let statement = cache.get(text);
    if (!statement) {
      statement = connection.prepare(text);
      cache.set(text, statement);
    }
    return statement;
  };
}

export function readableHandle(connection: Database.Database): ReadableDB {
  const prepare = statementCache(connection);
  return {
    access: 'read',
    get: <T>(q: SqlQuery) => prepare(q.text).get(...q.params) as T | undefined,
    all: <T>(q: SqlQuery) => prepare(q.text).all(...q.params) as T[],
  };
}

export function writableHandle(connection: Database.Database): WritableDB {
  const prepare = statementCache(connection);
  const handle: WritableDB = {
    access: 'write',
    get: <T>(q: SqlQuery) => prepare(q.text).get(...q.params) as T | undefined,
    all: <T>(q: SqlQuery) => prepare(q.text).all(...q.params) as T[],
    run: (q: SqlQuery) => ({ changes: prepare(q.text).run(...q.params).changes }),
    transaction: <T>(action: (db: WritableDB) => T): T => connection.transaction(() => action(handle)).immediate(),
  };
  return handle;
}
