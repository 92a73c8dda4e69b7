import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../server/test/harness';
import { keyFileOf } from '../../electron/core/sync/keys';
import { county, enroll, postScenario, township, TOWNSHIP, type Township } from './harness';

const countVouchers = async (server: TestServer, bookId: string) => (await server.admin.ok('GET', `/api/townships/${TOWNSHIP}/books/${bookId}/vouchers?year=2026`)).length as number;

/** Opens the township's SQLite file behind the app's back, as a crash or an editor would leave it. */
function sqlite(t: Township) {
  return new Database(t.core.databaseFile);
}

/**
 * The app's side of the protocol under the failures users report: an acknowledgement lost
 * (the app killed after sending), a history that no longer matches the county's, a replayed
 * request, a retired PC and a replaced one.
 */
describe('sync resilience at the township', () => {
  let server: TestServer;
  let t: Township;

  beforeAll(async () => {
    server = await county('pglite');
    t = await township();
    await postScenario(t, 4);
    await enroll(t, server);
    await t.accountant.ok('sync.now', {});
  }, 60_000);
  afterAll(async () => {
    t.close();
    await server.close();
  }, 30_000);

  it('keeps the private key in the data directory, owner-only, and never in the database', () => {
    const file = keyFileOf(t.core.dataDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const db = sqlite(t);
    try {
      const dump = db.prepare(`SELECT group_concat(coalesce(server_url, '') || device_id || coalesce(server_versions, '')) AS s FROM sync_state`).get() as { s: string };
      expect(dump.s).not.toContain('PRIVATE KEY');
    } finally {
      db.close();
    }
  });

  it('resends after a lost acknowledgement without anything applied twice', async () => {
    await postScenario(t, 2, (i) => `2026-01-2${i}`);
    const first = await t.accountant.ok('sync.now', {});
    expect(first.status.pending).toBe(0);
    const vouchers = await countVouchers(server, t.bookId);
    // As if the app had been killed after the county answered, before it recorded the ack.
    const db = sqlite(t);
    db.prepare(`UPDATE sync_state SET ack_seq = 0, ack_hash = ?`).run('0'.repeat(64));
    db.close();
    expect((await t.accountant.ok('sync.status', {})).pending).toBe(first.status.written);
    const again = await t.accountant.ok('sync.now', {});
    expect(again.status).toMatchObject({ pending: 0, acknowledged: first.status.written, lastError: null });
    expect(await countVouchers(server, t.bookId)).toBe(vouchers);
    const stored = await server.db.query<{ n: number }>('SELECT count(*) AS n FROM received_change WHERE device_id = $1', [first.status.deviceId]);
    expect(stored[0]!.n).toBe(first.status.written);
  });

  it('answers a history that differs from what the county holds with a typed conflict, shown in 同步异常', async () => {
    const db = sqlite(t);
    const before = (db.prepare('SELECT ack_seq FROM sync_state').get() as { ack_seq: number }).ack_seq;
    // Rewrite the last acknowledged change (as a restored or edited file would have it) and forget the ack.
    db.exec('DROP TRIGGER sync_outbox_no_update');
    db.prepare(`UPDATE sync_outbox SET data = replace(data, '"attachments":1', '"attachments":9') WHERE seq = (SELECT max(seq) FROM sync_outbox WHERE kind = 'voucher')`).run();
    db.prepare(`UPDATE sync_state SET ack_seq = 0, ack_hash = ?`).run('0'.repeat(64));
    db.close();
    const refused = await t.accountant.fails('sync.now', {});
    // Found by the county (the page holds the rewritten change) or by the device (the county's chain hash at its ack differs).
    expect(refused).toMatchObject({ code: 'SYNC_ERROR', message: expect.stringMatching(/与县级已收到的(同号变更内容)?不同/), details: { code: 'SEQUENCE_CONFLICT' } });
    const inbox = await t.accountant.ok('sync.issues', {});
    expect(inbox.issues).toEqual([expect.objectContaining({ source: 'push', reason: 'SEQUENCE_CONFLICT', status: 'rejected', action: expect.stringContaining('联系县财政局') })]);
    const status = await t.accountant.ok('sync.status', {});
    expect(status.lastError).toMatchObject({ code: 'SEQUENCE_CONFLICT' });
    expect(status.acknowledged).toBe(0);
    // The county kept what it had.
    const stored = await server.db.query<{ ack_seq: number }>('SELECT ack_seq FROM device WHERE id = $1', [status.deviceId]);
    expect(stored[0]!.ack_seq).toBe(before);
  });

  it("refuses a replay of the app's own signed request", async () => {
    const captured: { url: string; init: RequestInit }[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (url: string | URL | Request, init?: RequestInit) => {
      if (String(url).endsWith('/sync/v1/pull')) captured.push({ url: String(url), init: init! });
      return realFetch(url, init);
    }) as typeof fetch;
    try {
      await t.accountant.call('sync.now', {});
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(captured.length).toBeGreaterThan(0);
    const replay = await realFetch(captured[0]!.url, captured[0]!.init);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ ok: false, error: { code: 'REPLAYED' } });
  });

  it('stops a retired PC with a clear message, and a replacement fences the old one', async () => {
    const other = await township();
    try {
      await enroll(other, server, '备用电脑');
      expect((await other.accountant.ok('sync.now', {})).status.lastError).toBeNull();
      // Enrolling the spare raised the township's epoch: the first PC is fenced.
      const fenced = await t.accountant.fails('sync.now', {});
      expect(fenced).toMatchObject({ code: 'SYNC_ERROR', message: expect.stringContaining('已被取代'), details: { code: 'DEVICE_FENCED' } });
      expect(await t.accountant.ok('sync.status', {})).toMatchObject({ stopped: true, lastError: { code: 'DEVICE_FENCED' } });
      // Work goes on: a voucher can still be saved on the fenced PC.
      await postScenario(t, 1, () => '2026-01-28');

      const devices = await server.admin.ok('GET', `/api/townships/${TOWNSHIP}/devices`);
      await server.admin.ok('POST', `/api/devices/${devices.find((d: { label: string }) => d.label === '备用电脑').id}/retire`);
      const retired = await other.accountant.fails('sync.now', {});
      expect(retired).toMatchObject({ code: 'SYNC_ERROR', message: expect.stringContaining('停用'), details: { code: 'DEVICE_RETIRED' } });
    } finally {
      other.close();
    }
  }, 60_000);

  it('says plainly when the county cannot be reached, and lets work go on', async () => {
    const lonely = await township();
    try {
      await postScenario(lonely, 1);
      const unreachable = await lonely.accountant.fails('sync.configure', { serverUrl: 'http://127.0.0.1:9', code: 'ABCD-EFGH-JKMN' });
      expect(unreachable).toMatchObject({ code: 'SYNC_ERROR', message: expect.stringContaining('无法连接县级服务器'), details: { code: 'UNREACHABLE' } });
      expect(await lonely.accountant.ok('sync.status', {})).toMatchObject({ configured: false, pending: 0 });
      const badCode = await lonely.accountant.fails('sync.configure', { serverUrl: server.url, code: 'ABCD-EFGH-JKMN' });
      expect(badCode).toMatchObject({ code: 'SYNC_ERROR', message: expect.stringContaining('登记码无效') });
      // Only an administrator may enroll.
      const denied = await lonely.reviewer.fails('sync.configure', { serverUrl: server.url, code: 'ABCD-EFGH-JKMN' });
      expect(denied.code).toBe('FORBIDDEN');
    } finally {
      lonely.close();
    }
  }, 60_000);

  it('stops uploading when this PC is behind the county (a restored backup), and says why', async () => {
    const restored = await township();
    try {
      await postScenario(restored, 2);
      await enroll(restored, server, '恢复过的电脑');
      await restored.accountant.ok('sync.now', {});
      const backup = await restored.accountant.ok('backup.create', {});
      await postScenario(restored, 2, (i) => `2026-01-2${i}`);
      await restored.accountant.ok('sync.now', {});
      // The PC goes back to the backup: the county has two vouchers (and their changes) it no longer has.
      await restored.core.restore(backup.path);
      const anon = (await import('../helpers/core')).caller(restored.core);
      const wang = (await import('../helpers/core')).caller(restored.core, (await anon.ok('auth.login', { username: 'wang', password: 'wang-password1' })).token);
      const refused = await wang.fails('sync.now', {});
      expect(refused).toMatchObject({ code: 'SYNC_ERROR', message: expect.stringContaining('本机数据比县级的旧'), details: { code: 'DEVICE_BEHIND' } });
      const inbox = await wang.ok('sync.issues', {});
      expect(inbox.issues).toEqual([expect.objectContaining({ reason: 'DEVICE_BEHIND', status: 'rejected', action: expect.stringContaining('联系县财政局') })]);
      expect(await wang.ok('sync.status', {})).toMatchObject({ lastError: { code: 'DEVICE_BEHIND' } });
    } finally {
      restored.close();
    }
  }, 60_000);
});
