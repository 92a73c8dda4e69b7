// 从县级恢复账套 of a township-year (issue 5, rebuild from the county), on loopback: the township
// book of bench/ledger-township.ts (20,000 posted vouchers, 100,000 lines) is pushed whole to the
// county server (another process, PostgreSQL or PGlite), then an empty installation restores it
// with sync.restore: enrollment with a new code, every record read back from /sync/v1/rebuild, the
// feed, one transaction, and the check against the county's digests. Prints the time, the peak
// memory of this process, and what was restored; checks the restored 科目余额表 of every month
// against the original's.
//
// Usage: npm run build && npm run bench -- sync-restore [--db=postgres|pglite] [--months=12]
import { fileURLToPath } from 'node:url';
import { openCore } from '../electron/core';
import { caller } from '../test/helpers/core';
import { tempDir } from '../test/helpers/tmp';
import { argOf, cachedTownshipMonths, fmt, load, serveMain, ServerChild, TownshipClient } from './sync-lib';

const args = process.argv.slice(2);
const TOWNSHIP = '420102001';

async function main() {
  if (args[0] === '--serve') return serveMain(args);
  const db = (argOf(args, 'db') ?? 'postgres') as 'postgres' | 'pglite';
  const months = Number(argOf(args, 'months') ?? 12);
  const book = await cachedTownshipMonths(20261128, months, console.log);
  const server = await ServerChild.start(fileURLToPath(import.meta.url), db, []);
  const t = await TownshipClient.open(book);
  const fresh = tempDir('xiangcai-restore-bench-');
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    console.log(`sync-restore (${db}: ${server.where}): township book ${fmt(book.vouchers)} vouchers, ${fmt(book.lines)} lines; load ${load()}`);
    await server.registerTownship(TOWNSHIP, '青山镇');
    await t.enroll(server.url, await server.enrollmentCode(TOWNSHIP));
    const pushed = await t.accountant.ok('sync.now', {});
    console.log(`pushed to the county: ${fmt(pushed.pushed)} changes`);

    const core = openCore({ dataDir: fresh.path, mode: 'browser', appVersion: '0.1.0', log: () => {}, backupSchedule: false, sync: { schedule: false } });
    try {
      const code = await server.enrollmentCode(TOWNSHIP);
      const rssBefore = process.memoryUsage().rss;
      peak = rssBefore;
      const loadBefore = load();
      const started = performance.now();
      const restored = await caller(core).ok('sync.restore', { serverUrl: server.url, code, username: 'wang', password: 'restore-bench1' });
      const seconds = (performance.now() - started) / 1000;
      console.log(`restore (sync.restore): ${seconds.toFixed(2)} s; load ${loadBefore} → ${load()}; this process RSS ${(rssBefore / 2 ** 20).toFixed(0)} MB before, peak ${(peak / 2 ** 20).toFixed(0)} MB`);
      console.log(`  ${fmt(restored.records)} township records (${fmt(restored.vouchers)} vouchers), ${fmt(restored.countyChanges)} county changes, ${restored.checkedPeriods} closed periods checked`);
      const wang = caller(core, restored.session.token);
      let same = 0;
      for (let month = 1; month <= months; month++) {
        const a = await t.accountant.ok('ledger.trialBalance', { bookId: book.bookId, year: 2026, month });
        const b = await wang.ok('ledger.trialBalance', { bookId: book.bookId, year: 2026, month });
        if (JSON.stringify(a.rows) === JSON.stringify(b.rows) && JSON.stringify(a.totals) === JSON.stringify(b.totals)) same++;
      }
      console.log(`  科目余额表 identical to the original for ${same} of ${months} months${same === months ? '' : '  ← DIFFERS'}`);
    } finally {
      core.close();
    }
  } finally {
    clearInterval(sampler);
    fresh.cleanup();
    t.close();
    await server.close();
  }
}

await main();
