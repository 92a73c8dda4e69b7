import { hash } from 'node:crypto';
import type { AuditValue } from '../db/handles';

export { canonicalJson, GENESIS_HASH } from '../../../shared/domain/canonicalJson';

export function sha256Hex(text: string): string {
  // One-shot crypto.hash (Node ≥ 20.12): the same digest as createHash, about 3× faster per
  // call, which counts when a bulk import digests every voucher it writes.
  return hash('sha256', text, 'hex');
}

/** The hash of an audit entry: SHA-256 over the previous entry's hash followed by this entry's canonical JSON. */
export function entryHash(prevHash: string, payload: string): string {
  return sha256Hex(prevHash + payload);
}


/** JSON-safe copy (drops functions, turns Dates into ISO text) for storing in an entry. */
export function toAuditValue(value: unknown): AuditValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toAuditValue);
  if (typeof value === 'object') {
    const out: Record<string, AuditValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined && typeof v !== 'function') out[k] = toAuditValue(v);
    }
    return out;
  }
  return null;
}
