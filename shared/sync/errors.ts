/**
 * Error codes of the county server's answers (operator API and device sync). Every refusal is
 * `{ ok: false, error: { code, message, details? } }` with a Chinese `message` that says what
 * is wrong and what to do; `code` is for programs (the township app decides from it whether to
 * retry, re-sign with a corrected clock, or stop and show the message).
 */
export const serverErrorCodes = [
  'INVALID_INPUT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RULE_VIOLATION',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_ENCODING',
  'RATE_LIMITED',
  'LOGIN_LOCKED',
  // Device identity and request signing
  'UNSIGNED',
  'BAD_SIGNATURE',
  'REPLAYED',
  'CLOCK_SKEW',
  'UNKNOWN_DEVICE',
  'DEVICE_RETIRED',
  'DEVICE_FENCED',
  'ENROLLMENT_CODE_INVALID',
  // Versions
  'PROTOCOL_MISMATCH',
  'APP_TOO_OLD',
  // The change stream
  'SEQUENCE_GAP',
  'SEQUENCE_CONFLICT',
  'CHAIN_BROKEN',
  'INTERNAL',
] as const;

export type ServerErrorCode = (typeof serverErrorCodes)[number];

export interface ServerErrorData {
  code: ServerErrorCode;
  message: string;
  details?: unknown;
}

export type ServerResult<T> = { ok: true; value: T } | { ok: false; error: ServerErrorData };

export class ServerError extends Error {
  readonly code: ServerErrorCode;
  readonly status: number;
  readonly details: unknown;
  constructor(code: ServerErrorCode, message: string, details?: unknown, status?: number) {
    super(message);
    this.name = 'ServerError';
    this.code = code;
    this.details = details;
    this.status = status ?? defaultStatus(code);
  }
  toData(): ServerErrorData {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
}

function defaultStatus(code: ServerErrorCode): number {
  switch (code) {
    case 'INVALID_INPUT':
    case 'RULE_VIOLATION':
    case 'PROTOCOL_MISMATCH':
      return 400;
    case 'UNAUTHORIZED':
    case 'UNSIGNED':
    case 'BAD_SIGNATURE':
    case 'REPLAYED':
    case 'CLOCK_SKEW':
    case 'UNKNOWN_DEVICE':
    case 'ENROLLMENT_CODE_INVALID':
      return 401;
    case 'FORBIDDEN':
    case 'DEVICE_RETIRED':
    case 'DEVICE_FENCED':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
    case 'SEQUENCE_GAP':
    case 'SEQUENCE_CONFLICT':
    case 'CHAIN_BROKEN':
      return 409;
    case 'BODY_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_ENCODING':
      return 415;
    case 'APP_TOO_OLD':
      return 426;
    case 'RATE_LIMITED':
    case 'LOGIN_LOCKED':
      return 429;
    case 'INTERNAL':
      return 500;
  }
}

export function isServerErrorData(value: unknown): value is ServerErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && (serverErrorCodes as readonly string[]).includes(v.code) && typeof v.message === 'string';
}
