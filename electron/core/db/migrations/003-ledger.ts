import type { Migration } from './index';

/**
 * Users and roles (per installation), periods, vouchers with their lines on both
 * tracks, and per-month movements of posted vouchers (so a 科目余额表 reads a few
 * thousand rows, never the million lines of a ten-year book).
 */
export const m003Ledger: Migration = {
  version: 3,
  name: 'users, periods, vouchers, period movements',
  up(db) {
    db.exec(`
      CREATE TABLE app_user (
        id             TEXT PRIMARY KEY,
        username       TEXT NOT NULL UNIQUE,
        display_name   TEXT NOT NULL,
        password_hash  TEXT NOT NULL,
        enabled        INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        created_at     TEXT NOT NULL
      ) STRICT;

      CREATE TABLE user_role (
        user_id  TEXT NOT NULL REFERENCES app_user (id),
        role     TEXT NOT NULL CHECK (role IN ('accountant', 'reviewer', 'cashier', 'supervisor', 'admin')),
        PRIMARY KEY (user_id, role)
      ) STRICT;

      CREATE TABLE user_session (
        token_hash  TEXT PRIMARY KEY,
        user_id     TEXT NOT NULL REFERENCES app_user (id),
        created_at  TEXT NOT NULL,
        expires_at  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE account_dimension (
        book_id       TEXT NOT NULL,
        account_code  TEXT NOT NULL,
        dimension     TEXT NOT NULL CHECK (dimension IN ('func', 'econ_dep', 'econ_gov', 'project', 'fund', 'counterparty', 'dept')),
        PRIMARY KEY (book_id, account_code, dimension),
        FOREIGN KEY (book_id, account_code) REFERENCES account (book_id, code)
      ) STRICT;

      CREATE TABLE book_setting (
        book_id  TEXT NOT NULL REFERENCES book (id),
        key      TEXT NOT NULL,
        value    TEXT NOT NULL,
        PRIMARY KEY (book_id, key)
      ) STRICT;

      CREATE TABLE period (
        book_id    TEXT NOT NULL REFERENCES book (id),
        year       INTEGER NOT NULL,
        month      INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
        status     TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        closed_at  TEXT,
        closed_by  TEXT REFERENCES app_user (id),
        PRIMARY KEY (book_id, year, month)
      ) STRICT;

      CREATE TABLE period_event (
        id         TEXT PRIMARY KEY,
        book_id    TEXT NOT NULL REFERENCES book (id),
        year       INTEGER NOT NULL,
        month      INTEGER NOT NULL,
        action     TEXT NOT NULL CHECK (action IN ('close', 'reopen')),
        reason     TEXT,
        user_id    TEXT NOT NULL REFERENCES app_user (id),
        at         TEXT NOT NULL
      ) STRICT;

      CREATE TABLE voucher (
        id               TEXT PRIMARY KEY,
        book_id          TEXT NOT NULL REFERENCES book (id),
        year             INTEGER NOT NULL,
        month            INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
        word             TEXT NOT NULL CHECK (word IN ('记', '收', '付', '转')),
        number           INTEGER NOT NULL CHECK (number >= 1),
        date             TEXT NOT NULL,
        attachments      INTEGER NOT NULL DEFAULT 0 CHECK (attachments >= 0),
        status           TEXT NOT NULL CHECK (status IN ('draft', 'reviewed', 'posted')),
        kind             TEXT NOT NULL DEFAULT 'normal' CHECK (kind IN ('normal', 'reversal', 'closing')),
        reverses_id      TEXT REFERENCES voucher (id),
        parallel_reason  TEXT,
        prepared_by      TEXT NOT NULL REFERENCES app_user (id),
        reviewed_by      TEXT REFERENCES app_user (id),
        reviewed_at      TEXT,
        posted_by        TEXT REFERENCES app_user (id),
        posted_at        TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        UNIQUE (book_id, year, month, word, number),
        CHECK (reviewed_by IS NULL OR reviewed_by <> prepared_by),
        FOREIGN KEY (book_id, year, month) REFERENCES period (book_id, year, month)
      ) STRICT;
      CREATE INDEX voucher_period ON voucher (book_id, year, month, status);
      CREATE UNIQUE INDEX voucher_reversed_once ON voucher (reverses_id) WHERE reverses_id IS NOT NULL;

      CREATE TABLE voucher_line (
        voucher_id    TEXT NOT NULL REFERENCES voucher (id) ON DELETE CASCADE,
        line_no       INTEGER NOT NULL CHECK (line_no >= 1),
        book_id       TEXT NOT NULL,
        summary       TEXT NOT NULL,
        account_code  TEXT NOT NULL,
        track         TEXT NOT NULL CHECK (track IN ('financial', 'budget')),
        debit         INTEGER NOT NULL DEFAULT 0,
        credit        INTEGER NOT NULL DEFAULT 0,
        func          TEXT,
        econ_dep      TEXT,
        econ_gov      TEXT,
        project       TEXT,
        fund          TEXT,
        counterparty  TEXT,
        dept          TEXT,
        PRIMARY KEY (voucher_id, line_no),
        CHECK ((debit = 0) <> (credit = 0)),
        FOREIGN KEY (book_id, account_code) REFERENCES account (book_id, code)
      ) STRICT;
      CREATE INDEX voucher_line_account ON voucher_line (book_id, account_code);

      -- Movements of posted vouchers per leaf account and month. Written in the same
      -- transaction as the posting; a test re-derives it from the lines.
      CREATE TABLE period_movement (
        book_id       TEXT NOT NULL,
        account_code  TEXT NOT NULL,
        year          INTEGER NOT NULL,
        month         INTEGER NOT NULL,
        debit         INTEGER NOT NULL DEFAULT 0,
        credit        INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (book_id, account_code, year, month),
        FOREIGN KEY (book_id, account_code) REFERENCES account (book_id, code)
      ) STRICT;
    `);
  },
};
