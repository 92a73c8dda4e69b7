import type { ServerMigration } from '../migrate';

/**
 * The county's schema: operators and sessions; townships, enrollment codes and devices;
 * the received change log (the idempotency key is (device, seq)); the replica of
 * township-owned records with the derived posted lines and indicator ledger; the county-owned
 * feed per township (pulled by cursor); decisions and period checks.
 */
export const m001County: ServerMigration = {
  version: 1,
  name: 'county server: operators, townships, devices, changes, replica, feed',
  sql: `
    CREATE TABLE operator (
      id             text PRIMARY KEY,
      username       text NOT NULL UNIQUE,
      display_name   text NOT NULL,
      password_hash  text NOT NULL,
      role           text NOT NULL CHECK (role IN ('admin', 'reviewer', 'readonly')),
      enabled        boolean NOT NULL DEFAULT true,
      created_at     timestamptz NOT NULL
    );

    CREATE TABLE operator_session (
      token_hash   text PRIMARY KEY,
      operator_id  text NOT NULL REFERENCES operator (id),
      created_at   timestamptz NOT NULL,
      expires_at   timestamptz NOT NULL
    );

    CREATE TABLE login_failure (
      username      text PRIMARY KEY,
      failures      integer NOT NULL,
      locked_until  timestamptz
    );

    CREATE TABLE township (
      code        text PRIMARY KEY,
      name        text NOT NULL,
      -- Raised by each enrollment: a device of a lower epoch is fenced off.
      epoch       integer NOT NULL DEFAULT 0,
      -- The township's county-owned feed: its last sequence number (row lock = ordered commits).
      feed_seq    bigint NOT NULL DEFAULT 0,
      created_at  timestamptz NOT NULL,
      created_by  text REFERENCES operator (id)
    );

    CREATE TABLE enrollment_code (
      code_hash      text PRIMARY KEY,
      township_code  text NOT NULL REFERENCES township (code),
      created_by     text NOT NULL REFERENCES operator (id),
      created_at     timestamptz NOT NULL,
      expires_at     timestamptz NOT NULL,
      used_at        timestamptz,
      device_id      text
    );

    CREATE TABLE device (
      id               text PRIMARY KEY,
      township_code    text NOT NULL REFERENCES township (code),
      epoch            integer NOT NULL,
      public_key       text NOT NULL UNIQUE,
      status           text NOT NULL CHECK (status IN ('active', 'retired')),
      label            text NOT NULL,
      app_version      text NOT NULL,
      installation_id  text,
      enrolled_at      timestamptz NOT NULL,
      retired_at       timestamptz,
      retired_by       text REFERENCES operator (id),
      last_seen_at     timestamptz,
      -- Highest contiguous sequence received, and the chain hash at it.
      ack_seq          bigint NOT NULL DEFAULT 0,
      head_hash        text NOT NULL
    );
    CREATE INDEX device_township ON device (township_code);

    CREATE TABLE device_nonce (
      device_id  text NOT NULL,
      nonce      text NOT NULL,
      at         timestamptz NOT NULL,
      PRIMARY KEY (device_id, nonce)
    );
    CREATE INDEX device_nonce_at ON device_nonce (at);

    CREATE TABLE received_change (
      device_id      text NOT NULL REFERENCES device (id),
      seq            bigint NOT NULL,
      township_code  text NOT NULL,
      kind           text NOT NULL,
      key            text NOT NULL,
      book_id        text,
      op             text NOT NULL,
      schema         integer NOT NULL,
      data           text,
      content_hash   text NOT NULL,
      chain_hash     text NOT NULL,
      status         text NOT NULL CHECK (status IN ('applied', 'rejected', 'held')),
      reason         text,
      message        text,
      action         text,
      depends_kind   text,
      depends_key    text,
      received_at    timestamptz NOT NULL,
      decided_at     timestamptz NOT NULL,
      PRIMARY KEY (device_id, seq)
    );
    CREATE INDEX received_change_open ON received_change (device_id, seq) WHERE status <> 'applied';
    CREATE INDEX received_change_record ON received_change (township_code, kind, key);

    CREATE TABLE township_record (
      township_code  text NOT NULL,
      kind           text NOT NULL,
      key            text NOT NULL,
      book_id        text,
      data           text NOT NULL,
      device_id      text NOT NULL,
      seq            bigint NOT NULL,
      updated_at     timestamptz NOT NULL,
      PRIMARY KEY (township_code, kind, key)
    );
    CREATE INDEX township_record_book ON township_record (township_code, book_id, kind);

    CREATE TABLE book_owner (
      book_id        text PRIMARY KEY,
      township_code  text NOT NULL REFERENCES township (code)
    );

    CREATE TABLE ledger_line (
      township_code  text NOT NULL,
      book_id        text NOT NULL,
      voucher_id     text NOT NULL,
      line_no        integer NOT NULL,
      year           integer NOT NULL,
      month          integer NOT NULL,
      account_code   text NOT NULL,
      debit          bigint NOT NULL,
      credit         bigint NOT NULL,
      PRIMARY KEY (township_code, voucher_id, line_no)
    );
    CREATE INDEX ledger_line_book ON ledger_line (township_code, book_id, year, month);

    CREATE TABLE indicator (
      id             text PRIMARY KEY,
      township_code  text NOT NULL REFERENCES township (code),
      book_id        text NOT NULL,
      year           integer NOT NULL,
      data           text NOT NULL,
      issued_by      text NOT NULL REFERENCES operator (id),
      issued_at      timestamptz NOT NULL
    );
    CREATE INDEX indicator_book ON indicator (township_code, book_id, year);

    CREATE TABLE indicator_movement (
      township_code     text NOT NULL,
      id                text NOT NULL,
      indicator_id      text NOT NULL,
      source            text NOT NULL CHECK (source IN ('county', 'township')),
      kind              text NOT NULL,
      executable_delta  bigint NOT NULL DEFAULT 0,
      frozen_delta      bigint NOT NULL DEFAULT 0,
      paid_delta        bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (township_code, id)
    );
    CREATE INDEX indicator_movement_indicator ON indicator_movement (indicator_id);

    CREATE TABLE decision (
      id             text PRIMARY KEY,
      township_code  text NOT NULL REFERENCES township (code),
      book_id        text NOT NULL,
      action         text NOT NULL,
      target_kind    text NOT NULL,
      target_id      text NOT NULL,
      payload        text NOT NULL,
      decided_by     text NOT NULL REFERENCES operator (id),
      decided_at     timestamptz NOT NULL
    );
    CREATE INDEX decision_target ON decision (township_code, target_kind, target_id);

    CREATE TABLE county_feed (
      township_code  text NOT NULL REFERENCES township (code),
      seq            bigint NOT NULL,
      kind           text NOT NULL,
      key            text NOT NULL,
      book_id        text,
      schema         integer NOT NULL,
      data           text NOT NULL,
      created_at     timestamptz NOT NULL,
      PRIMARY KEY (township_code, seq)
    );

    -- What every township receives (reference data, thresholds, notices to all): a township
    -- registered later gets the latest of each kind in its feed.
    CREATE TABLE broadcast (
      id          bigserial PRIMARY KEY,
      kind        text NOT NULL,
      key         text NOT NULL,
      schema      integer NOT NULL,
      data        text NOT NULL,
      created_by  text NOT NULL REFERENCES operator (id),
      created_at  timestamptz NOT NULL
    );

    CREATE TABLE period_check (
      township_code    text NOT NULL,
      book_id          text NOT NULL,
      year             integer NOT NULL,
      month            integer NOT NULL,
      status           text NOT NULL CHECK (status IN ('已对账', '有差异', '已反结账')),
      township_digest  text,
      county_digest    text,
      differences      text NOT NULL,
      checked_at       timestamptz NOT NULL,
      PRIMARY KEY (township_code, book_id, year, month)
    );
  `,
};
