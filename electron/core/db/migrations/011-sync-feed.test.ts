import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/helpers/tmp';
import { openDatabase } from '../open';
import { migrations } from './index';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

describe('migration 11 (county feed ids)', () => {
  it('keeps the inbox pulled before it, keyed by arrival, with no feed ids yet', () => {
    const file = join(dir.path, 'x.db');
    openDatabase(file, { migrations: migrations.filter((m) => m.version <= 10) }).close();
    const v10 = new Database(file);
    v10.exec(`
      INSERT INTO sync_state (singleton, server_url, device_id, township_code, township_name, epoch, label, enrolled_at, ack_hash, pull_cursor)
      VALUES (1, 'http://county', 'd1', '420102001', '青山镇', 1, '财政所电脑', '2026-01-01T00:00:00Z', '${'0'.repeat(64)}', 2);
      INSERT INTO sync_inbox (cursor, kind, key, book_id, schema, data, status, error, county_at, received_at, applied_at) VALUES
        (1, 'notice', 'n1', NULL, 1, '{}', 'applied', NULL, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
        (2, 'notice', 'n2', NULL, 2, '{}', 'held', '较新格式', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', NULL);
    `);
    v10.close();

    openDatabase(file).close();
    const raw = new Database(file);
    try {
      expect(raw.prepare('SELECT id, feed_id, cursor, key, status, error FROM sync_inbox ORDER BY id').all()).toEqual([
        { id: 1, feed_id: null, cursor: 1, key: 'n1', status: 'applied', error: null },
        { id: 2, feed_id: null, cursor: 2, key: 'n2', status: 'held', error: '较新格式' },
      ]);
      expect(raw.prepare('SELECT pull_cursor, pull_cursor_id FROM sync_state').get()).toEqual({ pull_cursor: 2, pull_cursor_id: null });
      // After a restored county's feed, one cursor can hold two changes; one feed id only one.
      const insert = raw.prepare(`INSERT INTO sync_inbox (feed_id, cursor, kind, key, schema, data, status, county_at, received_at) VALUES (?, 2, 'notice', 'n3', 1, '{}', 'applied', '', '')`);
      insert.run('f-1');
      expect(() => insert.run('f-1')).toThrow(/UNIQUE/);
      expect(raw.prepare('SELECT count(*) AS n FROM sync_inbox WHERE cursor = 2').get()).toEqual({ n: 2 });
      expect(raw.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'sync_inbox' ORDER BY name`).all().map((r) => (r as { name: string }).name)).toEqual(['sync_inbox_cursor', 'sync_inbox_feed', 'sync_inbox_pending']);
    } finally {
      raw.close();
    }
  });
});
