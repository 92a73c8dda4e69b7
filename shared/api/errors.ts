/**
 * Error codes that may cross the process boundary. Every failed command answers
 * `{ ok: false, error: { code, message, details } }`; `message` is Chinese and
 * written for the township accountant, `code` is for programs.
 */
export const errorCodes = [
  'UNKNOWN_COMMAND',
  'INVALID_INPUT',
  'BODY_TOO_LARGE',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'RULE_VIOLATION',
  'NEEDS_CONFIRMATION',
  'PERIOD_CLOSED',
  'CONFLICT',
  'DB_NEWER_VERSION',
  'DB_UNAVAILABLE',
  'STORAGE_ERROR',
  /** The county server refused or could not be reached (sync.*); the message says what to do. */
  'SYNC_ERROR',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface AppErrorData {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** Thrown inside the core; the dispatcher turns it into `{ ok: false, error }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toData(): AppErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppErrorData(value: unknown): value is AppErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === 'string' &&
    (errorCodes as readonly string[]).includes(v.code) &&
    typeof v.message === 'string'
  );
}
