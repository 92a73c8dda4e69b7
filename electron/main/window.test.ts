import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// The options are plain data: the real Electron is never started (the modules' imports of it get a stand-in).
vi.mock('electron', () => ({ app: {}, session: {}, dialog: {}, BrowserWindow: class {} }));

const { mainWindowOptions, windowWebPreferences } = await import('./window');
const { PRODUCTION_CSP } = await import('./security');

describe('the Electron window', () => {
  it('gives the page no Node, a sandbox, context isolation and only the preload bridge', () => {
    expect(windowWebPreferences('/app/out/preload/index.cjs')).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    });
    const options = mainWindowOptions();
    expect(options.webPreferences!.preload).toMatch(/preload[\\/]index\.cjs$/);
    expect(options).toMatchObject({ width: 1366, height: 768, minWidth: 1024, minHeight: 700, show: false, title: '乡财通' });
  });

  it('sends a CSP that allows only our own code, and the page carries the same policy', () => {
    const directives = new Map(PRODUCTION_CSP.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1).join(' ')]));
    expect(Object.fromEntries(directives)).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data:",
      'font-src': "'self' data:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(directives.get('script-src')).not.toContain('unsafe');
    const html = readFileSync(join(__dirname, '../../renderer/index.html'), 'utf8');
    // frame-ancestors has no effect in a <meta> policy: only the header carries it.
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)![1]!;
    expect(meta.split(';').map((d) => d.trim()).filter(Boolean)).toEqual(PRODUCTION_CSP.split('; ').filter((d) => d !== "frame-ancestors 'none'"));
  });
});
