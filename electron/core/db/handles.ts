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

/** JSON values only: what an audit entry may carry. */
export type AuditValue = string | number | boolean | null | AuditValue[] | { [key: string]: AuditValue };

/** Who is writing: the command being run (set by the dispatcher), or a named system action. */
export interface WriteScope {
  kind: 'command' | 'system';
  /** The command name (`voucher.save`) or the system action (`installation.create`). */
  action: string;
  actor: { id: string; username: string; displayName: string } | null;
  /** The validated input with passwords and keys redacted (computed only when an entry is written). */
  input?: () => AuditValue;
}

export interface WritableDB {
  readonly access: 'write';
  get<T>(query: SqlQuery): T | undefined;
  all<T>(query: SqlQuery): T[];
  /**
   * Outside a transaction, a write on a command's handle runs in its own (audited) transaction;
   * on the core's base handle it autocommits unaudited (session bookkeeping only).
   */
  run(query: SqlQuery): { changes: number };
  /**
   * One business action, one transaction: all of it or nothing. Nested calls become savepoints.
   * The outermost one appends its audit entry just before it commits (see audit/recorder.ts).
   */
  transaction<T>(action: (db: WritableDB) => T): T;
  /** Adds "what changed" details to the audit entry of the transaction in progress (ignored outside one). */
  note(details: Record<string, AuditValue>): void;
  /** The same connection, with its transactions recorded as done by this command or system action. */
  scoped(scope: WriteScope): WritableDB;
}

/**
 * What the audit recorder sees of each outermost transaction. `begin` and `beforeCommit` run
 * inside the transaction (so the audit entry commits or rolls back with the write);
 * `afterCommit` runs once it is durable.
 */
export interface TransactionObserver {
  begin(db: WritableDB): void;
  beforeCommit(db: WritableDB, scope: WriteScope | null, notes: Record<string, AuditValue>): void;
  afterCommit(): void;
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

export function writableHandle(connection: Database.Database, observer: TransactionObserver | null = null): WritableDB {
  const prepare = statementCache(connection);
  // Per connection: at most one outermost transaction runs at a time (better-sqlite3 is synchronous).
  let notes: Record<string, AuditValue> | null = null;

  function make(scope: WriteScope | null): WritableDB {
    const handle: WritableDB = {
      access: 'write',
      get: <T>(q: SqlQuery) => prepare(q.text).get(...q.params) as T | undefined,
      all: <T>(q: SqlQuery) => prepare(q.text).all(...q.params) as T[],
      run: (q: SqlQuery) => {
        if (scope && observer && !connection.inTransaction) return handle.transaction((db) => db.run(q));
        return { changes: prepare(q.text).run(...q.params).changes };
      },
      transaction: <T>(action: (db: WritableDB) => T): T => {
        if (connection.inTransaction || !observer) return connection.transaction(() => action(handle)).immediate();
        let result: T;
        try {
          result = connection
            .transaction(() => {
              notes = {};
              observer.begin(handle);
              const value = action(handle);
              observer.beforeCommit(handle, scope, notes);
              return value;
            })
            .immediate();
        } finally {
          notes = null;
        }
        observer.afterCommit();
        return result;
      },
      note: (details) => {
        if (notes && connection.inTransaction) Object.assign(notes, details);
      },
      scoped: (next) => make(next),
    };
    return handle;
  }
  return make(null);
}
