import type { Migration } from './index';

export const m001Books: Migration = {
  version: 1,
  name: 'books, chart of accounts, revenue and expenditure classification',
  up(db) {
    db.exec(`
      CREATE TABLE book (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        region_code  TEXT NOT NULL CHECK (length(region_code) = 6),
        unit_type    TEXT NOT NULL CHECK (unit_type IN ('行政单位', '事业单位')),
        start_year   INTEGER NOT NULL CHECK (start_year BETWEEN 2000 AND 2099),
        start_month  INTEGER NOT NULL CHECK (start_month BETWEEN 1 AND 12),
        supervisor   TEXT NOT NULL,
        created_at   TEXT NOT NULL
      ) STRICT;

      CREATE TABLE account (
        book_id          TEXT NOT NULL REFERENCES book (id),
        code             TEXT NOT NULL,
        name             TEXT NOT NULL,
        parent_code      TEXT,
        level            INTEGER NOT NULL CHECK (level >= 1),
        track            TEXT NOT NULL CHECK (track IN ('financial', 'budget')),
        category         TEXT NOT NULL,
        normal_balance   TEXT NOT NULL CHECK (normal_balance IN ('debit', 'credit')),
        contra           INTEGER NOT NULL DEFAULT 0 CHECK (contra IN (0, 1)),
        enabled          INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        pinyin_initials  TEXT NOT NULL,
        notes            TEXT,
        PRIMARY KEY (book_id, code),
        FOREIGN KEY (book_id, parent_code) REFERENCES account (book_id, code)
      ) STRICT;
      CREATE INDEX account_parent ON account (book_id, parent_code);

      CREATE TABLE classification (
        book_id      TEXT NOT NULL REFERENCES book (id),
        kind         TEXT NOT NULL CHECK (kind IN ('revenue', 'expenditure_function',
                       'expenditure_econ_department', 'expenditure_econ_government')),
        code         TEXT NOT NULL,
        name         TEXT NOT NULL,
        level        TEXT NOT NULL,
        parent_code  TEXT,
        verified     INTEGER NOT NULL CHECK (verified IN (0, 1)),
        PRIMARY KEY (book_id, kind, code)
      ) STRICT;
    `);
  },
};
