import { z } from 'zod';
import { ServerError } from '../../../shared/sync/errors';
import type { BookContent, PeriodCheck, VoucherContent } from '../../../shared/sync/records';
import { one, type Queryable } from '../db/database';
import { countyTrialBalance } from '../sync/checkpoint';
import { openIssues } from '../sync/push';

/** A township's books as the county received them (read only). */

export async function listBooks(db: Queryable, townshipCode: string) {
  const rows = await db.query<{ data: string; vouchers: number; posted: number }>(
    `SELECT b.data,
       (SELECT count(*) FROM township_record v WHERE v.township_code = b.township_code AND v.kind = 'voucher' AND v.book_id = b.key) AS vouchers,
       (SELECT count(DISTINCT voucher_id) FROM ledger_line l WHERE l.township_code = b.township_code AND l.book_id = b.key) AS posted
     FROM township_record b WHERE b.township_code = $1 AND b.kind = 'book' ORDER BY b.key`,
    [townshipCode],
  );
  return rows.map((r) => {
    const book = JSON.parse(r.data) as BookContent;
    return { id: book.id, name: book.name, regionCode: book.regionCode, unitType: book.unitType, startYear: book.startYear, startMonth: book.startMonth, vouchers: r.vouchers, postedVouchers: r.posted };
  });
}

async function requireBook(db: Queryable, townshipCode: string, bookId: string): Promise<BookContent> {
  const row = await one<{ data: string }>(db, `SELECT data FROM township_record WHERE township_code = $1 AND kind = 'book' AND key = $2`, [townshipCode, bookId]);
  if (!row) throw new ServerError('NOT_FOUND', '该乡镇没有这个账套（或账套尚未同步到县级）');
  return JSON.parse(row.data) as BookContent;
}

export const periodQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2099),
  month: z.coerce.number().int().min(1).max(12),
});

export const voucherQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2099),
  month: z.coerce.number().int().min(1).max(12).optional(),
});

export async function listVouchers(db: Queryable, townshipCode: string, bookId: string, year: number, month?: number): Promise<VoucherContent[]> {
  await requireBook(db, townshipCode, bookId);
  const rows = await db.query<{ data: string }>(
    `SELECT data FROM township_record WHERE township_code = $1 AND kind = 'voucher' AND book_id = $2
       AND (data::jsonb ->> 'year')::int = $3 AND ($4::int IS NULL OR (data::jsonb ->> 'month')::int = $4)`,
    [townshipCode, bookId, year, month ?? null],
  );
  return rows
    .map((r) => JSON.parse(r.data) as VoucherContent)
    .sort((a, b) => a.month - b.month || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0) || a.number - b.number);
}

export async function trialBalanceAtCounty(db: Queryable, townshipCode: string, bookId: string, year: number, month: number) {
  await requireBook(db, townshipCode, bookId);
  const tb = await countyTrialBalance(db, townshipCode, bookId, year, month);
  const check = await one<{ status: string; checked_at: Date; differences: string }>(
    db,
    'SELECT status, checked_at, differences FROM period_check WHERE township_code = $1 AND book_id = $2 AND year = $3 AND month = $4',
    [townshipCode, bookId, year, month],
  );
  return { ...tb, check: check ? { status: check.status, checkedAt: check.checked_at.toISOString(), differences: JSON.parse(check.differences) as PeriodCheck['differences'] } : null };
}

export async function listPeriodChecks(db: Queryable, townshipCode: string) {
  const rows = await db.query<{ book_id: string; year: number; month: number; status: string; township_digest: string | null; county_digest: string | null; differences: string; checked_at: Date }>(
    'SELECT * FROM period_check WHERE township_code = $1 ORDER BY book_id, year, month',
    [townshipCode],
  );
  return rows.map((r) => ({ bookId: r.book_id, year: r.year, month: r.month, status: r.status, townshipDigest: r.township_digest, countyDigest: r.county_digest, differences: JSON.parse(r.differences) as PeriodCheck['differences'], checkedAt: r.checked_at.toISOString() }));
}

/** Changes of the township's devices that were not applied (rejected or held), with their reasons. */
export async function listChangeIssues(db: Queryable, townshipCode: string) {
  const devices = await db.query<{ id: string; label: string }>('SELECT id, label FROM device WHERE township_code = $1 ORDER BY enrolled_at', [townshipCode]);
  const out = [];
  for (const d of devices) for (const issue of await openIssues(db, d.id)) out.push({ deviceId: d.id, deviceLabel: d.label, ...issue });
  return out;
}
