// Browser mode: from the host process's start to the first screen usable (the 账套
// selector, with its 打开 button clickable), on a data dir that already holds a book.
// "warm": Chromium already running (the user's browser is open);
// "cold": Chromium launched at the same moment as the host (closest to starting Electron).
// Usage: npm run bench -- startup [runs]
import { cpus } from 'node:os';
import { chromium } from 'playwright-core';
import { bookInput } from '../test/helpers/books';
import { chromiumArgs, chromiumPath } from '../test/helpers/browser';
import { startHostProcess } from '../test/helpers/hostProcess';
import { tempDir } from '../test/helpers/tmp';
import { median, ms } from './stats';

const runs = Number(process.argv[2] ?? 9);
const dir = tempDir('xiangcai-bench-startup-');

// Prepare: one book, created through the real command API.
{
  const host = await startHostProcess(dir.path);
  const { searchParams, origin } = new URL(host.url);
  const response = await fetch(`${origin}/api/invoke/book.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-xiangcai-token': searchParams.get('token')! },
    body: JSON.stringify(bookInput()),
  });
  if (!((await response.json()) as { ok: boolean }).ok) throw new Error('book.create failed');
  await host.stop();
}

async function firstScreen(page: import('playwright-core').Page, url: string) {
  await page.goto(url);
  await page.locator('[data-testid^="book-open-"]').first().waitFor({ state: 'visible' });
  if (!(await page.locator('[data-testid^="book-open-"]').first().isEnabled())) throw new Error('not usable');
}

const warm: number[] = [];
const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const start = performance.now();
  const host = await startHostProcess(dir.path);
  await firstScreen(page, host.url);
  warm.push(performance.now() - start);
  await context.close();
  await host.stop();
}
await browser.close();

const cold: number[] = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const [host, coldBrowser] = await Promise.all([
    startHostProcess(dir.path),
    chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs }),
  ]);
  const page = await coldBrowser.newPage({ viewport: { width: 1366, height: 768 } });
  await firstScreen(page, host.url);
  cold.push(performance.now() - start);
  await coldBrowser.close();
  await host.stop();
}
dir.cleanup();

console.log(`browser-mode start-up to first usable screen, ${runs} runs each (${cpus().length} cores, Node ${process.version})`);
console.log(`warm browser: median ${ms(median(warm))}  min ${ms(Math.min(...warm))}  max ${ms(Math.max(...warm))}  target: < 1500 ms`);
console.log(`cold browser: median ${ms(median(cold))}  min ${ms(Math.min(...cold))}  max ${ms(Math.max(...cold))}`);
