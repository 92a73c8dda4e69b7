import type { MonitoringSettings } from '../../../shared/api/budgetTypes';
import { DEFAULT_MONITORING } from '../../../shared/domain/budget/execution';
import type { CoreContext } from '../context';
import { sql } from '../db/sql';
import { localDate, requireUser, ruleViolation, type AnyDB } from './common';

/** Per-book monitoring settings (warning bands, 序时进度 method), kept in book_setting. */
const SETTINGS_KEY = 'budget:monitoring';

const DEFAULTS: MonitoringSettings = { ...DEFAULT_MONITORING, quotaArrival: 'onIssue' };

export function monitoringSettings(db: AnyDB, bookId: string): MonitoringSettings {
  const row = db.get<{ value: string }>(sql`SELECT value FROM book_setting WHERE book_id = ${bookId} AND key = ${SETTINGS_KEY}`);
  if (!row) return { ...DEFAULTS };
  try {
    const parsed = JSON.parse(row.value) as Partial<MonitoringSettings>;
    return { ...DEFAULTS, ...parsed };
  } catch {
    return { ...DEFAULTS };
  }
}

export function setMonitoringSettings(ctx: CoreContext, bookId: string, settings: Omit<MonitoringSettings, 'quotaArrival'> & { quotaArrival?: MonitoringSettings['quotaArrival'] }): MonitoringSettings {
  requireUser(ctx);
  const quotaArrival = settings.quotaArrival ?? monitoringSettings(ctx.read, bookId).quotaArrival;
  const value = JSON.stringify({ yellowBp: settings.yellowBp, redBp: settings.redBp, scheduleMethod: settings.scheduleMethod, quotaArrival });
  ctx.write.transaction((db) => {
    db.run(sql`INSERT INTO book_setting (book_id, key, value) VALUES (${bookId}, ${SETTINGS_KEY}, ${value}) ON CONFLICT (book_id, key) DO UPDATE SET value = excluded.value`);
  });
  return monitoringSettings(ctx.read, bookId);
}

/** The report date: the one asked for (within the year), else today, clamped into the year. */
export function resolveAsOf(year: number, asOf: string | undefined, now: Date): string {
  if (asOf) {
    if (Number(asOf.slice(0, 4)) !== year) throw ruleViolation(`截止日期 ${asOf} 不在${year}年度内`);
    return asOf;
  }
  const today = localDate(now);
  if (today < `${year}-01-01`) return `${year}-01-01`;
  if (today > `${year}-12-31`) return `${year}-12-31`;
  return today;
}

