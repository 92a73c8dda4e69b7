import type { Migration } from './index';

/**
 * The installation's own identity: sync (township ↔ county) needs a stable id
 * per database file that the creating side generates.
 */
export const m002Installation: Migration = {
  version: 2,
  name: 'installation identity',
  up(db) {
    db.exec(`
      CREATE TABLE installation (
        singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
        id          TEXT NOT NULL,
        created_at  TEXT NOT NULL
      ) STRICT;
    `);
  },
};
