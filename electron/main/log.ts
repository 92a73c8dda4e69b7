import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Minimal main-process log: console plus `<dataDir>/logs/main.log`, so support
 * staff can read what happened on a township machine where nobody sees stdout.
 * Writing the log must never take the app down, so every file error is swallowed.
 */
const MAX_BYTES = 1024 * 1024;
let logFile: string | null = null;

export function initLogFile(dataDir: string): void {
  try {
    const dir = join(dataDir, 'logs');
    mkdirSync(dir, { recursive: true });
    logFile = join(dir, 'main.log');
    if ((statSync(logFile, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES) {
      renameSync(logFile, join(dir, 'main.old.log'));
    }
  } catch {
    logFile = null;
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function write(level: 'info' | 'warn' | 'error', parts: unknown[]): void {
  const line = `${new Date().toISOString()} [${level}] ${parts.map(describe).join(' ')}`;
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
  if (logFile === null) return;
  try {
    appendFileSync(logFile, `${line}\n`, 'utf8');
  } catch {
    // A full disk or a locked file must not break the shell.
  }
}

export const log = {
  info: (...parts: unknown[]) => write('info', parts),
  warn: (...parts: unknown[]) => write('warn', parts),
  error: (...parts: unknown[]) => write('error', parts),
};
