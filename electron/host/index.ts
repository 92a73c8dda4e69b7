import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/api/errors';
import { openCore } from '../core';
import { defaultDataDir } from '../core/paths';
import { chromiumPdfRenderer } from './pdf';
import { startHost } from './server';

/**
 * Browser-mode entry: `node out/host/index.js [--data-dir DIR] [--port N] [--open]`.
 * Prints one line `XIANGCAI_URL=<url>` that scripts and tests read.
 */
const here = dirname(fileURLToPath(import.meta.url));

function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(here, '../../package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

function openInBrowser(url: string) {
  const command = process.platform === 'win32' ? 'cmd' : process.platform === 'darwin' ? 'open' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => console.log('未能自动打开浏览器，请手动复制上面的地址打开。'));
    child.unref();
  } catch {
    console.log('未能自动打开浏览器，请手动复制上面的地址打开。');
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      open: { type: 'boolean', default: false },
      'renderer-dir': { type: 'string' },
    },
  });
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const port = values.port === undefined ? 17321 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`端口无效：${values.port}`);
    process.exit(2);
  }

  let core;
  // 保存为PDF: the system's Chromium, launched on the first print.pdf only.
  const pdf = chromiumPdfRenderer();
  try {
    core = openCore({ dataDir, mode: 'browser', appVersion: appVersion(), pdf });
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`乡财通无法启动：${error.message}`);
      process.exit(3);
    }
    throw error;
  }

  const rendererDir = resolve(values['renderer-dir'] ?? join(here, '../renderer'));
  let host;
  try {
    host = await startHost({ core, rendererDir, port });
  } catch (error) {
    if (values.port === undefined && (error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      host = await startHost({ core, rendererDir, port: 0 });
    } else {
      throw error;
    }
  }

  console.log(`乡财通（浏览器模式）已启动，数据目录：${dataDir}`);
  console.log(`请在浏览器中打开：${host.url}`);
  console.log(`XIANGCAI_URL=${host.url}`);
  if (values.open) openInBrowser(host.url);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await pdf.close?.().catch(() => {});
    core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
