// The long run of the seeded sync simulation (issue 5): N township cores and one county server,
// the townships' sync through the fault proxy, the independent checker during the run and after
// convergence. Bundles test/sync/sim/main.ts with esbuild into .tmp/sync-sim and runs it:
//   node scripts/sync-sim.mjs --townships 20 --steps 2000 --seed 42 [--county postgres] [--trace FILE]
// XIANGCAI_SEED=N (or --seed N) replays a run. docs/RELIABILITY.md records the runs.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.tmp/sync-sim');
mkdirSync(out, { recursive: true });
const driver = join(out, 'sync-sim.mjs');
await build({
  stdin: { contents: "import { syncSimMain } from './test/sync/sim/main.ts';\nprocess.exitCode = await syncSimMain();\n", resolveDir: root, sourcefile: 'sync-sim.ts', loader: 'ts' },
  outfile: driver,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  loader: { '.json': 'json' },
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [driver, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
