/**
 * The daily backup while the app runs: a look shortly after start, then every hour; a backup
 * is made when none exists yet for today (北京时间). The timers never keep the process alive.
 * Tests call `BackupService.runDaily()` with an injected clock instead of waiting.
 */
export interface ScheduleOptions {
  firstCheckMs: number;
  everyMs: number;
}

export const DEFAULT_SCHEDULE: ScheduleOptions = { firstCheckMs: 10 * 60_000, everyMs: 60 * 60_000 };

export function startBackupSchedule(run: () => Promise<unknown>, options: ScheduleOptions = DEFAULT_SCHEDULE): { stop(): void } {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    run()
      .catch(() => {})
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(tick, options.firstCheckMs);
  const every = setInterval(tick, options.everyMs);
  first.unref();
  every.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
