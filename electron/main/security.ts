import { app, session } from 'electron';
import { log } from './log';
import { isAppOrigin, isAppPageUrl, isAppResourceUrl, type RendererSource } from './renderer-source';

/**
 * The renderer may only run its own bundled code and talk to itself; everything
 * else reaches the core through the preload bridge. `style-src 'unsafe-inline'`
 * is needed by antd's CSS-in-JS, which inserts <style> elements at run time.
 */
export const PRODUCTION_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Dev server only: Vite injects the React Fast Refresh preamble as an inline
 * script and keeps a websocket open for hot reload. Never used when packaged.
 */
function devCsp(origin: string): string {
  const websocket = origin.replace(/^http/, 'ws');
  return PRODUCTION_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "connect-src 'self'",
    `connect-src 'self' ${websocket}`,
  );
}

/** Only a sanitized clipboard write (a “复制” button) is ever granted, and only to our page. */
const GRANTED_PERMISSIONS = new Set<string>(['clipboard-sanitized-write']);

export function installSessionSecurity(source: RendererSource): void {
  const ses = session.defaultSession;
  const csp = source.kind === 'dev' ? devCsp(source.origin) : PRODUCTION_CSP;

  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppResourceUrl(source, details.url)) {
      callback({});
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });

  ses.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const granted = GRANTED_PERMISSIONS.has(permission) && isAppPageUrl(source, details.requestingUrl);
    if (!granted) log.warn('permission request denied', permission, details.requestingUrl);
    callback(granted);
  });
  ses.setPermissionCheckHandler(
    (_webContents, permission, requestingOrigin) =>
      GRANTED_PERMISSIONS.has(permission) && isAppOrigin(source, requestingOrigin),
  );
}

/**
 * Applies to every web contents the app ever creates (windows, devtools,
 * anything a bug might open): no popups, no webviews, and the main frame may
 * only navigate within our own page.
 */
export function hardenWebContents(source: RendererSource): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler((details) => {
      log.warn('window.open denied', details.url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event) => {
      if (isAppPageUrl(source, event.url)) return;
      log.warn('navigation blocked', event.url);
      event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => {
      log.warn('webview blocked');
      event.preventDefault();
    });
  });
}
