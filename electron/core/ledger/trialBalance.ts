import type { TrialBalance } from '../../../shared/api/types';
import { computeTrialBalance, type TrialBalanceAccount, type TrialBalanceSums } from '../../../shared/domain/ledger/trialBalance';
import type { ReadableDB, WritableDB } from '../db/handles';
import { sql } from '../db/sql';
import { movementSums } from './balances';

/** The chart as the 科目余额表 needs it: code order, leaf = no enabled sub-account. */
export function trialBalanceAccounts(db: ReadableDB | WritableDB, bookId: string): TrialBalanceAccount[] {
  return db
    .all<{ code: string; name: string; level: number; track: 'financial' | 'budget'; is_leaf: number }>(sql`
      SELECT a.code, a.name, a.level, a.track,
             NOT EXISTS (SELECT 1 FROM account c WHERE c.book_id = a.book_id AND c.parent_code = a.code AND c.enabled = 1) AS is_leaf
      FROM account a WHERE a.book_id = ${bookId} ORDER BY a.code`)
    .map((a) => ({ code: a.code, name: a.name, level: a.level, track: a.track, isLeaf: a.is_leaf === 1 }));
}

/**
 * 科目余额表. Leaf figures come from per-month movements; parents are the sums of their
 * children (by 4-2-2 code), and each track's first-level totals must balance on their own.
 * The arithmetic is shared/domain/ledger/trialBalance.ts, the same code the county server runs.
 */
export function trialBalance(db: ReadableDB | WritableDB, bookId: string, year: number, month: number): TrialBalance {
  const sums = movementSums(db, bookId, year, month);
  const byCode = new Map<string, TrialBalanceSums>();
  for (const code of new Set([...sums.opening.keys(), ...sums.ytd.keys()])) {
    byCode.set(code, {
      opening: sums.opening.get(code) ?? 0,
      period: sums.period.get(code) ?? { debit: 0, credit: 0 },
      ytd: sums.ytd.get(code) ?? { debit: 0, credit: 0 },
    });
  }
  return computeTrialBalance(trialBalanceAccounts(db, bookId), byCode, year, month);
}
