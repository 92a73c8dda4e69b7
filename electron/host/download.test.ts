import ExcelJS from 'exceljs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportedFile } from '../../shared/api/exportCommands';
import { twoPersonOffice } from '../../test/helpers/ledger';
import { tempDir } from '../../test/helpers/tmp';
import { openCore, type Core } from '../core';
import { contentDisposition, startHost, type RunningHost } from './server';

let dir: ReturnType<typeof tempDir>;
let core: Core;
let host: RunningHost;

beforeEach(async () => {
  dir = tempDir();
  const rendererDir = join(dir.path, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>乡财通</title></head><body></body></html>');
  core = openCore({ dataDir: join(dir.path, 'data'), mode: 'browser', appVersion: '1.0.0', log: () => {} });
  host = await startHost({ core, rendererDir, port: 0 });
});
afterEach(async () => {
  await host.close();
  core.close();
  dir.cleanup();
});

function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

describe('download route', () => {
  it('serves an export to the token holder under its Chinese name (RFC 5987), and nothing else', async () => {
    const office = await twoPersonOffice(core);
    const login = await core.invoke('auth.login', { username: 'li', password: 'li-password1' });
    const session = (login as { ok: true; value: { token: string } }).value.token;
    const reply = await send('/api/invoke/export.trialBalance', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xiangcai-token': host.token, 'x-xiangcai-session': session },
      body: JSON.stringify({ bookId: office.book.id, year: 2026, month: 1 }),
    });
    const exported = (JSON.parse(reply.body.toString('utf8')) as { ok: true; value: ExportedFile }).value;
    expect(exported.fileName).toBe('科目余额表_青山镇人民政府_2026年01期.xlsx');

    expect((await send(`/api/download/${exported.id}`)).status).toBe(401);
    expect((await send(`/api/download/${exported.id}`, { headers: { 'x-xiangcai-token': 'wrong' } })).status).toBe(401);

    const byHeader = await send(`/api/download/${exported.id}`, { headers: { 'x-xiangcai-token': host.token } });
    expect(byHeader.status).toBe(200);
    expect(byHeader.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(Number(byHeader.headers['content-length'])).toBe(exported.bytes);
    expect(byHeader.headers['content-disposition']).toBe(
      `attachment; filename="xiangcai-export.xlsx"; filename*=UTF-8''${encodeURIComponent('科目余额表_青山镇人民政府_2026年01期.xlsx')}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(byHeader.body as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.getCell('A1').value).toBe('科目余额表');

    // A link clicked in the page carries the HttpOnly cookie instead of the header.
    const byCookie = await send(`/api/download/${exported.id}`, { headers: { cookie: `xiangcai_token_${host.port}=${host.token}` } });
    expect(byCookie.status).toBe(200);
    expect(byCookie.body.equals(byHeader.body)).toBe(true);
    const head = await send(`/api/download/${exported.id}`, { method: 'HEAD', headers: { 'x-xiangcai-token': host.token } });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);

    const unknown = await send('/api/download/4f1d2c3b-1a2b-4c3d-8e4f-123456789abc', { headers: { 'x-xiangcai-token': host.token } });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body.toString('utf8'))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('请重新导出') } });
    for (const path of ['/api/download/..%2F..%2Fxiangcai.db', '/api/download/%E0%A4%A', `/api/download/${exported.id}%2F..`]) {
      expect((await send(path, { headers: { 'x-xiangcai-token': host.token } })).status).toBe(404);
    }
  });

  it('encodes the characters RFC 5987 does not allow bare', () => {
    expect(contentDisposition("凭证(1)'*.pdf")).toBe(`attachment; filename="xiangcai-export.pdf"; filename*=UTF-8''%E5%87%AD%E8%AF%81%281%29%27%2A.pdf`);
  });
});
