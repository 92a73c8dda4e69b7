// `node scripts/faultnet.mjs proxy|netns …`: the fault proxy and the slow link (test/faultnet) as a
// command, for soak and netns runs driven from outside a test. Compiles test/faultnet/cli.ts with
// esbuild, then runs it; `node scripts/faultnet.mjs` alone prints the usage.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, '.tmp/faultnet', `cli-${process.pid}.mjs`);
await build({
  entryPoints: [join(root, 'test/faultnet/cli.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const { rmSync } = await import('node:fs');
const { main } = await import(pathToFileURL(outfile).href);
rmSync(outfile, { force: true });
process.exitCode = await main(process.argv.slice(2));
