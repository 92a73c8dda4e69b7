// Sync under load (issue 5, performance 3): 30 townships push at once against PostgreSQL.
// Each township has a generated township-month (bench/ledger-township.ts, January of a
// 20,000-vouchers-a-year township, ≈1,333 posted vouchers) plus the baseline of its chart and
// periods, enrolled through a real core (sync.configure). All start pushing at the same moment.
//
// Measured: per push page, the server's latency (headers arrived → answer finished, on the
// server's socket) and the client-observed latency (from the request handed to the socket to the
// whole answer read); the wall time and the throughput. The county is checked afterwards with SQL:
// every township's vouchers and ledger lines are there.
//
// Two kinds of clients (--clients):
//   prepared (default) — the thirty townships stand in for thirty PCs without taking the county's
//     CPU: each township's push pages are made before the measured window (bench/sync-prepared.ts:
//     the township's own outbox rows, JSON and brotli, every page size its adaptive rule can ask
//     for). In the window one process signs each page when it sends it (fresh time and nonce, as
//     the county requires), sends it from the township's own address (127.0.0.2…31, so the
//     county's per-address limit applies per township as in the field), reads the answer, checks
//     the acknowledgement and picks the next page size by the county's Server-Timing as the
//     township does. The county does all its real work: signature, body, chain, rules, one
//     transaction per page, acknowledgement.
//   cores — as measured before (2026-11-28 09:39–10:20): thirty processes, each a township core
//     running sync.now (push and pull) at nice 19 (--client-nice), SQLite on tmpfs
//     (--data-root=/dev/shm). On this 2-core machine their own work (outbox reads, JSON, brotli,
//     signing, SQLite commits) competes with the county for the same cores.
// The county runs with its production settings (pool of 10, limits of server/src/context.ts).
//
// Usage: npm run build && npm run bench -- sync-load [--townships=30] [--months=1] [--clients=prepared|cores]
//        [--db=postgres|pglite] [--pool=10] [--pglite-dir] [--time-sql] [--dump=file.json (every page's figures)]
//        [--page-kb=1024 --client-nice=19 --data-root=/dev/shm (cores only)]
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { median, percentile } from './stats';
import { argOf, cachedTownshipMonths, distribution, fetchLog, fmt, load, recordFetches, serveMain, ServerChild, TownshipClient, type CachedTownship, type ServerStats } from './sync-lib';
import { preparePages, pushPrepared, type PagePush, type PreparedTownship } from './sync-prepared';

const args = process.argv.slice(2);
const reply = (value: unknown) => process.stdout.write(`@@ ${JSON.stringify(value)}\n`);

/** Child: one township. Enrolls, says ready, waits for "go", runs sync.now, reports its fetches. */
async function townshipMain(): Promise<void> {
  // Its own source address (127.0.0.N), as 30 PCs have: the county's per-address limit applies per township.
  const source = argOf(args, 'source');
  if (source) {
    const original = net.connect;
    const bound = ((...a: unknown[]) => (original as (...x: unknown[]) => net.Socket)(...(a[0] && typeof a[0] === 'object' ? [{ ...(a[0] as object), localAddress: source }, ...a.slice(1)] : a))) as typeof net.connect;
    net.connect = bound;
    net.createConnection = bound;
  }
  const book = JSON.parse(argOf(args, 'book')!) as CachedTownship;
  const pageBytes = Number(argOf(args, 'page-kb') ?? 1024) * 1024;
  recordFetches();
  const t = await TownshipClient.open(book, { pageBytes }, argOf(args, 'data-root') || undefined);
  const enrolled = await t.enroll(argOf(args, 'url')!, argOf(args, 'code')!);
  reply({ ready: true, written: enrolled.written });
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim() !== 'go') continue;
    fetchLog.length = 0;
    const started = performance.now();
    const startedAt = Date.now();
    const result = await t.accountant.call('sync.now', {});
    const seconds = (performance.now() - started) / 1000;
    if (!result.ok) reply({ seconds, startedAt, pushed: 0, pending: -1, error: `${result.error.message}`, fetches: fetchLog });
    else reply({ seconds, startedAt, pushed: result.value.pushed, pending: result.value.status.pending, fetches: fetchLog });
    t.close();
    process.exit(0);
  }
}

interface TownshipResult {
  seconds: number;
  startedAt: number;
  pushed: number;
  pending: number;
  error?: string;
  fetches: { path: string; ms: number; requestBytes: number; status: number; at: number }[];
}

function startTownship(entry: string, book: CachedTownship, url: string, code: string, nice: number, source: string, dataRoot: string): { child: ChildProcess; ready: Promise<number>; done: Promise<TownshipResult> } {
  const nodeArgs = [entry, '--township', `--book=${JSON.stringify(book)}`, `--url=${url}`, `--code=${code}`, `--page-kb=${argOf(args, 'page-kb') ?? 1024}`, `--source=${source}`, `--data-root=${dataRoot}`];
  const child = nice > 0 ? spawn('nice', ['-n', String(nice), process.execPath, ...nodeArgs], { stdio: ['pipe', 'pipe', 'inherit'] }) : spawn(process.execPath, nodeArgs, { stdio: ['pipe', 'pipe', 'inherit'] });
  const answers: ((value: any) => void)[] = [];
  const ready = new Promise<number>((r) => answers.push((v: { written: number }) => r(v.written)));
  const done = new Promise<TownshipResult>((r, reject) => {
    answers.push(r);
    child.on('exit', (c) => c !== 0 && reject(new Error(`township process exited with ${c}`)));
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('@@ ')) answers.shift()?.(JSON.parse(line.slice(3)));
    else process.stdout.write(`[township] ${line}\n`);
  });
  return { child, ready, done };
}

/** The county afterwards: every township's vouchers and ledger lines. */
async function checkCounty(server: ServerChild, codes: string[], books: CachedTownship[]): Promise<void> {
  const county = await server.sql<{ township_code: string; vouchers: number; lines: number }>(
    `SELECT t.code AS township_code, (SELECT count(*) FROM township_record r WHERE r.township_code = t.code AND r.kind = 'voucher') AS vouchers,
            (SELECT count(*) FROM ledger_line l WHERE l.township_code = t.code) AS lines FROM township t ORDER BY t.code`,
  );
  const wrong = codes.filter((code, i) => {
    const row = county.find((r) => r.township_code === code);
    return !row || row.vouchers !== books[i]!.vouchers || row.lines !== books[i]!.lines;
  });
  console.log(`  county check: ${wrong.length === 0 ? `all ${codes.length} townships' vouchers and ledger lines are at the county` : `DIFFERS for ${wrong.join(', ')}`}`);
}

function serverFigures(after: ServerStats, before: ServerStats, wall: number): void {
  const pushes = after.requests.filter((r) => r.path === '/sync/v1/push');
  const serverMs = pushes.map((r) => r.ms);
  console.log(`  push pages: ${pushes.length} (${pushes.filter((r) => r.status !== 200).length} not 200), from ${new Set(pushes.map((r) => r.deviceId)).size} devices; county process CPU ${((after.cpuMs - before.cpuMs) / 1000).toFixed(2)} s (kernel ${((after.cpuSystemMs - before.cpuSystemMs) / 1000).toFixed(2)} s)${after.pgCpuMs === null || before.pgCpuMs === null ? '' : `, its PostgreSQL backends ${((after.pgCpuMs - before.pgCpuMs) / 1000).toFixed(2)} s`} in ${wall.toFixed(2)} s`);
  console.log(`  server page latency:          ${distribution(serverMs)}  (target p99 < 500 ms: ${percentile(serverMs, 99) < 500 ? 'OK' : 'MISSED'})`);
  console.log(`  server, after the body:       ${distribution(pushes.map((r) => r.afterBodyMs))}`);
  for (const q of after.sql.slice(0, 12)) console.log(`    sql ${q.ms.toFixed(0).padStart(6)} ms ${String(q.n).padStart(5)}× ${q.text}`);
}

async function runPrepared(server: ServerChild, codes: string[], books: CachedTownship[]): Promise<void> {
  // Enrolled by real cores, one after another, before anything is measured.
  const townships: PreparedTownship[] = [];
  const setupStarted = performance.now();
  for (const [i, book] of books.entries()) {
    const t = await TownshipClient.open(book, {});
    try {
      await t.enroll(server.url, await server.enrollmentCode(codes[i]!));
      townships.push(await preparePages(codes[i]!, t.outbox()));
    } finally {
      t.close();
    }
  }
  const totalChanges = townships.reduce((a, t) => a + t.changes, 0);
  console.log(`enrolled ${codes.length} devices and made their pages in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s: ${fmt(books.reduce((a, b) => a + b.vouchers, 0))} vouchers, ${fmt(books.reduce((a, b) => a + b.lines, 0))} lines, ${fmt(totalChanges)} changes (${fmt(Math.min(...townships.map((t) => t.changes)))}–${fmt(Math.max(...townships.map((t) => t.changes)))} each), ${townships[0]!.blocks} blocks of ≤ 64 KB each`);

  await new Promise((r) => setTimeout(r, 5000)); // let the set-up's work settle (GC, the county's commits)
  await server.reset();
  const before = await server.stats();
  const loadBefore = load();
  const cpu = process.cpuUsage();
  const log: PagePush[] = [];
  const started = performance.now();
  const done = await Promise.allSettled(townships.map((t, i) => pushPrepared(t, server.url, `127.0.0.${i + 2}`, log)));
  const wall = (performance.now() - started) / 1000;
  const clientCpu = process.cpuUsage(cpu);
  const loadAfter = load();
  const after = await server.stats();

  for (const d of done) if (d.status === 'rejected') console.log(`  FAILED: ${String(d.reason)}`);
  const pushed = log.filter((p) => p.status === 200).reduce((a, p) => a + p.changes, 0);
  console.log(`\n${codes.length} townships pushing at once (prepared pages): ${fmt(pushed)} of ${fmt(totalChanges)} changes in ${wall.toFixed(2)} s (${fmt(Math.round(pushed / wall))} changes/s); load ${loadBefore} → ${loadAfter}`);
  serverFigures(after, before, wall);
  const clientMs = log.map((p) => p.ms);
  console.log(`  client-observed page latency: ${distribution(clientMs)}  (target p99 < 500 ms: ${percentile(clientMs, 99) < 500 ? 'OK' : 'MISSED'})`);
  const levels = [0, 1, 2, 3, 4].map((k) => log.filter((p) => p.level === k).length);
  const sizes = log.map((p) => p.requestBytes);
  console.log(`  pages by size 64/128/256/512/1024 KB of JSON: ${levels.join('/')}; on the wire median ${fmt(median(sizes))} B, max ${fmt(Math.max(...sizes))} B; ${fmt(Math.round(median(log.map((p) => p.changes))))} changes per page (median)`);
  console.log(`  the ${codes.length} townships' process (signing, HTTP, answers): CPU ${((clientCpu.user + clientCpu.system) / 1e6).toFixed(2)} s`);
  const dump = argOf(args, 'dump');
  if (dump) writeFileSync(dump, JSON.stringify({ server: after.requests, clients: log }));
  await checkCounty(server, codes, books);
}

async function runCores(server: ServerChild, entry: string, codes: string[], books: CachedTownship[]): Promise<void> {
  const count = codes.length;
  const nice = Number(argOf(args, 'client-nice') ?? 19);
  const dataRoot = argOf(args, 'data-root') ?? '/dev/shm';
  console.log(`township cores at nice ${nice}, their data in ${dataRoot || 'the temp dir'}, push pages ≤ ${argOf(args, 'page-kb') ?? 1024} KiB of JSON`);
  const townships = [];
  for (let i = 0; i < count; i++) townships.push(startTownship(entry, books[i]!, server.url, await server.enrollmentCode(codes[i]!), nice, `127.0.0.${i + 2}`, dataRoot));
  const written = await Promise.all(townships.map((t) => t.ready));
  const totalChanges = written.reduce((a, b) => a + b, 0);
  console.log(`enrolled ${count} devices: ${fmt(books.reduce((a, b) => a + b.vouchers, 0))} vouchers, ${fmt(books.reduce((a, b) => a + b.lines, 0))} lines, ${fmt(totalChanges)} changes in their outboxes (${fmt(Math.min(...written))}–${fmt(Math.max(...written))} each)`);

  await new Promise((r) => setTimeout(r, 5000)); // let the 30 processes' start-up work settle
  await server.reset();
  const before = await server.stats();
  const loadBefore = load();
  const started = performance.now();
  for (const t of townships) t.child.stdin!.write('go\n');
  const results = await Promise.all(townships.map((t) => t.done));
  const wall = (performance.now() - started) / 1000;
  const loadAfter = load();
  const after = await server.stats();

  for (const [i, r] of results.entries()) if (r.error) console.log(`  township ${codes[i]}: sync.now FAILED after ${r.seconds.toFixed(2)} s: ${r.error}`);
  const clientPushes = results.flatMap((r) => r.fetches.filter((f) => f.path === '/sync/v1/push'));
  const pushed = results.reduce((a, r) => a + r.pushed, 0);
  console.log(`\n${count} townships pushing at once (township cores): ${fmt(pushed)} changes in ${wall.toFixed(2)} s (${fmt(Math.round(pushed / wall))} changes/s); load ${loadBefore} → ${loadAfter}`);
  console.log(`  per township: ${distribution(results.map((r) => r.seconds * 1000))} for its whole sync.now; pending afterwards ${results.reduce((a, r) => a + r.pending, 0)}`);
  serverFigures(after, before, wall);
  const clientMs = clientPushes.map((f) => f.ms);
  console.log(`  client-observed page latency: ${distribution(clientMs)}  (target p99 < 500 ms: ${percentile(clientMs, 99) < 500 ? 'OK' : 'MISSED'})`);
  const sizes = clientPushes.map((f) => f.requestBytes);
  console.log(`  page size on the wire (compressed): median ${fmt(median(sizes))} B, p10 ${fmt(percentile(sizes, 10))} B, max ${fmt(Math.max(...sizes))} B`);
  await checkCounty(server, codes, books);
}

async function main() {
  if (args[0] === '--serve') return serveMain(args);
  if (args[0] === '--township') return townshipMain();
  const entry = fileURLToPath(import.meta.url);
  const count = Number(argOf(args, 'townships') ?? 30);
  const months = Number(argOf(args, 'months') ?? 1);
  const clients = argOf(args, 'clients') ?? 'prepared';
  const db = (argOf(args, 'db') ?? 'postgres') as 'postgres' | 'pglite';
  console.log(`sync-load: ${count} townships × ${months} month(s), clients: ${clients}, load ${load()}`);
  const books: CachedTownship[] = [];
  for (let i = 0; i < count; i++) books.push(await cachedTownshipMonths(20261201 + i, months, console.log));
  const server = await ServerChild.start(entry, db, args.filter((a) => a === '--time-sql' || a.startsWith('--pool=') || a.startsWith('--pglite-dir')));
  const codes = books.map((_, i) => `420102${String(i + 1).padStart(3, '0')}`);
  try {
    console.log(`county: ${server.where}`);
    for (let i = 0; i < count; i++) await server.registerTownship(codes[i]!, `乡镇${i + 1}`);
    if (clients === 'cores') await runCores(server, entry, codes, books);
    else await runPrepared(server, codes, books);
  } finally {
    await server.close();
  }
}

await main();
