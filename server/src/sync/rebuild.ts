import { canonicalJson } from '../../../shared/sync/canonical';
import type { TownshipKind } from '../../../shared/sync/kinds';
import type { RebuildPeriodCheck, RebuildRecord, RebuildResponse, rebuildRequestSchema } from '../../../shared/sync/rebuild';
import type { z } from 'zod';
import { sha256Hex } from '../crypto';
import type { Queryable } from '../db/database';
import type { AuthedDevice } from './devices';

const DIGEST_CHUNK = 5000;

/**
 * A page of the township's records for a replacement device to restore from (shared/sync/rebuild.ts).
 * Only the device currently enrolled for the township gets here (authenticateDevice refuses
 * unsigned, retired and fenced devices), and only its own township's records are read.
 */
export async function handleRebuild(ctx: { db: Queryable }, device: AuthedDevice, input: z.output<typeof rebuildRequestSchema>): Promise<RebuildResponse> {
  const township = device.townshipCode;
  const after = input.after;
  const rows = await ctx.db.query<{ kind: TownshipKind; key: string; book_id: string | null; data: string }>(
    `SELECT kind, key, book_id, data FROM township_record
     WHERE township_code = $1 AND ($2::text IS NULL OR (kind COLLATE "C", key COLLATE "C") > ($2::text COLLATE "C", $3::text COLLATE "C"))
     ORDER BY kind COLLATE "C", key COLLATE "C" LIMIT $4`,
    [township, after?.kind ?? null, after?.key ?? null, input.limit + 1],
  );
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;
  const records: RebuildRecord[] = page.map((r) => ({ kind: r.kind, key: r.key, book: r.book_id, data: JSON.parse(r.data) }));
  const counts = Object.fromEntries(
    (await ctx.db.query<{ kind: TownshipKind; n: number | string }>('SELECT kind, count(*) AS n FROM township_record WHERE township_code = $1 GROUP BY kind', [township])).map((r) => [r.kind, Number(r.n)]),
  );
  const last = page[page.length - 1];
  if (more && last) return { townshipCode: township, records, next: { kind: last.kind, key: last.key }, counts, digest: null, periodChecks: null };
  return { townshipCode: township, records, next: null, counts, digest: await digestOf(ctx.db, township), periodChecks: await periodChecksOf(ctx.db, township) };
}

/** recordsDigest (shared/sync/rebuild.ts) over every record the county holds for the township, read in chunks. */
async function digestOf(db: Queryable, township: string): Promise<string> {
  const lines: string[] = [];
  let after: { kind: string; key: string } | null = null;
  for (;;) {
    const rows: { kind: string; key: string; data: string }[] = await db.query(
      `SELECT kind, key, data FROM township_record
       WHERE township_code = $1 AND ($2::text IS NULL OR (kind COLLATE "C", key COLLATE "C") > ($2::text COLLATE "C", $3::text COLLATE "C"))
       ORDER BY kind COLLATE "C", key COLLATE "C" LIMIT $4`,
      [township, after?.kind ?? null, after?.key ?? null, DIGEST_CHUNK],
    );
    for (const r of rows) lines.push(`${r.kind}\t${r.key}\t${sha256Hex(canonicalJson(JSON.parse(r.data)))}`);
    if (rows.length < DIGEST_CHUNK) break;
    after = rows[rows.length - 1]!;
  }
  return sha256Hex(lines.join('\n'));
}

async function periodChecksOf(db: Queryable, township: string): Promise<RebuildPeriodCheck[]> {
  const rows = await db.query<{ book_id: string; year: number; month: number; status: string; township_digest: string | null; county_digest: string | null }>(
    'SELECT book_id, year, month, status, township_digest, county_digest FROM period_check WHERE township_code = $1 ORDER BY book_id, year, month',
    [township],
  );
  return rows.map((r) => ({ bookId: r.book_id, year: r.year, month: r.month, status: r.status, townshipDigest: r.township_digest, countyDigest: r.county_digest }));
}
