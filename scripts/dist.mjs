// `npm run dist [-- electron-builder args]`: build, then package with electron-builder.
// The update feed URL is the county server's update path, fixed at build time:
//   XIANGCAI_UPDATE_URL=https://<县服务器>/updates/ npm run dist
// Without it, a placeholder on the reserved .invalid domain is used and updating stays off.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, XIANGCAI_UPDATE_URL: process.env.XIANGCAI_UPDATE_URL || 'https://updates.xiangcai.invalid/' };
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;

let status = run([join(root, 'scripts/build.mjs')]);
if (status === 0) status = run([join(root, 'node_modules/electron-builder/cli.js'), '--config', 'electron-builder.yml', ...process.argv.slice(2)]);
// electron-builder rebuilt better-sqlite3 for Electron's ABI; put back the Node build
// that browser mode and the tests load.
spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(status);
