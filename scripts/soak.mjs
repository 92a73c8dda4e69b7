// Long crash soak: `node scripts/soak.mjs [--kills 1000] [--seed N] [--dir DIR] [--min-delay 5] [--max-delay 500] [--no-county]`.
// With a county server (the default) the office syncs too: kills land in push, ack recording and pull apply.
// Bundles the crash child and the soak driver (electron/core/reliability) with esbuild into
// .tmp/soak, then runs the driver: SIGKILL at random points, invariants checked after each kill.
// XIANGCAI_SEED=N replays a seed. docs/RELIABILITY.md records the runs.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.tmp/soak');
mkdirSync(out, { recursive: true });
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
};
const child = join(out, 'crash-child.mjs');
const driver = join(out, 'soak.mjs');
await build({
  ...common,
  stdin: { contents: "import { crashChildMain } from './electron/core/reliability/crashChild.ts';\nawait crashChildMain();\n", resolveDir: root, sourcefile: 'crash-child.ts', loader: 'ts' },
  outfile: child,
});
await build({
  ...common,
  // The county server for the sync part of the stream is started by test/sync/sim/soakCounty.ts (electron/core never imports the server).
  stdin: {
    contents: `import { soakMain } from './electron/core/reliability/soak.ts';\nimport { startSoakCounty } from './test/sync/sim/soakCounty.ts';\nprocess.exitCode = await soakMain(${JSON.stringify(child)}, (dir) => startSoakCounty(dir));\n`,
    resolveDir: root,
    sourcefile: 'soak.ts',
    loader: 'ts',
  },
  outfile: driver,
});
const run = spawnSync(process.execPath, [driver, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
