// Library for the sync benches (bench/sync-push.ts, sync-load.ts, sync-slowlink.ts): the county
// server in a process of its own with byte and latency counters, township books generated once
// and cached, a township core that enrolls and syncs, fetch timings on the township side.
//
// The server role runs the real county server (buildServer over PostgreSQL in a fresh schema, or
// an in-memory PGlite) and counts, on its raw sockets, every byte read and written (request and
// response lines, headers and bodies) and, per HTTP request, the time from its headers arriving
// to the last byte of the answer handed to the kernel. It is driven over stdin/stdout with one
// JSON line per command, so the same code runs on loopback or inside a network namespace.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { brotliDecompressSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { openCore, type Core } from '../electron/core/index';
import { openDatabase } from '../electron/core/db/open';
import { migrations } from '../electron/core/db/migrations';
import { databaseFileName } from '../electron/core/paths';
import { importPostedVouchers, type ImportVoucher } from '../electron/core/ledger/bulkImport';
import { loadLedgerChart } from '../electron/core/ledger/chart';
import { keyFileOf } from '../electron/core/sync/keys';
import type { SyncOptions } from '../electron/core/sync/service';
import { uuidv7 } from '../shared/domain/id';
import { syncHeaders } from '../shared/sync/version';
import { buildServer } from '../server/src/app';
import { bootstrapAdmin } from '../server/src/auth/operators';
import { defaultServerConfig, type ServerConfig, type ServerContext } from '../server/src/context';
import type { Database as CountyDatabase } from '../server/src/db/database';
import { migrate } from '../server/src/db/migrate';
import { openPglite } from '../server/src/db/pglite';
import { openPostgres } from '../server/src/db/postgres';
import { apiClient } from '../server/test/harness';
import { bookInput } from '../test/helpers/books';
import { caller } from '../test/helpers/core';
import { tempDir } from '../test/helpers/tmp';
import { USERS } from './ledger-book';
import { SUB_ACCOUNTS_TO_DISABLE, townshipVouchers, type TownshipOptions } from './ledger-township';
import { median, percentile } from './stats';

export const ADMIN_PASSWORD = 'county-bench1';
export const DEFAULT_DATABASE_URL = process.env.XIANGCAI_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** `uptime`'s three load averages, for beside every figure. */
export const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
export const argOf = (args: readonly string[], name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
export const fmt = (n: number) => n.toLocaleString('en');

export function distribution(values: readonly number[]): string {
  if (values.length === 0) return 'n=0';
  return `n=${values.length} median ${median(values).toFixed(1)} p90 ${percentile(values, 90).toFixed(1)} p99 ${percentile(values, 99).toFixed(1)} max ${Math.max(...values).toFixed(1)} ms`;
}

// ---------------------------------------------------------------------------------------------
// The county server role

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  /** Headers arrived → response finished (ms). */
  ms: number;
  /** Request body fully read → response finished (ms): the server's own work on the page. */
  afterBodyMs: number;
  requestBytes: number;
  deviceId: string;
  at: number;
}

export interface ServerStats {
  bytesRead: number;
  bytesWritten: number;
  connections: number;
  requests: RequestRecord[];
  cpuMs: number;
  /** Of cpuMs, in the kernel (socket writes and reads, fsync). */
  cpuSystemMs: number;
  /** PostgreSQL: CPU of the backends of the county's connections so far (null: PGlite, which is in cpuMs). */
  pgCpuMs: number | null;
  load: string;
  /** With --time-sql: time per statement (first 90 characters), from the call to its rows (driver included). */
  sql: { text: string; n: number; ms: number }[];
}

/** Times every statement (by its first 90 characters), for finding where a page's time goes. */
function timedDatabase(db: CountyDatabase, times: Map<string, { n: number; ms: number }>): CountyDatabase {
  const timed = <T>(run: () => Promise<T>, text: string): Promise<T> => {
    const started = performance.now();
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 90);
    return run().finally(() => {
      const t = times.get(key) ?? { n: 0, ms: 0 };
      t.n++;
      t.ms += performance.now() - started;
      times.set(key, t);
    });
  };
  const wrap = (q: { query: CountyDatabase['query']; exec: CountyDatabase['exec'] }) => ({
    query: ((text: string, params?: readonly unknown[]) => timed(() => q.query(text, params), text)) as CountyDatabase['query'],
    exec: (text: string) => timed(() => q.exec(text), text),
  });
  return {
    kind: db.kind,
    ...wrap(db),
    transaction: (action) => db.transaction((tx) => action(wrap(tx))),
    close: () => db.close(),
  };
}

export interface ServeOptions {
  db: 'postgres' | 'pglite';
  host: string;
  port: number;
  databaseUrl: string;
  poolMax?: number;
  /** PGlite in a data directory under this root instead of in memory. */
  pgliteDir?: string;
  config?: Partial<ServerConfig>;
}

/** application_name of the county's connections: their backends' CPU is read from /proc (pgCpuMs). */
const COUNTY_APPLICATION = 'xc-bench-county';

async function openCountyDatabase(options: ServeOptions): Promise<{ db: CountyDatabase; drop(): Promise<void>; where: string }> {
  if (options.db === 'pglite') {
    // In memory by default (as the figures before 2026-11-28 13:00); --pglite-dir: a data directory on disk, as `npm run server` uses.
    const dir = options.pgliteDir ? mkdtempSync(join(options.pgliteDir, 'xiangcai-county-pglite-')) : null;
    const db = await openPglite(dir ? join(dir, 'pglite') : null);
    const drop = async () => {
      await db.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    };
    return { db, drop, where: dir ? `PGlite (data directory ${dir})` : 'PGlite (in memory)' };
  }
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = await openPostgres({ connectionString: options.databaseUrl, max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const url = new URL(options.databaseUrl);
  url.searchParams.set('application_name', COUNTY_APPLICATION);
  // As production (server/src/main.ts): a pool of 10.
  const db = await openPostgres({ connectionString: url.toString(), schema, max: options.poolMax ?? 10 });
  return {
    db,
    where: `PostgreSQL ${options.databaseUrl.replace(/\/\/[^@]*@/, '//')} schema ${schema}`,
    async drop() {
      await db.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

/** Child process entry: `<bench>.mjs --serve --db=postgres|pglite [--host=] [--port=] [--database-url=]`. */
export async function serveMain(args: readonly string[]): Promise<void> {
  const options: ServeOptions = {
    db: (argOf(args, 'db') ?? 'postgres') as ServeOptions['db'],
    host: argOf(args, 'host') ?? '127.0.0.1',
    port: Number(argOf(args, 'port') ?? 0),
    databaseUrl: argOf(args, 'database-url') ?? DEFAULT_DATABASE_URL,
    poolMax: argOf(args, 'pool') ? Number(argOf(args, 'pool')) : undefined,
    pgliteDir: args.includes('--pglite-dir') ? tmpdir() : argOf(args, 'pglite-dir'),
    config: JSON.parse(argOf(args, 'config') ?? '{}') as Partial<ServerConfig>,
  };
  const opened = await openCountyDatabase(options);
  const { drop, where } = opened;
  const sqlTimes = new Map<string, { n: number; ms: number }>();
  const db = args.includes('--time-sql') ? timedDatabase(opened.db, sqlTimes) : opened.db;
  await migrate(db);
  const ctx: ServerContext = { db, config: { ...defaultServerConfig, ...options.config }, now: () => new Date(), log: (m, e) => console.error(m, e) };
  await bootstrapAdmin(ctx, 'admin', ADMIN_PASSWORD);
  const app = buildServer(ctx);
  await app.ready();
  const server = app.server as Server;

  // Byte counters on the raw sockets: everything that crossed, headers included.
  const sockets = new Set<Socket>();
  let closedRead = 0;
  let closedWritten = 0;
  let connections = 0;
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => {
      closedRead += socket.bytesRead;
      closedWritten += socket.bytesWritten;
      sockets.delete(socket);
    });
  });
  let requests: RequestRecord[] = [];
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    let bodyDone = started;
    req.on('end', () => (bodyDone = performance.now()));
    res.on('finish', () => {
      const now = performance.now();
      if (args.includes('--dump-headers')) {
        const head = (res as unknown as { _header?: string })._header ?? '';
        console.error(`${req.method} ${req.url} HTTP/${req.httpVersion} request head ${req.rawHeaders.reduce((n, h, i) => n + h.length + (i % 2 ? 4 : 0), 0) + (req.method ?? '').length + (req.url ?? '').length + 13} B, body ${req.headers['content-length'] ?? 0} B; response head ${head.length} B\n  ${req.rawHeaders.join(' | ')}\n  ${head.replace(/\r\n/g, ' | ')}`);
      }
      requests.push({
        method: req.method ?? '',
        path: (req.url ?? '').split('?')[0]!,
        status: res.statusCode,
        ms: now - started,
        afterBodyMs: now - bodyDone,
        requestBytes: Number(req.headers['content-length'] ?? 0),
        deviceId: String(req.headers[syncHeaders.device] ?? ''),
        at: Date.now(),
      });
    });
  });
  // CPU of the PostgreSQL backends serving this county (utime + stime of /proc/<pid>/stat, in ticks
  // of 10 ms): the most each pid reached, so a backend the pool closes keeps counting.
  const backendTicks = new Map<number, number>();
  const pgCpuMs = async (): Promise<number | null> => {
    if (db.kind !== 'postgres') return null;
    const rows = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [COUNTY_APPLICATION]);
    for (const { pid } of rows) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        backendTicks.set(pid, Math.max(backendTicks.get(pid) ?? 0, Number(fields[11]) + Number(fields[12])));
      } catch {
        // Not on this machine, or gone.
      }
    }
    return [...backendTicks.values()].reduce((a, b) => a + b, 0) * 10;
  };
  const stats = async (): Promise<ServerStats> => {
    let read = closedRead;
    let written = closedWritten;
    for (const s of sockets) {
      read += s.bytesRead;
      written += s.bytesWritten;
    }
    const cpu = process.cpuUsage();
    return { bytesRead: read, bytesWritten: written, connections, requests, cpuMs: (cpu.user + cpu.system) / 1000, cpuSystemMs: cpu.system / 1000, pgCpuMs: await pgCpuMs(), load: load(), sql: [...sqlTimes].sort((a, b) => b[1].ms - a[1].ms).map(([text, t]) => ({ text, ...t })) };
  };

  const url = await app.listen({ port: options.port, host: options.host });
  const reply = (value: unknown) => process.stdout.write(`@@ ${JSON.stringify(value)}\n`);
  // The operator API is called from here (in the server's own network namespace when on the slow link).
  const admin = apiClient(url);
  admin.token = (await admin.ok<{ token: string }>('POST', '/api/login', { username: 'admin', password: ADMIN_PASSWORD })).token;
  reply({ ready: true, url, where });
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const command = JSON.parse(line) as { cmd: 'stats' | 'reset' | 'close' | 'sql' | 'admin'; text?: string; method?: string; path?: string; body?: unknown };
    if (command.cmd === 'stats') reply(await stats());
    else if (command.cmd === 'admin') {
      const r = await admin.request(command.method!, command.path!, command.body);
      reply(r.body.ok ? { value: r.body.value } : { error: `${command.method} ${command.path}: ${r.status} ${r.body.error.code} ${r.body.error.message}` });
    }
    else if (command.cmd === 'reset') {
      requests = [];
      sqlTimes.clear();
      reply({ reset: true });
    } else if (command.cmd === 'sql') reply({ rows: await db.query(command.text!) });
    else if (command.cmd === 'close') {
      await app.close();
      await drop();
      reply({ closed: true });
      process.exit(0);
    }
  }
}

/** The parent's handle on a server child (loopback, or started by SlowLink.spawn in a namespace). */
export class ServerChild {
  url = '';
  where = '';
  private waiting: ((value: any) => void)[] = [];
  private constructor(readonly child: ChildProcess) {}

  static async attach(child: ChildProcess): Promise<ServerChild> {
    const handle = new ServerChild(child);
    const lines = createInterface({ input: child.stdout! });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(`[server] ${chunk.toString()}`);
    });
    const ready = new Promise<{ url: string; where: string }>((resolveReady, reject) => {
      handle.waiting.push(resolveReady);
      child.on('exit', (code) => reject(new Error(`county server child exited (${code}): ${stderr}`)));
    });
    lines.on('line', (line) => {
      if (!line.startsWith('@@ ')) return void process.stdout.write(`[server] ${line}\n`);
      handle.waiting.shift()?.(JSON.parse(line.slice(3)));
    });
    const started = await ready;
    handle.url = started.url;
    handle.where = started.where;
    return handle;
  }

  /** A server child on this machine's loopback. */
  static start(entry: string, db: 'postgres' | 'pglite', extra: string[] = []): Promise<ServerChild> {
    const child = spawn(process.execPath, [...process.execArgv, entry, '--serve', `--db=${db}`, ...extra], { stdio: ['pipe', 'pipe', 'pipe'] });
    return ServerChild.attach(child);
  }

  private ask<T>(command: object): Promise<T> {
    return new Promise((resolveAnswer) => {
      this.waiting.push(resolveAnswer);
      this.child.stdin!.write(`${JSON.stringify(command)}\n`);
    });
  }

  stats = () => this.ask<ServerStats>({ cmd: 'stats' });
  reset = () => this.ask<{ reset: true }>({ cmd: 'reset' });
  sql = <T = Record<string, unknown>>(text: string) => this.ask<{ rows: T[] }>({ cmd: 'sql', text }).then((r) => r.rows);
  async close(): Promise<void> {
    const exited = new Promise((r) => this.child.once('exit', r));
    await this.ask({ cmd: 'close' }).catch(() => undefined);
    await exited;
  }

  /** The operator API as 管理员, called by the server process itself. */
  async adminOk<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.ask<{ value?: T; error?: string }>({ cmd: 'admin', method, path, body });
    if (r.error) throw new Error(r.error);
    return r.value as T;
  }

  async registerTownship(code: string, name: string): Promise<void> {
    await this.adminOk('POST', '/api/townships', { code, name });
  }

  async enrollmentCode(code: string): Promise<string> {
    return (await this.adminOk<{ code: string }>('POST', `/api/townships/${code}/enrollment-codes`)).code;
  }
}

// ---------------------------------------------------------------------------------------------
// Township books

const syncCacheRoot = join(resolve(process.cwd()), '.tmp', 'sync-bench');

export interface CachedTownship {
  dir: string;
  bookId: string;
  vouchers: number;
  lines: number;
  /** Last date of the generated vouchers (new vouchers go there). */
  lastDate: string;
}

/**
 * A township book with the generated vouchers of its first `months` months (bench/ledger-township.ts,
 * 20,000 vouchers a year) as posted vouchers, built through the core's commands and
 * importPostedVouchers, cached under .tmp/sync-bench/ (per seed, size and migrations).
 */
export async function cachedTownshipMonths(seed: number, months: number, log: (line: string) => void = () => {}): Promise<CachedTownship> {
  const schema = migrations.map((m) => m.version).join('');
  const dir = join(syncCacheRoot, `township-s${seed}-m${months}-v${schema}`);
  const metaFile = join(dir, 'meta.json');
  if (existsSync(metaFile) && existsSync(join(dir, databaseFileName))) return { dir, ...(JSON.parse(readFileSync(metaFile, 'utf8')) as Omit<CachedTownship, 'dir'>) };
  const work = tempDir('xiangcai-sync-build-');
  try {
    const core = openCore({ dataDir: work.path, mode: 'browser', appVersion: 'bench', log: () => {}, backupSchedule: false, sync: { schedule: false } });
    const wang = await caller(core).ok('auth.bootstrap', { id: uuidv7(), username: USERS.accountant.username, displayName: '王会计', password: USERS.accountant.password, roles: ['accountant', 'cashier', 'admin'] });
    const accountant = caller(core, wang.token);
    await accountant.ok('user.create', { id: uuidv7(), username: USERS.reviewer.username, displayName: '李所长', password: USERS.reviewer.password, roles: ['reviewer', 'supervisor'] });
    const book = await accountant.ok('book.create', bookInput());
    for (const code of SUB_ACCOUNTS_TO_DISABLE) await accountant.ok('account.setEnabled', { bookId: book.id, code, enabled: false });
    core.close();
    const options: TownshipOptions = { seed, startYear: 2026, years: 1, vouchersPerYear: 20_000 };
    const vouchers: ImportVoucher[] = [];
    for (const v of townshipVouchers(options)) {
      if (Number(v.date.slice(5, 7)) > months) break;
      vouchers.push(v);
    }
    const db = openDatabase(join(work.path, databaseFileName), { migrations });
    const result = importPostedVouchers(db.write, book, wang.user, vouchers, loadLedgerChart(db.write, book.id), { batchSize: 10_000 });
    db.close();
    const meta = { bookId: book.id, vouchers: result.vouchers, lines: result.lines, lastDate: vouchers[vouchers.length - 1]!.date };
    mkdirSync(dir, { recursive: true });
    for (const name of [databaseFileName, `${databaseFileName}-wal`]) if (existsSync(join(work.path, name))) copyFileSync(join(work.path, name), join(dir, name));
    writeFileSync(metaFile, JSON.stringify(meta));
    log(`  built township book seed ${seed}: ${fmt(meta.vouchers)} vouchers, ${fmt(meta.lines)} lines (${months} month(s)) → ${dir}`);
    return { dir, ...meta };
  } finally {
    work.cleanup();
  }
}

// ---------------------------------------------------------------------------------------------
// The township side

export interface FetchRecord {
  path: string;
  ms: number;
  requestBytes: number;
  /** 0: no answer (connection cut, dropped, timed out). */
  status: number;
  at: number;
  error?: string;
  /** Push: the sequence numbers the page carried (from the compressed body as sent). */
  firstSeq?: number;
  lastSeq?: number;
  /** Push answered: the county's acknowledgement and what it did with the page. */
  ack?: number;
  applied?: number;
  duplicates?: number;
}

/** Client-observed time of every sync request of this process (fetch wrapped, as the app calls it). */
export const fetchLog: FetchRecord[] = [];
let fetchWrapped = false;
export function recordFetches(options: { decodePush?: boolean } = {}): void {
  if (fetchWrapped) return;
  fetchWrapped = true;
  const real = globalThis.fetch;
  globalThis.fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    const started = performance.now();
    const path = new URL(String(url)).pathname;
    const sent = init?.body as Buffer | undefined;
    const record: FetchRecord = { path, ms: 0, requestBytes: sent?.byteLength ?? 0, status: 0, at: 0 };
    if (options.decodePush && path === '/sync/v1/push' && sent) {
      const page = JSON.parse(brotliDecompressSync(sent).toString('utf8')) as { changes: { seq: number }[] };
      record.firstSeq = page.changes[0]?.seq;
      record.lastSeq = page.changes[page.changes.length - 1]?.seq;
    }
    try {
      const response = await real(url, init);
      const body = Buffer.from(await response.arrayBuffer());
      Object.assign(record, { ms: performance.now() - started, status: response.status, at: Date.now() });
      if (path === '/sync/v1/push') {
        const answer = JSON.parse(body.toString('utf8')) as { ok: boolean; value?: { ack: number; applied: number; duplicates: number } };
        if (answer.ok && answer.value) Object.assign(record, { ack: answer.value.ack, applied: answer.value.applied, duplicates: answer.value.duplicates });
      }
      fetchLog.push(record);
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      Object.assign(record, { ms: performance.now() - started, at: Date.now(), error: String((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message) });
      fetchLog.push(record);
      throw error;
    }
  }) as typeof fetch;
}

export class TownshipClient {
  readonly accountant: ReturnType<typeof caller>;
  readonly reviewer: ReturnType<typeof caller>;
  private constructor(
    readonly core: Core,
    readonly dir: { path: string; cleanup(): void },
    readonly book: CachedTownship,
    accountant: ReturnType<typeof caller>,
    reviewer: ReturnType<typeof caller>,
  ) {
    this.accountant = accountant;
    this.reviewer = reviewer;
  }

  /** A working copy of a cached book in a fresh data dir, opened with the two users logged in. */
  static async open(book: CachedTownship, sync: SyncOptions = {}, root?: string): Promise<TownshipClient> {
    let dir = tempDir('xiangcai-sync-bench-');
    if (root) {
      dir.cleanup();
      const path = mkdtempSync(join(root, 'xiangcai-sync-bench-'));
      dir = { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
    }
    for (const name of [databaseFileName, `${databaseFileName}-wal`]) if (existsSync(join(book.dir, name))) copyFileSync(join(book.dir, name), join(dir.path, name));
    const core = openCore({ dataDir: dir.path, mode: 'browser', appVersion: '0.1.0', log: () => {}, backupSchedule: false, sync: { schedule: false, ...sync } });
    const anon = caller(core);
    const accountant = caller(core, (await anon.ok('auth.login', USERS.accountant)).token);
    const reviewer = caller(core, (await anon.ok('auth.login', USERS.reviewer)).token);
    return new TownshipClient(core, dir, book, accountant, reviewer);
  }

  /** sync.configure with a fresh 登记码: enrollment plus the baseline (every record into the outbox). */
  async enroll(serverUrl: string, code: string): Promise<{ ms: number; written: number }> {
    const started = performance.now();
    const status = await this.accountant.ok('sync.configure', { serverUrl, code, label: '基准测试电脑' });
    return { ms: performance.now() - started, written: status.written };
  }

  /** The outbox's records as canonical JSON (what the wire target compares with), and its gzip size. */
  canonicalRecords(): { changes: number; canonicalBytes: number; gzipBytes: number } {
    const db = new Database(this.core.databaseFile, { readonly: true });
    const records = (db.prepare('SELECT data FROM sync_outbox WHERE data IS NOT NULL ORDER BY seq').all() as { data: string }[]).map((r) => r.data);
    const changes = (db.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n;
    db.close();
    const canonical = Buffer.from(`[${records.join(',')}]`);
    return { changes, canonicalBytes: canonical.byteLength, gzipBytes: gzipSync(canonical).byteLength };
  }

  /** Saves, reviews and posts one generated voucher (a realistic 5-line one) dated `date`. */
  async postOneVoucher(generated: ImportVoucher, date: string): Promise<void> {
    const input = { bookId: this.book.bookId, id: uuidv7(), word: '记' as const, date, attachments: generated.attachments, lines: generated.lines };
    const saved = await this.accountant.call('voucher.save', input);
    if (!saved.ok && saved.error.code === 'NEEDS_CONFIRMATION') await this.accountant.ok('voucher.save', { ...input, parallelReason: '基准测试' });
    else if (!saved.ok) throw new Error(saved.error.message);
    await this.reviewer.ok('voucher.review', { bookId: this.book.bookId, ids: [input.id] });
    await this.reviewer.ok('voucher.post', { bookId: this.book.bookId, ids: [input.id] });
  }

  close(): void {
    this.core.close();
    this.dir.cleanup();
  }

  /**
   * What this enrolled installation pushes, taken out of its database and key file: the device's
   * identity (id, epoch, private key) and every unacknowledged outbox row, in sequence. The load
   * bench prepares its push pages from these before the measured window.
   */
  outbox(): EnrolledOutbox {
    const db = new Database(this.core.databaseFile, { readonly: true });
    try {
      const state = db.prepare('SELECT device_id, epoch, ack_seq, ack_hash FROM sync_state WHERE singleton = 1').get() as { device_id: string; epoch: number; ack_seq: number; ack_hash: string };
      const rows = db.prepare('SELECT seq, kind, key, book_id, op, schema, data, chain_hash FROM sync_outbox WHERE seq > ? ORDER BY seq').all(state.ack_seq) as OutboxRow[];
      return { deviceId: state.device_id, epoch: state.epoch, ackSeq: state.ack_seq, ackHash: state.ack_hash, privateKeyPem: readFileSync(keyFileOf(this.dir.path), 'utf8'), rows };
    } finally {
      db.close();
    }
  }
}

/** A row of the township's sync_outbox, as electron/core/sync/service.ts reads it for a push page. */
export interface OutboxRow {
  seq: number;
  kind: string;
  key: string;
  book_id: string | null;
  op: 'put' | 'delete';
  schema: number;
  data: string | null;
  chain_hash: string;
}

export interface EnrolledOutbox {
  deviceId: string;
  epoch: number;
  ackSeq: number;
  ackHash: string;
  /** PKCS#8 PEM of the device key (electron/core/sync/keys.ts). */
  privateKeyPem: string;
  rows: OutboxRow[];
}

/** More generated vouchers (another seed) to post one at a time after the first push. */
export function extraVouchers(seed: number, count: number): ImportVoucher[] {
  const out: ImportVoucher[] = [];
  for (const v of townshipVouchers({ seed, startYear: 2026, years: 1, vouchersPerYear: 20_000 })) {
    out.push(v);
    if (out.length >= count) break;
  }
  return out;
}

export { rmSync };
