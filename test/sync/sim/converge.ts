import type { Queryable } from '../../../server/src/db/database';
import type { AnyCaller } from './work';

/**
 * Syncs until a sync succeeds with nothing left to push (a pull can write changes of its own: the
 * quota voucher of a 授权支付 indicator, pushed by the next sync). Returns how many attempts
 * failed, by error code.
 */
export async function syncUntilQuiet(caller: AnyCaller, maxAttempts = 40): Promise<{ attempts: number; failures: Record<string, number> }> {
  const failures: Record<string, number> = {};
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const run = await caller.call('sync.now', {});
    if (run.ok && run.value.status.pending === 0) return { attempts: attempt, failures };
    if (!run.ok) {
      const code = (run.error.details as { code?: string } | undefined)?.code ?? run.error.code;
      failures[code] = (failures[code] ?? 0) + 1;
    }
  }
  throw new Error(`sync did not converge in ${maxAttempts} attempts: ${JSON.stringify(failures)}`);
}

/** 科目余额表 figures (code, track, the eight amounts) — what must be identical on both sides. */
export function figures(tb: { rows: { code: string; track: string; openingDebit: number; openingCredit: number; periodDebit: number; periodCredit: number; ytdDebit: number; ytdCredit: number; closingDebit: number; closingCredit: number }[] }) {
  return tb.rows.map((r) => [r.code, r.track, r.openingDebit, r.openingCredit, r.periodDebit, r.periodCredit, r.ytdDebit, r.ytdCredit, r.closingDebit, r.closingCredit]);
}

/**
 * The 科目余额表 of every period of a book as each side's own code computes it (ledger.trialBalance
 * at the township, the county API's trial-balance): the differences found, empty when identical.
 * (The independent recount from raw rows is checker.ts; this compares what each side shows.)
 */
export async function compareShownTrialBalances(
  township: AnyCaller,
  county: { ok<T = unknown>(method: string, path: string): Promise<T> },
  townshipCode: string,
  bookId: string,
  months: readonly [number, number][],
): Promise<string[]> {
  const out: string[] = [];
  for (const [year, month] of months) {
    const ours = await township.ok('ledger.trialBalance', { bookId, year, month });
    const theirs = await county.ok<Parameters<typeof figures>[0] & { totals: unknown }>('GET', `/api/townships/${townshipCode}/books/${bookId}/trial-balance?year=${year}&month=${month}`);
    if (JSON.stringify(figures(theirs)) !== JSON.stringify(figures(ours))) out.push(`${year}-${month}: 科目余额表 rows differ`);
    if (JSON.stringify(theirs.totals) !== JSON.stringify(ours.totals)) out.push(`${year}-${month}: 科目余额表 totals differ`);
  }
  return out;
}

/** Changes at the county per device, counted by (device, seq) — each key must be there once. */
export async function countByKey(db: Queryable, deviceId: string): Promise<{ rows: number; keys: number }> {
  const r = (await db.query<{ rows: number; keys: number }>('SELECT count(*) AS rows, count(DISTINCT seq) AS keys FROM received_change WHERE device_id = $1', [deviceId]))[0]!;
  return r;
}
