import { z } from 'zod';
import { canonicalJson, type Sha256Hex } from './canonical';
import { townshipKinds, type TownshipKind } from './kinds';

/**
 * Rebuild from the county: a replacement device (enrolled for the same 乡镇, which fenced the old
 * one) reads back the township's records as the county holds them — the current content of every
 * township-owned record, per kind and key — in pages ordered by (kind, key) in byte order, and
 * checks what it restored against the county's digests: one over all records, and the 科目余额表
 * digests of the period closes the county checked.
 */

export const REBUILD_PAGE_RECORDS = 2000;

const cursor = z.strictObject({ kind: z.enum(townshipKinds), key: z.string().min(1).max(300) });

export const rebuildRequestSchema = z.strictObject({
  /** The last (kind, key) already received; null: from the start. */
  after: cursor.nullable(),
  limit: z.number().int().min(1).max(5000).default(REBUILD_PAGE_RECORDS),
});
export type RebuildRequest = z.input<typeof rebuildRequestSchema>;

export interface RebuildRecord {
  kind: TownshipKind;
  key: string;
  book: string | null;
  data: unknown;
}

export interface RebuildPeriodCheck {
  bookId: string;
  year: number;
  month: number;
  status: string;
  townshipDigest: string | null;
  countyDigest: string | null;
}

export interface RebuildResponse {
  townshipCode: string;
  records: RebuildRecord[];
  /** Where the next page starts; null: this was the last page. */
  next: { kind: TownshipKind; key: string } | null;
  /** Records per kind the county holds for the township (every page). */
  counts: Partial<Record<TownshipKind, number>>;
  /** recordsDigest over all the township's records (last page only). */
  digest: string | null;
  /** The county's period-close checks (last page only). */
  periodChecks: RebuildPeriodCheck[] | null;
}

/** Byte order of (kind, key), as PostgreSQL's COLLATE "C" sorts the pages. */
export function compareRecordKeys(a: { kind: string; key: string }, b: { kind: string; key: string }): number {
  return compareCodePoints(a.kind, b.kind) || compareCodePoints(a.key, b.key);
}

/** UTF-8 byte order is code point order. */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * The digest over a township's records: SHA-256 over one line `kind \t key \t SHA-256(canonical
 * JSON of the content)` per record, in (kind, key) byte order. The county computes it from what it
 * stores; the device from what it reads back out of its own tables after restoring them.
 */
export function recordsDigest(sha256: Sha256Hex, records: readonly { kind: string; key: string; data: unknown }[]): string {
  const sorted = [...records].sort(compareRecordKeys);
  return sha256(sorted.map((r) => `${r.kind}\t${r.key}\t${sha256(canonicalJson(r.data))}`).join('\n'));
}
