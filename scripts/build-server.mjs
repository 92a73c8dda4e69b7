// Builds the county server (server/src/main.ts → out/server/index.js) with esbuild: the code is
// bundled, its npm dependencies (fastify, pg, PGlite) load from node_modules. Under a second.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'server/src/main.ts')],
  outfile: join(root, 'out/server/index.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
});
