import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { AppError } from '../../shared/api/errors';
import type { PdfRenderer } from '../core/export/pdf';

/**
 * Browser mode's PDF: the system's Chromium driven by playwright-core, launched on the first
 * print.pdf and closed after a minute without one. The page gets the document with JavaScript
 * off and no network (it is self-contained HTML); page.pdf honours the document's @page size.
 */

const candidates = [
  process.env.XIANGCAI_CHROMIUM,
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
];

export function findChromium(): string | null {
  for (const path of candidates) if (path && existsSync(path)) return path;
  return null;
}

export function chromiumPdfRenderer(options: { executablePath?: string; idleMs?: number } = {}): PdfRenderer {
  const idleMs = options.idleMs ?? 60_000;
  let browser: Promise<Browser> | null = null;
  let idle: NodeJS.Timeout | null = null;
  let busy = 0;

  async function launch(): Promise<Browser> {
    const executablePath = options.executablePath ?? findChromium();
    if (!executablePath) {
      throw new AppError('RULE_VIOLATION', '本机没有找到 Chromium 浏览器，无法保存为PDF。请安装 Chromium（或设置 XIANGCAI_CHROMIUM 指向浏览器程序），也可以点“打印”后选择“另存为PDF”。');
    }
    const { chromium } = await import('playwright-core');
    return chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }

  function scheduleClose() {
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => {
      if (busy > 0 || !browser) return;
      const closing = browser;
      browser = null;
      void closing.then((b) => b.close()).catch(() => {});
    }, idleMs);
    idle.unref();
  }

  return {
    async toPdf(html) {
      busy++;
      if (idle) clearTimeout(idle);
      try {
        browser ??= launch().catch((error: unknown) => {
          browser = null;
          throw error;
        });
        const context = await (await browser).newContext({ javaScriptEnabled: false, offline: true });
        try {
          const page = await context.newPage();
          await page.setContent(html, { waitUntil: 'load', timeout: 120_000 });
          return await page.pdf({ preferCSSPageSize: true, printBackground: true });
        } finally {
          await context.close();
        }
      } finally {
        busy--;
        scheduleClose();
      }
    },
    async close() {
      if (idle) clearTimeout(idle);
      const current = browser;
      browser = null;
      if (current) await (await current.catch(() => null))?.close();
    },
  };
}
