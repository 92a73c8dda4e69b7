// `npm start`: build, then launch the Electron app when its binary is present,
// otherwise browser mode (same core and renderer, served on 127.0.0.1).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const passThrough = process.argv.slice(2);

const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

// Do not require('electron') to find out: without its binary it tries to download one.
function electronBinary() {
  const pathFile = join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const electron = process.env.XIANGCAI_BROWSER_MODE ? null : electronBinary();
let child;
if (electron) {
  console.log('启动乡财通桌面版（Electron）……');
  child = spawn(electron, [root, ...passThrough], { cwd: root, stdio: 'inherit' });
} else {
  console.log('未找到 Electron 运行文件（本机无法下载），改用浏览器模式启动。');
  child = spawn(process.execPath, [join(root, 'out/host/index.js'), '--open', ...passThrough], { cwd: root, stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
