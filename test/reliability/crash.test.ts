import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { describeCampaign, runCrashCampaign, totalViolations } from '../../electron/core/reliability/campaign';
import { checkInvariants } from '../../electron/core/reliability/invariants';
import { callerOf, officeUsers } from '../../electron/core/reliability/office';
import { seedFromEnv } from '../../electron/core/reliability/random';
import { httpCounty } from '../../electron/core/reliability/syncCounty';
import { startTestServer, type TestServer } from '../../server/test/harness';
import { projectRoot } from '../helpers/hostProcess';
import { tempDir } from '../helpers/tmp';
import { checkTownshipAgainstCounty } from '../sync/sim/checker';

/**
 * Crash safety, short run (the long one is `node scripts/soak.mjs`, docs/RELIABILITY.md):
 * a child process runs the core and a seeded stream of business actions; it is killed with
 * SIGKILL at a random moment, the file is checked by the independent checker, and the next
 * child recovers it. `XIANGCAI_SEED=N` replays a run; `XIANGCAI_CRASH_KILLS` changes its length.
 *
 * The installation is enrolled at a real county server (in this process, PGlite): the stream
 * syncs, so kills also land while a push is answered and its acknowledgement recorded, and while
 * pull pages (the county's indicators and notices, issued between kills) are applied. After the
 * last kill the township syncs once more and the independent checker compares it with the county.
 */

const childScript = join(projectRoot, '.tmp/test', `crash-child-${process.pid}.mjs`);
let dir: ReturnType<typeof tempDir>;
let server: TestServer;
const TOWNSHIP = '420102001';

beforeAll(async () => {
  dir = tempDir('xiangcai-crash-');
  server = await startTestServer('pglite', { deviceRatePerMinute: 1_000_000 });
  await server.admin.ok('POST', '/api/townships', { code: TOWNSHIP, name: '青山镇' });
  mkdirSync(join(projectRoot, '.tmp/test'), { recursive: true });
  await build({
    stdin: { contents: "import { crashChildMain } from './electron/core/reliability/crashChild.ts';\nawait crashChildMain();\n", resolveDir: projectRoot, sourcefile: 'crash-child.ts', loader: 'ts' },
    outfile: childScript,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
});
afterAll(async () => {
  rmSync(childScript, { force: true });
  dir.cleanup();
  await server?.close();
}, 30_000);

describe('crash safety (SIGKILL at random points)', () => {
  it('keeps every invariant and every acknowledged write through 50 kills, syncing with the county', { timeout: 180_000 }, async () => {
    const kills = Number(process.env.XIANGCAI_CRASH_KILLS ?? 50);
    const seed = seedFromEnv();
    const dataDir = join(dir.path, 'data');
    // Kills 5–200 ms into the stream (the soak uses 5–500 ms, for longer lives).
    const county = httpCounty({ url: server.url, token: server.admin.token!, townshipCode: TOWNSHIP, pageBytes: 16 * 1024 });
    const result = await runCrashCampaign({ dataDir, childScript, kills, seed, minDelayMs: 5, maxDelayMs: 200, tornWalEvery: 5, county });
    const summary = describeCampaign(result);
    console.log(summary.split('\n')[0]);

    expect(totalViolations(result), summary).toBe(0);
    expect(result.kills, summary).toBe(kills);
    // The kills landed in real work, not only in start-up (a loaded machine runs fewer actions per life).
    expect(result.actionCount, summary).toBeGreaterThan(kills / 2);
    expect(result.tornWalChecks, summary).toBeGreaterThan(0);
    expect(result.auditChecked, summary).toBe(true);
    expect(result.syncChecked, summary).toBe(true);
    expect(result.syncKills, summary).toBeGreaterThan(0);

    // A clean start after the last kill: the core opens, its own audit verification agrees with
    // the independent checker, and the office can log in and keep working.
    const core = openCore({ dataDir, mode: 'browser', appVersion: 'crash', log: () => {}, backupSchedule: false, sync: { schedule: false } });
    try {
      const audit = core.verifyAudit();
      expect(audit.ok, audit.summary).toBe(true);
      const wang = callerOf(core, () => null);
      const session = await wang.ok('auth.login', officeUsers.wang);
      const books = await callerOf(core, () => session.token).ok('book.list', {});
      expect(books.length).toBeGreaterThan(0);
      // Whatever the kills interrupted, one more sync converges: the county holds the outbox exactly
      // once, the ledgers agree for every period, every county change pulled was applied once.
      // (A pull can write changes of its own — the quota voucher of a 授权支付 indicator — which the next sync pushes.)
      let synced = await callerOf(core, () => session.token).ok('sync.now', {});
      for (let i = 0; i < 3 && synced.status.pending > 0; i++) synced = await callerOf(core, () => session.token).ok('sync.now', {});
      expect(synced.status.pending, summary).toBe(0);
      // Payments (and their indicator movements) on the locally simulated indicator are refused by the county, by design.
      const agreement = await checkTownshipAgainstCounty(server.db, { name: 'crash', databaseFile: core.databaseFile, townshipCode: TOWNSHIP }, { allowRejected: ['payment', 'indicatorMovement'] });
      expect(agreement.violations, `${summary}\n${agreement.violations.join('\n')}`).toEqual([]);
      console.log(`county issued ${county.issued.indicators} indicators and ${county.issued.notices} notices; converged: ${JSON.stringify(agreement.tally)}`);
    } finally {
      core.close();
    }
    expect(checkInvariants(join(dataDir, 'xiangcai.db'), { dataDir }).violations).toEqual([]);
  });
});
