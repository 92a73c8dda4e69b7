/**
 * Backup file names and the rotating set (pure: no file system here).
 *
 *   xiangcai-20261128T080000Z-daily.xcbak     encrypted (a backup password is set)
 *   xiangcai-20261128T080000Z-preclose-2026-11.db   plain SQLite (no password set, data directory only)
 *
 * Rotation keeps, among the automatic backups (daily, before a migration, before 结账), the
 * newest of each of the last 7 days, 4 ISO weeks and 12 months that have one (as restic's
 * keep-daily/weekly/monthly). Days are 北京时间 days. Manual backups are never rotated away.
 */
export interface RetentionPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

export const DEFAULT_POLICY: RetentionPolicy = { daily: 7, weekly: 4, monthly: 12 };

export interface BackupName {
  name: string;
  time: Date;
  reason: string;
  encrypted: boolean;
}

const NAME = /^(.+)-(\d{8}T\d{6})Z-([a-z0-9-]+)\.(xcbak|db)$/;

export function stampOf(time: Date): string {
  return time.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
}

export function backupFileName(prefix: string, time: Date, reason: string, encrypted: boolean): string {
  return `${prefix}-${stampOf(time)}Z-${reason}.${encrypted ? 'xcbak' : 'db'}`;
}

export function parseBackupName(name: string, prefix: string): BackupName | null {
  const match = NAME.exec(name);
  if (!match || match[1] !== prefix) return null;
  const s = match[2]!;
  const time = new Date(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`);
  if (Number.isNaN(time.getTime())) return null;
  return { name, time, reason: match[3]!, encrypted: match[4] === 'xcbak' };
}

export const isRotated = (reason: string) => reason !== 'manual';

/** 北京时间 calendar parts of an instant. */
function beijing(time: Date): Date {
  return new Date(time.getTime() + 8 * 3600_000);
}

export function dayKey(time: Date): string {
  return beijing(time).toISOString().slice(0, 10);
}

export function monthKey(time: Date): string {
  return beijing(time).toISOString().slice(0, 7);
}

export function weekKey(time: Date): string {
  const d = beijing(time);
  const date = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this ISO week
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Names of the rotated backups to keep; every other rotated backup may be deleted. */
export function backupsToKeep(files: readonly BackupName[], policy: RetentionPolicy = DEFAULT_POLICY): Set<string> {
  const rotated = files.filter((f) => isRotated(f.reason)).sort((a, b) => b.time.getTime() - a.time.getTime() || (a.name < b.name ? 1 : -1));
  const keep = new Set<string>();
  for (const [limit, bucket] of [
    [policy.daily, dayKey],
    [policy.weekly, weekKey],
    [policy.monthly, monthKey],
  ] as const) {
    const seen = new Set<string>();
    for (const file of rotated) {
      if (seen.size >= limit) break;
      const key = bucket(file.time);
      if (seen.has(key)) continue;
      seen.add(key);
      keep.add(file.name);
    }
  }
  return keep;
}
