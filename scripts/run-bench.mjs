// `npm run bench -- <name> [args]`: compiles bench/<name>.ts with esbuild and runs it with Node.
// Benchmarks print their figures; docs/PERFORMANCE.md records them. They are not tests.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
if (!name || !available.includes(name)) {
  console.error(`用法：npm run bench -- <${available.join('|')}> [参数]`);
  process.exit(2);
}
if (!existsSync(join(root, 'out/host/index.js'))) {
  console.error('请先运行 npm run build');
  process.exit(2);
}
const outfile = join(root, '.tmp/bench', `${name}.mjs`);
await build({
  entryPoints: [join(root, 'bench', `${name}.ts`)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [outfile, ...args], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
