import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/tmp';
import { openCore, type Core } from '../core';
import { maxBodyBytes, startHost, type RunningHost } from './server';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let host: RunningHost;

beforeEach(async () => {
  dir = tempDir();
  const rendererDir = join(dir.path, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>乡财通</title></head><body></body></html>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  core = openCore({ dataDir: join(dir.path, 'data'), mode: 'browser', appVersion: '1.0.0', log: () => {} });
  host = await startHost({ core, rendererDir, port: 0 });
});
afterEach(async () => {
  await host.close();
  core.close();
  dir.cleanup();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const invoke = (name: string, body: unknown, token = host.token) =>
  send(`/api/invoke/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-xiangcai-token': token }, body: JSON.stringify(body) });

describe('browser-mode host', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(host.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
  });

  it('serves a command with the token', async () => {
    const reply = await invoke('system.ping', {});
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { pong: true } });
  });

  it('refuses a request without the token, or with a wrong one', async () => {
    const missing = await send('/api/invoke/system.ping', { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: '访问令牌无效，请重新打开乡财通' } });
    const wrong = await invoke('system.ping', {}, 'x'.repeat(host.token.length));
    expect(wrong.status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const reply = await send('/api/invoke/system.ping', { method: 'POST', headers: { host: 'evil.example', 'x-xiangcai-token': host.token }, body: '{}' });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body).error.code).toBe('UNAUTHORIZED');
  });

  it('refuses a POST whose Origin is not our own page, even with the token', async () => {
    const post = (origin: string) =>
      send('/api/invoke/system.ping', { method: 'POST', headers: { origin, 'x-xiangcai-token': host.token, 'content-type': 'application/json' }, body: '{}' });
    for (const foreign of ['http://evil.example', `http://127.0.0.1:${host.port + 1}`, 'null', `https://127.0.0.1:${host.port}`]) {
      const reply = await post(foreign);
      expect(reply.status, foreign).toBe(403);
      expect(JSON.parse(reply.body)).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: '拒绝访问：请求来自其他网页' } });
    }
    for (const own of [`http://127.0.0.1:${host.port}`, `http://localhost:${host.port}`]) {
      expect((await post(own)).status, own).toBe(200);
    }
    // No Origin at all (a script, or a same-origin request that omits it) still needs only the token.
    expect((await invoke('system.ping', {})).status).toBe(200);
  });

  it('answers unknown commands, bad JSON and oversized bodies with typed errors and keeps serving', async () => {
    const unknown = await invoke('nope.nothing', {});
    expect(JSON.parse(unknown.body).error).toMatchObject({ code: 'UNKNOWN_COMMAND' });

    const badJson = await send('/api/invoke/book.list', { method: 'POST', headers: { 'x-xiangcai-token': host.token }, body: '{"a":' });
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body).error).toEqual({ code: 'INVALID_INPUT', message: '请求数据不是有效的 JSON' });

    const big = Buffer.alloc(maxBodyBytes + 10, 0x20);
    const tooLarge = await send('/api/invoke/book.list', { method: 'POST', headers: { 'x-xiangcai-token': host.token }, body: big });
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body).error.code).toBe('BODY_TOO_LARGE');

    const invalid = await invoke('book.create', { name: '' });
    expect(JSON.parse(invalid.body).error.code).toBe('INVALID_INPUT');

    expect(JSON.parse((await invoke('book.list', {})).body)).toEqual({ ok: true, value: [] });
  });

  it('trades the URL token for a cookie and requires it for every page and asset', async () => {
    expect((await send('/')).status).toBe(401);
    expect((await send('/assets/app.js')).status).toBe(401);

    const entry = await send(`/?token=${host.token}`);
    expect(entry.status).toBe(302);
    expect(entry.headers.location).toBe('/');
    const cookie = String(entry.headers['set-cookie']).split(';')[0]!;
    expect(String(entry.headers['set-cookie'])).toContain('HttpOnly');

    const page = await send('/', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<meta name="xiangcai-token" content="${host.token}" />`);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const asset = await send('/assets/app.js', { headers: { cookie } });
    expect(asset.body).toBe('console.log(1)');
    const escape = await send('/../../etc/passwd', { headers: { cookie } });
    expect(escape.body).not.toContain('root:');
  });

  it('pushes core events to subscribers by Server-Sent Events', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: `/api/events?token=${host.token}` }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes('book.created')) {
            resolve(text);
            req.destroy();
          }
        });
      });
      req.on('error', reject);
      req.end();
      setTimeout(() => core.emit('book.created', { bookId: 'b', name: '青山镇' }), 100);
    });
    expect(await received).toContain('data: {"name":"book.created","payload":{"bookId":"b","name":"青山镇"}}');
  });
});
