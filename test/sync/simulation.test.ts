import { describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../electron/core/reliability/random';
import { describeSyncSim, runSyncSimulation, type SyncSimOptions } from './sim/system';

/**
 * The seeded simulation of 20 townships and the county (issue 5), short enough for CI: random
 * offline spells and fault weather, business writes and syncs, the independent checker during
 * the run and after convergence. A second, smaller run with the same seed must give the same
 * trace hash. `XIANGCAI_SEED=N` replays a run; the long run is `node scripts/sync-sim.mjs`
 * (docs/RELIABILITY.md).
 */
const seed = seedFromEnv();

describe('seeded simulation of townships syncing with the county', () => {
  it('20 townships: nothing lost, nothing applied twice, the ledgers agree, every county change applied once', { timeout: 240_000 }, async () => {
    const options: SyncSimOptions = { seed, townships: 20, steps: Number(process.env.XIANGCAI_SIM_STEPS ?? 300), checkEvery: 100, reorderChance: 0.004 };
    const result = await runSyncSimulation(options);
    const summary = describeSyncSim(options, result);
    console.log(summary);
    expect(result.report.violations, summary).toEqual([]);
    // The run did what it is for: writes, syncs that went through and syncs that failed under faults, county work.
    expect(result.tally.changes, summary).toBeGreaterThan(20 * 150);
    expect(result.tally.postedLines, summary).toBeGreaterThan(0);
    expect(result.tally.countyIndicators, summary).toBeGreaterThan(0);
    expect(result.report.trace.some((l) => l.includes('sync failed')), summary).toBe(true);
    expect(result.report.trace.some((l) => l.includes('sync ok')), summary).toBe(true);
    expect(result.proxyStats.faults.cutResponse + result.proxyStats.faults.cutRequest, summary).toBeGreaterThan(0);
  });

  it('replays: the same seed gives the same trace', { timeout: 120_000 }, async () => {
    const options: SyncSimOptions = { seed, townships: 4, steps: 60, checkEvery: 30, reorderChance: 0 };
    const first = await runSyncSimulation(options);
    const second = await runSyncSimulation(options);
    expect(first.report.violations, describeSyncSim(options, first)).toEqual([]);
    expect(second.report.traceHash, `${describeSyncSim(options, first)}\n${describeSyncSim(options, second)}`).toBe(first.report.traceHash);
  });
});
