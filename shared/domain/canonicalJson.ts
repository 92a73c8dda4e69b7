/**
 * Canonical JSON, the text every hash of the audit log and every hash and signature of the sync
 * is computed over: object keys sorted by UTF-16 code unit, no whitespace, `undefined` members
 * left out, only finite numbers (bigints written as integers). The same value gives the same text
 * on the township PC and on the county server (and to any outside tool that follows these rules),
 * whatever order the keys were written in.
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

/** The hash before the first link of a hash chain (the audit log, a device's outbox). */
export const GENESIS_HASH = '0'.repeat(64);
