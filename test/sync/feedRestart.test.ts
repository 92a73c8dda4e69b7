import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFileOf, loadDeviceKey } from '../../electron/core/sync/keys';
import { buildUpPackage } from '../../electron/core/sync/offline';
import { uuidv7 } from '../../shared/domain/id';
import { canonicalJson } from '../../shared/sync/canonical';
import { SYNC_PROTOCOL_VERSION } from '../../shared/sync/version';
import { appendFeed } from '../../server/src/county/townships';
import type { TestServer } from '../../server/test/harness';
import { county, enroll, logIn, township, TOWNSHIP, type Township } from './harness';

/**
 * County feed ids at the township (shared/sync/messages.ts, PullRequest.cursorId): after the
 * county's database is restored from an older backup and its feed numbers go again to new
 * changes, the township gets them all (online and by 离线包), applies none twice, and keeps what
 * it holds or could not apply under its own 同步异常 entry; an installation upgraded from before
 * feed ids takes the feed once again without duplicating its inbox.
 */

let server: TestServer;
let t: Township;

beforeEach(async () => {
  server = await county('pglite');
  t = await township();
  await enroll(t, server);
  await t.accountant.ok('sync.now', {});
}, 60_000);
afterEach(async () => {
  t.close();
  await server.close();
}, 30_000);

/** A notice straight into the township's feed (schema 2: one this app holds until upgraded). */
async function notice(title: string, schema = 1): Promise<string> {
  const data = { id: uuidv7(), title, body: '请于月底前完成结账。', publishedAt: new Date().toISOString() };
  await server.db.transaction((tx) => appendFeed(tx, TOWNSHIP, { kind: 'notice', key: data.id, book: null, schema, data: canonicalJson(data) }, new Date()));
  return data.id;
}

const feedSeq = async () => Number((await server.db.query<{ feed_seq: number }>('SELECT feed_seq FROM township WHERE code = $1', [TOWNSHIP]))[0]!.feed_seq);

/** What putting back a backup taken when the feed ended at `seq` does to the feed. */
async function restoreFeedTo(seq: number): Promise<void> {
  await server.db.query('DELETE FROM county_feed WHERE township_code = $1 AND seq > $2', [TOWNSHIP, seq]);
  await server.db.query('UPDATE township SET feed_seq = $2 WHERE code = $1', [TOWNSHIP, seq]);
}

/** The township's file, behind the app's back (the app is idle). */
function file<T>(use: (db: Database.Database) => T): T {
  const db = new Database(t.core.databaseFile);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

const inbox = () => file((db) => db.prepare('SELECT feed_id, cursor, key, status FROM sync_inbox ORDER BY id').all() as { feed_id: string | null; cursor: number; key: string; status: string }[]);
const pullIssues = async () => (await t.accountant.ok('sync.issues', {})).issues.filter((i) => i.source === 'pull' && i.resolvedAt === null);
const noticeIds = async () => (await t.accountant.ok('sync.issues', {})).notices.map((n) => n.id);

describe('a county database restored from an older backup', () => {
  it('gets every change numbered again, applies none twice, and keeps a held change under its own entry', async () => {
    const kept = await feedSeq();
    const lost = await notice('县级丢失的通知');
    const held = await notice('较新格式的通知', 2);
    await t.accountant.ok('sync.now', {});
    expect(await pullIssues()).toEqual([expect.objectContaining({ id: expect.stringMatching(/^pull:[0-9a-f-]{36}$/), status: 'held' })]);

    await restoreFeedTo(kept);
    // The new notices take the numbers of the two the county lost.
    const again = [await notice('恢复后的通知一'), await notice('恢复后的通知二')];
    const run = await t.accountant.ok('sync.now', {});
    expect(run).toMatchObject({ pulled: kept + 2, applied: 2 });
    expect(await noticeIds()).toEqual(expect.arrayContaining([lost, ...again]));
    // The held notice's entry is still open: the change now at its number did not resolve it.
    expect(await pullIssues()).toEqual([expect.objectContaining({ kind: 'notice', status: 'held' })]);
    const rows = inbox();
    expect(rows.map((r) => r.key)).toEqual(expect.arrayContaining([lost, held, ...again]));
    expect(rows).toHaveLength(kept + 4);
    expect(new Set(rows.map((r) => r.feed_id)).size).toBe(rows.length);
    expect(rows.filter((r) => r.cursor === kept + 2).map((r) => r.key).sort()).toEqual([held, again[1]].sort());
    expect(file((db) => db.prepare('SELECT pull_cursor FROM sync_state').get())).toEqual({ pull_cursor: kept + 2 });

    // Nothing more to take: the next sync goes on from its cursor.
    expect(await t.accountant.ok('sync.now', {})).toMatchObject({ pulled: 0, applied: 0 });

    // Upgraded, the held notice applies and its entry is resolved.
    t = await logIn(t.reopen({ supportedSchema: 2 }));
    await t.accountant.ok('sync.now', {});
    expect(await noticeIds()).toContain(held);
    expect(await pullIssues()).toEqual([]);
  }, 60_000);

  it('reaches the township by 离线包 too', async () => {
    const kept = await feedSeq();
    await notice('县级丢失的通知');
    await t.accountant.ok('sync.now', {});
    await restoreFeedTo(kept);
    const after = await notice('恢复后的通知');

    const up = await t.accountant.ok('sync.packageExport', {});
    const reply = join(t.dir.path, 'reply.xcsync');
    await importAtCounty(up.path, reply);
    const down = payloadOf(reply);
    expect(down).toMatchObject({ restarted: true, fromCursor: kept + 1, cursor: kept + 1 });
    expect(down.changes).toHaveLength(kept + 1);
    const result = await t.accountant.ok('sync.packageImport', { path: reply });
    expect(result).toMatchObject({ applied: 1 });
    expect(await noticeIds()).toContain(after);
    expect(await t.accountant.ok('sync.now', {})).toMatchObject({ pulled: 0, applied: 0 });
  }, 60_000);
});

describe('an installation that pulled before feed ids', () => {
  it('takes the feed once again, adopting what it has without applying or listing anything twice', async () => {
    await notice('通知一');
    const held = await notice('较新格式的通知', 2);
    await notice('通知二');
    await t.accountant.ok('sync.now', {});
    const before = inbox();
    const heldRow = before.find((r) => r.key === held)!;
    // What migration 011 leaves of an inbox pulled by an older version.
    file((db) => {
      db.prepare(`UPDATE sync_issue SET id = ? WHERE id = ?`).run(`pull:${heldRow.cursor}`, `pull:${heldRow.feed_id}`);
      db.exec('UPDATE sync_inbox SET feed_id = NULL; UPDATE sync_state SET pull_cursor_id = NULL;');
    });

    const run = await t.accountant.ok('sync.now', {});
    expect(run).toMatchObject({ pulled: before.length, applied: 0 });
    expect(inbox()).toEqual(before);
    expect(await pullIssues()).toEqual([expect.objectContaining({ id: `pull:${heldRow.feed_id}`, status: 'held' })]);
    expect(file((db) => db.prepare('SELECT pull_cursor_id FROM sync_state').get())).toEqual({ pull_cursor_id: before.at(-1)!.feed_id });
    expect(await t.accountant.ok('sync.now', {})).toMatchObject({ pulled: 0 });
  }, 60_000);

  it('gets a 离线包 in the shape it reads when its package names no feed id', async () => {
    await notice('通知一');
    const state = file((db) => db.prepare('SELECT device_id, township_code, township_name, epoch, county_key, pull_cursor FROM sync_state').get()) as {
      device_id: string; township_code: string; township_name: string; epoch: number; county_key: string | null; pull_cursor: number;
    };
    // An up package as an app from before feed ids writes it: no pullCursorId.
    const built = buildUpPackage({ deviceId: state.device_id, epoch: state.epoch, key: loadDeviceKey(keyFileOf(t.core.dataDir))! }, state, { appVersion: '0.1.0', protocol: SYNC_PROTOCOL_VERSION, pushes: [], pullCursor: 0 }, new Date());
    const up = join(t.dir.path, built.fileName);
    writeFileSync(up, built.bytes);
    const reply = join(t.dir.path, 'legacy-reply.xcsync');
    await importAtCounty(up, reply);
    const down = payloadOf(reply);
    expect(Object.keys(down)).not.toContain('restarted');
    expect(down.changes.length).toBeGreaterThan(0);
    for (const change of down.changes) expect(Object.keys(change)).not.toContain('id');
  }, 60_000);
});

/** Carries a package to the county as an operator would, the answer saved as a file. */
async function importAtCounty(path: string, out: string): Promise<void> {
  const response = await fetch(`${server.url}/api/packages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.admin.token}`, 'content-type': 'application/octet-stream' },
    body: readFileSync(path),
  });
  if (response.headers.get('content-type')?.startsWith('application/json')) throw new Error(JSON.stringify(await response.json()));
  writeFileSync(out, Buffer.from(await response.arrayBuffer()));
}

function payloadOf(path: string): { restarted?: boolean; fromCursor: number; cursor: number; changes: Record<string, unknown>[] } {
  return JSON.parse(JSON.parse(brotliDecompressSync(readFileSync(path)).toString('utf8')).payload);
}
