import { hash } from 'node:crypto';
import type { AuditValue } from '../db/handles';

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members left out.
 * The same value always gives the same text, so a hash over it is stable across versions of
 * this program (and can be recomputed by any tool that follows these three rules).
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`canonicalJson: not a finite number: ${value}`);
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (value[i] === undefined ? 'null' : canonicalJson(value[i]));
        return `${out}]`;
      }
      // Default sort: by UTF-16 code unit, the order canonical JSON wants.
      const record = value as Record<string, unknown>;
      let out = '{';
      let first = true;
      for (const key of Object.keys(record).sort()) {
        const v = record[key];
        if (v === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(v)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new Error(`canonicalJson: unsupported ${typeof value}`);
  }
}

export function sha256Hex(text: string): string {
  // One-shot crypto.hash (Node ≥ 20.12): the same digest as createHash, about 3× faster per
  // call, which counts when a bulk import digests every voucher it writes.
  return hash('sha256', text, 'hex');
}

/** The hash of an audit entry: SHA-256 over the previous entry's hash followed by this entry's canonical JSON. */
export function entryHash(prevHash: string, payload: string): string {
  return sha256Hex(prevHash + payload);
}

export const GENESIS_HASH = '0'.repeat(64);

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
