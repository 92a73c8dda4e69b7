import pg from 'pg';
import type { Database, Queryable, SqlParam } from './database';

// int8 (counts, sequences, sums of fen) and numeric (sum() of int8) as numbers: every value the
// server stores stays far below 2^53 (fen of a whole province's books).
const toNumber = (value: string) => Number(value);
pg.types.setTypeParser(pg.types.builtins.INT8, toNumber);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, toNumber);

const PREPARED_MAX = 500;

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
  // Statements with parameters are prepared once per connection (named by their text): PostgreSQL
  // then skips parsing and planning them again. A push page is a handful of the same statements;
  // with thirty townships pushing at once this took a sixth of the backends' CPU. Bounded: SQL
  // built at run time past the first PREPARED_MAX texts goes unnamed, as before. (Needs a direct
  // connection or session pooling: a transaction-pooling proxy would lose the prepared statements.)
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < PREPARED_MAX) {
      name = `xc${names.size}`;
      names.set(text, name);
    }
    return name;
  };
  const run = async <T>(client: pg.Pool | pg.PoolClient, text: string, params: readonly SqlParam[] = []) =>
    (await client.query({ text, values: params as unknown[], name: params.length > 0 ? nameOf(text) : undefined })).rows as T[];
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
