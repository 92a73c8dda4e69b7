import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { describeCampaign, runCrashCampaign, totalViolations } from '../../electron/core/reliability/campaign';
import { checkInvariants } from '../../electron/core/reliability/invariants';
import { callerOf, officeUsers } from '../../electron/core/reliability/office';
import { seedFromEnv } from '../../electron/core/reliability/random';
import { projectRoot } from '../helpers/hostProcess';
import { tempDir } from '../helpers/tmp';

/**
 * Crash safety, short run (the long one is `node scripts/soak.mjs`, docs/RELIABILITY.md):
 * a child process runs the core and a seeded stream of business actions; it is killed with
 * SIGKILL at a random moment, the file is checked by the independent checker, and the next
 * child recovers it. `XIANGCAI_SEED=N` replays a run; `XIANGCAI_CRASH_KILLS` changes its length.
 */

const childScript = join(projectRoot, '.tmp/test', `crash-child-${process.pid}.mjs`);
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir('xiangcai-crash-');
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
afterAll(() => {
  rmSync(childScript, { force: true });
  dir.cleanup();
});

describe('crash safety (SIGKILL at random points)', () => {
  it('keeps every invariant and every acknowledged write through 50 kills', { timeout: 150_000 }, async () => {
    const kills = Number(process.env.XIANGCAI_CRASH_KILLS ?? 50);
    const seed = seedFromEnv();
    const dataDir = join(dir.path, 'data');
    // Kills 5–200 ms into the stream (the soak uses 5–500 ms, for longer lives).
    const result = await runCrashCampaign({ dataDir, childScript, kills, seed, minDelayMs: 5, maxDelayMs: 200, tornWalEvery: 5 });
    const summary = describeCampaign(result);
    console.log(summary.split('\n')[0]);

    expect(totalViolations(result), summary).toBe(0);
    expect(result.kills, summary).toBe(kills);
    // The kills landed in real work, not only in start-up (a loaded machine runs fewer actions per life).
    expect(result.actionCount, summary).toBeGreaterThan(kills / 2);
    expect(result.tornWalChecks, summary).toBeGreaterThan(0);
    expect(result.auditChecked, summary).toBe(true);

    // A clean start after the last kill: the core opens, its own audit verification agrees with
    // the independent checker, and the office can log in and keep working.
    const core = openCore({ dataDir, mode: 'browser', appVersion: 'crash', log: () => {}, backupSchedule: false });
    try {
      const audit = core.verifyAudit();
      expect(audit.ok, audit.summary).toBe(true);
      const wang = callerOf(core, () => null);
      const session = await wang.ok('auth.login', officeUsers.wang);
      const books = await callerOf(core, () => session.token).ok('book.list', {});
      expect(books.length).toBeGreaterThan(0);
    } finally {
      core.close();
    }
    expect(checkInvariants(join(dataDir, 'xiangcai.db'), { dataDir }).violations).toEqual([]);
  });
});
