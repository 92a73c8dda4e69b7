import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Database } from '../../../server/src/db/database';
import { openPglite } from '../../../server/src/db/pglite';
import { openPostgres } from '../../../server/src/db/postgres';
import { adminPassword, apiClient, testDatabaseUrl, type ApiClient } from '../../../server/test/harness';
import { projectRoot } from '../../helpers/hostProcess';

/**
 * The county server as a process of its own (the real `server/src/main.ts`, bundled), so a
 * test can SIGKILL it mid-push and start it again on the same data: the same PGlite data
 * directory, or the same PostgreSQL schema. It listens on a fixed port across restarts, so a
 * fault proxy in front of it keeps its target.
 */

export type CountyKind = 'pglite' | 'postgres';

let bundled: Promise<string> | null = null;

/** Bundles server/src/main.ts once per test process (packages stay in node_modules). */
export function countyServerScript(): Promise<string> {
  bundled ??= (async () => {
    const outfile = join(projectRoot, '.tmp/test', `county-server-${process.pid}.mjs`);
    mkdirSync(join(projectRoot, '.tmp/test'), { recursive: true });
    await build({
      entryPoints: [join(projectRoot, 'server/src/main.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
    });
    return outfile;
  })();
  return bundled;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface CountyProcess {
  readonly kind: CountyKind;
  readonly url: string;
  readonly port: number;
  /** The data directory (PGlite lives in `<dir>/pglite`). */
  readonly dataDir: string;
  /** Logged in as the bootstrap 管理员 (a new token after each start). */
  admin: ApiClient;
  child: ChildProcess | null;
  /** Everything the current process printed. */
  output(): string;
  start(): Promise<void>;
  /** SIGKILL: the process dies wherever it is (a PostgreSQL transaction in flight is rolled back by PostgreSQL). */
  kill(): Promise<void>;
  /** SIGTERM: closes the database cleanly. */
  stop(): Promise<void>;
  /**
   * A raw connection to the county database for the independent checker. PGlite has one
   * process at a time: the server is stopped first (call start() again to go on).
   */
  openDatabase(): Promise<Database>;
  /** Stops the server and removes the PostgreSQL schema. */
  dispose(): Promise<void>;
}

export async function startCountyProcess(kind: CountyKind, dataDir: string, options: { env?: Record<string, string> } = {}): Promise<CountyProcess> {
  const script = await countyServerScript();
  const port = await freePort();
  let schema: string | null = null;
  let databaseUrl: string | null = null;
  if (kind === 'postgres') {
    schema = `fault_${randomBytes(6).toString('hex')}`;
    const admin = await openPostgres({ connectionString: testDatabaseUrl, max: 1 });
    await admin.exec(`CREATE SCHEMA ${schema}`);
    await admin.close();
    const url = new URL(testDatabaseUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
  }
  let output = '';
  let exited: Promise<void> = Promise.resolve();
  const county: CountyProcess = {
    kind,
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    admin: apiClient(`http://127.0.0.1:${port}`),
    child: null,
    output: () => output,
    async start() {
      if (county.child) throw new Error('county server already running');
      output = '';
      const child = spawn(process.execPath, [script, '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir, '--bootstrap-admin', 'admin'], {
        cwd: projectRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '' }), XIANGCAI_ADMIN_PASSWORD: adminPassword, XIANGCAI_DEVICE_RATE: '100000', ...options.env },
      });
      county.child = child;
      exited = new Promise((resolve) => child.on('exit', () => resolve()));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`county server did not start in 60 s:\n${output}`)), 60_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString('utf8');
          if (output.includes('XIANGCAI_SERVER_URL=')) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout!.on('data', onData);
        child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
        child.on('exit', (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`county server exited (${code ?? signal}) before listening:\n${output}`));
        });
      });
      county.admin = apiClient(county.url);
      county.admin.token = (await county.admin.ok<{ token: string }>('POST', '/api/login', { username: 'admin', password: adminPassword })).token;
    },
    async kill() {
      const child = county.child;
      if (!child) return;
      child.kill('SIGKILL');
      await exited;
      county.child = null;
    },
    async stop() {
      const child = county.child;
      if (!child) return;
      child.kill('SIGTERM');
      await exited;
      county.child = null;
    },
    async openDatabase() {
      if (kind === 'pglite') {
        await county.stop();
        return openPglite(join(dataDir, 'pglite'));
      }
      return openPostgres({ connectionString: testDatabaseUrl, schema: schema!, max: 2 });
    },
    async dispose() {
      await county.stop();
      if (schema) {
        const admin = await openPostgres({ connectionString: testDatabaseUrl, max: 1 });
        await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
        await admin.close();
      }
    },
  };
  await county.start();
  return county;
}
