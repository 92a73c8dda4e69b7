import type { Migration } from './index';

/**
 * Township ↔ county sync (electron/core/sync):
 * - `sync_state`: this installation's enrollment (server, device id, township, epoch), the
 *   county's acknowledgement (ack seq and chain hash), the pull cursor, the clock offset to the
 *   server, and the last attempt / success / error. One row, only once enrolled.
 * - `sync_outbox`: the change records of township-owned records, appended in the SAME
 *   transaction as the business write that made them, numbered by the device sequence and
 *   hash-chained. Append-only; kept after acknowledgement (a county that lost data can be
 *   answered from it).
 * - `sync_inbox`: county changes as pulled (by cursor), with whether they were applied, held
 *   (a newer schema: applied after an upgrade) or failed to apply (retried at each sync).
 * - `sync_issue`: the 同步异常 inbox: the county's rejections and holds, local apply failures
 *   and period-close differences, each with what to do; resolved ones stay listed as resolved.
 * - `sync_period_check`, `sync_notice`, `sync_reference`: what the county sent, for display.
 * The private key is a file beside the database (sync/device-key.pem, mode 0600), never in it.
 */
export const m009Sync: Migration = {
  version: 9,
  name: 'sync: state, outbox, inbox, issues',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (
        singleton        INTEGER PRIMARY KEY CHECK (singleton = 1),
        server_url       TEXT NOT NULL,
        device_id        TEXT NOT NULL,
        township_code    TEXT NOT NULL,
        township_name    TEXT NOT NULL,
        epoch            INTEGER NOT NULL,
        label            TEXT NOT NULL,
        enrolled_at      TEXT NOT NULL,
        ack_seq          INTEGER NOT NULL DEFAULT 0 CHECK (ack_seq >= 0),
        ack_hash         TEXT NOT NULL,
        pull_cursor      INTEGER NOT NULL DEFAULT 0 CHECK (pull_cursor >= 0),
        clock_offset_ms  INTEGER NOT NULL DEFAULT 0,
        last_attempt_at  TEXT,
        last_success_at  TEXT,
        last_error_code  TEXT,
        last_error       TEXT,
        server_versions  TEXT
      ) STRICT;

      CREATE TABLE sync_outbox (
        seq           INTEGER PRIMARY KEY CHECK (seq >= 1),
        kind          TEXT NOT NULL,
        key           TEXT NOT NULL,
        book_id       TEXT,
        op            TEXT NOT NULL CHECK (op IN ('put', 'delete')),
        schema        INTEGER NOT NULL,
        data          TEXT,
        content_hash  TEXT NOT NULL,
        chain_hash    TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        CHECK ((op = 'delete') = (data IS NULL))
      ) STRICT;
      CREATE INDEX sync_outbox_record ON sync_outbox (kind, key, seq);
      CREATE TRIGGER sync_outbox_no_update BEFORE UPDATE ON sync_outbox
      BEGIN SELECT RAISE(ABORT, '同步发件记录只能追加，不能修改'); END;

      CREATE TABLE sync_inbox (
        cursor       INTEGER PRIMARY KEY CHECK (cursor >= 1),
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
      CREATE INDEX sync_inbox_pending ON sync_inbox (status, cursor) WHERE status <> 'applied';

      CREATE TABLE sync_issue (
        id             TEXT PRIMARY KEY,
        source         TEXT NOT NULL CHECK (source IN ('push', 'pull', 'check')),
        ref            TEXT NOT NULL,
        kind           TEXT NOT NULL,
        key            TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('rejected', 'held', 'failed', 'difference')),
        reason         TEXT NOT NULL,
        message        TEXT NOT NULL,
        action         TEXT NOT NULL,
        first_seen_at  TEXT NOT NULL,
        last_seen_at   TEXT NOT NULL,
        resolved_at    TEXT
      ) STRICT;
      CREATE INDEX sync_issue_open ON sync_issue (resolved_at, first_seen_at);

      CREATE TABLE sync_period_check (
        book_id      TEXT NOT NULL,
        year         INTEGER NOT NULL,
        month        INTEGER NOT NULL,
        status       TEXT NOT NULL,
        differences  TEXT NOT NULL,
        checked_at   TEXT NOT NULL,
        PRIMARY KEY (book_id, year, month)
      ) STRICT;

      CREATE TABLE sync_notice (
        id            TEXT PRIMARY KEY,
        title         TEXT NOT NULL,
        body          TEXT NOT NULL,
        published_at  TEXT NOT NULL,
        received_at   TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sync_reference (
        kind          TEXT PRIMARY KEY,
        version       TEXT NOT NULL,
        note          TEXT NOT NULL,
        data          TEXT NOT NULL,
        published_at  TEXT NOT NULL,
        received_at   TEXT NOT NULL
      ) STRICT;
    `);
  },
};
