import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeCampaign, runCrashCampaign, totalViolations, type CampaignCounty } from './campaign';
import { seedFromEnv } from './random';

/**
 * A county server for the soak (the driver in test/ starts one; electron/core never imports the
 * server): the campaign's hooks, and after the last kill a final sync and the comparison of the
 * township's file with the county's database.
 */
export interface SoakCounty {
  county: CampaignCounty;
  describe(): string;
  /** After the last kill: sync until nothing is pending, then the independent comparison; violations found. */
  finish(dataDir: string): Promise<{ violations: string[]; summary: string }>;
  close(): Promise<void>;
}

/**
 * The long crash soak (scripts/soak.mjs builds and runs this):
 *   node scripts/soak.mjs [--kills 1000] [--seed N] [--dir DIR] [--min-delay 5] [--max-delay 500] [--torn-every 5] [--keep-going] [--no-county]
 * Prints progress, then the result; exits 1 on any violation.
 */
export async function soakMain(childScript: string, startCounty?: (soakDir: string) => Promise<SoakCounty>): Promise<number> {
  const { values } = parseArgs({
    options: {
      kills: { type: 'string', default: '1000' },
      seed: { type: 'string' },
      dir: { type: 'string' },
      'min-delay': { type: 'string', default: '5' },
      'max-delay': { type: 'string', default: '500' },
      'torn-every': { type: 'string', default: '5' },
      'keep-going': { type: 'boolean', default: false },
      'no-county': { type: 'boolean', default: false },
    },
  });
  const seed = values.seed !== undefined ? Number(values.seed) >>> 0 : seedFromEnv();
  const dataDir = values.dir ?? join(mkdtempSync(join(tmpdir(), 'xiangcai-soak-')), 'data');
  const kills = Number(values.kills);
  const county = startCounty && !values['no-county'] ? await startCounty(join(dataDir, '..')) : null;
  console.log(`crash soak: ${kills} kills, seed ${seed}, data ${dataDir}${county ? `, ${county.describe()}` : ', no county server'}`);
  try {
    const result = await runCrashCampaign({
      dataDir,
      childScript,
      kills,
      seed,
      minDelayMs: Number(values['min-delay']),
      maxDelayMs: Number(values['max-delay']),
      tornWalEvery: Number(values['torn-every']),
      stopOnViolation: !values['keep-going'],
      county: county?.county,
      onProgress: (p) => {
        if (p.kill % 50 === 0 || p.violations > 0) {
          console.log(`  kill ${p.kill}/${p.kills}  ${(p.elapsedMs / 1000).toFixed(0)} s  ${p.actions} actions  ${p.facts} facts held  ${p.violations} violations`);
        }
      },
    });
    console.log(describeCampaign(result));
    console.log(`actions: ${JSON.stringify(result.actions)}`);
    console.log(`final file: ${JSON.stringify(result.finalCounts)}; audit chain verified: ${result.auditChecked}; outbox checked: ${result.outboxChecked}; sync checked: ${result.syncChecked}`);
    let countyViolations = 0;
    if (county) {
      const final = await county.finish(dataDir);
      countyViolations = final.violations.length;
      console.log(final.summary);
      for (const v of final.violations) console.log(`  county: ${v}`);
    }
    return totalViolations(result) === 0 && countyViolations === 0 ? 0 : 1;
  } finally {
    await county?.close();
  }
}
