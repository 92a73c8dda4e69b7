// 审计校验 from the command line: `node scripts/audit-check.mjs --data-dir DIR` (or `--db FILE`).
// Compiles electron/core/audit/cli.ts with esbuild (as run-bench.mjs does) and runs it with Node.
// Read-only: the app may keep running. Exit 0: all well; 1: problems found; 2: cannot check.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, '.tmp/audit-check', 'cli.mjs');
await build({
  entryPoints: [join(root, 'electron/core/audit/cli.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 2);
