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
  const db = new PGlite(dataDir ?? undefined);
  await db.waitReady;
  const run = async <T>(target: { query: PGlite['query'] }, text: string, params: readonly SqlParam[] = []) =>
    (await target.query<T>(text, params as unknown[], { parsers })).rows;
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
