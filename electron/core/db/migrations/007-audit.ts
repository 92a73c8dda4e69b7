import { appendSystemEntry } from '../../audit/recorder';
import { kindAvailable, scanRecords, trackedKinds, type RecordDigest } from '../../audit/records';
import { writableHandle } from '../handles';
import type { Migration } from './index';

/**
 * Tamper evidence, backups and access control:
 * - `audit_log`: the hash-chained log of every write (audit/recorder.ts). Append-only here as
 *   well as in code. Its first entry, `audit.start`, is the baseline: the digests of every
 *   business record already in the file, so an upgraded book is covered from this point on.
 * - `installation_setting`: settings of this installation (the backup folder and key).
 * - `login_throttle`: failed logins per login name, for the lockout.
 * - `user_session.last_seen_at`: for the idle lock.
 */
export const m007Audit: Migration = {
  version: 7,
  name: 'audit log, installation settings, login throttle, session idle time',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        seq        INTEGER PRIMARY KEY CHECK (seq >= 1),
        at         TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('command', 'system')),
        action     TEXT NOT NULL,
        user_id    TEXT,
        payload    TEXT NOT NULL,
        prev_hash  TEXT NOT NULL,
        hash       TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能修改'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能删除'); END;

      CREATE TABLE installation_setting (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE login_throttle (
        username      TEXT PRIMARY KEY,
        failures      INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
        locked_until  TEXT
      ) STRICT;

      ALTER TABLE user_session ADD COLUMN last_seen_at TEXT;
    `);
    const handle = writableHandle(db);
    const records: RecordDigest[] = [];
    for (const kind of trackedKinds) if (kindAvailable(handle, kind)) records.push(...scanRecords(handle, kind));
    appendSystemEntry(handle, 'audit.start', new Date(), { records, details: { reason: '启用审计日志：记录已有账务数据的摘要作为起点' } });
  },
};
