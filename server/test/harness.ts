import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/app';
import { bootstrapAdmin } from '../src/auth/operators';
import { defaultServerConfig, type ServerConfig, type ServerContext } from '../src/context';
import type { Database } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { openPglite } from '../src/db/pglite';
import { openPostgres } from '../src/db/postgres';

/**
 * The server suite runs against both databases: real PostgreSQL (127.0.0.1:5432, trust auth,
 * database `test`, a fresh schema per test file, dropped afterwards) and embedded PGlite.
 */
export const databaseKinds = ['postgres', 'pglite'] as const;
export type DatabaseKind = (typeof databaseKinds)[number];

export const testDatabaseUrl = process.env.XIANGCAI_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function openTestDatabase(kind: DatabaseKind): Promise<{ db: Database; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openPglite(null);
    return { db, drop: () => db.close() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres({ connectionString: testDatabaseUrl, max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const db = await openPostgres({ connectionString: testDatabaseUrl, schema, max: 8 });
  return {
    db,
    async drop() {
      await db.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  ctx: ServerContext;
  db: Database;
  admin: ApiClient;
  close(): Promise<void>;
}

export interface ApiResult<T = any> {
  status: number;
  body: { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: any } };
}

export interface ApiClient {
  token: string | null;
  request<T = any>(method: string, path: string, body?: unknown): Promise<ApiResult<T>>;
  /** Unwraps a success, throws with the error otherwise. */
  ok<T = any>(method: string, path: string, body?: unknown): Promise<T>;
}

export function apiClient(url: string, token: string | null = null): ApiClient {
  const client: ApiClient = {
    token,
    async request(method, path, body) {
      const response = await fetch(url + path, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(client.token ? { authorization: `Bearer ${client.token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as ApiResult['body'] };
    },
    async ok(method, path, body) {
      const r = await client.request(method, path, body);
      if (!r.body.ok) throw new Error(`${method} ${path}: ${r.status} ${r.body.error.code} ${r.body.error.message}`);
      return r.body.value;
    },
  };
  return client;
}

export const adminPassword = 'county-admin1';

export async function startTestServer(kind: DatabaseKind, config: Partial<ServerConfig> = {}, now?: () => Date): Promise<TestServer> {
  const { db, drop } = await openTestDatabase(kind);
  await migrate(db);
  const ctx: ServerContext = { db, config: { ...defaultServerConfig, ...config }, now: now ?? (() => new Date()), log: () => undefined };
  await bootstrapAdmin(ctx, 'admin', adminPassword);
  const app = buildServer(ctx);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const admin = apiClient(address);
  admin.token = (await admin.ok<{ token: string }>('POST', '/api/login', { username: 'admin', password: adminPassword })).token;
  return {
    url: address,
    app,
    ctx,
    db,
    admin,
    async close() {
      await app.close();
      await drop();
    },
  };
}
