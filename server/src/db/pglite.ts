import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import type { Database, Queryable, SqlParam } from './database';

/**
 * Embedded PostgreSQL (WASM) in a data directory: `npm run server` works on a machine with no
 * database installed. One connection: PGlite queues every query behind a running transaction.
 */
export async function openPglite(dataDir: string | null): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const toNumber = (value: string) => Number(value);
  // int8 and numeric (sum() of int8) as numbers, as with pg (postgres.ts). Given per query: the
  // constructor's `parsers` option does not reach numeric in this PGlite version.
  const parsers = { [types.INT8]: toNumber, [types.NUMERIC]: toNumber };
  // A long text parameter (a push page's records: a megabyte) goes as its UTF-8 bytes in binary
  // format, which for text, varchar and json is the text itself: PGlite otherwise measures and
  // encodes a string parameter character by character in JavaScript, twice (0.6 s of a
  // township-year's first push). Short ones and other values as PGlite's own serializers write them.
  const LONG_TEXT = 16 * 1024;
  const long = (value: string) => (value.length > LONG_TEXT ? Buffer.from(value, 'utf8') : value);
  const asText = (value: unknown) => (typeof value === 'string' ? long(value) : value instanceof Date ? value.toISOString() : String(value));
  const asJson = (value: unknown) => (typeof value === 'string' ? long(value) : JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  // Typed as returning text; PGlite's bind sends a Uint8Array as a binary parameter (its pg-protocol serializer).
  const serializers = { [types.TEXT]: asText, [types.VARCHAR]: asText, [types.JSON]: asJson } as unknown as Record<number, (value: unknown) => string>;
  const db = new PGlite(dataDir ?? undefined);
  await db.waitReady;
  const run = async <T>(target: { query: PGlite['query'] }, text: string, params: readonly SqlParam[] = []) =>
    (await target.query<T>(text, params as unknown[], { parsers, serializers })).rows;
  return {
    kind: 'pglite',
    query: (text, params) => run(db, text, params),
    transaction: (action) =>
      db.transaction(async (transaction) => {
        const tx: Queryable = { query: (text, params) => run(transaction, text, params), exec: async (text) => void (await transaction.exec(text)) };
        return action(tx);
      }),
    async exec(text) {
      await db.exec(text);
    },
    close: () => db.close(),
  };
}
