import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { AppErrorData, Result } from '../../shared/api/errors';
import type { Core } from '../core';
import { resolveExportFile } from '../core/export/files';

/** Request bodies above this are refused before they are read to the end. */
export const maxBodyBytes = 1024 * 1024;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
};

export interface HostOptions {
  core: Core;
  rendererDir: string;
  port: number;
  /** Fixed in tests; random per launch otherwise. */
  token?: string;
}

export interface RunningHost {
  server: Server;
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}



/**
 * Browser mode: the same typed commands as Electron IPC, over HTTP on 127.0.0.1 only.
 * Every request must carry the per-launch token: the page gets it once through
 * `/?token=…` (turned into an HttpOnly cookie) and API calls send it in a header,
 * so another site open in the same browser can neither read nor drive the ledger.
 */
export function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBuffer = Buffer.from(token);
  const sameToken = (candidate: string | undefined) => {
    if (!candidate) return false;
    const b = Buffer.from(candidate);
    return b.length === tokenBuffer.length && timingSafeEqual(b, tokenBuffer);
  };
  const eventStreams = new Set<ServerResponse>();
  const unsubscribe = options.core.subscribe((event) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const stream of eventStreams) stream.write(frame);
  });
  let indexHtml: string | null = null;
  let port = 0;
  // Cookies are shared by every port of 127.0.0.1: name ours after the port.
  const tokenCookie = () => `xiangcai_token_${port}`;
  const isOwnOrigin = (origin: string) => origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[xiangcai] host request failed', error);
      if (!res.headersSent) sendJson(res, 500, failure({ code: 'INTERNAL', message: '本机服务内部错误' }));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // DNS-rebinding guard: only our own loopback origin may talk to us.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      return sendJson(res, 403, failure({ code: 'UNAUTHORIZED', message: '拒绝访问：请求来源不是本机地址' }));
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${host}`);
    } catch {
      return sendJson(res, 400, failure({ code: 'INVALID_INPUT', message: '请求地址格式不正确' }));
    }
    const cookieToken = readCookie(req.headers.cookie, tokenCookie());

    // A POST from a page must come from our own page: a present Origin is ours or refused
    // (browsers send it on cross-site requests; scripts and our own same-origin fetches may omit it).
    if (req.method === 'POST' && req.headers.origin !== undefined && !isOwnOrigin(req.headers.origin)) {
      return sendJson(res, 403, failure({ code: 'UNAUTHORIZED', message: '拒绝访问：请求来自其他网页' }));
    }
    if (url.pathname.startsWith('/api/')) {
      if (url.pathname === '/api/events' && req.method === 'GET') {
        if (!sameToken(url.searchParams.get('token') ?? undefined) && !sameToken(cookieToken)) return unauthorized(res);
        return openEventStream(res);
      }
      const headerToken = req.headers['x-xiangcai-token'];
      const download = /^\/api\/download\/([^/]+)$/.exec(url.pathname);
      if (download && (req.method === 'GET' || req.method === 'HEAD')) {
        // A link the page clicks carries the cookie; a fetch may send the header instead.
        if (!sameToken(typeof headerToken === 'string' ? headerToken : undefined) && !sameToken(cookieToken)) return unauthorized(res);
        return sendDownload(res, decodePath(download[1]!) ?? '', req.method === 'HEAD');
      }
      if (!sameToken(typeof headerToken === 'string' ? headerToken : undefined)) return unauthorized(res);
      const match = /^\/api\/invoke\/([^/]+)$/.exec(url.pathname);
      if (!match || req.method !== 'POST') {
        return sendJson(res, 404, failure({ code: 'UNKNOWN_COMMAND', message: `未知的接口：${req.method} ${url.pathname}` }));
      }
      const body = await readBody(req);
      if (body === 'too-large') {
        return sendJson(res, 413, failure({ code: 'BODY_TOO_LARGE', message: `请求数据过大（上限 ${maxBodyBytes / 1024} KB）`, details: { maxBodyBytes } }));
      }
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        return sendJson(res, 400, failure({ code: 'INVALID_INPUT', message: '请求数据不是有效的 JSON' }));
      }
      const sessionHeader = req.headers['x-xiangcai-session'];
      const session = typeof sessionHeader === 'string' && sessionHeader.length > 0 ? sessionHeader : null;
      // A malformed %-escape in the name is the caller's mistake, not a crash of ours.
      const name = decodePath(match[1]!);
      if (name === null) return sendJson(res, 400, failure({ code: 'INVALID_INPUT', message: '请求地址中的编码不正确' }));
      const result = await options.core.invoke(name, input, session);
      return sendJson(res, 200, result);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, '不支持的请求方法');

    const queryToken = url.searchParams.get('token') ?? undefined;
    if (url.pathname === '/' && sameToken(queryToken)) {
      // Trade the token in the URL for a cookie, and drop it from the address bar.
      res.writeHead(302, {
        ...securityHeaders,
        'set-cookie': `${tokenCookie()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: '/',
      });
      return res.end();
    }
    if (!sameToken(cookieToken)) {
      return sendText(res, 401, '乡财通：访问令牌无效。请使用启动时终端里显示的完整地址打开（含 ?token=…）。');
    }
    return serveStatic(url.pathname, res);
  }

  function serveStatic(pathname: string, res: ServerResponse) {
    const decoded = decodePath(pathname);
    if (decoded === null) return sendText(res, 400, '请求地址中的编码不正确');
    const relative = normalize(decoded).replace(/^([/\\])+/, '');
    const file = join(options.rendererDir, relative);
    if (!file.startsWith(options.rendererDir + sep) && file !== options.rendererDir) return sendText(res, 403, '拒绝访问');
    if (relative === '' || relative === 'index.html' || !isFile(file)) {
      // Single-page app: unknown paths get the shell, which carries the token for API calls.
      indexHtml ??= readFileSync(join(options.rendererDir, 'index.html'), 'utf8');
      const html = indexHtml.replace('<head>', `<head>\n    <meta name="xiangcai-token" content="${token}" />`);
      res.writeHead(200, { ...securityHeaders, 'content-type': contentTypes['.html']! });
      return res.end(html);
    }
    res.writeHead(200, {
      ...securityHeaders,
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'cache-control': relative.startsWith('assets/') ? 'private, max-age=31536000, immutable' : 'no-store',
    });
    createReadStream(file).pipe(res);
  }

  /** An exported xlsx/pdf (core/export/files.ts), saved by the browser under its Chinese name. */
  function sendDownload(res: ServerResponse, id: string, headOnly: boolean) {
    const file = resolveExportFile(options.core.dataDir, id);
    if (!file) {
      return sendJson(res, 404, failure({ code: 'NOT_FOUND', message: '导出文件不存在或已过期（导出的文件保留一小时），请重新导出。' }));
    }
    res.writeHead(200, {
      ...securityHeaders,
      'content-type': file.contentType,
      'content-length': String(file.bytes),
      'content-disposition': contentDisposition(file.fileName),
    });
    if (headOnly) return res.end();
    createReadStream(file.path).on('error', () => res.destroy()).pipe(res);
  }

  function openEventStream(res: ServerResponse) {
    res.writeHead(200, { ...securityHeaders, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    res.write(': connected\n\n');
    eventStreams.add(res);
    res.on('close', () => eventStreams.delete(res));
  }

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolvePromise({
        server,
        port,
        token,
        url: `http://127.0.0.1:${port}/?token=${token}`,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe();
            for (const stream of eventStreams) stream.end();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * `attachment` with an ASCII fallback name and the real (Chinese) name in RFC 5987 form:
 * UTF-8, percent-encoded, including the characters encodeURIComponent leaves alone but
 * RFC 5987's attr-char does not allow.
 */
export function contentDisposition(fileName: string): string {
  const extension = /\.[a-z0-9]+$/i.exec(fileName)?.[0] ?? '';
  const fallback = `xiangcai-export${extension}`;
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** decodeURIComponent, or null for a malformed %-escape (it throws URIError). */
function decodePath(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string | 'too-large'> {
  return new Promise((resolvePromise, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      req.resume();
      return resolvePromise('too-large');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(tooLarge ? 'too-large' : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function failure(error: AppErrorData): Result<never> {
  return { ok: false, error };
}

function unauthorized(res: ServerResponse) {
  sendJson(res, 401, failure({ code: 'UNAUTHORIZED', message: '访问令牌无效，请重新打开乡财通' }));
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { ...securityHeaders, 'content-type': contentTypes['.json']! });
  res.end(JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, { ...securityHeaders, 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
