import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountyChange, PullResponse } from '../../shared/sync/messages';
import { TestDevice } from './device';
import { migrate, serverMigrations } from '../src/db/migrate';
import { databaseKinds, openTestDatabase, startTestServer, type TestServer } from './harness';

/**
 * The pull names the change at the device's cursor by its feed id (shared/sync/messages.ts,
 * PullRequest.cursorId). When the county does not hold that change there — its database was
 * restored from an older backup, so the number went to another change or the feed ends before
 * it — the answer starts from the beginning of the feed, `restarted`. On both databases.
 */
describe.each(databaseKinds)('county feed ids on %s', (kind) => {
  const TOWNSHIP = '420102001';
  let server: TestServer;
  let device: TestDevice;
  /** The feed as first pulled (three notices). */
  let before: CountyChange[] = [];

  const pull = async (body: Record<string, unknown>): Promise<PullResponse> => {
    const r = await device.send('/sync/v1/pull', { maxBytes: 1024 * 1024, ...body });
    if (!r.body.ok) throw new Error(`${r.body.error.code} ${r.body.error.message}`);
    return r.body.value as PullResponse;
  };
  const notice = (title: string) => server.admin.ok('POST', '/api/notices', { title, body: '请于月底前完成结账。'.repeat(100) });

  beforeAll(async () => {
    server = await startTestServer(kind);
    await server.admin.ok('POST', '/api/townships', { code: TOWNSHIP, name: '青山镇' });
    device = new TestDevice(server.url);
    await device.enroll((await server.admin.ok('POST', `/api/townships/${TOWNSHIP}/enrollment-codes`)).code);
    for (const title of ['通知一', '通知二', '通知三']) await notice(title);
    before = (await pull({ cursor: 0 })).changes;
  }, 60_000);
  afterAll(() => server.close(), 30_000);

  it('gives every change its own id', () => {
    expect(before.map((c) => c.cursor)).toEqual([1, 2, 3]);
    expect(before.every((c) => typeof c.id === 'string' && c.id.length > 0)).toBe(true);
    expect(new Set(before.map((c) => c.id)).size).toBe(3);
  });

  it('answers after the cursor when the id names the change the county holds there', async () => {
    const page = await pull({ cursor: 2, cursorId: before[1]!.id });
    expect(page).toMatchObject({ restarted: false, cursor: 3, more: false });
    expect(page.changes.map((c) => c.id)).toEqual([before[2]!.id]);
    expect(await pull({ cursor: 3, cursorId: before[2]!.id })).toMatchObject({ restarted: false, cursor: 3, changes: [] });
  });

  it('starts again from the beginning when the id is another, unknown, or the feed ends before the cursor', async () => {
    for (const body of [
      { cursor: 2, cursorId: before[0]!.id }, // the id of another change
      { cursor: 2, cursorId: 'a3c1f1d2-0000-4000-8000-000000000000' }, // an id the county never gave
      { cursor: 2, cursorId: null }, // a cursor reached before feed ids
      { cursor: 9, cursorId: before[2]!.id }, // beyond the end of the feed
    ]) {
      const page = await pull(body);
      expect(page, JSON.stringify(body)).toMatchObject({ restarted: true, cursor: 3, more: false });
      expect(page.changes.map((c) => c.id)).toEqual(before.map((c) => c.id));
    }
  });

  it('restarts page by page: the next page, naming the end of the restarted one, goes on from there', async () => {
    const first = await pull({ cursor: 9, cursorId: before[2]!.id, maxBytes: 1024 });
    expect(first).toMatchObject({ restarted: true, cursor: 1, more: true });
    const next = await pull({ cursor: first.cursor, cursorId: first.changes.at(-1)!.id, maxBytes: 1024 });
    expect(next).toMatchObject({ restarted: false, cursor: 2, more: true });
  });

  it('checks nothing for an app that predates feed ids (no cursorId), as before', async () => {
    expect(await pull({ cursor: 2 })).toMatchObject({ restarted: false, cursor: 3, changes: [expect.objectContaining({ cursor: 3 })] });
    expect(await pull({ cursor: 9 })).toMatchObject({ restarted: false, cursor: 9, changes: [] });
  });

  it('after a restore that hands the numbers out again, sees that the cursor names a lost change', async () => {
    // What putting back a backup taken after the first notice does to the feed.
    await server.db.query('DELETE FROM county_feed WHERE township_code = $1 AND seq > 1', [TOWNSHIP]);
    await server.db.query('UPDATE township SET feed_seq = 1 WHERE code = $1', [TOWNSHIP]);
    for (const title of ['通知四', '通知五', '通知六']) await notice(title);

    // Without the id, the device would ask for what comes after 3 and get only 通知六.
    expect((await pull({ cursor: 3 })).changes.map((c) => (c.data as { title: string }).title)).toEqual(['通知六']);
    const page = await pull({ cursor: 3, cursorId: before[2]!.id });
    expect(page).toMatchObject({ restarted: true, cursor: 4, more: false });
    expect(page.changes.map((c) => [c.cursor, (c.data as { title: string }).title])).toEqual([[1, '通知一'], [2, '通知四'], [3, '通知五'], [4, '通知六']]);
    // The change the restore kept keeps its id; the numbers handed out again come with new ones.
    expect(page.changes[0]!.id).toBe(before[0]!.id);
    expect(page.changes.slice(1).some((c) => before.some((b) => b.id === c.id))).toBe(false);
    // A device whose cursor is within what the backup kept goes on as usual.
    expect(await pull({ cursor: 1, cursorId: before[0]!.id })).toMatchObject({ restarted: false, cursor: 4 });
  });
});

describe.each(databaseKinds)('migration 3 (county feed ids) on %s', (kind) => {
  it('gives the feed entries already there distinct ids, and new ones theirs', async () => {
    const { db, drop } = await openTestDatabase(kind);
    try {
      await migrate(db, serverMigrations.filter((m) => m.version <= 2));
      await db.query(`INSERT INTO township (code, name, epoch, feed_seq, created_at) VALUES ('420102001', '青山镇', 0, 2, now())`);
      for (const seq of [1, 2]) {
        await db.query(`INSERT INTO county_feed (township_code, seq, kind, key, book_id, schema, data, created_at) VALUES ('420102001', $1, 'notice', $2, NULL, 1, '{}', now())`, [seq, `n${seq}`]);
      }
      expect(await migrate(db)).toEqual({ from: 2, to: serverMigrations.at(-1)!.version });
      await db.query(`INSERT INTO county_feed (township_code, seq, kind, key, book_id, schema, data, created_at) VALUES ('420102001', 3, 'notice', 'n3', NULL, 1, '{}', now())`);
      const ids = (await db.query<{ id: string }>('SELECT id FROM county_feed ORDER BY seq')).map((r) => r.id);
      expect(ids).toHaveLength(3);
      expect(ids.every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(3);
    } finally {
      await drop();
    }
  }, 60_000);
});
