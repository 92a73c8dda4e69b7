/**
 * One small interface over the two databases the county server runs on: PostgreSQL through
 * `pg` (production: `DATABASE_URL`), or an embedded PGlite data directory (a fresh machine with
 * nothing installed). SQL is PostgreSQL's in both, with `$1` parameters.
 */
/** Scalars, Dates, Buffers, and arrays of them (for `unnest($1::text[])` bulk statements). */
export type SqlParam = unknown;

export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Several statements in one text, no parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** One transaction: all of it or nothing. Use only `tx` inside (PGlite has one connection). */
  transaction<T>(action: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** First row or undefined. */
export async function one<T>(db: Queryable, text: string, params: readonly SqlParam[] = []): Promise<T | undefined> {
  const rows = await db.query<T>(text, params);
  return rows[0];
}
