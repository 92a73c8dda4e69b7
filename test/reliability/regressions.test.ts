import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { callerOf, setUpOffice, type Sessions } from '../../electron/core/reliability/office';
import { startHost } from '../../electron/host/server';
import { commandNames } from '../../shared/api/commands';
import { tempDir } from '../helpers/tmp';

/** The bugs the fault tests and fuzzers found, each pinned by a plain test. */

let dir: ReturnType<typeof tempDir>;
let core: Core;
let sessions: Sessions;
let bookId: string;

beforeAll(async () => {
  dir = tempDir('xiangcai-regressions-');
  core = openCore({ dataDir: join(dir.path, 'data'), mode: 'browser', appVersion: 'test', log: () => {}, backupSchedule: false });
  const office = await setUpOffice(core);
  sessions = office.sessions;
  bookId = office.bookId;
});
afterAll(() => {
  core.close();
  dir.cleanup();
});

describe('found by the fuzzer', () => {
  it('a book setting saved a second time (an UPSERT under the audit capture triggers) is not INTERNAL', async () => {
    const li = callerOf(core, () => sessions.li);
    for (let i = 0; i < 2; i++) {
      expect((await li.ok('book.setVoucherWords', { bookId, voucherWords: i === 0 ? 'receiptPaymentTransfer' : 'single' })).voucherWords).toBe(i === 0 ? 'receiptPaymentTransfer' : 'single');
      expect((await li.ok('budget.settingsSet', { bookId, yellowBp: 500 + i, redBp: 1000, scheduleMethod: 'month' })).yellowBp).toBe(500 + i);
    }
  });

  it('a malformed %-escape in a URL answers 400, not 500', async () => {
    const rendererDir = join(dir.path, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
    const host = await startHost({ core, rendererDir, port: 0 });
    const get = (path: string, headers: Record<string, string>, method = 'GET') =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: host.port, path, method, headers, agent: false }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end(method === 'POST' ? '{}' : undefined);
      });
    try {
      const entry = await new Promise<string>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: host.port, path: `/?token=${host.token}`, agent: false }, (res) => {
          resolve(String(res.headers['set-cookie']).split(';')[0]!);
          res.resume();
        });
        req.on('error', reject);
        req.end();
      });
      expect((await get('/%E0%A4%A', { cookie: entry })).status).toBe(400);
      const api = await get('/api/invoke/%E0%A4%A', { 'x-xiangcai-token': host.token, 'content-type': 'application/json' }, 'POST');
      expect(api.status).toBe(400);
      expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    } finally {
      await host.close();
    }
  });
});

describe('found by the disk-trouble tests', () => {
  it('a file that is not a database refuses to open with DB_UNAVAILABLE in Chinese', () => {
    const dataDir = join(dir.path, 'garbage');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'xiangcai.db'), Buffer.alloc(8192, 0x42));
    expect(() => openCore({ dataDir, mode: 'browser', appVersion: 'test', log: () => {}, backupSchedule: false })).toThrow(
      expect.objectContaining({ code: 'DB_UNAVAILABLE', message: expect.stringMatching(/已损坏或不是乡财通的数据文件/) }),
    );
  });

  it('a file damaged under the running core: every command answers (STORAGE_ERROR), none throws', async () => {
    const dataDir = join(dir.path, 'damaged');
    const first = openCore({ dataDir, mode: 'browser', appVersion: 'test', log: () => {}, backupSchedule: false });
    const office = await setUpOffice(first);
    first.close();
    const damaged = openCore({ dataDir, mode: 'browser', appVersion: 'test', log: () => {}, backupSchedule: false });
    try {
      // The disk loses the file's tail (a USB stick pulled mid-copy, a sync tool gone wrong).
      truncateSync(damaged.databaseFile, 8192);
      for (const name of commandNames.filter((n) => !n.startsWith('backup.'))) {
        const result = await damaged.invoke(name, { bookId: office.bookId }, office.sessions.wang);
        expect(result.ok === false && ['STORAGE_ERROR', 'INVALID_INPUT', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'].includes(result.error.code), `${name}: ${JSON.stringify(result).slice(0, 200)}`).toBe(true);
      }
    } finally {
      damaged.close();
    }
  });
});
