import { describe, expect, it } from 'vitest';
import { backupFileName, backupsToKeep, dayKey, parseBackupName, weekKey } from './rotation';

const at = (iso: string) => new Date(iso);

function daily(from: string, days: number, hourUtc = 2) {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => {
    const time = new Date(start + i * 86400_000 + hourUtc * 3600_000);
    return parseBackupName(backupFileName('xiangcai', time, 'daily', true), 'xiangcai')!;
  });
}

describe('backup names', () => {
  it('round-trips time, reason and encryption through the file name', () => {
    const name = backupFileName('xiangcai', at('2026-11-28T08:00:00.123Z'), 'preclose-2026-11', false);
    expect(name).toBe('xiangcai-20261128T080000Z-preclose-2026-11.db');
    expect(parseBackupName(name, 'xiangcai')).toEqual({ name, time: at('2026-11-28T08:00:00Z'), reason: 'preclose-2026-11', encrypted: false });
    expect(parseBackupName('xiangcai-20261128T080000Z-daily.xcbak', 'xiangcai')!.encrypted).toBe(true);
    expect(parseBackupName('other-20261128T080000Z-daily.xcbak', 'xiangcai')).toBeNull();
    expect(parseBackupName('xiangcai.before-restore-20261128T080000Z.db', 'xiangcai')).toBeNull();
  });

  it('buckets by 北京时间 days and ISO weeks', () => {
    expect(dayKey(at('2026-01-01T15:59:59Z'))).toBe('2026-01-01');
    expect(dayKey(at('2026-01-01T16:00:00Z'))).toBe('2026-01-02');
    expect(weekKey(at('2026-01-01T00:00:00Z'))).toBe('2026-W01');
    expect(weekKey(at('2025-12-28T00:00:00Z'))).toBe('2025-W52');
    expect(weekKey(at('2024-12-30T00:00:00Z'))).toBe('2025-W01');
  });
});

describe('the rotating set: 7 daily, 4 weekly, 12 monthly', () => {
  it('keeps a year and more of daily backups down to the newest per day, week and month', () => {
    const files = daily('2025-01-01', 500); // to 2026-05-15
    const keep = [...backupsToKeep(files)].sort();
    const days = keep.map((n) => parseBackupName(n, 'xiangcai')!.time.toISOString().slice(0, 10));
    // The last 7 days; the newest of each of the last 4 ISO weeks (Sundays, the current week's newest is today);
    // the newest of each of the last 12 months (last days of months, the current month's newest is today).
    expect(days).toEqual([
      '2025-06-30', '2025-07-31', '2025-08-31', '2025-09-30', '2025-10-31', '2025-11-30', '2025-12-31',
      '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-26', '2026-04-30', '2026-05-03',
      '2026-05-09', '2026-05-10', '2026-05-11', '2026-05-12', '2026-05-13', '2026-05-14', '2026-05-15',
    ]);
    expect(keep.length).toBeLessThanOrEqual(7 + 4 + 12);
  });

  it('keeps the newest of a day, and never rotates a manual backup away', () => {
    const morning = parseBackupName('xiangcai-20260110T010000Z-daily.db', 'xiangcai')!;
    const beforeClose = parseBackupName('xiangcai-20260110T060000Z-preclose-2026-01.db', 'xiangcai')!;
    const manual = parseBackupName('xiangcai-20250101T060000Z-manual.db', 'xiangcai')!;
    const keep = backupsToKeep([morning, beforeClose, manual]);
    expect([...keep]).toEqual([beforeClose.name]);
    expect(keep.has(manual.name)).toBe(false); // not in the set, and not deleted either: pruneBackups skips manual ones
  });
});
