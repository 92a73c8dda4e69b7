import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_PART_BYTES } from '../../shared/api/importCommands';
import type { Result } from '../../shared/api/errors';
import { uuidv7 } from '../../shared/domain/id';
import { bookInput } from '../../test/helpers/books';
import { xlsxOf } from '../../test/helpers/imports';
import { tempDir } from '../../test/helpers/tmp';
import { openCore, type Core } from '../core';
import { maxBodyBytes, startHost, type RunningHost } from './server';

// The import upload through the browser-mode host: a file larger than the host's 1 MiB request
// limit goes up in pages of base64 through /api/invoke/imports.upload with the launch token,
// then is previewed and applied over HTTP like any command.

let dir: ReturnType<typeof tempDir>;
let core: Core;
let host: RunningHost;

beforeEach(async () => {
  dir = tempDir();
  const rendererDir = join(dir.path, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  core = openCore({ dataDir: join(dir.path, 'data'), mode: 'browser', appVersion: '1.0.0', log: () => {}, backupSchedule: false });
  host = await startHost({ core, rendererDir, port: 0 });
});
afterEach(async () => {
  await host.close();
  core.close();
  dir.cleanup();
});

function post(name: string, body: string, headers: Record<string, string>): Promise<{ status: number; json: Result<unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path: `/api/invoke/${name}`, method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Result<unknown> }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function call<T>(name: string, input: unknown, session?: string): Promise<T> {
  const reply = await post(name, JSON.stringify(input), { 'x-xiangcai-token': host.token, ...(session ? { 'x-xiangcai-session': session } : {}) });
  if (!reply.json.ok) throw new Error(`${name}: ${reply.json.error.code} ${reply.json.error.message}`);
  return reply.json.value as T;
}

describe('import upload through the browser-mode host', () => {
  it('pages a file above the 1 MiB request limit, then previews and applies it over HTTP', { timeout: 120_000 }, async () => {
    const book = await call<{ id: string }>('book.create', bookInput());
    const { token } = await call<{ token: string }>('auth.bootstrap', { id: uuidv7(), username: 'zhu', displayName: '朱主管', password: 'zhu-password1', roles: ['supervisor', 'admin'] });
    await call('account.setEnabled', { bookId: book.id, code: '100201', enabled: false }, token);
    await call('account.setEnabled', { bookId: book.id, code: '100299', enabled: false }, token);

    // 3,000 vouchers of two lines each. The 科目名称 column (only for reading, not imported) holds
    // pseudo-random Chinese text that does not compress, so the file is well above 1 MiB.
    let seed = 20260115;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const noise = (length: number) => String.fromCodePoint(...Array.from({ length }, () => 0x4e00 + Math.floor(random() * 20000)));
    const rows: (string | number | null)[][] = [];
    for (let n = 1; n <= 3000; n++) {
      const summary = `第${n}笔：计提固定资产折旧`;
      const amount = (n % 997) + 0.01 * (n % 100);
      rows.push(['2026-01-15', '记', n, summary, '5001', noise(120), amount, null, 1]);
      rows.push(['2026-01-15', '记', n, summary, '1602', noise(120), null, amount, null]);
    }
    const bytes = await xlsxOf(['凭证日期', '凭证字', '凭证号', '摘要', '科目编码', '科目名称', '借方金额', '贷方金额', '附单据张数'], rows);
    expect(bytes.length).toBeGreaterThan(maxBodyBytes);

    // One page holding the whole file is refused by the host before the core sees it.
    const uploadId = uuidv7();
    const whole = await post('imports.upload', JSON.stringify({ uploadId, fileName: '凭证.xlsx', size: bytes.length, part: 0, parts: 1, data: bytes.toString('base64') }), { 'x-xiangcai-token': host.token, 'x-xiangcai-session': token });
    expect(whole.status).toBe(413);
    // Without the launch token, nothing.
    const noToken = await post('imports.upload', JSON.stringify({ uploadId, fileName: '凭证.xlsx', size: 10, part: 0, parts: 1, data: 'AAAA' }), { 'x-xiangcai-session': token });
    expect(noToken.status).toBe(401);

    const parts = Math.ceil(bytes.length / MAX_UPLOAD_PART_BYTES);
    expect(parts).toBeGreaterThan(2);
    let last: { complete: boolean; sha256: string | null; received: number } | null = null;
    for (let part = parts - 1; part >= 0; part--) {
      // Pages may arrive in any order.
      const data = bytes.subarray(part * MAX_UPLOAD_PART_BYTES, (part + 1) * MAX_UPLOAD_PART_BYTES).toString('base64');
      const status = await call<{ complete: boolean; sha256: string | null; received: number }>('imports.upload', { uploadId, fileName: '凭证.xlsx', size: bytes.length, part, parts, data }, token);
      expect(status.complete).toBe(part === 0);
      last = status;
    }
    expect(last!.received).toBe(bytes.length);
    expect(last!.sha256).toMatch(/^[0-9a-f]{64}$/);

    const input = { kind: 'vouchers', bookId: book.id, uploadId, post: true };
    const preview = await call<{ totalRows: number; problems: unknown[]; canApply: boolean; summary: string[]; rowsShown: number }>('imports.preview', input, token);
    expect(preview.problems).toEqual([]);
    expect(preview.totalRows).toBe(6000);
    expect(preview.rowsShown).toBe(1000);
    expect(preview.summary[0]).toBe('3000 张凭证，6000 行分录，期间 2026年01期');
    const started = Date.now();
    const result = await call<{ created: number }>('imports.apply', input, token);
    const applyMs = Date.now() - started;
    expect(result.created).toBe(3000);
    console.log(`imports.apply: 3,000 vouchers (6,000 lines, ${(bytes.length / 1024 / 1024).toFixed(2)} MB xlsx) posted in ${applyMs} ms`);
    const tb = await call<{ totals: { financial: { periodDebit: number; periodCredit: number } } }>('ledger.trialBalance', { bookId: book.id, year: 2026, month: 1 }, token);
    const expected = rows.filter((r) => r[6] !== null).reduce((n, r) => n + Math.round((r[6] as number) * 100), 0);
    expect(tb.totals.financial.periodDebit).toBe(expected);
    expect(tb.totals.financial.periodCredit).toBe(expected);
    // The upload is spent: applying it twice needs the file again.
    const twice = await post('imports.apply', JSON.stringify(input), { 'x-xiangcai-token': host.token, 'x-xiangcai-session': token });
    expect(twice.json.ok === false && twice.json.error.code).toBe('NOT_FOUND');
  });
});
