import pg from 'pg';
import type { Database, Queryable, SqlParam } from './database';

// int8 (counts, sequences, sums of fen) and numeric (sum() of int8) as numbers: every value the
// server stores stays far below 2^53 (fen of a whole province's books).
const toNumber = (value: string) => Number(value);
pg.types.setTypeParser(pg.types.builtins.INT8, toNumber);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, toNumber);

export interface PostgresOptions {
  connectionString: string;
  /** Tests: each test file works in a schema of its own. */
  schema?: string;
  max?: number;
}

export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
  });
  // An idle client that loses its connection must not crash the server.
  pool.on('error', () => undefined);
  const run = async <T>(client: pg.Pool | pg.PoolClient, text: string, params: readonly SqlParam[] = []) =>
    (await client.query(text, params as unknown[])).rows as T[];
  // Check now: a wrong DATABASE_URL is reported at start, not at the first request.
  await run(pool, 'SELECT 1');
  return {
    kind: 'postgres',
    query: (text, params) => run(pool, text, params),
    async transaction(action) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Queryable = { query: (text, params) => run(client, text, params), exec: async (text) => void (await client.query(text)) };
        const value = await action(tx);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(text) {
      await pool.query(text);
    },
    close: () => pool.end(),
  };
}
