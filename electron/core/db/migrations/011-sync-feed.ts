import type { Migration } from './index';

/**
 * County feed ids (shared/sync/messages.ts, PullRequest.cursorId). A county database restored
 * from an older backup hands its feed numbers out again to new changes, so a number no longer
 * names a change:
 * - `sync_state.pull_cursor_id`: the county's id of the change at the pull cursor, sent with the
 *   cursor; when the county does not hold that change there, it sends its feed from the start.
 *   Null for a cursor reached before this version (the county then sends the feed again once).
 * - `sync_inbox` is keyed by arrival (`id`) instead of by cursor, and knows each change by its
 *   feed id (unique): after such a restart, the same cursor can come back with another change.
 *   Rows pulled before this version keep a null feed id until the feed brings the same change
 *   (same position, same content) again.
 */
export const m011SyncFeed: Migration = {
  version: 11,
  name: 'sync: county feed ids',
  up(db) {
    db.exec(`
      ALTER TABLE sync_state ADD COLUMN pull_cursor_id TEXT;

      CREATE TABLE sync_inbox_next (
        id           INTEGER PRIMARY KEY,
        feed_id      TEXT,
        cursor       INTEGER NOT NULL CHECK (cursor >= 1),
        kind         TEXT NOT NULL,
        key          TEXT NOT NULL,
        book_id      TEXT,
        schema       INTEGER NOT NULL,
        data         TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('applied', 'held', 'failed')),
        error        TEXT,
        county_at    TEXT NOT NULL,
        received_at  TEXT NOT NULL,
        applied_at   TEXT
      ) STRICT;
      INSERT INTO sync_inbox_next (id, feed_id, cursor, kind, key, book_id, schema, data, status, error, county_at, received_at, applied_at)
        SELECT cursor, NULL, cursor, kind, key, book_id, schema, data, status, error, county_at, received_at, applied_at FROM sync_inbox ORDER BY cursor;
      DROP TABLE sync_inbox;
      ALTER TABLE sync_inbox_next RENAME TO sync_inbox;
      CREATE UNIQUE INDEX sync_inbox_feed ON sync_inbox (feed_id);
      CREATE INDEX sync_inbox_cursor ON sync_inbox (cursor);
      CREATE INDEX sync_inbox_pending ON sync_inbox (status, id) WHERE status <> 'applied';
    `);
  },
};
