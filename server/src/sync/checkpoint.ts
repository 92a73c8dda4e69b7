import { computeTrialBalance, trialBalanceFigures, type TrialBalanceData, type TrialBalanceSums } from '../../../shared/domain/ledger/trialBalance';
import { canonicalJson } from '../../../shared/sync/canonical';
import type { AccountContent, PeriodCheck, PeriodContent } from '../../../shared/sync/records';
import { sha256Hex } from '../crypto';
import type { Queryable } from '../db/database';
import { appendFeed } from '../county/townships';

/**
 * 科目余额表 of a township book as the county has it: the received chart and the lines of the
 * received posted vouchers, through the same shared function the township app uses.
 */
export async function countyTrialBalance(db: Queryable, townshipCode: string, bookId: string, year: number, month: number): Promise<TrialBalanceData> {
  const accounts = (await db.query<{ data: string }>(`SELECT data FROM township_record WHERE township_code = $1 AND kind = 'account' AND book_id = $2`, [townshipCode, bookId]))
    .map((r) => JSON.parse(r.data) as AccountContent)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const enabledParents = new Set(accounts.filter((a) => a.enabled === 1 && a.parentCode).map((a) => a.parentCode!));
  const chart = accounts.map((a) => ({ code: a.code, name: a.name, level: a.level, track: a.track, isLeaf: !enabledParents.has(a.code) }));
  const rows = await db.query<{ account_code: string; opening: number; pd: number; pc: number; yd: number; yc: number }>(
    `SELECT account_code,
       sum(CASE WHEN year < $3 OR (year = $3 AND month < $4) THEN debit - credit ELSE 0 END) AS opening,
       sum(CASE WHEN year = $3 AND month = $4 THEN debit ELSE 0 END) AS pd,
       sum(CASE WHEN year = $3 AND month = $4 THEN credit ELSE 0 END) AS pc,
       sum(CASE WHEN year = $3 THEN debit ELSE 0 END) AS yd,
       sum(CASE WHEN year = $3 THEN credit ELSE 0 END) AS yc
     FROM ledger_line
     WHERE township_code = $1 AND book_id = $2 AND (year < $3 OR (year = $3 AND month <= $4))
     GROUP BY account_code`,
    [townshipCode, bookId, year, month],
  );
  const sums = new Map<string, TrialBalanceSums>(
    rows.map((r) => [r.account_code, { opening: r.opening, period: { debit: r.pd, credit: r.pc }, ytd: { debit: r.yd, credit: r.yc } }]),
  );
  return computeTrialBalance(chart, sums, year, month);
}

export const digestOfFigures = (figures: unknown[]): string => sha256Hex(canonicalJson(figures));

const fields = ['openingDebit', 'openingCredit', 'periodDebit', 'periodCredit', 'ytdDebit', 'ytdCredit', 'closingDebit', 'closingCredit'] as const;

/** Field-by-field differences between the township's figures and the county's, per account and track. */
export function figureDifferences(township: readonly (readonly (string | number)[])[], county: readonly (readonly (string | number)[])[]): PeriodCheck['differences'] {
  const index = (rows: readonly (readonly (string | number)[])[]) => new Map(rows.map((r) => [`${r[0]}|${r[1]}`, r]));
  const t = index(township);
  const c = index(county);
  const out: PeriodCheck['differences'] = [];
  for (const key of [...new Set([...t.keys(), ...c.keys()])].sort()) {
    const a = t.get(key);
    const b = c.get(key);
    const [code, track] = key.split('|') as [string, string];
    fields.forEach((field, i) => {
      const tv = Number(a?.[i + 2] ?? 0);
      const cv = Number(b?.[i + 2] ?? 0);
      if (tv !== cv) out.push({ code, track, field, township: tv, county: cv });
    });
    if (out.length >= 5000) break;
  }
  return out;
}

/**
 * The period-close checkpoint: the county recomputes the closed period's 科目余额表 from what it
 * received and compares it with the township's figures. Either 已对账, or 有差异 with the
 * differences listed; a reopened period is 已反结账. The result is the county's record of it and
 * goes to the township in its feed.
 */
export async function checkPeriod(tx: Queryable, townshipCode: string, period: PeriodContent, now: Date): Promise<PeriodCheck> {
  let check: PeriodCheck;
  if (period.status === 'open') {
    check = { bookId: period.bookId, year: period.year, month: period.month, status: '已反结账', townshipDigest: null, countyDigest: null, differences: [], checkedAt: now.toISOString() };
  } else {
    const tb = await countyTrialBalance(tx, townshipCode, period.bookId, period.year, period.month);
    const figures = trialBalanceFigures(tb);
    const countyDigest = digestOfFigures(figures);
    const townshipRows = period.trialBalance?.rows ?? [];
    const townshipDigest = period.trialBalance?.digest ?? null;
    const same = townshipDigest === countyDigest;
    check = {
      bookId: period.bookId,
      year: period.year,
      month: period.month,
      status: same ? '已对账' : '有差异',
      townshipDigest,
      countyDigest,
      differences: same ? [] : figureDifferences(townshipRows, figures),
      checkedAt: now.toISOString(),
    };
  }
  await tx.query(
    `INSERT INTO period_check (township_code, book_id, year, month, status, township_digest, county_digest, differences, checked_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (township_code, book_id, year, month) DO UPDATE SET status = $5, township_digest = $6, county_digest = $7, differences = $8, checked_at = $9`,
    [townshipCode, check.bookId, check.year, check.month, check.status, check.townshipDigest, check.countyDigest, JSON.stringify(check.differences), now],
  );
  await appendFeed(tx, townshipCode, { kind: 'periodCheck', key: `${check.bookId}|${check.year}|${check.month}`, book: check.bookId, data: canonicalJson(check) }, now);
  return check;
}
