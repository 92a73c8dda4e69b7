import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { seedFromEnv } from '../../../electron/core/reliability/random';
import { describeSyncSim, runSyncSimulation, type SyncSimOptions } from './system';

/**
 * `node scripts/sync-sim.mjs [--townships 20] [--steps 2000] [--seed S] [--county pglite|postgres]
 *   [--check-every 250] [--reorder 0.01] [--trace FILE]`: the long run of the sync simulation.
 * Prints the summary (seed first: it replays); exits 1 on any violation.
 */
export async function syncSimMain(): Promise<number> {
  const { values } = parseArgs({
    options: {
      townships: { type: 'string', default: '20' },
      steps: { type: 'string', default: '2000' },
      seed: { type: 'string' },
      county: { type: 'string', default: 'pglite' },
      'check-every': { type: 'string', default: '250' },
      reorder: { type: 'string', default: '0.01' },
      trace: { type: 'string' },
    },
  });
  if (values.county !== 'pglite' && values.county !== 'postgres') throw new Error('--county: pglite or postgres');
  const options: SyncSimOptions = {
    seed: values.seed !== undefined ? Number(values.seed) >>> 0 : seedFromEnv(),
    townships: Number(values.townships),
    steps: Number(values.steps),
    county: values.county,
    checkEvery: Number(values['check-every']),
    reorderChance: Number(values.reorder),
    log: (line) => console.log(`  ${line}`),
  };
  console.log(`sync simulation: ${options.townships} townships, ${options.steps} steps, seed ${options.seed}, county on ${options.county}`);
  const started = Date.now();
  const result = await runSyncSimulation(options);
  console.log(describeSyncSim(options, result));
  console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (values.trace) writeFileSync(values.trace, `${result.report.trace.join('\n')}\n`);
  return result.report.violations.length === 0 ? 0 : 1;
}
