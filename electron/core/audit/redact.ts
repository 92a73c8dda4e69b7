import type { AuditValue } from '../db/handles';
import { canonicalJson, sha256Hex, toAuditValue } from './canonical';

/**
 * Field names whose values never leave the core: not into the audit log, not into a log file.
 * Matches password, newPassword, backupPassword, secret, token, key, apiKey… (any case).
 */
const SECRET_FIELD = /(password|passphrase|secret|token|key)$|password/i;

export const REDACTED = '[已隐去]';

/** Inputs bigger than this are recorded by their hash only (a 500-line voucher is about 60 KB). */
const MAX_INPUT_CHARS = 128 * 1024;

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** A copy of a command's input fit for the audit log: secrets replaced, oversized inputs summarised. */
export function sanitizeInput(input: unknown): AuditValue {
  const clean = redact(toAuditValue(input));
  const text = canonicalJson(clean);
  if (text.length <= MAX_INPUT_CHARS) return clean;
  return { omitted: '输入过大，只记录其摘要', chars: text.length, sha256: sha256Hex(text) };
}

function redact(value: AuditValue): AuditValue {
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, AuditValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isSecretField(k) && v !== null ? REDACTED : redact(v);
    return out;
  }
  return value;
}

/** Every non-empty string found under a secret field name, to scrub from anything that is logged. */
export function secretStrings(input: unknown, found: string[] = []): string[] {
  if (Array.isArray(input)) for (const v of input) secretStrings(v, found);
  else if (input !== null && typeof input === 'object') {
    for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
      if (isSecretField(k) && typeof v === 'string' && v.length > 0) found.push(v);
      else secretStrings(v, found);
    }
  }
  return found;
}

/**
 * The error as it may be logged: its message and stack with every secret replaced. The
 * dispatcher never logs inputs; this also covers an error whose text happens to quote one.
 */
export function scrubError(error: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return error;
  const scrub = (text: string) => secrets.reduce((t, s) => t.split(s).join(REDACTED), text);
  if (error instanceof Error) {
    const copy = new Error(scrub(error.message));
    copy.name = error.name;
    copy.stack = scrub(error.stack ?? '');
    const code = (error as { code?: unknown }).code;
    if (code !== undefined) (copy as Error & { code?: unknown }).code = code;
    return copy;
  }
  return typeof error === 'string' ? scrub(error) : REDACTED;
}

/** For tests: the redaction alone. */
export const redactForTest = (input: unknown) => redact(toAuditValue(input));
