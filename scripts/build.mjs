// Builds everything `npm start` and the tests run: Electron main + preload + renderer
// (electron-vite) and the browser-mode host (esbuild, core bundled in, dependencies external).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const started = Date.now();
execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
});
await build({
  entryPoints: [join(root, 'electron/host/index.ts')],
  outfile: join(root, 'out/host/index.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Native better-sqlite3 must load from node_modules; pinyin-pro is imported lazily (建账 only),
  // exceljs (导出Excel) and playwright-core (保存为PDF) too, so start-up does not parse them.
  // Everything else is bundled: one file parses much faster than hundreds of small modules.
  external: ['better-sqlite3', 'pinyin-pro', 'exceljs', 'playwright-core'],
  minifySyntax: true,
  logLevel: 'warning',
});
console.log(`构建完成，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
