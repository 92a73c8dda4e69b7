import { canonicalJson } from '../../../shared/sync/canonical';
import type { TownshipChange } from '../../../shared/sync/messages';
import { createHash } from 'node:crypto';

/**
 * The county's side of shared/sync/chain.ts `contentHash`, made cheap: the text hashed is exactly
 * `changeText(change)` (the unit test holds the two together), but a record that already is in
 * canonical form — the township writes every record as canonical JSON, so in practice all of
 * them — is written once by the engine's JSON.stringify instead of key by key by canonicalJson,
 * and the same text is what the page stores. A township-year's first push is 36 MB of records:
 * canonicalJson took 0.5–0.7 s of the county's CPU for them, this 0.15 s.
 */

/**
 * Whether JSON.stringify(value) is canonicalJson(value): every object a plain one whose keys
 * already come in canonical order (by UTF-16 code unit: also rules out integer-like keys out of
 * that order, which engines enumerate first), no toJSON, every number finite, nothing that
 * canonicalJson refuses or writes otherwise (bigint, function, symbol). Undefined members are
 * left out by both; an undefined array element is `null` in both.
 */
function stringifiesCanonically(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!stringifiesCanonically(value[i])) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
      const keys = Object.keys(value);
      for (let i = 0; i < keys.length; i++) {
        if (i > 0 && !(keys[i - 1]! < keys[i]!)) return false;
        if (!stringifiesCanonically((value as Record<string, unknown>)[keys[i]!])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** canonicalJson(value), by JSON.stringify when that gives the same text. */
export function canonicalText(value: unknown): string {
  return stringifiesCanonically(value) ? JSON.stringify(value) : canonicalJson(value);
}

export interface ChangeTexts {
  /** SHA-256 of changeText(change): what the chain links. */
  contentHash: string;
  /** JSON.stringify of the record's data (null for none): the text the county stores. */
  dataJson: string;
}

/**
 * The content hash of a change and the JSON text of its data, from one serialization of the data.
 * changeText is canonicalJson({ seq, kind, key, book, op, schema, data }): members in canonical
 * order book, data, key, kind, op, schema, seq, each left out when undefined (data never is).
 */
export function changeTexts(change: TownshipChange): ChangeTexts {
  const data = change.data ?? null;
  const canonical = stringifiesCanonically(data);
  const dataJson = JSON.stringify(data);
  const dataCanonical = canonical ? dataJson : canonicalJson(data);
  const member = (name: string, value: unknown) => (value === undefined ? '' : `,"${name}":${canonicalText(value)}`);
  // Hashed in three parts: the record's text is not copied into a longer string first.
  const hash = createHash('sha256');
  hash.update(change.book === undefined ? '{"data":' : `{"book":${canonicalText(change.book)},"data":`);
  hash.update(dataCanonical);
  hash.update(`${member('key', change.key)}${member('kind', change.kind)}${member('op', change.op)}${member('schema', change.schema)}${member('seq', change.seq)}}`);
  return { contentHash: hash.digest('hex'), dataJson };
}
