import { app } from 'electron';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the window's page comes from: the electron-vite dev server while
 * developing, the built `out/renderer/index.html` otherwise. Every trust
 * decision (navigation, IPC sender, CSP, permissions) asks this one place.
 */
export type RendererSource =
  | { kind: 'dev'; origin: string; url: string }
  | { kind: 'file'; file: string };

export function resolveRendererSource(): RendererSource {
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  // A packaged app never follows the env var: it would let anyone who can set
  // the environment point the trusted window at their own page.
  if (!app.isPackaged && devUrl) {
    const url = new URL(devUrl);
    return { kind: 'dev', origin: url.origin, url: url.href };
  }
  return { kind: 'file', file: join(__dirname, '../renderer/index.html') };
}

function comparablePath(path: string): string {
  const normalized = normalize(path);
  return process.platform === 'win32' ? normalized.toLowerCase() : normalized;
}

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * True when `raw` is our page (any hash or query: the renderer routes by hash).
 * File URLs are compared as paths, not strings, because Chromium and Node
 * percent-encode non-ASCII install paths (e.g. `C:\乡财通\`) differently.
 */
export function isAppPageUrl(source: RendererSource, raw: string): boolean {
  const url = parse(raw);
  if (url === null) return false;
  if (source.kind === 'dev') return url.origin === source.origin;
  if (url.protocol !== 'file:') return false;
  try {
    return comparablePath(fileURLToPath(url)) === comparablePath(source.file);
  } catch {
    return false;
  }
}

/** True for any resource the app itself serves (page, scripts, styles, fonts). */
export function isAppResourceUrl(source: RendererSource, raw: string): boolean {
  const url = parse(raw);
  if (url === null) return false;
  return source.kind === 'dev' ? url.origin === source.origin : url.protocol === 'file:';
}

/** Permission handlers only see an origin; file pages all share `file://`. */
export function isAppOrigin(source: RendererSource, origin: string): boolean {
  if (source.kind === 'dev') return origin === source.origin;
  return origin.startsWith('file:');
}
