import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../helpers/hostProcess';

export interface FuzzTally {
  /** Cases sent. */
  cases: number;
  refused: number;
  /** Schema-valid cases the core carried out (hostile text stored as text). */
  accepted: number;
  /** Schema-valid cases not sent (they would end the fuzzer's own session or touch backup folders). */
  skipped: number;
  crashes: number;
  writes: number;
  internal: number;
}

/** Prints a fuzzer's counts and keeps them in .tmp/reliability/ for docs/RELIABILITY.md. */
export function recordFuzzTally(kind: string, tally: FuzzTally & Record<string, number>): void {
  console.log(`[fuzz ${kind}] ${tally.cases} cases, ${tally.crashes} crashes, ${tally.writes} writes, ${tally.internal} INTERNAL (${tally.refused} refused, ${tally.accepted} accepted as valid, ${tally.skipped} skipped)`);
  const dir = join(projectRoot, '.tmp/reliability');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `fuzz-${kind}.json`), JSON.stringify({ ...tally, at: new Date().toISOString() }, null, 2));
}
