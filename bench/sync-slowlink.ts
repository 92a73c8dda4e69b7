// Sync over a slow, unreliable link (issue 5, performance 4). Needs root.
//
// Two network namespaces joined by a veth pair, `tc … tbf rate 64kbit burst 4kb latency 400ms`
// on both ends (test/faultnet/netns.ts). The county server runs in namespace B (10.77.0.2) on
// PostgreSQL, reached through its Unix socket (a fresh schema of database `test`); the township
// core runs in namespace A with the fault proxy (test/faultnet/proxy.ts) in front of its sync
// client, so every request crosses proxy → 64 kbit/s link → server. After enrollment, the proxy
// gets seeded faults on the push: per-chunk delays, a request cut mid-body, an answer cut after
// the server applied the page (its acknowledgement lost), a request dropped (the connection closed
// after a few seconds without an answer). The township retries sync.now after each failure (as
// its background sync or 立即同步 would) until nothing is pending.
//
// The proof of "no resending what was acknowledged": every push attempt is logged on the
// township side with the sequence numbers it carried (decoded from the compressed body as sent)
// and the acknowledgement it got; an attempt must start right after the highest acknowledgement
// received before it, and the changes sent more than once must be exactly those of the attempts
// that got no acknowledgement. The county's own figures (duplicates answered, received_change
// rows) and the vouchers and ledger lines it holds are checked too.
//
// Usage: npm run build && npm run bench -- sync-slowlink [--months=1] [--seed=20261128] [--rate=64kbit]
//        [--page-kb=1024] [--no-faults]
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { setupSlowLink, slowLinkAvailability, type QdiscStats } from '../test/faultnet/netns';
import { startFaultProxy } from '../test/faultnet/proxy';
import type { FaultRule } from '../test/faultnet/rules';
import { argOf, cachedTownshipMonths, fetchLog, fmt, load, recordFetches, serveMain, ServerChild, TownshipClient, type CachedTownship, type FetchRecord } from './sync-lib';

const args = process.argv.slice(2);
const TOWNSHIP = '420102001';
const PORT = 8780;
const reply = (value: unknown) => process.stdout.write(`@@ ${JSON.stringify(value)}\n`);

/** The faults, in the order the proxy tries them (the first that fires decides a request's fate). */
function faultRules(): FaultRule[] {
  const push = { method: 'POST', path: '/sync/v1/push' };
  return [
    { id: 'cut-request', kind: 'cutRequest', match: push, skip: 1, times: 1, afterBytes: [1500, 6000] },
    { id: 'cut-answer', kind: 'cutResponse', match: push, skip: 2, times: 1, afterBytes: [20, 150] },
    { id: 'drop', kind: 'drop', match: push, skip: 3, times: 1, closeAfterMs: 4000 },
    { id: 'delay', kind: 'delay', probability: 0.3, ms: [200, 1500] },
  ];
}

interface TownshipReport {
  seconds: number;
  attempts: { ok: boolean; error?: string; ms: number }[];
  fetches: FetchRecord[];
  proxy: { bytesToServer: number; bytesToClient: number; requests: number; faults: Record<string, number>; byRule: Record<string, number> };
  events: { arrival: number; kind: string; rule: string; path?: string; detail?: string }[];
  pending: number;
}

/** Namespace A: the township core behind the fault proxy. */
async function townshipMain(): Promise<void> {
  recordFetches({ decodePush: true });
  const book = JSON.parse(argOf(args, 'book')!) as CachedTownship;
  const [host, port] = argOf(args, 'target')!.split(':');
  const proxy = await startFaultProxy({ target: { host: host!, port: Number(port) }, seed: Number(argOf(args, 'seed') ?? 20261128), rules: [] });
  const t = await TownshipClient.open(book, { pageBytes: Number(argOf(args, 'page-kb') ?? 1024) * 1024, timeoutMs: 120_000 });
  await t.enroll(proxy.url, argOf(args, 'code')!);
  reply({ ready: true });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() !== 'go') continue;
    if (!args.includes('--no-faults')) proxy.setRules(faultRules());
    const before = proxy.stats();
    fetchLog.length = 0;
    const attempts: TownshipReport['attempts'] = [];
    const started = performance.now();
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      const run = await t.accountant.call('sync.now', {});
      attempts.push(run.ok ? { ok: true, ms: performance.now() - t0 } : { ok: false, error: run.error.message, ms: performance.now() - t0 });
      if (run.ok && run.value.status.pending === 0) break;
      await new Promise((r) => setTimeout(r, 1000)); // the retry (background sync or 立即同步)
    }
    const seconds = (performance.now() - started) / 1000;
    await proxy.settle();
    const after = proxy.stats();
    const status = await t.accountant.ok('sync.status', {});
    const report: TownshipReport = {
      seconds,
      attempts,
      fetches: fetchLog,
      proxy: { bytesToServer: after.bytesToServer - before.bytesToServer, bytesToClient: after.bytesToClient - before.bytesToClient, requests: after.requests - before.requests, faults: after.faults, byRule: after.byRule },
      events: proxy.events.map((e) => ({ arrival: e.arrival, kind: e.kind, rule: e.rule, path: e.path, detail: e.detail })),
      pending: status.pending,
    };
    reply(report);
    t.close();
    await proxy.close();
    process.exit(0);
  }
}

function diff(a: QdiscStats, b: QdiscStats): QdiscStats {
  return { sentBytes: b.sentBytes - a.sentBytes, packets: b.packets - a.packets, dropped: b.dropped - a.dropped, overlimits: b.overlimits - a.overlimits };
}

async function main() {
  if (args[0] === '--serve') return serveMain(args);
  if (args[0] === '--township') return townshipMain();
  const available = slowLinkAvailability();
  if (!available.available) {
    console.error(`sync-slowlink needs a slow link: ${available.reason}`);
    process.exit(2);
  }
  const entry = fileURLToPath(import.meta.url);
  const months = Number(argOf(args, 'months') ?? 1);
  const rate = argOf(args, 'rate') ?? '64kbit';
  const book = await cachedTownshipMonths(20261128, months, console.log);
  console.log(`sync-slowlink: township book ${fmt(book.vouchers)} vouchers, ${fmt(book.lines)} lines; link ${rate} (tbf, both ends, burst 4kb, latency 400ms); load ${load()}`);

  const link = setupSlowLink({ rate, burst: '4kb', latency: '400ms' });
  let server: ServerChild | null = null;
  try {
    const serverProcess = link.spawn('b', process.execPath, [entry, '--serve', '--db=postgres', `--host=${link.b.address}`, `--port=${PORT}`, '--database-url=postgres://postgres@/test?host=/var/run/postgresql'], { stdio: ['pipe', 'pipe', 'pipe'] });
    server = await ServerChild.attach(serverProcess);
    console.log(`county in namespace ${link.b.namespace}: ${server.url}, ${server.where}`);
    await server.registerTownship(TOWNSHIP, '青山镇');
    const code = await server.enrollmentCode(TOWNSHIP);

    const township = link.spawn('a', process.execPath, [entry, '--township', `--book=${JSON.stringify(book)}`, `--target=${link.b.address}:${PORT}`, `--code=${code}`, ...args.filter((a) => a.startsWith('--seed=') || a.startsWith('--page-kb=') || a === '--no-faults')], { stdio: ['pipe', 'pipe', 'inherit'] });
    const answers: ((v: any) => void)[] = [];
    createInterface({ input: township.stdout! }).on('line', (line) => {
      if (line.startsWith('@@ ')) answers.shift()?.(JSON.parse(line.slice(3)));
      else console.log(`[township] ${line}`);
    });
    const next = () => new Promise<any>((resolve, reject) => {
      answers.push(resolve);
      township.once('exit', (c) => reject(new Error(`township process exited (${c})`)));
    });
    const enrolledAt = performance.now();
    await next();
    console.log(`enrolled through the slow link in ${((performance.now() - enrolledAt) / 1000).toFixed(1)} s (township core start, key, enrollment, baseline)`);

    await server.reset();
    const qa = link.qdiscStats('a');
    const qb = link.qdiscStats('b');
    const loadBefore = load();
    township.stdin!.write('go\n');
    const report = (await next()) as TownshipReport;
    const loadAfter = load();
    const up = diff(qa, link.qdiscStats('a'));
    const down = diff(qb, link.qdiscStats('b'));
    const stats = await server.stats();

    console.log(`\nfirst push of a township-month over ${rate} ${args.includes('--no-faults') ? 'without faults' : 'with faults'}: ${report.seconds.toFixed(1)} s, ${report.attempts.length} sync.now attempts (${report.attempts.filter((a) => !a.ok).length} failed); pending afterwards ${report.pending}; load ${loadBefore} → ${loadAfter}`);
    for (const [i, a] of report.attempts.entries()) console.log(`  attempt ${i + 1}: ${a.ok ? 'ok' : `failed: ${a.error}`} (${(a.ms / 1000).toFixed(1)} s)`);
    console.log(`  faults injected: ${Object.entries(report.proxy.byRule).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
    for (const e of report.events) console.log(`    request #${e.arrival} ${e.path ?? ''}: ${e.kind} (${e.detail ?? ''})`);
    console.log(`  HTTP bytes through the proxy (requests, headers included): ${fmt(report.proxy.bytesToServer)} B to the county, ${fmt(report.proxy.bytesToClient)} B back, ${report.proxy.requests} requests`);
    console.log(`  on the link (tbf counters, IP packets incl. TCP/IP headers and retransmissions): A→B ${fmt(up.sentBytes)} B in ${fmt(up.packets)} packets (${up.dropped} dropped at the queue), B→A ${fmt(down.sentBytes)} B in ${fmt(down.packets)} packets (${down.dropped} dropped)`);

    // The resend proof.
    const pushes = report.fetches.filter((f) => f.path === '/sync/v1/push');
    let acked = 0;
    let resentAcknowledged = 0;
    let resentBytes = 0;
    const everSent = new Set<number>();
    const unanswered = new Set<number>();
    const resent = new Set<number>();
    console.log('  push attempts (township side: sequence numbers sent, the answer):');
    for (const [i, f] of pushes.entries()) {
      const seqs = Array.from({ length: f.lastSeq! - f.firstSeq! + 1 }, (_, k) => f.firstSeq! + k);
      const alreadyAcked = seqs.filter((s) => s <= acked).length;
      const again = seqs.filter((s) => everSent.has(s));
      resentAcknowledged += alreadyAcked;
      for (const s of again) resent.add(s);
      if (again.length > 0) resentBytes += f.requestBytes;
      for (const s of seqs) everSent.add(s);
      if (f.status !== 200) for (const s of seqs) unanswered.add(s);
      const answer = f.status === 200 ? `ack ${f.ack} (applied ${f.applied}, duplicates ${f.duplicates})` : `no answer: ${f.error ?? f.status}`;
      console.log(`    ${String(i + 1).padStart(2)}. seq ${f.firstSeq}–${f.lastSeq} (${seqs.length} changes, ${fmt(f.requestBytes)} B body, ${(f.ms / 1000).toFixed(1)} s) → ${answer}${again.length ? `  [${again.length} sent before, never acknowledged]` : ''}${alreadyAcked ? `  ← ${alreadyAcked} ALREADY ACKNOWLEDGED` : ''}`);
      if (f.status === 200 && f.ack! > acked) acked = f.ack!;
    }
    const outside = [...resent].filter((s) => !unanswered.has(s)).length;
    console.log(`  resent after a cut: ${resent.size} changes in pages of ${fmt(resentBytes)} B; of them already acknowledged when resent: ${resentAcknowledged} (must be 0), outside the ${unanswered.size} changes of the ${pushes.filter((f) => f.status !== 200).length} unanswered attempts: ${outside} (must be 0)${resentAcknowledged === 0 && outside === 0 ? ' — OK' : ' — FAILED'}`);
    console.log(`  (${unanswered.size - resent.size} changes of unanswered attempts were not resent: the county had applied them, and the next answer acknowledged them)`);
    const county = await server.sql<{ received: number; vouchers: number; lines: number; ack: number }>(
      `SELECT (SELECT count(*) FROM received_change) AS received, (SELECT count(*) FROM township_record WHERE kind = 'voucher') AS vouchers,
              (SELECT count(*) FROM ledger_line) AS lines, (SELECT max(ack_seq) FROM device) AS ack`,
    );
    const c = county[0]!;
    const serverPushes = stats.requests.filter((r) => r.path === '/sync/v1/push');
    console.log(`  county: ${serverPushes.length} push requests answered, received_change ${fmt(c.received)} rows (each change once), ack ${fmt(c.ack)}, ${fmt(c.vouchers)} vouchers, ${fmt(c.lines)} ledger lines (${c.vouchers === book.vouchers && c.lines === book.lines ? 'all of the book' : 'DIFFERS from the book'})`);
  } finally {
    await server?.close().catch(() => undefined);
    link.teardown();
  }
}

await main();
